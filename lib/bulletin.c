/* bulletin.c - the tasks bulletin and the campaign report (bulletin.h). */
#include "bulletin.h"

#include <stdlib.h>
#include <string.h>

#include "builders.h"
#include "campaign.h"
#include "figures.h"
#include "i18n.h"
#include "suprules.h"

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))

int ysh_bulletin_check(const struct ysh_ledgers *L, const struct ysh_report_opts *o, char **err)
{
	if (o->kind == YSH_REPORT_CAMPAIGN && !L->cfg->sup->nphases) {
		*err = ysh_xasprintf(_("%s has no [campaign]: the campaign report needs its phases"), L->cfg->path);
		return -1;
	}
	/* a county without the ledger has nothing to report: said, not a
	 * heading over nothing that a clerk sends up as the month's report */
	if ((o->kind == YSH_REPORT_COMPLAINTS || o->kind == YSH_REPORT_ROSTER) && !ysh_complaints_kept(L)) {
		*err = ysh_xasprintf(_("%s has no complaints.csv (投诉台账): the %s report counts its complaints"),
				     L->dir, o->kind == YSH_REPORT_ROSTER ? "roster" : "complaints");
		return -1;
	}
	if (o->kind == YSH_REPORT_TASKS && !(L->cols.tasks.t && L->cols.tasks.t->present)) {
		*err = ysh_xasprintf(_("%s has no tasks.csv (督查任务): the tasks report is its progress"), L->dir);
		return -1;
	}
	if (o->kind == YSH_REPORT_UNIT && o->by_line && !L->cfg->sup->nlines) {
		*err = ysh_xasprintf(_("%s has no [lines]: --by-line needs the campaign's lines"), L->cfg->path);
		return -1;
	}
	return 0;
}

static bool unit_matches_opt(const char *unit, const char *want)
{
	return !want || !strcmp(unit, want);
}

static bool day_of(const char *const *cells, int col, ysh_day *d)
{
	return ysh_parse_date(ysh_at(cells, col), d);
}

/* ==== the tasks bulletin (每月通报专项行动进展情况) ==== */

/* What one task adds to its lead unit's figures as of the period's end:
 * due in the period, done in it (on time or late), overdue, not done. */
static void count_task(struct ysh_figures *f, struct ysh_span m, ysh_day due, bool done, ysh_day done_on)
{
	bool done_by_end = done && done_on <= m.last;
	f->tasks_due += ysh_in_span(m, due);
	if (done && ysh_in_span(m, done_on)) {
		f->tasks_on_time += done_on <= due;
		f->tasks_late += done_on > due;
	}
	f->tasks_overdue += !done_by_end && due < m.last;
	f->tasks_open += !done_by_end;
}

struct task_view {
	const char *const *cells;
	ysh_day due, done_on;
	bool done;
};

/* A live task with a deadline, as the bulletin reads it: its cells put in
 * cells[0..ncols), the caller's, a long value read back into far (cleared
 * first: the caller copies what it shows before the next view). */
static bool task_view(const struct ysh_ledgers *L, const struct ysh_table *t, size_t i, struct task_view *v,
		      const char **cells, struct ysh_arena *far)
{
	const struct ysh_rec *r = &t->recs[i];
	ysh_arena_clear(far);
	ysh_rec_cells(t, r, cells, far);
	v->cells = cells;
	if (ysh_rec_voided(t, r) || !ysh_task_deadline(L, cells, &v->due))
		return false;
	v->done = ysh_task_done(L, cells) && day_of(cells, L->cols.tasks.done_on, &v->done_on);
	return true;
}

/* The two task tables of the bulletin are one loop: a table names the
 * tasks it lists and the cells after the six each row starts with (序号,
 * 编号, 牵头单位, 任务, 完成时限, 完成日期). */
#define TASK_LEAD_CELLS 6
#define TASK_CELLS_MAX 10

struct task_table {
	const char *heading; /* N_(): translated where shown */
	const char *name, *types;
	const char *const *keys, *const *labels;
	size_t ncols;
	bool (*lists)(struct ysh_span m, const struct task_view *v);
	void (*tail)(const struct ysh_tally *M, struct ysh_doc *d, const struct task_view *v, const char **cells);
};

