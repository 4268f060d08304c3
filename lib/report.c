/*
 * report.c - the report builders: the unit report (the 20th), the lead
 * offices' summary (the 22nd) and the filings, each a document (doc.h) of
 * the period's tally (tally.h), its figures as figures.h lists them.
 */
#include "report.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin.h"
#include "doc.h"
#include "figures.h"
#include "xlsxdoc.h"
#include "finding.h"
#include "i18n.h"
#include "rules.h"
#include "safe.h"
#include "tally.h"
#include "builders.h"

static bool unit_matches(const char *unit, const char *want)
{
	return !want || !strcmp(unit, want);
}

/* The kinds an office leads, as "走流程、坐窗口". */
static const char *kinds_of(struct ysh_doc *d, const struct ysh_config *cfg, const char *office)
{
	struct ysh_buf b = {0};
	ysh_config_lead_kinds(cfg, office, &b);
	const char *s = ysh_arena_strdup(&d->a, b.p);
	ysh_buf_free(&b);
	return s;
}

/* ==== what every report says first ==== */

/* The report's name for what it covers: the period's label (2026-10), or
 * the range's (2026Q3, 2026, or first..last). */
const char *ysh_report_label_of(struct ysh_doc *d, struct ysh_span m, bool range, const struct ysh_report_opts *o)
{
	if (!range) {
		char month[8];
		ysh_format_month(o->month, month);
		return ysh_doc_str(d, month);
	}
	if (o->label)
		return ysh_doc_str(d, o->label);
	return ysh_doc_printf(d, "%s..%s", ysh_doc_day(d, m.first), ysh_doc_day(d, m.last));
}

const char *ysh_report_label(struct ysh_doc *d, const struct ysh_tally *M, const struct ysh_report_opts *o)
{
	return ysh_report_label_of(d, M->m, M->range, o);
}

/* The period covered, and whether the ledgers it stands on have errors. */
void ysh_report_preamble(struct ysh_doc *d, const struct ysh_tally *M, const struct ysh_report_opts *o)
{
	ysh_doc_line(d, ysh_doc_printf(d, _("统计期间：%s 至 %s"), ysh_doc_day(d, M->m.first), ysh_doc_day(d, M->m.last)));
	if (o->ledger_errors)
		ysh_doc_line(d, ysh_doc_printf(d, _("注意：所依据的台账有 %zu 处错误（ysh-check 逐条列出），本表只统计能读出的记录。"),
			     o->ledger_errors));
}

/* ==== the 20th: unit report ==== */

static const char *const act_keys[] = {"no", "id", "date", "participant", "position", "kind", "mode", "steps", "items", "reported_on"};
static const char *const act_labels[] = {"序号", "编号", "活动日期", "参与人", "职务", "活动类型", "体验方式", "参与环节", "体验事项", "报备日期"};
static const char *const cb_keys[] = {"no", "id", "activity", "date", "contact", "phone", "satisfaction", "valid", "needs"};
static const char *const cb_labels[] = {"序号", "编号", "活动编号", "回访日期", "回访对象", "联系电话", "满意度", "有效回访", "现实需求"};
/* the columns of the documents' annex (问题清单、需求清单): who found it is
 * 跟执法人员及职务 in the 跟执法 office's lists (seed 000, 附件3), 参与人员及职务
 * in the other offices', 发现人及职务 (the ledger's title) for other sources */
static const char *const list_keys[] = {"no", "item", "finder", "description", "measure", "suggestion"};
static const char *const list_labels_enforcement[] = {"序号", "事项名称", "跟执法人员及职务", "问题描述", "改进或优化措施", "意见建议"};
static const char *const list_labels[] = {"序号", "事项名称", "参与人员及职务", "问题描述", "改进或优化措施", "意见建议"};
static const char *const list_labels_other[] = {"序号", "事项名称", "发现人及职务", "问题描述", "改进或优化措施", "意见建议"};
static const char *const measure_keys[] = {"no", "id", "item", "measure", "handling", "deadline", "status", "closed_on"};
static const char *const measure_labels[] = {"序号", "编号", "事项名称", "改进或优化措施", "处理方式", "完成时限", "状态", "销号日期"};

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))

struct unit_ctx {
	struct ysh_tally *M;
	struct ysh_doc *d;
	size_t li; /* lead office; leads.n: sources no office leads */
	size_t ui;
};

/* A table of the unit's section; its first column is the 序号, a count. */
static struct ysh_doc_table *unit_table(struct unit_ctx *u, const char *name, const char *title, size_t ncols,
				 const char *const *keys, const char *const *labels)
{
	struct ysh_doc_table *t = ysh_doc_table(u->d, name, title, ncols, keys, labels);
	ysh_doc_types(t, "n");
	t->lead = u->li < u->M->leads.n ? u->M->leads.office[u->li] : NULL;
	t->unit = u->M->L->cfg->units[u->ui].name;
	return t;
}

/* How far ahead a list's records are fetched (ysh_cells_prefetch): an
 * activity has a callback or two. */
enum { RECORDS_AHEAD = 4, CALLBACKS_AHEAD = 2 };

static void emit_activities(struct unit_ctx *u, const struct ysh_picks *acts)
{
	const struct ysh_cols *K = &u->M->L->cols;
	struct ysh_doc_table *t = unit_table(u, "activities", _("活动情况"), NCOLS(act_keys), act_keys, act_labels);
	for (size_t i = 0; i < acts->n; i++) {
		const struct ysh_rec *r = &acts->t->recs[acts->v[i]];
		if (i + RECORDS_AHEAD < acts->n)
			ysh_cells_prefetch(&acts->t->cells, acts->t->schema->ncols, acts->v[i + RECORDS_AHEAD]);
		const char *cells[NCOLS(act_keys)] = {ysh_doc_row_num(u->d, (long)i + 1), ysh_rec_at(acts->t, r, acts->t->schema->id_col), ysh_rec_at(K->activities.t, r, K->activities.date),
			ysh_rec_at(K->activities.t, r, K->activities.participant), ysh_rec_at(K->activities.t, r, K->activities.position), ysh_rec_at(K->activities.t, r, K->activities.kind),
			ysh_rec_at(K->activities.t, r, K->activities.mode), ysh_rec_at(K->activities.t, r, K->activities.steps), ysh_rec_at(K->activities.t, r, K->activities.items),
			ysh_rec_at(K->activities.t, r, K->activities.reported_on)};
		ysh_doc_row_kept(u->d, t, cells); /* the ledger's cells and d's own */
	}
}

