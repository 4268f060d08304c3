/*
 * complaints.c - the reports of the complaints ledger (投诉台账): the
 * complaints report, the summary's complaints lines and the monthly
 * 处投诉 roster (seed 001: 县行政审批局 counts the 12345 work orders per
 * unit and schedules next month's 处投诉 units from them).
 */
#include "builders.h"

#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "i18n.h"

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))

bool ysh_complaints_kept(const struct ysh_ledgers *L)
{
	return L->cols.complaints.t && L->cols.complaints.t->present;
}

/* A live complaint received in the period. */
static bool received_in(const struct ysh_tally *M, const struct ysh_rec *r)
{
	const struct ysh_cols_complaints *K = &M->L->cols.complaints;
	ysh_day d;
	return !ysh_rec_voided(K->t, r) && ysh_day_at(K->t, r, K->received_on, &d) && ysh_in_span(M->m, d);
}

/* "截至 2026-11-30，共" for a cumulative report (--to alone), as filings say it. */
static const char *so_far(struct ysh_doc *d, const struct ysh_report_opts *o)
{
	return o->to && !o->from ? ysh_doc_printf(d, _("截至 %s，共"), ysh_doc_day(d, o->to)) : "";
}

void ysh_complaint_lines(struct ysh_doc *d, const struct ysh_tally *M, const struct ysh_report_opts *o,
			 const struct ysh_figures *f)
{
	(void)M;
	ysh_doc_line(d, ysh_doc_printf(d, _("受理投诉 %ld 件（退单 %ld 件），答复 %ld 件（按时答复 %ld 件），办结 %ld 件，期末未办结 %ld 件，调处满意率 %s"),
				       f->complaints_received, f->complaints_returned, f->complaints_replied,
				       f->complaints_on_time, f->complaints_closed, f->complaints_open,
				       ysh_doc_ratio(d, f->complaints_satisfied, f->complaints_replied)));
	/* seed 002's statement: "协调解决各类反馈问题47个" */
	ysh_doc_line(d, ysh_doc_printf(d, _("%s协调解决各类投诉反馈问题 %ld 个。"), so_far(d, o), f->complaints_closed));
}

/* ---- by channel and by category ---- */

static const char *const channel_keys[] = {"channel", "received"};
static const char *const channel_labels[] = {"受理渠道", "受理"};
static const char *const category_keys[] = {"category", "received"};
static const char *const category_labels[] = {"问题类别", "受理"};

/* The complaints received in the period per value of column col, in the
 * order of its enum; a value outside it (a ledger with errors) last. */
static void count_by(struct ysh_doc *d, const struct ysh_tally *M, int col, const char *const *keys,
		     const char *const *labels)
{
	const struct ysh_table *t = M->L->cols.complaints.t;
	struct ysh_doc_table *dt = ysh_doc_table(d, keys[0], NULL, 2, keys, labels);
	ysh_doc_types(dt, "tn");
	if (col < 0)
		return;
	const struct ysh_column *c = &t->schema->cols[col];
	long *n = ysh_xcalloc(c->nenums + 1, sizeof(*n)), total = 0;
	for (size_t i = 0; i < t->nrec; i++) {
		if (!received_in(M, &t->recs[i]))
			continue;
		int k = ysh_enum_index(c, ysh_rec_cell(t, &t->recs[i], col));
		n[k < 0 ? c->nenums : (size_t)k]++;
		total++;
	}
	for (size_t k = 0; k <= c->nenums; k++) {
		const char *cells[2] = {k < c->nenums ? c->enums[k] : _("（其他）"), ysh_doc_num(d, n[k])};
		if (n[k])
			ysh_doc_row(d, dt, cells);
	}
	const char *cells[2] = {_("合计"), ysh_doc_num(d, total)};
	ysh_doc_row(d, dt, cells);
	free(n);
}

static bool has_complaints(const struct ysh_figures *f)
{
	return f->complaints_received || f->complaints_replied || f->complaints_closed || f->complaints_open;
}

static void by_unit(struct ysh_doc *d, struct ysh_tally *M)
{
	struct ysh_doc_table *t = ysh_figures_table(d, "units", YSH_FIGS_COMPLAINTS, "承办单位", 0, NULL, NULL, NULL);
	for (size_t ui = 0; ui < M->nu; ui++)
		if (has_complaints(ysh_tally_fig(M, M->leads.n, ui)))
			ysh_figures_row(d, t, YSH_FIGS_COMPLAINTS, M->L->cfg->units[ui].name,
					ysh_tally_fig(M, M->leads.n, ui), NULL);
	ysh_figures_row(d, t, YSH_FIGS_COMPLAINTS, _("合计"), ysh_tally_fig(M, M->leads.n, M->nu), NULL);
}

/* ---- the open ones ---- */

/* A complainant is personal data: the first character shown, the others
 * starred (王某 -> 王*), as phones are masked. */