static const char *const overdue_keys[] = {"no", "id", "unit", "title", "deadline_text", "deadline", "days_overdue", "done_on", "progress"};
static const char *const overdue_labels[] = {"序号", "编号", "牵头单位", "任务", "完成时限", "完成日期", "逾期天数", "实际完成", "进展情况"};
static const char *const done_keys[] = {"no", "id", "unit", "title", "deadline_text", "deadline", "done_on", "on_time", "filed_with", "filed_on"};
static const char *const done_labels[] = {"序号", "编号", "牵头单位", "任务", "完成时限", "完成日期", "实际完成", "按期", "备案单位", "备案日期"};
_Static_assert(NCOLS(overdue_keys) <= TASK_CELLS_MAX && NCOLS(done_keys) <= TASK_CELLS_MAX, "a task row's cells");

/* Past its deadline and not done at the period's end. */
static bool is_overdue(struct ysh_span m, const struct task_view *v)
{
	return !(v->done && v->done_on <= m.last) && v->due < m.last;
}

static void overdue_tail(const struct ysh_tally *M, struct ysh_doc *d, const struct task_view *v, const char **cells)
{
	const struct ysh_cols_tasks *K = &M->L->cols.tasks;
	cells[0] = ysh_doc_num(d, M->m.last - v->due);
	cells[1] = ysh_at(v->cells, K->done_on);
	cells[2] = ysh_at(v->cells, K->progress);
}

/* Done in the period, on time or not. */
static bool is_done_in(struct ysh_span m, const struct task_view *v)
{
	return v->done && ysh_in_span(m, v->done_on);
}

static void done_tail(const struct ysh_tally *M, struct ysh_doc *d, const struct task_view *v, const char **cells)
{
	const struct ysh_cols_tasks *K = &M->L->cols.tasks;
	(void)d;
	cells[0] = ysh_at(v->cells, K->done_on);
	cells[1] = v->done_on <= v->due ? "是" : "否";
	cells[2] = ysh_at(v->cells, K->filed_with);
	cells[3] = ysh_at(v->cells, K->filed_on);
}

/* The tasks past their deadline and not done at the period's end. */
static const struct task_table overdue_table = {
	N_("逾期未完成的任务"), "overdue", "ntttttn", overdue_keys, overdue_labels, NCOLS(overdue_keys),
	is_overdue, overdue_tail,
};

/* The tasks done in the period, on time or not, and where they were filed. */
static const struct task_table done_table = {
	N_("本期完成的任务"), "done", "n", done_keys, done_labels, NCOLS(done_keys),
	is_done_in, done_tail,
};

static void emit_tasks(struct ysh_tally *M, struct ysh_doc *d, const struct ysh_picks *ps, const struct task_table *tt)
{
	const struct ysh_cols_tasks *K = &M->L->cols.tasks;
	ysh_doc_heading(d, 2, _(tt->heading));
	struct ysh_doc_table *t = ysh_doc_table(d, tt->name, NULL, tt->ncols, tt->keys, tt->labels);
	ysh_doc_types(t, tt->types);
	long no = 0;
	const char **own = ysh_xcalloc(K->t ? K->t->schema->ncols : 1, sizeof(*own));
	struct ysh_arena far = {0};
	for (size_t i = 0; i < ps->n; i++) {
		struct task_view v;
		task_view(M->L, K->t, ps->v[i], &v, own, &far);
		if (!tt->lists(M->m, &v))
			continue;
		const char *cells[TASK_CELLS_MAX] = {ysh_doc_num(d, ++no), ysh_at(v.cells, K->t->schema->id_col),
			ysh_at(v.cells, K->unit), ysh_at(v.cells, K->title), ysh_at(v.cells, K->deadline_text),
			ysh_doc_day(d, v.due)};
		tt->tail(M, d, &v, cells + TASK_LEAD_CELLS);
		ysh_doc_row(d, t, cells);
	}
	ysh_arena_free(&far);
	free(own);
}