/* The callbacks of the unit's activities of the month, masked. */
static void emit_callbacks(struct unit_ctx *u, const struct ysh_picks *acts)
{
	const struct ysh_cols *K = &u->M->L->cols;
	struct ysh_doc_table *t = unit_table(u, "callbacks", _("服务回访"), NCOLS(cb_keys), cb_keys, cb_labels);
	long no = 0;
	const struct ysh_table *c = K->callbacks.t;
	struct ysh_arena *far = ysh_doc_rows(u->d); /* a long text read back lives until its row is written */
	for (size_t k = 0; k < acts->n; k++) {
		const uint32_t *cbs;
		size_t n;
		if (k + CALLBACKS_AHEAD < acts->n) { /* a later activity's callbacks fetched meanwhile */
			n = ysh_tally_callbacks(u->M, acts->v[k + CALLBACKS_AHEAD], &cbs);
			for (size_t i = 0; i < n; i++)
				ysh_cells_prefetch(&c->cells, c->schema->ncols, cbs[i]);
		}
		n = ysh_tally_callbacks(u->M, acts->v[k], &cbs);
		for (size_t i = 0; i < n; i++) {
			const struct ysh_rec *r = &c->recs[cbs[i]];
			char masked[64];
			ysh_mask_phone(ysh_rec_at(K->callbacks.t, r, K->callbacks.phone), masked, sizeof(masked));
			const char *cells[NCOLS(cb_keys)] = {ysh_doc_row_num(u->d, ++no), ysh_rec_at(c, r, c->schema->id_col), ysh_rec_at(K->callbacks.t, r, K->callbacks.activity),
				ysh_rec_at(K->callbacks.t, r, K->callbacks.date), ysh_rec_at(K->callbacks.t, r, K->callbacks.contact), ysh_doc_row_str(u->d, masked),
				ysh_rec_at(K->callbacks.t, r, K->callbacks.satisfaction), ysh_rec_at(K->callbacks.t, r, K->callbacks.valid), ysh_rec_at_in(K->callbacks.t, r, K->callbacks.needs, far)};
			ysh_doc_row_kept(u->d, t, cells); /* the ledger's cells and d's own */
		}
	}
}

/* Still being worked on in the period: found by its end, and not struck
 * off before it (or reopened since). */
static bool worked_on_in(const struct ysh_tally *M, const struct ysh_rec *r)
{
	const struct ysh_cols_problems *P = &M->L->cols.problems;
	ysh_day found;
	return ysh_day_at(P->t, r, P->found_on, &found) && found <= M->m.last && !ysh_struck_off_by(P, r, M->m.first - 1);
}

/* A problem is in a unit's 问题清单 or 需求清单 when found in the period by
 * that unit (its owner then), and in its 解决措施清单 when still worked on in
 * the period and the unit's at its end: a problem handed over is found by
 * one unit and rectified by the other. */
static bool found_here(const struct unit_ctx *u, const struct ysh_table *p, size_t i)
{
	const struct ysh_cols *K = &u->M->L->cols;
	ysh_day found;
	return ysh_day_at(K->problems.t, &p->recs[i], K->problems.found_on, &found) && ysh_in_span(u->M->m, found) &&
	       ysh_tally_owner(u->M, p, i, found) == u->ui;
}

static bool worked_on_here(const struct unit_ctx *u, const struct ysh_table *p, size_t i)
{
	return worked_on_in(u->M, &p->recs[i]) && ysh_tally_owner(u->M, p, i, u->M->m.last) == u->ui;
}

/* 问题清单 / 需求清单: found in the month; 解决措施清单: everything still
 * being worked on in the month (found by its end, not struck off before it). */
static void emit_lists(struct unit_ctx *u, const struct ysh_picks *probs)
{
	const struct ysh_cols *K = &u->M->L->cols;
	static const char *const types[2] = {"问题", "需求"};
	static const char *const names[2] = {"problems", "needs"};
	const char *titles[2] = {_("问题清单"), _("需求清单")};
	const struct ysh_table *p = probs->t;
	struct ysh_arena *far = ysh_doc_rows(u->d); /* a long text read back lives until its row is written */
	const char *const *labels = list_labels_other;
	if (u->li < u->M->leads.n)
		labels = !strcmp(kinds_of(u->d, u->M->L->cfg, u->M->leads.office[u->li]), "跟执法") ? list_labels_enforcement
												   : list_labels;
	for (int k = 0; k < 2; k++) {
		struct ysh_doc_table *t = unit_table(u, names[k], titles[k], NCOLS(list_keys), list_keys, labels);
		long no = 0;
		for (size_t i = 0; i < probs->n; i++) {
			const struct ysh_rec *r = &p->recs[probs->v[i]];
			if (strcmp(ysh_rec_at(K->problems.t, r, K->problems.type), types[k]) || !found_here(u, p, probs->v[i]))
				continue;
			const char *cells[NCOLS(list_keys)] = {ysh_doc_row_num(u->d, ++no), ysh_rec_at(K->problems.t, r, K->problems.item), ysh_rec_at(K->problems.t, r, K->problems.finder),
				ysh_rec_at_in(K->problems.t, r, K->problems.description, far), ysh_rec_at_in(K->problems.t, r, K->problems.measure, far),
				ysh_rec_at_in(K->problems.t, r, K->problems.suggestion, far)};
			ysh_doc_row_kept(u->d, t, cells); /* the ledger's cells and d's own */
		}
	}
	struct ysh_doc_table *t = unit_table(u, "measures", _("解决措施清单"), NCOLS(measure_keys), measure_keys, measure_labels);
	long no = 0;
	for (size_t i = 0; i < probs->n; i++) {
		const struct ysh_rec *r = &p->recs[probs->v[i]];
		if (!worked_on_here(u, p, probs->v[i]))
			continue;
		const char *cells[NCOLS(measure_keys)] = {ysh_doc_row_num(u->d, ++no), ysh_rec_at(p, r, p->schema->id_col), ysh_rec_at(K->problems.t, r, K->problems.item),
			ysh_rec_at_in(K->problems.t, r, K->problems.measure, far), ysh_rec_at(K->problems.t, r, K->problems.handling), ysh_rec_at(K->problems.t, r, K->problems.deadline), ysh_rec_at(K->problems.t, r, K->problems.status),
			ysh_rec_at(K->problems.t, r, K->problems.closed_on)};
		ysh_doc_row_kept(u->d, t, cells); /* the ledger's cells and d's own */
	}
}

