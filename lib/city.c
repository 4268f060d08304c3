/*
 * city.c - a city's counties at once: read in parallel, used in order.
 *
 * Each county is opened, read and checked by one worker thread, which owns
 * its struct ysh_ledgers until the workers are joined; nothing else is
 * shared but the read-only options and the index of the next county to
 * take.  Everything printed afterwards walks the counties in the order the
 * directories were given, so the bytes never depend on the threads.
 */
#include "city.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builders.h"
#include "csvpipe.h"
#include "doc.h"
#include "figures.h"
#include "finding.h"
#include "i18n.h"
#include "tally.h"
#include "xlsxdoc.h"

/* every figure a county's summary has, work, filings and complaints */
#define CITY_GROUPS (YSH_FIGS_WORK | YSH_FIGS_FILINGS | YSH_FIGS_COMPLAINTS)

struct pool {
	struct ysh_city *c;
	const struct ysh_check_opts *opts;
	char *const *only;
	size_t nonly;
	enum ysh_city_use use;
	const struct ysh_report_opts *tally; /* YSH_CITY_SUMMARY's period */
	atomic_size_t next;
};

/* A county's summary figures for the period of o, and their days. */
static void tally_county(struct ysh_county *k, const struct ysh_report_opts *o)
{
	struct ysh_tally M;
	ysh_tally_init(&M, k->L, o);
	k->fig = *ysh_tally_fig(&M, M.leads.n, M.nu);
	k->m = M.m;
	k->range = M.range;
	k->tallied = true;
	ysh_tally_free(&M);
}

struct county_tally {
	struct ysh_county *k;
	const struct ysh_report_opts *o;
};

static void tally_beside(void *arg)
{
	struct county_tally *ct = arg;
	tally_county(ct->k, ct->o);
}

static void open_county(struct pool *p, struct ysh_county *k)
{
	if (!k->L && !k->err)
		k->L = ysh_ledgers_load(k->dir, p->opts, &k->err);
	if (!k->L || p->use == YSH_CITY_LOAD)
		return;
	if (ysh_ledgers_read_whole(k->L, p->only, p->nonly, &k->err) != 0) {
		ysh_ledgers_free(k->L);
		k->L = NULL;
		return;
	}
	if (p->use == YSH_CITY_FINDINGS || p->use == YSH_CITY_SUMMARY)
		ysh_ledgers_drop_unnamed_ids(k->L); /* neither looks an id up */
	struct county_tally ct = {k, p->tally};
	if (p->use == YSH_CITY_SUMMARY) /* the figures only read the records: beside the rules */
		ysh_ledgers_finish_check_beside(k->L, tally_beside, &ct);
	else if (p->use != YSH_CITY_READ)
		ysh_ledgers_finish_check(k->L);
	/* only the findings (and figures) are used: a city holds each
	 * county's records only while it is read and judged */
	if (p->use == YSH_CITY_FINDINGS || p->use == YSH_CITY_SUMMARY)
		ysh_ledgers_drop_rows(k->L);
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->c->n;)
		open_county(p, &p->c->v[i]);
	return NULL;
}

/* As many threads as cores, never more than counties: a county is read
 * whole by one thread, so more threads would only hold more ledgers in
 * memory at once. */
static size_t nworkers(size_t n)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t w = cores > 0 ? (size_t)cores : 1;
	return w < n ? w : n;
}

static int run_pool(struct pool *p)
{
	struct ysh_city *c = p->c;
	atomic_init(&p->next, 0);
	size_t nw = nworkers(c->n);
	pthread_t *t = ysh_xcalloc(nw ? nw : 1, sizeof(*t));
	size_t started = 0;
	/* the calling thread works too; a thread that cannot start leaves its
	 * share to the others */
	while (started + 1 < nw && ysh_thread_spawn(&t[started], worker, p) == 0)
		started++;
	worker(p);
	for (size_t i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);
	int rc = 0;
	for (size_t i = 0; i < c->n; i++)
		rc |= c->v[i].L ? 0 : -1;
	return rc;
}