void ysh_build_tasks(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d)
{
	struct ysh_ledgers *L = M->L;
	const struct ysh_config *cfg = L->cfg;
	const struct ysh_cols_tasks *K = &L->cols.tasks;
	ysh_doc_heading(d, 1, ysh_doc_printf(d, _("%s %s 督查任务进展通报"), cfg->county, ysh_report_label(d, M, o)));
	ysh_report_preamble(d, M, o);
	struct ysh_figures *by_unit = ysh_xcalloc(cfg->nunits + 1, sizeof(*by_unit));
	bool *leads = ysh_xcalloc(cfg->nunits + 1, sizeof(*leads));
	struct ysh_picks ps = {.t = K->t, .col = K->deadline_text};
	const char **own = ysh_xcalloc(K->t ? K->t->schema->ncols : 1, sizeof(*own));
	struct ysh_arena far = {0};
	for (size_t i = 0; K->t && i < K->t->nrec; i++) {
		struct task_view v;
		const struct ysh_unit *u;
		if (!task_view(L, K->t, i, &v, own, &far) || !(u = ysh_config_unit(cfg, ysh_at(v.cells, K->unit))) ||
		    !unit_matches_opt(u->name, o->unit))
			continue;
		size_t ui = (size_t)(u - cfg->units);
		count_task(&by_unit[ui], M->m, v.due, v.done, v.done_on);
		count_task(&by_unit[cfg->nunits], M->m, v.due, v.done, v.done_on);
		leads[ui] = true;
		ysh_picks_add(&ps, i);
	}
	ysh_arena_free(&far);
	free(own);
	ysh_doc_heading(d, 2, _("各牵头单位任务进展"));
	struct ysh_doc_table *t = ysh_figures_table(d, "units", YSH_FIGS_TASKS, _("牵头单位"), 0, NULL, NULL, NULL);
	for (size_t u = 0; u < cfg->nunits; u++)
		if (leads[u])
			ysh_figures_row(d, t, YSH_FIGS_TASKS, cfg->units[u].name, &by_unit[u], NULL);
	ysh_figures_row(d, t, YSH_FIGS_TASKS, _("合计"), &by_unit[cfg->nunits], NULL);
	emit_tasks(M, d, &ps, &overdue_table);
	emit_tasks(M, d, &ps, &done_table);
	free(ps.v);
	free(leads);
	free(by_unit);
}

/* ==== the campaign (集中行动): by phase and by line ==== */

/* What one problem found in the campaign adds to the figures of a span
 * [first, e]: found in it, struck off in it, open at e, overdue at e. */
static void count_problem(const struct ysh_cols_problems *P, const struct ysh_rec *r, ysh_day campaign_first,
			  ysh_day first, ysh_day e, struct ysh_figures *f)
{
	ysh_day found, closed, due;
	if (!ysh_day_at(P->t, r, P->found_on, &found) || found < campaign_first || found > e)
		return;
	f->problems_found += found >= first;
	if (ysh_struck_off_by(P, r, e)) {
		f->problems_closed += ysh_day_at(P->t, r, P->closed_on, &closed) && closed >= first;
		return;
	}
	f->problems_open++;
	f->problems_overdue += ysh_day_at(P->t, r, P->deadline, &due) && due < e;
}

static ysh_day min_day(ysh_day a, ysh_day b)
{
	return a < b ? a : b;
}

static const char *const phase_extra_keys[] = {"first", "last"};
static const char *const phase_extra_labels[] = {"开始日期", "结束日期"};