static bool has_worked_on(const struct unit_ctx *u, const struct ysh_picks *probs)
{
	for (size_t i = 0; i < probs->n; i++)
		if (found_here(u, probs->t, probs->v[i]) || worked_on_here(u, probs->t, probs->v[i]))
			return true;
	return false;
}

static const char *const handover_keys[] = {"no", "id", "item", "direction", "from", "to", "date"};
static const char *const handover_labels[] = {"序号", "编号", "事项名称", "转交", "转出单位", "转入单位", "转交日期"};

/* The period's hand-overs (转交) from or to the unit, of problems of the
 * section's office: a problem handed over shows in both units' reports, as
 * 转出 and 转入.  Rows go to t; returns how many (t NULL: only counts). */
static size_t emit_handovers(struct unit_ctx *u, struct ysh_doc_table *t)
{
	const struct ysh_cols *K = &u->M->L->cols;
	const struct ysh_table *p = K->problems.t;
	const char *unit = u->M->L->cfg->units[u->ui].name;
	size_t n = 0;
	for (size_t k = 0; p && k < p->nhandovers; k++) {
		const struct ysh_handover *h = &p->handovers[k];
		const struct ysh_rec *r = &p->recs[h->rec];
		bool out = !strcmp(h->from, unit), in = !strcmp(h->to, unit);
		if ((!out && !in) || !ysh_in_span(u->M->m, h->day) || ysh_rec_voided(p, r) ||
		    ysh_tally_lead(u->M, ysh_rec_at(K->problems.t, r, K->problems.source)) != u->li)
			continue;
		n++;
		if (!t)
			continue;
		const char *cells[NCOLS(handover_keys)] = {ysh_doc_row_num(u->d, (long)n), ysh_rec_at(p, r, p->schema->id_col), ysh_rec_at(K->problems.t, r, K->problems.item),
			out ? _("转出") : _("转入"), h->from, h->to, ysh_doc_day(u->d, h->day)};
		ysh_doc_row(u->d, t, cells);
	}
	return n;
}

static void unit_section(struct unit_ctx *u)
{
	struct ysh_tally *M = u->M;
	static const struct ysh_picks none;
	const struct ysh_picks *acts = u->li < M->leads.n ? &M->acts[u->li * M->nu + u->ui] : &none;
	const struct ysh_picks *probs = &M->probs[u->li * M->nu + u->ui];
	size_t handovers = emit_handovers(u, NULL);
	if (!acts->n && !has_worked_on(u, probs) && !handovers)
		return;
	ysh_doc_heading(u->d, 3, M->L->cfg->units[u->ui].name);
	if (u->li < M->leads.n) {
		emit_activities(u, acts);
		emit_callbacks(u, acts);
	}
	emit_lists(u, probs);
	/* only where there are any: the documents' lists have no such table */
	if (handovers)
		emit_handovers(u, unit_table(u, "handovers", _("转交情况"), NCOLS(handover_keys), handover_keys,
					     handover_labels));
}

static const char *const void_keys[] = {"ledger", "id", "date", "unit", "void_reason"};
static const char *const void_labels[] = {"台账", "编号", "日期", "单位", "作废原因"};

/* Records of the period (by their own date) voided since: listed with the
 * reason, as they count in no figure. */
static void emit_voided(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d)
{
	struct ysh_ledgers *L = M->L;
	ysh_doc_heading(d, 2, _("本期作废的记录（不计入任何数字）"));
	struct ysh_doc_table *t = ysh_doc_table(d, "voided", NULL, NCOLS(void_keys), void_keys, void_labels);
	for (size_t k = 0; k < L->ntables; k++) {
		const struct ysh_table *lt = &L->tables[k];
		int dc = lt->schema->date_col, rc = lt->schema->void_reason_col;
		for (size_t i = 0; dc >= 0 && i < lt->nrec; i++) {
			const struct ysh_rec *r = &lt->recs[i];
			ysh_day day;
			if (!ysh_rec_voided(lt, r) || !ysh_parse_date(ysh_rec_cell(lt, r, (size_t)dc), &day) ||
			    !ysh_in_span(M->m, day))
				continue;
			const char *unit = ysh_rec_unit(L, lt, r); /* a lookup for a callback: voided ones only */
			if (!unit_matches(unit, o->unit))
				continue;
			const char *cells[NCOLS(void_keys)] = {lt->schema->title, ysh_rec_cell(lt, r, lt->schema->id_col),
				ysh_rec_cell(lt, r, (size_t)dc), unit, ysh_rec_at(lt, r, rc)};
			ysh_doc_row(d, t, cells);
		}
	}
}