int ysh_city_open(struct ysh_city *c, const char *const *dirs, size_t n, const struct ysh_check_opts *opts,
		  char *const *only, size_t nonly, enum ysh_city_use use)
{
	c->n = n;
	c->v = ysh_xcalloc(n ? n : 1, sizeof(*c->v));
	for (size_t i = 0; i < n; i++)
		c->v[i].dir = dirs[i];
	/* the counties take the cores: each reads its ledgers in turn (the
	 * option is copied into each county's ledgers as they load) */
	struct ysh_check_opts in_turn = *opts;
	in_turn.tables_in_turn = n > 1;
	struct pool p = {.c = c, .opts = &in_turn, .only = only, .nonly = nonly, .use = use};
	return run_pool(&p);
}

int ysh_city_go(struct ysh_city *c, enum ysh_city_use use, const struct ysh_report_opts *tally)
{
	struct pool p = {.c = c, .use = use, .tally = tally};
	return run_pool(&p);
}

void ysh_city_free(struct ysh_city *c)
{
	for (size_t i = 0; i < c->n; i++) {
		if (c->v[i].L)
			ysh_ledgers_free(c->v[i].L);
		free(c->v[i].err);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

size_t ysh_city_errors(const struct ysh_city *c)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++)
		n += c->v[i].L ? c->v[i].L->findings.errors : 0;
	return n;
}

/* One label, one span of days: a city total of counties that cut their
 * months on different days ([reports] period_end_day) would add up
 * different days under one name. */
int ysh_city_period(struct ysh_city *c, struct ysh_report_opts *o, bool has_month, ysh_day today, char **err)
{
	if (o->to || !c->n)
		return 0; /* a range names its days itself */
	const struct ysh_config *c0 = c->v[0].L->cfg;
	int month = has_month ? o->month : ysh_config_last_period(c0, today);
	ysh_day first0, last0;
	ysh_config_period(c0, month, &first0, &last0);
	for (size_t i = 1; i < c->n; i++) {
		const struct ysh_config *ci = c->v[i].L->cfg;
		int m = has_month ? o->month : ysh_config_last_period(ci, today);
		ysh_day first, last;
		ysh_config_period(ci, m, &first, &last);
		if (m == month && first == first0 && last == last0)
			continue;
		char a[11], b[11], x[11], y[11];
		ysh_format_date(first0, a);
		ysh_format_date(last0, b);
		ysh_format_date(first, x);
		ysh_format_date(last, y);
		*err = ysh_xasprintf(_("the counties' periods differ: %s cuts its months at day %ld ([reports] period_end_day, "
				       "0: month end), a period from %s to %s; %s at day %ld, from %s to %s; "
				       "a city total needs the same days (give --from and --to)"),
				     c->v[0].dir, c0->period_end_day, a, b, c->v[i].dir, ci->period_end_day, x, y);
		return -1;
	}
	o->month = month;
	return 0;
}

void ysh_city_total(struct ysh_figures *total, const struct ysh_figures *v, size_t n)
{
	memset(total, 0, sizeof(*total));
	for (size_t i = 0; i < n; i++)
		ysh_figures_add(total, &v[i], CITY_GROUPS);
}

/* ---- the city summary ---- */

/* Each county's figures and span: its tally, kept no longer than needed. */
struct city_figs {
	struct ysh_figures *f; /* c->n, then the total */
	struct ysh_span m;     /* the days covered, all counties */
	bool range;
	const char *label;     /* in the document's arena */
};

static void gather(struct ysh_city *c, const struct ysh_report_opts *o, struct ysh_doc *d, struct city_figs *g)
{
	g->f = ysh_xcalloc(c->n + 1, sizeof(*g->f));
	for (size_t i = 0; i < c->n; i++) {
		struct ysh_county *k = &c->v[i];
		if (!k->tallied) /* opened for CHECK: tallied here */
			tally_county(k, o);
		g->f[i] = k->fig;
		if (!i || k->m.first < g->m.first)
			g->m.first = k->m.first;
		if (!i || k->m.last > g->m.last)
			g->m.last = k->m.last;
		g->range = k->range;
	}
	g->label = c->n ? ysh_report_label_of(d, c->v[0].m, c->v[0].range, o) : "";
	ysh_city_total(&g->f[c->n], g->f, c->n);
}