static void emit_phases(struct ysh_tally *M, struct ysh_doc *d, ysh_day cfirst)
{
	const struct ysh_supervision *s = M->L->cfg->sup;
	const struct ysh_cols_problems *P = &M->L->cols.problems;
	ysh_doc_heading(d, 2, _("分阶段情况"));
	struct ysh_doc_table *t = ysh_figures_table(d, "phases", YSH_FIGS_CAMPAIGN, _("阶段"), NCOLS(phase_extra_keys),
						    phase_extra_keys, phase_extra_labels, NULL);
	ysh_figures_table_key(d, t, "phase");
	for (size_t k = 0; k < s->nphases; k++) {
		const struct ysh_phase *ph = &s->phases[k];
		struct ysh_figures f = {0};
		ysh_day e = min_day(ph->last, M->m.last);
		for (size_t i = 0; P->t && e >= ph->first && i < P->t->nrec; i++)
			if (!ysh_rec_voided(P->t, &P->t->recs[i]))
				count_problem(P, &P->t->recs[i], cfirst, ph->first, e, &f);
		const char *extra[] = {ysh_doc_day(d, ph->first), ysh_doc_day(d, ph->last)};
		ysh_figures_row(d, t, YSH_FIGS_CAMPAIGN, ph->name, &f, extra);
	}
}

static const char *const line_extra_keys[] = {"domain", "leader", "office"};
static const char *const line_extra_labels[] = {"领域", "牵头领导", "牵头科室"};

/* Each line's problems over the campaign so far; those handed to no line
 * apart, and the total. */
static void emit_lines(struct ysh_tally *M, struct ysh_doc *d, ysh_day cfirst, ysh_day clast)
{
	const struct ysh_supervision *s = M->L->cfg->sup;
	const struct ysh_cols_problems *P = &M->L->cols.problems;
	struct ysh_figures *f = ysh_xcalloc(s->nlines + 2, sizeof(*f));
	ysh_day e = min_day(clast, M->m.last);
	for (size_t i = 0; P->t && i < P->t->nrec; i++) {
		const struct ysh_rec *r = &P->t->recs[i];
		if (ysh_rec_voided(P->t, r))
			continue;
		const struct ysh_line *l = ysh_line_find(s, ysh_rec_at(P->t, r, P->line));
		count_problem(P, r, cfirst, cfirst, e, &f[l ? (size_t)(l - s->lines) : s->nlines]);
		count_problem(P, r, cfirst, cfirst, e, &f[s->nlines + 1]);
	}
	ysh_doc_heading(d, 2, _("分专线情况"));
	struct ysh_doc_table *t = ysh_figures_table(d, "lines", YSH_FIGS_CAMPAIGN, _("专线"), NCOLS(line_extra_keys),
						    line_extra_keys, line_extra_labels, NULL);
	ysh_figures_table_key(d, t, "line");
	for (size_t k = 0; k < s->nlines; k++) {
		const struct ysh_line *l = &s->lines[k];
		const char *extra[] = {l->domain, l->leader, l->office};
		ysh_figures_row(d, t, YSH_FIGS_CAMPAIGN, l->name, &f[k], extra);
	}
	const char *none[] = {"", "", ""};
	ysh_figures_row(d, t, YSH_FIGS_CAMPAIGN, _("未交办专线"), &f[s->nlines], none);
	ysh_figures_row(d, t, YSH_FIGS_CAMPAIGN, _("合计"), &f[s->nlines + 1], none);
	free(f);
}

static const char *const survey_keys[] = {"no", "id", "quarter", "unit", "conducted_on", "method", "sample", "satisfied", "basic", "dissatisfied", "rate"};
static const char *const survey_labels[] = {"序号", "编号", "季度", "组织单位", "测评日期", "测评方式", "样本数", "满意", "基本满意", "不满意", "满意率"};

/* The surveys of the quarter the period ends in (a month's report shows
 * its quarter's); of every quarter of a longer period (a year's report
 * shows all four, not Q4's alone).  The rate is counted here, not copied:
 * (满意 + 基本满意) / 样本数. */