static void build_unit_report(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d)
{
	const struct ysh_config *cfg = M->L->cfg;
	const char *label = ysh_report_label(d, M, o);
	ysh_doc_heading(d, 1, M->range ? ysh_doc_printf(d, _("%s %s 单位报告（问题清单、需求清单和解决措施清单）"), cfg->county, label)
			       : ysh_doc_printf(d, _("%s %s 单位月报（问题清单、需求清单和解决措施清单）"), cfg->county, label));
	ysh_report_preamble(d, M, o);
	if (cfg->rules.unit_report_day)
		ysh_doc_line(d, ysh_doc_printf(d, _("报送时限：每月%ld日前报牵头单位"), cfg->rules.unit_report_day));
	struct unit_ctx u = {.M = M, .d = d};
	for (u.li = 0; u.li <= M->leads.n; u.li++) {
		const char *lead = u.li < M->leads.n ? M->leads.office[u.li] : NULL;
		ysh_doc_heading(d, 2, lead ? ysh_doc_printf(d, _("牵头单位：%s（%s）"), lead, kinds_of(d, cfg, lead))
				   : _("其他来源的问题（自我查、开门查、相互查、督查、投诉）"));
		for (u.ui = 0; u.ui < M->nu; u.ui++)
			if (unit_matches(cfg->units[u.ui].name, o->unit)) {
				unit_section(&u);
				ysh_doc_flush(d); /* written as it goes, when d has a sink */
			}
	}
	emit_voided(M, o, d);
	static const char *const keys[] = {"unit", "activities"};
	static const char *const labels[] = {"单位", "本期活动"};
	ysh_doc_heading(d, 2, _("本期未开展活动的单位"));
	struct ysh_doc_table *t = ysh_doc_table(d, "units_missing", NULL, 2, keys, labels);
	ysh_doc_types(t, "tn");
	for (size_t i = 0; i < M->nu; i++) {
		long n = ysh_tally_activities(M, i);
		if (unit_matches(cfg->units[i].name, o->unit) && ysh_tally_missing(M, i)) {
			const char *cells[2] = {cfg->units[i].name, ysh_doc_num(d, n)};
			ysh_doc_row(d, t, cells);
		}
	}
}

/* ==== the 22nd: summary ==== */

/* A lead office's table: its figures per unit, each unit's activities of
 * every kind, and whether that makes it a unit with no activity, so the
 * table and the 未开展活动的单位 line say the same.  No filings: they are
 * the county's and the filing unit's (the filings report). */
static const char *const summary_extra_keys[] = {"activities_all", "missing"};
static const char *const summary_extra_labels[] = {"各类活动", "未开展活动"};

static void figure_row(struct ysh_doc *d, struct ysh_doc_table *t, const char *name, const struct ysh_figures *f,
		       long all, const char *missing)
{
	const char *extra[] = {ysh_doc_num(d, all), missing};
	ysh_figures_row(d, t, YSH_FIGS_WORK, name, f, extra);
}

/* The items experienced in activities the office leads, each once, in the
 * order of the activities. */
static const char *item_list(struct ysh_tally *M, struct ysh_doc *d, size_t li)
{
	const struct ysh_cols *K = &M->L->cols;
	struct ysh_picks all = {0};
	for (size_t ui = 0; ui < M->nu; ui++) {
		const struct ysh_picks *p = &M->acts[li * M->nu + ui];
		for (size_t i = 0; i < p->n; i++)
			ysh_picks_add(&all, p->v[i]);
		all.t = p->t;
	}
	all.col = K->activities.date;
	if (all.t)
		ysh_picks_sort(&all);
	struct ysh_map seen = {0};
	struct ysh_buf b = {0};
	for (size_t i = 0; i < all.n; i++) {
		struct ysh_items it;
		ysh_items_split(&it, ysh_rec_at(K->activities.t, &all.t->recs[all.v[i]], K->activities.items));
		for (size_t k = 0; k < it.n; k++)
			if (ysh_map_put(&seen, it.v[k], 0))
				ysh_buf_printf(&b, "%s%s", b.len ? "；" : "", it.v[k]);
		ysh_items_free(&it);
	}
	const char *s = ysh_arena_strdup(&d->a, ysh_buf_str(&b));
	ysh_buf_free(&b);
	ysh_map_free(&seen);
	free(all.v);
	return s;
}

static void figure_lines(struct ysh_doc *d, const struct ysh_figures *f, const char *items)
{
	ysh_doc_line(d, ysh_doc_printf(d, _("参与人次 %ld，参与人数 %ld，体验事项 %ld 项"), f->activities, f->participants, f->items));
	if (items && *items)
		ysh_doc_line(d, ysh_doc_printf(d, _("体验事项：%s"), items));
	ysh_doc_line(d, ysh_doc_printf(d, _("发现问题 %ld 个，本期销号 %ld 个，期末未销号 %ld 个（其中逾期 %ld 个），整改率 %s"),
		     f->problems_found, f->problems_closed, f->problems_open, f->problems_overdue,
		     ysh_doc_ratio(d, f->closed_by_end, f->found_by_end)));
	if (f->problems_reviewed)
		ysh_doc_line(d, ysh_doc_printf(d, _("回头看 %ld 个，其中巩固 %ld 个、反弹 %ld 个（反弹的重新整改）"), f->problems_reviewed,
			     f->problems_reviewed - f->problems_rebounded, f->problems_rebounded));
	ysh_doc_line(d, ysh_doc_printf(d, _("服务回访 %ld 次，有效回访 %ld 次，满意率 %s"), f->callbacks, f->callbacks_valid,
		     ysh_doc_ratio(d, f->satisfied, f->callbacks_valid)));
}

/* Whether office li looks after unit ui (li == leads.n: the county):
 * [scope] of ysh.ini, else by the kinds it leads. */