static const char *mask_name(struct ysh_doc *d, const char *s)
{
	struct ysh_buf b = {0};
	for (const char *p = s; *p;) {
		size_t n = 1;
		while (((unsigned char)p[n] & 0xC0) == 0x80)
			n++;
		if (p == s)
			ysh_buf_add(&b, p, n);
		else
			ysh_buf_addc(&b, '*');
		p += n;
	}
	const char *m = ysh_arena_strdup(&d->a, ysh_buf_str(&b));
	ysh_buf_free(&b);
	return m;
}

static const char *const open_keys[] = {"no", "id", "received_on", "channel", "order_no", "unit", "category",
	"complainant", "reply_due", "status"};
static const char *const open_labels[] = {"序号", "编号", "受理日期", "受理渠道", "工单编号", "承办单位", "问题类别",
	"投诉人", "答复时限", "目前状态"};

static const char *due_of(struct ysh_doc *d, const struct ysh_tally *M, const struct ysh_rec *r)
{
	const struct ysh_cols_complaints *K = &M->L->cols.complaints;
	ysh_day due;
	if (K->reply_due < 0 || !ysh_rec_due(M->L, K->t, r, (size_t)K->reply_due, &due))
		return "";
	return ysh_doc_day(d, due);
}

/* Whether a complaint goes in a list: received in the period, or still
 * open at its end. */
typedef bool list_pred(const struct ysh_tally *M, const struct ysh_rec *r);

static bool open_at_end(const struct ysh_tally *M, const struct ysh_rec *r)
{
	return ysh_complaint_open_at_end(M, r);
}

/* The complaints of pred, by the day received.  The status is today's
 * (a complaint open at the period's end may be closed by now), so the
 * column says so. */
static void list_of(struct ysh_doc *d, const struct ysh_tally *M, const char *key, list_pred *pred)
{
	const struct ysh_cols_complaints *K = &M->L->cols.complaints;
	struct ysh_picks ps = {.t = K->t, .col = K->received_on};
	for (size_t i = 0; i < K->t->nrec; i++)
		if (pred(M, &K->t->recs[i]))
			ysh_picks_add(&ps, i);
	ysh_picks_sort(&ps);
	struct ysh_doc_table *t = ysh_doc_table(d, key, NULL, NCOLS(open_keys), open_keys, open_labels);
	ysh_doc_types(t, "n");
	for (size_t i = 0; i < ps.n; i++) {
		const struct ysh_rec *r = &K->t->recs[ps.v[i]];
		const char *cells[NCOLS(open_keys)] = {ysh_doc_num(d, (long)i + 1), ysh_rec_cell(K->t, r, K->t->schema->id_col),
			ysh_rec_at(K->t, r, K->received_on), ysh_rec_at(K->t, r, K->channel), ysh_rec_at(K->t, r, K->order_no),
			ysh_rec_at(K->t, r, K->unit), ysh_rec_at(K->t, r, K->category),
			mask_name(d, ysh_rec_at(K->t, r, K->complainant)), due_of(d, M, r), ysh_rec_at(K->t, r, K->status)};
		ysh_doc_row(d, t, cells);
	}
	free(ps.v);
}

void ysh_build_complaints(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d)
{
	const struct ysh_cols_complaints *K = &M->L->cols.complaints;
	ysh_doc_heading(d, 1, ysh_doc_printf(d, _("%s %s 投诉和12345工单办理情况"), M->L->cfg->county,
					     ysh_report_label(d, M, o)));
	ysh_report_preamble(d, M, o);
	if (!K->t)
		return;
	ysh_complaint_lines(d, M, o, ysh_tally_fig(M, M->leads.n, M->nu));
	ysh_doc_heading(d, 2, _("按受理渠道"));
	count_by(d, M, K->channel, channel_keys, channel_labels);
	ysh_doc_heading(d, 2, _("按承办单位"));
	by_unit(d, M);
	ysh_doc_heading(d, 2, _("按问题类别"));
	count_by(d, M, K->category, category_keys, category_labels);
	ysh_doc_heading(d, 2, _("期末未办结"));
	list_of(d, M, "open", open_at_end);
	/* every complaint of the period by its id, so that an auditor (and the
	 * cron job's test) finds each in exactly one month's report */
	ysh_doc_heading(d, 2, _("本期受理明细"));
	list_of(d, M, "received", received_in);
}

/* ---- the roster ---- */

struct rank {
	size_t ui;
	long received, open;
	const char *name;
};

/* Most work orders first; ties: most open, then the name. */
static int cmp_rank(const void *x, const void *y)
{
	const struct rank *a = x, *b = y;
	if (a->received != b->received)
		return a->received < b->received ? 1 : -1;
	if (a->open != b->open)
		return a->open < b->open ? 1 : -1;
	return strcmp(a->name, b->name);
}