static void emit_surveys(struct ysh_tally *M, struct ysh_doc *d)
{
	const struct ysh_cols_surveys *K = &M->L->cols.surveys;
	int want = ysh_quarter_of(M->m.last), from = ysh_quarter_of(M->m.first);
	if (from == want)
		ysh_doc_heading(d, 2, ysh_doc_printf(d, _("本季度满意度测评（%dQ%d）"), want / 4, want % 4 + 1));
	else
		ysh_doc_heading(d, 2, ysh_doc_printf(d, _("本期满意度测评（%dQ%d 至 %dQ%d）"), from / 4, from % 4 + 1,
						     want / 4, want % 4 + 1));
	struct ysh_doc_table *t = ysh_doc_table(d, "surveys", NULL, NCOLS(survey_keys), survey_keys, survey_labels);
	ysh_doc_types(t, "ntttttnnnnr");
	long no = 0;
	for (size_t i = 0; K->t && i < K->t->nrec; i++) {
		const struct ysh_rec *r = &K->t->recs[i];
		int q;
		long n, a, b;
		if (ysh_rec_voided(K->t, r) || !ysh_parse_quarter(ysh_rec_at(K->t, r, K->quarter), &q) || q < from ||
		    q > want)
			continue;
		bool ok = ysh_parse_integer(ysh_rec_at(K->t, r, K->sample), &n) &&
			  ysh_parse_integer(ysh_rec_at(K->t, r, K->satisfied), &a) &&
			  ysh_parse_integer(ysh_rec_at(K->t, r, K->basic), &b);
		const char *cells[NCOLS(survey_keys)] = {ysh_doc_num(d, ++no), ysh_rec_at(K->t, r, K->t->schema->id_col),
			ysh_rec_at(K->t, r, K->quarter), ysh_rec_at(K->t, r, K->unit), ysh_rec_at(K->t, r, K->conducted_on),
			ysh_rec_at(K->t, r, K->method), ysh_rec_at(K->t, r, K->sample), ysh_rec_at(K->t, r, K->satisfied),
			ysh_rec_at(K->t, r, K->basic), ysh_rec_at(K->t, r, K->dissatisfied),
			ok ? ysh_doc_rate(d, a + b, n) : ""};
		ysh_doc_row(d, t, cells);
	}
}

static const char *const case_keys[] = {"no", "id", "month", "unit", "kind", "title", "published_in", "published_on"};
static const char *const case_labels[] = {"序号", "编号", "月份", "报送单位", "类型", "标题", "发布平台", "发布日期"};

/* The typical cases of the months the period ends, as consecutive periods
 * share them out: those after the month of the day before the period up to
 * the month it ends in.  A month's report (cut at the 20th or not) has its
 * month; a quarter's its three, not the last alone. */
static void emit_cases(struct ysh_tally *M, struct ysh_doc *d)
{
	const struct ysh_cols_cases *K = &M->L->cols.cases;
	int want = ysh_month_of(M->m.last), from = ysh_month_of(M->m.first - 1) + 1;
	char month[8], first[8];
	ysh_format_month(want, month);
	ysh_format_month(from, first);
	if (from >= want)
		ysh_doc_heading(d, 2, ysh_doc_printf(d, _("本月典型案例（%s）"), month));
	else
		ysh_doc_heading(d, 2, ysh_doc_printf(d, _("本期典型案例（%s 至 %s）"), first, month));
	struct ysh_doc_table *t = ysh_doc_table(d, "cases", NULL, NCOLS(case_keys), case_keys, case_labels);
	ysh_doc_types(t, "n");
	long no = 0;
	for (size_t i = 0; K->t && i < K->t->nrec; i++) {
		const struct ysh_rec *r = &K->t->recs[i];
		int m;
		if (ysh_rec_voided(K->t, r) || !ysh_parse_month(ysh_rec_at(K->t, r, K->month), &m) || m < from || m > want)
			continue;
		const char *cells[NCOLS(case_keys)] = {ysh_doc_num(d, ++no), ysh_rec_at(K->t, r, K->t->schema->id_col),
			ysh_rec_at(K->t, r, K->month), ysh_rec_at(K->t, r, K->unit), ysh_rec_at(K->t, r, K->kind),
			ysh_rec_at(K->t, r, K->title), ysh_rec_at(K->t, r, K->published_in), ysh_rec_at(K->t, r, K->published_on)};
		ysh_doc_row(d, t, cells);
	}
}