static bool in_scope(const struct ysh_tally *M, size_t li, size_t ui)
{
	return li == M->leads.n || ysh_config_in_scope(M->L->cfg, M->leads.office[li], &M->L->cfg->units[ui]);
}

static bool has_figures(const struct ysh_figures *f)
{
	return f->activities || f->problems_found || f->problems_closed || f->found_by_end || f->callbacks ||
	       f->problems_reviewed || f->voided;
}

/* The rows of office li's table: the units it looks after, and any other
 * unit with figures for it (a 处投诉 the office scheduled, a problem handed
 * over), so that the rows add up to the office's total. */
static bool listed(struct ysh_tally *M, size_t li, size_t ui)
{
	return in_scope(M, li, ui) || has_figures(ysh_tally_fig(M, li, ui));
}


static const char *missing_list(struct ysh_tally *M, struct ysh_doc *d, size_t li)
{
	struct ysh_buf b = {0};
	for (size_t ui = 0; ui < M->nu; ui++)
		if (in_scope(M, li, ui) && ysh_tally_missing(M, ui))
			ysh_buf_printf(&b, "%s%s", b.len ? "、" : "", M->L->cfg->units[ui].name);
	const char *s = ysh_arena_strdup(&d->a, b.len ? ysh_buf_str(&b) : _("无"));
	ysh_buf_free(&b);
	return s;
}

static bool lead_wanted(const struct ysh_tally *M, const struct ysh_report_opts *o, size_t li)
{
	return !o->lead || !strcmp(o->lead, M->leads.office[li]);
}

static void build_summary(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d)
{
	const struct ysh_config *cfg = M->L->cfg;
	const char *label = ysh_report_label(d, M, o);
	ysh_doc_heading(d, 1, M->range ? ysh_doc_printf(d, _("%s %s 工作总结（报县营商办）"), cfg->county, label)
			       : ysh_doc_printf(d, _("%s %s 月度工作总结（报县营商办）"), cfg->county, label));
	ysh_report_preamble(d, M, o);
	if (cfg->rules.summary_report_day)
		ysh_doc_line(d, ysh_doc_printf(d, _("报送时限：每月%ld日前"), cfg->rules.summary_report_day));
	for (size_t li = 0; li < M->leads.n; li++) {
		if (!lead_wanted(M, o, li))
			continue;
		const char *office = M->leads.office[li];
		ysh_doc_heading(d, 2, ysh_doc_printf(d, _("牵头单位：%s（%s）"), office, kinds_of(d, cfg, office)));
		figure_lines(d, ysh_tally_fig(M, li, M->nu), item_list(M, d, li));
		ysh_doc_line(d, ysh_doc_printf(d, _("未开展活动的单位：%s"), missing_list(M, d, li)));
		struct ysh_doc_table *t = ysh_figures_table(d, "units", YSH_FIGS_WORK, "单位", NCOLS(summary_extra_keys),
							 summary_extra_keys, summary_extra_labels, "nt");
		t->lead = office;
		long all = 0, missing = 0;
		for (size_t ui = 0; ui < M->nu; ui++) {
			if (!listed(M, li, ui))
				continue;
			/* a unit the office does not look after is never missing for it */
			bool miss = in_scope(M, li, ui) && ysh_tally_missing(M, ui);
			figure_row(d, t, cfg->units[ui].name, ysh_tally_fig(M, li, ui), ysh_tally_activities(M, ui),
				   !in_scope(M, li, ui) ? "-" : miss ? _("是") : _("否"));
			all += ysh_tally_activities(M, ui);
			missing += miss;
		}
		figure_row(d, t, _("合计"), ysh_tally_fig(M, li, M->nu), all, ysh_doc_num(d, missing));
	}
	ysh_doc_heading(d, 2, _("全县"));
	const struct ysh_figures *c = ysh_tally_fig(M, M->leads.n, M->nu);
	figure_lines(d, c, NULL);
	ysh_doc_line(d, ysh_doc_printf(d, _("涉企行政执法检查 %ld 件（按时报备 %ld，未经批准 %ld，联合检查 %ld），不予处罚 %ld 件，从轻减轻 %ld 件，减免金额 %s 元"),
		     c->filed, c->on_time, c->unapproved, c->joint, c->not_punished, c->lightened,
		     ysh_doc_yuan(d, c->fine_waived_fen)));
	if (ysh_complaints_kept(M->L))
		ysh_complaint_lines(d, M, o, c);
	ysh_doc_line(d, ysh_doc_printf(d, _("作废记录 %ld 条（不计入以上数字）"), c->voided));
	ysh_doc_line(d, ysh_doc_printf(d, _("未开展活动的单位：%s"), missing_list(M, d, M->leads.n)));
}

/* ---- summary as JSON: the figures named as SPEC §7 names them ---- */

/* "period":{"from":...,"to":...},"ledger_errors":N,"label":... */
static void json_period(FILE *out, const struct ysh_tally *M, const struct ysh_report_opts *o)
{
	char a[11], b[11];
	struct ysh_doc scratch = {0};
	ysh_format_date(M->m.first, a);
	ysh_format_date(M->m.last, b);
	fprintf(out, "\"period\":{\"from\":\"%s\",\"to\":\"%s\"},\"ledger_errors\":%zu,\"label\":", a, b,
		o->ledger_errors);
	ysh_json_string(out, ysh_report_label(&scratch, M, o));
	ysh_doc_free(&scratch);
}

static void json_strings(FILE *out, const char *key, char **v, size_t n)
{
	fprintf(out, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		ysh_json_string(out, v[i]);
	}
	fputc(']', out);
}

static void json_missing(FILE *out, struct ysh_tally *M, size_t li)
{
	char **names = ysh_xcalloc(M->nu + 1, sizeof(*names));
	size_t n = 0;
	for (size_t ui = 0; ui < M->nu; ui++)
		if (in_scope(M, li, ui) && ysh_tally_missing(M, ui))
			names[n++] = M->L->cfg->units[ui].name;
	json_strings(out, "units_missing", names, n);
	free(names);
}