/* The units with work orders received in the period, ranked. */
static struct rank *ranking(struct ysh_tally *M, size_t *n)
{
	struct rank *v = ysh_xcalloc(M->nu + 1, sizeof(*v));
	*n = 0;
	for (size_t ui = 0; ui < M->nu; ui++) {
		const struct ysh_figures *f = ysh_tally_fig(M, M->leads.n, ui);
		if (f->complaints_received)
			v[(*n)++] = (struct rank){ui, f->complaints_received, f->complaints_open,
						  M->L->cfg->units[ui].name};
	}
	qsort(v, *n, sizeof(*v), cmp_rank);
	return v;
}

/* Whether rank k (0-based) goes on next month's roster: every unit with
 * roster_min_orders work orders when that is set, else the first roster_size. */
static bool chosen(const struct ysh_config *cfg, const struct rank *r, size_t k)
{
	if (cfg->rules.roster_min_orders > 0)
		return r->received >= cfg->rules.roster_min_orders;
	return k < (size_t)cfg->rules.roster_size;
}

static const char *const rank_keys[] = {"rank", "unit", "received", "open", "next_roster"};
static const char *const rank_labels[] = {"名次", "承办单位", "工单量", "期末未办结", "下月处投诉"};

static void emit_ranking(struct ysh_doc *d, struct ysh_tally *M, const struct ysh_report_opts *o)
{
	const struct ysh_config *cfg = M->L->cfg;
	size_t n;
	struct rank *v = ranking(M, &n);
	struct ysh_doc_table *t = ysh_doc_table(d, "ranking", NULL, NCOLS(rank_keys), rank_keys, rank_labels);
	ysh_doc_types(t, "ntnn");
	struct ysh_buf names = {0};
	for (size_t k = 0; k < n; k++) {
		bool on = chosen(cfg, &v[k], k);
		const char *cells[NCOLS(rank_keys)] = {ysh_doc_num(d, (long)k + 1), v[k].name,
			ysh_doc_num(d, v[k].received), ysh_doc_num(d, v[k].open), on ? _("是") : _("否")};
		ysh_doc_row(d, t, cells);
		if (on)
			ysh_buf_printf(&names, "%s%s", names.len ? "、" : "", v[k].name);
	}
	char next[8];
	ysh_format_month(o->month + 1, next);
	ysh_doc_line(d, ysh_doc_printf(d, _("下月（%s）处投诉单位：%s"), next, names.len ? ysh_buf_str(&names) : _("无")));
	ysh_buf_free(&names);
	free(v);
}

static bool on_roster(const struct ysh_names *ro, const char *unit)
{
	for (size_t i = 0; ro && i < ro->n; i++)
		if (!strcmp(ro->v[i], unit))
			return true;
	return false;
}

static const char *const kept_keys[] = {"unit", "activities", "done"};
static const char *const kept_labels[] = {"名单单位", "处投诉活动", "已开展"};

/* The month's fixed roster ([roster]) against its 处投诉 activities; a
 * 处投诉 by a unit not on it is allowed, and counted apart. */
static void emit_roster_kept(struct ysh_doc *d, struct ysh_tally *M, const struct ysh_names *ro)
{
	long *n = ysh_tally_duties(M->L, M->m), apart = 0;
	struct ysh_doc_table *t = ysh_doc_table(d, "roster", NULL, NCOLS(kept_keys), kept_keys, kept_labels);
	ysh_doc_types(t, "tn");
	for (size_t i = 0; i < ro->n; i++) {
		long k = n[ysh_tally_unit(M, ro->v[i])];
		const char *cells[NCOLS(kept_keys)] = {ro->v[i], ysh_doc_num(d, k), k ? _("是") : _("否")};
		ysh_doc_row(d, t, cells);
	}
	struct ysh_buf names = {0};
	for (size_t ui = 0; ui < M->nu; ui++)
		if (n[ui] && !on_roster(ro, M->L->cfg->units[ui].name)) {
			apart += n[ui];
			ysh_buf_printf(&names, "%s%s", names.len ? "、" : "", M->L->cfg->units[ui].name);
		}
	ysh_doc_line(d, ysh_doc_printf(d, _("名单外单位处投诉 %ld 次：%s"), apart,
				       names.len ? ysh_buf_str(&names) : _("无")));
	ysh_buf_free(&names);
	free(n);
}

void ysh_build_roster(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d)
{
	const struct ysh_config *cfg = M->L->cfg;
	const char *label = ysh_report_label(d, M, o);
	ysh_doc_heading(d, 1, ysh_doc_printf(d, _("%s %s 12345工单量排名和下月处投诉单位"), cfg->county, label));
	ysh_report_preamble(d, M, o);
	ysh_doc_heading(d, 2, _("按承办单位的工单量"));
	emit_ranking(d, M, o);
	const struct ysh_names *ro = ysh_config_roster(cfg, o->month);
	ysh_doc_heading(d, 2, ysh_doc_printf(d, _("%s 处投诉名单执行情况"), label));
	if (ro)
		emit_roster_kept(d, M, ro);
	else
		ysh_doc_line(d, ysh_doc_printf(d, _("%s 未定名单（ysh.ini 的 [roster]）"), label));
}