void ysh_build_campaign(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d)
{
	const struct ysh_config *cfg = M->L->cfg;
	ysh_day first, last;
	ysh_campaign_span(cfg->sup, &first, &last);
	ysh_doc_heading(d, 1, ysh_doc_printf(d, _("%s %s %s 进展情况"), cfg->county, cfg->sup->campaign,
					     ysh_report_label(d, M, o)));
	ysh_report_preamble(d, M, o);
	ysh_doc_line(d, ysh_doc_printf(d, _("行动期间：%s 至 %s；截至 %s"), ysh_doc_day(d, first), ysh_doc_day(d, last),
				       ysh_doc_day(d, min_day(last, M->m.last))));
	emit_phases(M, d, first);
	emit_lines(M, d, first, last);
	emit_surveys(M, d);
	emit_cases(M, d);
}

/* ==== the unit report by line (交办工作专线) ==== */

static const char *const line_prob_keys[] = {"no", "id", "unit", "found_on", "item", "description", "target", "measure", "deadline", "status", "closed_on"};
static const char *const line_prob_labels[] = {"序号", "编号", "单位", "发现日期", "事项名称", "问题描述", "整改目标", "整改措施", "完成时限", "状态", "销号日期"};

/* The problems of line l (NULL: of no line) worked on in the period. */
static void emit_line_problems(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d,
			       const struct ysh_line *l)
{
	const struct ysh_cols_problems *P = &M->L->cols.problems;
	const struct ysh_supervision *s = M->L->cfg->sup;
	struct ysh_doc_table *t = ysh_doc_table(d, "problems", NULL, NCOLS(line_prob_keys), line_prob_keys, line_prob_labels);
	ysh_doc_types(t, "n");
	t->lead = l ? l->name : NULL;
	long no = 0;
	struct ysh_arena far = {0}; /* a row's long texts, read back until it is copied */
	for (size_t i = 0; P->t && i < P->t->nrec; i++) {
		const struct ysh_rec *r = &P->t->recs[i];
		const struct ysh_line *of = ysh_line_find(s, ysh_rec_at(P->t, r, P->line));
		ysh_day found;
		if (ysh_rec_voided(P->t, r) || of != l || !unit_matches_opt(ysh_rec_at(P->t, r, P->unit), o->unit) ||
		    !ysh_day_at(P->t, r, P->found_on, &found) || found > M->m.last ||
		    ysh_struck_off_by(P, r, M->m.first - 1))
			continue;
		const char *cells[NCOLS(line_prob_keys)] = {ysh_doc_num(d, ++no), ysh_rec_at(P->t, r, P->t->schema->id_col),
			ysh_rec_at(P->t, r, P->unit), ysh_rec_at(P->t, r, P->found_on), ysh_rec_at(P->t, r, P->item),
			ysh_rec_at_in(P->t, r, P->description, &far), ysh_rec_at(P->t, r, P->target),
			ysh_rec_at_in(P->t, r, P->measure, &far), ysh_rec_at(P->t, r, P->deadline), ysh_rec_at(P->t, r, P->status),
			ysh_rec_at(P->t, r, P->closed_on)};
		ysh_doc_row(d, t, cells); /* copied */
		ysh_arena_clear(&far);
	}
	ysh_arena_free(&far);
}

void ysh_build_unit_by_line(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d)
{
	const struct ysh_config *cfg = M->L->cfg;
	const struct ysh_supervision *s = cfg->sup;
	ysh_doc_heading(d, 1, ysh_doc_printf(d, _("%s %s 单位报告（按交办专线）"), cfg->county, ysh_report_label(d, M, o)));
	ysh_report_preamble(d, M, o);
	for (size_t k = 0; k < s->nlines; k++) {
		const struct ysh_line *l = &s->lines[k];
		ysh_doc_heading(d, 2, ysh_doc_printf(d, _("专线：%s（牵头领导：%s；牵头科室：%s）"), l->name,
						     l->leader ? l->leader : "", l->office));
		emit_line_problems(M, o, d, l);
	}
	ysh_doc_heading(d, 2, _("未交办专线的问题"));
	emit_line_problems(M, o, d, NULL);
}