static void json_lead(FILE *out, struct ysh_tally *M, size_t li, struct ysh_doc *scratch)
{
	const struct ysh_config *cfg = M->L->cfg;
	const char *office = M->leads.office[li];
	fputs("{\"lead\":", out);
	ysh_json_string(out, office);
	char **kinds = ysh_xcalloc(cfg->nleads + 1, sizeof(*kinds));
	size_t nk = 0;
	for (size_t i = 0; i < cfg->nleads; i++)
		if (!strcmp(cfg->leads[i].val, office))
			kinds[nk++] = cfg->leads[i].key;
	json_strings(out, "kinds", kinds, nk);
	free(kinds);
	fputs(",\"units\":[", out);
	bool first = true;
	for (size_t ui = 0; ui < M->nu; ui++) {
		if (!listed(M, li, ui))
			continue;
		fputs(first ? "\n {\"unit\":" : ",\n {\"unit\":", out);
		first = false;
		ysh_json_string(out, cfg->units[ui].name);
		fputc(',', out);
		ysh_figures_json(out, ysh_tally_fig(M, li, ui), YSH_FIGS_WORK);
		fprintf(out, ",\"activities_all\":%ld,\"missing\":%s}", ysh_tally_activities(M, ui),
			in_scope(M, li, ui) && ysh_tally_missing(M, ui) ? "true" : "false");
	}
	fputs("],", out);
	ysh_figures_json(out, ysh_tally_fig(M, li, M->nu), YSH_FIGS_WORK);
	char **items;
	size_t n = ysh_split_list(item_list(M, scratch, li), &items);
	json_strings(out, "item_list", items, n);
	ysh_free_list(items, n);
	json_missing(out, M, li);
	fputc('}', out);
}

static void json_digest(FILE *out, const struct ysh_ledgers *L)
{
	fputs(",\"ledgers\":[", out);
	bool first = true;
	for (size_t i = 0; i < L->ntables; i++) {
		const struct ysh_table *lt = &L->tables[i];
		if (!lt->present)
			continue;
		char hex[YSH_CHAIN_HEX + 1];
		ysh_chain_head_hex(&lt->chain, hex);
		fputs(first ? "{\"file\":" : ",{\"file\":", out);
		first = false;
		ysh_json_string(out, lt->schema->file);
		fprintf(out, ",\"rows\":%zu,\"head\":\"blake2b:%s\"}", lt->chain.n, hex);
	}
	fputc(']', out);
}

static void write_summary_json(struct ysh_tally *M, const struct ysh_report_opts *o, FILE *out)
{
	struct ysh_doc scratch = {0};
	fputs("{\"report\":\"summary\",\"name\":", out);
	ysh_json_string(out, M->L->cfg->county);
	ysh_json_month(out, M->range ? NULL : ysh_report_label(&scratch, M, o));
	fputc(',', out);
	json_period(out, M, o);
	fputs(",\"leads\":[", out);
	bool first = true;
	for (size_t li = 0; li < M->leads.n; li++) {
		if (!lead_wanted(M, o, li))
			continue;
		fputs(first ? "\n" : ",\n", out);
		first = false;
		json_lead(out, M, li, &scratch);
	}
	fputs("\n],\"county\":{", out);
	ysh_figures_json(out, ysh_tally_fig(M, M->leads.n, M->nu), YSH_FIGS_WORK | YSH_FIGS_FILINGS | YSH_FIGS_COMPLAINTS);
	json_missing(out, M, M->leads.n);
	fputc('}', out);
	json_digest(out, M->L);
	fputs("}\n", out);
	ysh_doc_free(&scratch);
}

/* ==== filings ==== */

static const char *const fil_keys[] = {"no", "id", "unit", "enterprise", "credit_code", "planned_on", "kind",
	"filed_on", "on_time", "approved_by", "approved_on", "joint", "outcome", "fine_waived"};
static const char *const fil_labels[] = {"序号", "编号", "执法单位", "企业名称", "统一社会信用代码", "检查日期",
	"检查类型", "报备日期", "按时报备", "批准领导", "批准日期", "联合检查单位", "检查结果", "减免金额"};