static const char *const extra_keys[] = {"ledger_errors"};
static const char *const extra_labels[] = {"台账错误"};

static void build_city(struct ysh_city *c, struct ysh_doc *d, const struct city_figs *g)
{
	ysh_doc_heading(d, 1, g->range ? ysh_doc_printf(d, _("全市 %s 工作汇总（%zu 个县区）"), g->label, c->n)
				       : ysh_doc_printf(d, _("全市 %s 月度工作汇总（%zu 个县区）"), g->label, c->n));
	ysh_doc_line(d, ysh_doc_printf(d, _("统计期间：%s 至 %s"), ysh_doc_day(d, g->m.first), ysh_doc_day(d, g->m.last)));
	size_t errors = ysh_city_errors(c);
	if (errors)
		ysh_doc_line(d, ysh_doc_printf(d, _("注意：所依据的台账有 %zu 处错误（ysh-check 逐条列出），本表只统计能读出的记录。"),
			     errors));
	ysh_doc_line(d, _("每个县区的明细见其本县的月度工作总结（ysh-report -C 该县目录 summary）。"));
	struct ysh_doc_table *t = ysh_figures_table(d, "counties", CITY_GROUPS, "县区", 1, extra_keys, extra_labels, "n");
	for (size_t i = 0; i < c->n; i++) {
		const char *extra[] = {ysh_doc_num(d, (long)c->v[i].L->findings.errors)};
		ysh_figures_row(d, t, CITY_GROUPS, c->v[i].L->cfg->county, &g->f[i], extra);
	}
	const char *extra[] = {ysh_doc_num(d, (long)errors)};
	ysh_figures_row(d, t, CITY_GROUPS, _("全市合计"), &g->f[c->n], extra);
}

static void write_city_json(struct ysh_city *c, const struct city_figs *g, FILE *out)
{
	char a[11], b[11];
	ysh_format_date(g->m.first, a);
	ysh_format_date(g->m.last, b);
	fputs("{\"report\":\"city-summary\"", out);
	ysh_json_month(out, g->range ? NULL : g->label);
	fprintf(out, ",\"period\":{\"from\":\"%s\",\"to\":\"%s\"},\"ledger_errors\":%zu,\"label\":", a, b,
		ysh_city_errors(c));
	ysh_json_string(out, g->label);
	fputs(",\"counties\":[", out);
	for (size_t i = 0; i < c->n; i++) {
		fputs(i ? ",\n{\"name\":" : "\n{\"name\":", out);
		ysh_json_string(out, c->v[i].L->cfg->county);
		fputs(",\"dir\":", out);
		ysh_json_string(out, c->v[i].dir);
		fprintf(out, ",\"ledger_errors\":%zu,", c->v[i].L->findings.errors);
		ysh_figures_json(out, &g->f[i], CITY_GROUPS);
		fputc('}', out);
	}
	fputs("\n],\"city\":{", out);
	ysh_figures_json(out, &g->f[c->n], CITY_GROUPS);
	fputs("}}\n", out);
}

int ysh_city_summary_write(struct ysh_city *c, const struct ysh_report_opts *o, FILE *out, char **err)
{
	struct ysh_doc d = {0};
	struct city_figs g = {0};
	gather(c, o, &d, &g);
	int rc = 0;
	if (o->format == YSH_FMT_JSON) {
		write_city_json(c, &g, out);
	} else {
		build_city(c, &d, &g);
		switch (o->format) {
		case YSH_FMT_TEXT: ysh_doc_render_text(out, &d); break;
		case YSH_FMT_MD: ysh_doc_render_md(out, &d); break;
		case YSH_FMT_CSV: ysh_doc_render_csv(out, &d, o->bom); break;
		case YSH_FMT_XLSX: {
			struct ysh_xlsx_doc_opts xo = {c->v[0].L->cfg, false, g.label, g.m.last};
			rc = ysh_doc_render_xlsx(out, &d, &xo, err);
			break;
		}
		case YSH_FMT_JSON: break;
		}
	}
	free(g.f);
	ysh_doc_free(&d);
	return rc;
}