static void build_filings(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d)
{
	const struct ysh_cols *K = &M->L->cols;
	struct ysh_ledgers *L = M->L;
	const struct ysh_config *cfg = L->cfg;
	ysh_doc_heading(d, 1, ysh_doc_printf(d, _("%s %s 涉企行政执法检查备案情况"), cfg->county, ysh_report_label(d, M, o)));
	ysh_report_preamble(d, M, o);
	const struct ysh_figures *c = ysh_tally_fig(M, M->leads.n, M->nu);
	ysh_doc_line(d, ysh_doc_printf(d, _("本期计划涉企检查 %ld 件，按时报备 %ld 件，未经批准 %ld 件，联合检查 %ld 件。"),
		     c->filed, c->on_time, c->unapproved, c->joint));
	/* seed 002's statement; cumulative (--to alone) as it says it: 截至… */
	ysh_doc_line(d, ysh_doc_printf(d, _("%s办理“免罚轻罚”案件 %ld 件，其中不予处罚 %ld 件、从轻减轻 %ld 件，减免金额 %s 元。"),
		     o->to && !o->from ? ysh_doc_printf(d, _("截至 %s，共"), ysh_doc_day(d, o->to)) : "",
		     c->not_punished + c->lightened, c->not_punished, c->lightened, ysh_doc_yuan(d, c->fine_waived_fen)));
	ysh_doc_heading(d, 2, _("按执法单位"));
	struct ysh_doc_table *t = ysh_figures_table(d, "units", YSH_FIGS_FILINGS, "执法单位", 0, NULL, NULL, NULL);
	for (size_t ui = 0; ui < M->nu; ui++)
		if (ysh_tally_fig(M, M->leads.n, ui)->filed)
			ysh_figures_row(d, t, YSH_FIGS_FILINGS, cfg->units[ui].name, ysh_tally_fig(M, M->leads.n, ui), NULL);
	ysh_figures_row(d, t, YSH_FIGS_FILINGS, _("合计"), c, NULL);
	ysh_doc_heading(d, 2, _("备案明细"));
	const struct ysh_table *ft = K->filings.t;
	struct ysh_picks ps = {.t = ft, .col = K->filings.planned_on};
	for (size_t i = 0; ft && i < ft->nrec; i++) {
		ysh_day planned;
		if (!ysh_rec_voided(ft, &ft->recs[i]) && ysh_day_at(K->filings.t, &ft->recs[i], K->filings.planned_on, &planned) &&
		    ysh_in_span(M->m, planned))
			ysh_picks_add(&ps, i);
	}
	ysh_picks_sort(&ps);
	t = ysh_doc_table(d, "filings", NULL, NCOLS(fil_keys), fil_keys, fil_labels);
	ysh_doc_types(t, "nttttttttttttm");
	for (size_t i = 0; i < ps.n; i++) {
		const struct ysh_rec *r = &ft->recs[ps.v[i]];
		ysh_day planned;
		ysh_day_at(K->filings.t, r, K->filings.planned_on, &planned);
		const char *cells[NCOLS(fil_keys)] = {ysh_doc_num(d, (long)i + 1), ysh_rec_at(ft, r, ft->schema->id_col), ysh_rec_at(K->filings.t, r, K->filings.unit),
			ysh_rec_at(K->filings.t, r, K->filings.enterprise), ysh_rec_at(K->filings.t, r, K->filings.credit_code), ysh_rec_at(K->filings.t, r, K->filings.planned_on), ysh_rec_at(K->filings.t, r, K->filings.kind),
			ysh_rec_at(K->filings.t, r, K->filings.filed_on), ysh_tally_filing_on_time(L, r, planned) ? "是" : "否", ysh_rec_at(K->filings.t, r, K->filings.approved_by),
			ysh_rec_at(K->filings.t, r, K->filings.approved_on), ysh_rec_at(K->filings.t, r, K->filings.joint), ysh_rec_at(K->filings.t, r, K->filings.outcome), ysh_rec_at(K->filings.t, r, K->filings.fine_waived)};
		ysh_doc_row(d, t, cells);
	}
	free(ps.v);
}

/* ==== entry point ==== */

static int check_names(struct ysh_ledgers *L, const struct ysh_report_opts *o, char **err)
{
	if (o->unit && !ysh_config_unit(L->cfg, o->unit)) {
		*err = ysh_xasprintf(_("--unit '%s' is not a unit listed in %s"), o->unit, L->cfg->path);
		return -1;
	}
	if (o->lead) {
		bool found = false;
		for (size_t i = 0; i < L->cfg->nleads; i++)
			found |= !strcmp(L->cfg->leads[i].val, o->lead);
		if (!found) {
			*err = ysh_xasprintf(_("--lead '%s' is not a lead office in [leads] of %s"), o->lead,
					     L->cfg->path);
			return -1;
		}
	}
	return 0;
}

/* ==== 台账校验码: what the report was made from ==== */

static const char *const digest_keys[] = {"file", "rows", "head"};
static const char *const digest_labels[] = {"台账", "已链行数", "校验码"};

/* Each ledger's chain head and the number of rows it covers: the ledgers
 * that still lead there are the ones this report counted (ysh-check
 * --verify-report). */
static void emit_digest(struct ysh_doc *d, const struct ysh_ledgers *L)
{
	ysh_doc_heading(d, 2, _("台账校验码"));
	struct ysh_doc_table *t = ysh_doc_table(d, "ledgers", NULL, NCOLS(digest_keys), digest_keys, digest_labels);
	ysh_doc_types(t, "tn");
	for (size_t i = 0; i < L->ntables; i++) {
		const struct ysh_table *lt = &L->tables[i];
		if (!lt->present)
			continue;
		char hex[YSH_CHAIN_HEX + 1];
		ysh_chain_head_hex(&lt->chain, hex);
		const char *cells[NCOLS(digest_keys)] = {lt->schema->file, ysh_doc_num(d, (long)lt->chain.n),
			ysh_doc_printf(d, "blake2b:%s", hex)};
		ysh_doc_row(d, t, cells);
	}
}

/* Each kind of report: its name in JSON, its builder, and what --split
 * makes a file of (a unit's section, a lead office's summary), or nothing:
 * the county's one-document reports, which ysh-report then refuses to
 * split rather than write an empty directory. */
static const struct report_kind {
	const char *name;
	void (*build)(struct ysh_tally *, const struct ysh_report_opts *, struct ysh_doc *);
	enum ysh_report_split split;
} build[] = {
	[YSH_REPORT_UNIT] = {"unit", build_unit_report, YSH_SPLIT_UNIT},
	[YSH_REPORT_SUMMARY] = {"summary", build_summary, YSH_SPLIT_LEAD},
	[YSH_REPORT_FILINGS] = {"filings", build_filings, YSH_SPLIT_NONE},
	[YSH_REPORT_COMPLAINTS] = {"complaints", ysh_build_complaints, YSH_SPLIT_NONE},
	[YSH_REPORT_ROSTER] = {"roster", ysh_build_roster, YSH_SPLIT_NONE},
	[YSH_REPORT_TASKS] = {"tasks", ysh_build_tasks, YSH_SPLIT_NONE},
	[YSH_REPORT_CAMPAIGN] = {"campaign", ysh_build_campaign, YSH_SPLIT_NONE},
};

enum ysh_report_split ysh_report_split_by(enum ysh_report_kind kind)
{
	return build[kind].split;
}

/* What a report is built from: its names checked, its figures tallied
 * (*M, to free, when 0 is returned). */
static int report_tally(struct ysh_ledgers *L, const struct ysh_report_opts *o, struct ysh_tally *M, char **err)
{
	if (check_names(L, o, err) != 0 || ysh_bulletin_check(L, o, err) != 0)
		return -1;
	ysh_tally_init(M, L, o);
	return 0;
}

/* d's sink for o's format, what comes before its blocks written: every
 * format but xlsx is written as the document is built, the unit report
 * unit by unit (ysh_doc_flush), never held whole. */
static void open_sink(struct ysh_doc_sink *s, struct ysh_doc *d, struct ysh_ledgers *L, const struct ysh_report_opts *o,
		      struct ysh_tally *M, FILE *out)
{
	switch (o->format) {
	case YSH_FMT_MD: ysh_doc_sink_md(s, out); break;
	case YSH_FMT_CSV: ysh_doc_sink_csv(s, out, o->bom); break;
	case YSH_FMT_JSON: {
		char *period = NULL;
		size_t n = 0;
		FILE *mem = open_memstream(&period, &n);
		json_period(mem, M, o);
		fclose(mem);
		ysh_doc_sink_json(s, out, build[o->kind].name, L->cfg->county, M->range ? NULL : ysh_report_label(d, M, o),
				  period);
		free(period);
		break;
	}
	default: ysh_doc_sink_text(s, out); break;
	}
	d->sink = s;
}

/* The report of the figures M, built and rendered. */
static int report_emit(struct ysh_ledgers *L, const struct ysh_report_opts *o, struct ysh_tally *M, FILE *out,
		       char **err)
{
	if (o->kind == YSH_REPORT_SUMMARY && o->format == YSH_FMT_JSON) {
		write_summary_json(M, o, out);
		return 0;
	}
	struct ysh_doc d = {0};
	struct ysh_doc_sink sink;
	/* a workbook puts every unit's form first: it takes the document whole */
	if (o->format != YSH_FMT_XLSX)
		open_sink(&sink, &d, L, o, M, out);
	if (o->kind == YSH_REPORT_UNIT && o->by_line)
		ysh_build_unit_by_line(M, o, &d);
	else
		build[o->kind].build(M, o, &d);
	emit_digest(&d, L);
	int rc = 0;
	if (d.sink) {
		ysh_doc_sink_end(&d);
	} else {
		struct ysh_xlsx_doc_opts xo = {L->cfg, o->kind == YSH_REPORT_UNIT, ysh_report_label(&d, M, o), M->m.last};
		rc = ysh_doc_render_xlsx(out, &d, &xo, err);
	}
	ysh_doc_free(&d);
	return rc;
}

int ysh_report_write(struct ysh_ledgers *L, const struct ysh_report_opts *o, FILE *out, char **err)
{
	struct ysh_tally M;
	if (report_tally(L, o, &M, err) != 0)
		return -1;
	int rc = report_emit(L, o, &M, out, err);
	ysh_tally_free(&M);
	return rc;
}

struct ysh_report_ahead {
	struct ysh_ledgers *L;
	const struct ysh_report_opts *o;
	struct ysh_tally M;
	bool tallied;
	int rc; /* report_tally's */
	char *err;
};

struct ysh_report_ahead *ysh_report_ahead_new(struct ysh_ledgers *L, const struct ysh_report_opts *o)
{
	struct ysh_report_ahead *a = ysh_xcalloc(1, sizeof(*a));
	a->L = L;
	a->o = o;
	return a;
}

void ysh_report_ahead_tally(void *ahead)
{
	struct ysh_report_ahead *a = ahead;
	if (a->tallied)
		return;
	a->rc = report_tally(a->L, a->o, &a->M, &a->err);
	a->tallied = true;
}

int ysh_report_ahead_write(struct ysh_report_ahead *a, FILE *out, char **err)
{
	ysh_report_ahead_tally(a); /* when nothing ran it beside the rules */
	if (a->rc != 0) {
		*err = ysh_xstrdup(a->err);
		return -1;
	}
	return report_emit(a->L, a->o, &a->M, out, err);
}

void ysh_report_ahead_free(struct ysh_report_ahead *a)
{
	if (!a)
		return;
	if (a->tallied && a->rc == 0)
		ysh_tally_free(&a->M);
	free(a->err);
	free(a);
}


size_t ysh_report_parts(struct ysh_ledgers *L, const struct ysh_report_opts *o, const char ***names)
{
	const struct ysh_config *cfg = L->cfg;
	size_t n = 0;
	*names = ysh_xcalloc(cfg->nunits + cfg->nleads + 1, sizeof(**names));
	if (build[o->kind].split == YSH_SPLIT_LEAD) {
		for (size_t i = 0; i < cfg->nleads; i++) {
			const char *office = cfg->leads[i].val;
			bool seen = o->lead && strcmp(o->lead, office);
			for (size_t k = 0; k < n && !seen; k++)
				seen = !strcmp((*names)[k], office);
			if (!seen)
				(*names)[n++] = office;
		}
		return n;
	}
	char *err = NULL;
	if (build[o->kind].split != YSH_SPLIT_UNIT || check_names(L, o, &err) != 0) {
		free(err); /* ysh_report_write says it */
		return 0;
	}
	struct ysh_tally M;
	ysh_tally_init(&M, L, o);
	struct ysh_doc d = {0};
	build_unit_report(&M, o, &d);
	/* the units with a section (a level-3 heading), in ysh.ini's order */
	for (size_t ui = 0; ui < cfg->nunits; ui++)
		for (size_t i = 0; i < d.n; i++)
			if (d.v[i].kind == YSH_B_HEADING && d.v[i].level == 3 && !strcmp(d.v[i].text, cfg->units[ui].name)) {
				(*names)[n++] = cfg->units[ui].name;
				break;
			}
	ysh_doc_free(&d);
	ysh_tally_free(&M);
	return n;
}
