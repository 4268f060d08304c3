/* tally.c - one pass over the ledgers for a report's period (tally.h). */
#include "tally.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "rules.h"

static struct ysh_span period_span(const struct ysh_config *cfg, int month)
{
	struct ysh_span s;
	ysh_config_period(cfg, month, &s.first, &s.last);
	return s;
}

bool ysh_in_span(struct ysh_span s, ysh_day d)
{
	return d >= s.first && d <= s.last;
}

static size_t count_items(const char *list)
{
	struct ysh_items it;
	ysh_items_split(&it, list);
	size_t n = it.n;
	ysh_items_free(&it);
	return n;
}

/* ==== lead offices ==== */

static struct ysh_leads lead_offices(const struct ysh_config *cfg)
{
	struct ysh_leads l = {ysh_xcalloc(cfg->nleads ? cfg->nleads : 1, sizeof(char *)), 0};
	for (size_t i = 0; i < cfg->nleads; i++) {
		size_t k;
		for (k = 0; k < l.n; k++)
			if (!strcmp(l.office[k], cfg->leads[i].val))
				break;
		if (k == l.n)
			l.office[l.n++] = cfg->leads[i].val;
	}
	return l;
}

/* ==== one pass over the ledgers for a month ==== */

void ysh_picks_add(struct ysh_picks *p, size_t i)
{
	if (i >= UINT32_MAX)
		abort(); /* records are counted in 32 bits (cells.h) */
	p->v = ysh_grow(p->v, &p->cap, p->n + 1, sizeof(*p->v));
	p->v[p->n++] = (uint32_t)i;
}

/* A record as the sorts compare it: its cells looked up once each, not
 * at every comparison (each lookup is a cache miss or two in a large
 * ledger). */
struct sort_key {
	const char *by, *id;
	uint32_t rec;
};

static int cmp_keys(const void *x, const void *y)
{
	const struct sort_key *a = x, *b = y;
	int c = a->by == b->by ? 0 : strcmp(a->by, b->by); /* a coded column's equal values: one string */
	return c ? c : strcmp(a->id, b->id);
}

/* v[0..n), records of t, in order of column col, then id. */
static void sort_records(const struct ysh_table *t, int col, uint32_t *v, size_t n)
{
	if (n < 2)
		return;
	struct sort_key *k = ysh_xmalloc(n * sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		const struct ysh_rec *r = &t->recs[v[i]];
		k[i] = (struct sort_key){ysh_rec_at(t, r, col), ysh_rec_cell(t, r, t->schema->id_col), v[i]};
	}
	qsort(k, n, sizeof(*k), cmp_keys);
	for (size_t i = 0; i < n; i++)
		v[i] = k[i].rec;
	free(k);
}

void ysh_picks_sort(struct ysh_picks *p)
{
	sort_records(p->t, p->col, p->v, p->n);
}

struct ysh_figures *ysh_tally_fig(struct ysh_tally *M, size_t li, size_t ui)
{
	return &M->fig[li * (M->nu + 1) + ui];
}

size_t ysh_tally_lead(const struct ysh_tally *M, const char *kind)
{
	const char *office = ysh_config_lead(M->L->cfg, kind);
	for (size_t i = 0; office && i < M->leads.n; i++)
		if (!strcmp(M->leads.office[i], office))
			return i;
	return M->leads.n;
}

size_t ysh_unit_index(const struct ysh_config *c, const char *unit)
{
	const struct ysh_unit *u = ysh_config_unit(c, unit);
	return u ? (size_t)(u - c->units) : c->nunits;
}

size_t ysh_tally_unit(const struct ysh_tally *M, const char *unit)
{
	return ysh_unit_index(M->L->cfg, unit);
}

/*
 * The unit and the lead of a ledger's cell, looked up once per string:
 * a cell's string is its table's, at one address for as long as the
 * table, and a column of units or kinds repeats a few of them record
 * after record, each of which a name's map (and the leads' list, strcmp
 * by strcmp) was asked again.  Keyed by the address, so only for what
 * ysh_rec_at gives, never a string that is let go or reused.
 */
enum { MEMO_BITS = 8 };

struct ysh_tally_memo {
	struct memo_slot {
		const char *s;
		size_t ix;
	} unit[1 << MEMO_BITS], lead[1 << MEMO_BITS];
};

/* look(M, s) for cell string s, from v when it was asked before (NULL is
 * never kept: an empty slot holds it). */
static size_t memo_look(const struct ysh_tally *M, struct memo_slot *v, const char *s,
			size_t (*look)(const struct ysh_tally *, const char *))
{
	if (!s)
		return look(M, s);
	struct memo_slot *e = &v[ysh_ptr_slot(s, MEMO_BITS)];
	if (e->s != s) {
		e->s = s;
		e->ix = look(M, s);
	}
	return e->ix;
}

static size_t unit_of_cell(const struct ysh_tally *M, const char *s)
{
	return memo_look(M, M->memo->unit, s, ysh_tally_unit);
}

static size_t lead_of_cell(const struct ysh_tally *M, const char *s)
{
	return memo_look(M, M->memo->lead, s, ysh_tally_lead);
}

/* One count of 处投诉 for the roster report and the roster-missed rule, so
 * that the report never says a unit on the roster did its duty while the
 * check says it did not (or the other way round). */
long *ysh_tally_duties(const struct ysh_ledgers *L, struct ysh_span s)
{
	const struct ysh_cols_activities *A = &L->cols.activities;
	long *n = ysh_xcalloc(L->cfg->nunits + 1, sizeof(*n));
	for (size_t i = 0; A->t && i < A->t->nrec; i++) {
		const struct ysh_rec *a = &A->t->recs[i];
		ysh_day day;
		if (!ysh_rec_voided(A->t, a) && !strcmp(ysh_rec_at(A->t, a, A->kind), "处投诉") &&
		    ysh_day_at(A->t, a, A->date, &day) && ysh_in_span(s, day))
			n[ysh_unit_index(L->cfg, ysh_rec_at(A->t, a, A->unit))]++;
	}
	return n;
}

/* The cells a record counts in: its own (lead, unit), its lead's total, its
 * unit's all-kinds cell and the county's; fewer when the lead or the unit is
 * already "all".  Returns how many indexes into M->fig it wrote. */
static size_t cells_of(const struct ysh_tally *M, size_t li, size_t ui, size_t out[4])
{
	size_t n = 0;
	for (int a = li == M->leads.n; a < 2; a++)
		for (int b = ui == M->nu; b < 2; b++)
			out[n++] = (a ? M->leads.n : li) * (M->nu + 1) + (b ? M->nu : ui);
	return n;
}

/* A voided record counts only as voided (in the cells it would have
 * counted in); returns whether r is voided. */
static bool count_voided(struct ysh_tally *M, const struct ysh_table *t, const struct ysh_rec *r, const size_t *cells,
			 size_t nc)
{
	if (!ysh_rec_voided(t, r))
		return false;
	for (size_t k = 0; k < nc; k++)
		M->fig[cells[k]].voided++;
	return true;
}

/* Who took part: a figure cell's participants are the distinct (unit,
 * participant) pairs of the activities it counts.  The period's activities
 * are sorted by that pair (12 bytes each, no text copied), and each run of
 * one pair counts once in every cell its activities count in. */
/* An activity of the period, for counting who took part: its unit and
 * participant compared by their hashes first, so that the sort reads
 * their text only for a pair alike (one pair, or two that collide). */
struct took_part {
	uint32_t rec, li, ui;
	uint32_t unit_hash, who_hash;
	const char *unit, *who;
};

static int cmp_took_part(const void *x, const void *y)
{
	const struct took_part *a = x, *b = y;
	if (a->unit_hash != b->unit_hash)
		return a->unit_hash < b->unit_hash ? -1 : 1;
	if (a->who_hash != b->who_hash)
		return a->who_hash < b->who_hash ? -1 : 1;
	int c = strcmp(a->unit, b->unit);
	return c ? c : strcmp(a->who, b->who);
}

/* Each (unit, participant) counted once in every figure cell it falls in:
 * the pairs sorted so that a pair's activities come together, in an
 * order of no meaning. */
static void count_participants(struct ysh_tally *M, struct took_part *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_took_part);
	/* run[cell]: the last run counted in it (runs from 1) */
	uint32_t *run = ysh_xcalloc((M->leads.n + 1) * (M->nu + 1), sizeof(*run));
	uint32_t r = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || cmp_took_part(&v[i - 1], &v[i]))
			r++;
		size_t cells[4], nc = cells_of(M, v[i].li, v[i].ui, cells);
		for (size_t k = 0; k < nc; k++)
			if (run[cells[k]] != r) {
				run[cells[k]] = r;
				M->fig[cells[k]].participants++;
			}
	}
	free(run);
}

static void index_activities(struct ysh_tally *M)
{
	const struct ysh_cols *K = &M->L->cols;
	const struct ysh_table *a = K->activities.t;
	struct took_part *took = NULL;
	size_t ntook = 0, captook = 0;
	if (a && a->nrec >= UINT32_MAX)
		abort(); /* records are counted in 32 bits (cells.h) */
	for (size_t i = 0; a && i < a->nrec; i++) {
		const struct ysh_rec *r = &a->recs[i];
		ysh_day d;
		if (!ysh_day_at(K->activities.t, r, K->activities.date, &d) || !ysh_in_span(M->m, d))
			continue;
		size_t li = lead_of_cell(M, ysh_rec_at(K->activities.t, r, K->activities.kind)), ui = unit_of_cell(M, ysh_rec_at(K->activities.t, r, K->activities.unit));
		size_t cells[4], nc = cells_of(M, li, ui, cells);
		if (count_voided(M, a, r, cells, nc))
			continue;
		long items = (long)count_items(ysh_rec_at(K->activities.t, r, K->activities.items));
		for (size_t k = 0; k < nc; k++) {
			struct ysh_figures *f = &M->fig[cells[k]];
			f->activities++;
			f->items += items;
		}
		took = ysh_grow(took, &captook, ntook + 1, sizeof(*took));
		const char *unit = ysh_rec_at(a, r, K->activities.unit), *who = ysh_rec_at(a, r, K->activities.participant);
		took[ntook++] = (struct took_part){(uint32_t)i, (uint32_t)li, (uint32_t)ui, ysh_hash_str(unit),
						   ysh_hash_str(who), unit, who};
		if (li < M->leads.n && ui < M->nu)
			ysh_picks_add(&M->acts[li * M->nu + ui], i);
	}
	count_participants(M, took, ntook);
	free(took);
	for (size_t k = 0; k < M->leads.n * M->nu; k++) {
		M->acts[k].t = a;
		M->acts[k].col = K->activities.date;
		ysh_picks_sort(&M->acts[k]);
	}
}

/* The callback records of each activity record laid out as cb_at and
 * cb_of say (owner[i]: callback i's activity, or UINT32_MAX), each
 * activity's by date, then id. */
static void list_callbacks(struct ysh_tally *M, const uint32_t *owner, const struct ysh_table *a,
			   const struct ysh_table *c)
{
	M->cb_at = ysh_xcalloc(a->nrec + 2, sizeof(*M->cb_at));
	for (size_t i = 0; i < c->nrec; i++)
		if (owner[i] != UINT32_MAX)
			M->cb_at[owner[i] + 2]++;
	for (size_t k = 2; k < a->nrec + 2; k++)
		M->cb_at[k] += M->cb_at[k - 1];
	M->cb_of = ysh_xmalloc((M->cb_at[a->nrec + 1] ? M->cb_at[a->nrec + 1] : 1) * sizeof(*M->cb_of));
	/* cb_at[a + 1] runs from a's start to its end as its callbacks go in */
	for (size_t i = 0; i < c->nrec; i++)
		if (owner[i] != UINT32_MAX)
			M->cb_of[M->cb_at[owner[i] + 1]++] = (uint32_t)i;
	for (size_t k = 0; k < a->nrec; k++)
		sort_records(c, M->L->cols.callbacks.date, M->cb_of + M->cb_at[k], M->cb_at[k + 1] - M->cb_at[k]);
}

/* Whether the report lists each activity's callbacks: the unit report's
 * sections do; the others count them only, and need no lists. */
static bool lists_callbacks(const struct ysh_report_opts *o)
{
	return o->kind == YSH_REPORT_UNIT && !o->by_line;
}

static void index_callbacks(struct ysh_tally *M, const struct ysh_report_opts *o)
{
	const struct ysh_cols *K = &M->L->cols;
	const struct ysh_table *a = K->activities.t;
	const struct ysh_table *c = K->callbacks.t;
	if (!a || !c)
		return;
	if (a->nrec >= UINT32_MAX || c->nrec >= UINT32_MAX)
		abort(); /* records are counted in 32 bits (cells.h) */
	uint32_t *owner = ysh_xmalloc((c->nrec ? c->nrec : 1) * sizeof(*owner));
	for (size_t i = 0; i < c->nrec; i++) {
		const struct ysh_rec *r = &c->recs[i];
		size_t ai;
		owner[i] = UINT32_MAX;
		/* a callback of a voided activity belongs to no office */
		if (!ysh_rec_names(c, r, K->callbacks.activity, a, &ai) || ysh_rec_voided(a, &a->recs[ai]))
			continue;
		const struct ysh_rec *act = &a->recs[ai];
		ysh_day d;
		if (!ysh_day_at(K->callbacks.t, r, K->callbacks.date, &d) || !ysh_in_span(M->m, d)) {
			if (!ysh_rec_voided(c, r))
				owner[i] = (uint32_t)ai;
			continue;
		}
		size_t li = lead_of_cell(M, ysh_rec_at(K->activities.t, act, K->activities.kind)), ui = unit_of_cell(M, ysh_rec_at(K->activities.t, act, K->activities.unit));
		size_t cells[4], nc = cells_of(M, li, ui, cells);
		if (count_voided(M, c, r, cells, nc))
			continue;
		owner[i] = (uint32_t)ai;
		bool valid = ysh_parse_bool(ysh_rec_at(K->callbacks.t, r, K->callbacks.valid)) == 1;
		const char *s = ysh_rec_at(K->callbacks.t, r, K->callbacks.satisfaction);
		bool satisfied = valid && (!strcmp(s, "满意") || !strcmp(s, "基本满意"));
		for (size_t k = 0; k < nc; k++) {
			struct ysh_figures *f = &M->fig[cells[k]];
			f->callbacks++;
			f->callbacks_valid += valid;
			f->satisfied += satisfied;
		}
	}
	if (lists_callbacks(o))
		list_callbacks(M, owner, a, c);
	free(owner);
}

/* Adds one to a figure (a field of struct ysh_figures, by offset) in
 * every cell a record of (li, ui) counts in. */
static void bump(struct ysh_tally *M, size_t li, size_t ui, size_t field)
{
	size_t cells[4], nc = cells_of(M, li, ui, cells);
	for (size_t k = 0; k < nc; k++)
		(*(long *)((char *)&M->fig[cells[k]] + field))++;
}

#define FIG(name) offsetof(struct ysh_figures, name)

/* Whether a problem was struck off by day d: closed_on by then, and not
 * reopened since by a look-back that found it back (反弹) after the
 * closure, by then.  The state keeps the closure of before a rebound, so
 * the periods before it still see the problem struck off. */
bool ysh_struck_off_by(const struct ysh_cols_problems *P, const struct ysh_rec *r, ysh_day d)
{
	return ysh_struck_off_cells(ysh_rec_at(P->t, r, P->closed_on), ysh_rec_at(P->t, r, P->reviewed_on),
				    ysh_rec_reopens(P->t, r), d);
}

bool ysh_struck_off_cells(const char *closed_on, const char *reviewed_on, bool reopens, ysh_day d)
{
	ysh_day closed, reviewed;
	if (!ysh_parse_date(closed_on, &closed) || closed > d)
		return false;
	return !(reopens && ysh_parse_date(reviewed_on, &reviewed) && reviewed >= closed && reviewed <= d);
}

/* The unit (index) a problem belonged to on day d: hand-overs (转交) pass it
 * from unit to unit. */
size_t ysh_tally_owner(const struct ysh_tally *M, const struct ysh_table *p, size_t i, ysh_day d)
{
	return ysh_tally_unit(M, ysh_rec_owner(p, i, d));
}

/* One live problem's figures: each event (found, struck off, looked back
 * at) counts for the unit the problem belonged to on its day; what is open
 * at the period's end, for the unit it belongs to then. */
static void count_problem(struct ysh_tally *M, const struct ysh_table *p, size_t i, size_t li, ysh_day found)
{
	const struct ysh_cols *K = &M->L->cols;
	const struct ysh_rec *r = &p->recs[i];
	ysh_day last = M->m.last, closed, reviewed, deadline;
	if (ysh_in_span(M->m, found))
		bump(M, li, ysh_tally_owner(M, p, i, found), FIG(problems_found));
	if (ysh_day_at(K->problems.t, r, K->problems.closed_on, &closed) && ysh_in_span(M->m, closed))
		bump(M, li, ysh_tally_owner(M, p, i, closed), FIG(problems_closed));
	if (ysh_day_at(K->problems.t, r, K->problems.reviewed_on, &reviewed) && ysh_in_span(M->m, reviewed)) {
		size_t ui = ysh_tally_owner(M, p, i, reviewed);
		bump(M, li, ui, FIG(problems_reviewed));
		if (ysh_rec_reopens(p, r))
			bump(M, li, ui, FIG(problems_rebounded));
	}
	if (found > last)
		return;
	size_t ui = ysh_tally_owner(M, p, i, last);
	bump(M, li, ui, FIG(found_by_end));
	if (ysh_struck_off_by(&K->problems, r, last)) {
		bump(M, li, ui, FIG(closed_by_end));
		return;
	}
	bump(M, li, ui, FIG(problems_open));
	if (ysh_day_at(K->problems.t, r, K->problems.deadline, &deadline) && deadline < last)
		bump(M, li, ui, FIG(problems_overdue));
}

/* A problem belongs to the office that leads its source; other sources
 * count in the county's totals (and the units' all-kinds cells) only.  It
 * is listed for the unit that found it and, when handed over, for the unit
 * it belongs to at the period's end. */
static void index_problems(struct ysh_tally *M)
{
	const struct ysh_cols *K = &M->L->cols;
	const struct ysh_table *p = K->problems.t;
	for (size_t i = 0; p && i < p->nrec; i++) {
		const struct ysh_rec *r = &p->recs[i];
		ysh_day found;
		if (!ysh_day_at(K->problems.t, r, K->problems.found_on, &found))
			continue;
		size_t li = lead_of_cell(M, ysh_rec_at(K->problems.t, r, K->problems.source)), ui = unit_of_cell(M, ysh_rec_at(K->problems.t, r, K->problems.unit));
		if (ysh_rec_voided(p, r)) {
			size_t cells[4], nc = cells_of(M, li, ui, cells);
			if (ysh_in_span(M->m, found))
				count_voided(M, p, r, cells, nc);
			continue;
		}
		count_problem(M, p, i, li, found);
		size_t at_found = ysh_tally_owner(M, p, i, found), at_end = ysh_tally_owner(M, p, i, M->m.last);
		if (at_found < M->nu)
			ysh_picks_add(&M->probs[li * M->nu + at_found], i);
		if (at_end < M->nu && at_end != at_found)
			ysh_picks_add(&M->probs[li * M->nu + at_end], i);
	}
	for (size_t k = 0; k < (M->leads.n + 1) * M->nu; k++) {
		M->probs[k].t = p;
		M->probs[k].col = K->problems.found_on;
		ysh_picks_sort(&M->probs[k]);
	}
}

static bool filing_unapproved(const struct ysh_cols_filings *F, const struct ysh_rec *r, ysh_day planned)
{
	ysh_day approved;
	return !*ysh_rec_at(F->t, r, F->approved_by) || !ysh_day_at(F->t, r, F->approved_on, &approved) || approved > planned;
}

/* The same judgement as filing-late: a filing is filed when it is recorded. */
bool ysh_tally_filing_on_time(struct ysh_ledgers *L, const struct ysh_rec *r, ysh_day planned)
{
	const struct ysh_cols *K = &L->cols;
	ysh_day filed;
	return ysh_day_at(K->filings.t, r, K->filings.filed_on, &filed) &&
	       ysh_filing_on_time(L->cfg, ysh_rec_at(K->filings.t, r, K->filings.kind), planned, filed, r->recorded, NULL);
}

/* Adds a record's figures of the group to its unit and to the county. */
static void add_to_unit(struct ysh_tally *M, size_t ui, const struct ysh_figures *one, unsigned group)
{
	ysh_figures_add(ysh_tally_fig(M, M->leads.n, M->nu), one, group);
	if (ui < M->nu)
		ysh_figures_add(ysh_tally_fig(M, M->leads.n, ui), one, group);
}

/* Filings belong to the county and to the filing unit: they are filed
 * with 营商办, not with a lead office (seed 002), so no office counts them. */
static void index_filings(struct ysh_tally *M)
{
	const struct ysh_cols *K = &M->L->cols;
	struct ysh_ledgers *L = M->L;
	const struct ysh_table *t = K->filings.t;
	for (size_t i = 0; t && i < t->nrec; i++) {
		const struct ysh_rec *r = &t->recs[i];
		ysh_day planned;
		int64_t fen = 0;
		if (!ysh_day_at(K->filings.t, r, K->filings.planned_on, &planned) || !ysh_in_span(M->m, planned))
			continue;
		size_t ui = unit_of_cell(M, ysh_rec_at(K->filings.t, r, K->filings.unit));
		if (ysh_rec_voided(t, r)) {
			struct ysh_figures v = {.voided = 1};
			add_to_unit(M, ui, &v, YSH_FIGS_FILINGS);
			continue;
		}
		struct ysh_figures one = {.filed = 1};
		one.on_time = ysh_tally_filing_on_time(L, r, planned);
		one.unapproved = filing_unapproved(&K->filings, r, planned);
		one.joint = *ysh_rec_at(K->filings.t, r, K->filings.joint) != '\0';
		one.not_punished = !strcmp(ysh_rec_at(K->filings.t, r, K->filings.outcome), "不予处罚");
		one.lightened = !strcmp(ysh_rec_at(K->filings.t, r, K->filings.outcome), "从轻减轻");
		if (ysh_parse_money(ysh_rec_at(K->filings.t, r, K->filings.fine_waived), &fen))
			one.fine_waived_fen = fen;
		add_to_unit(M, ui, &one, YSH_FIGS_FILINGS);
	}
}

bool ysh_complaint_open_at_end(const struct ysh_tally *M, const struct ysh_rec *r)
{
	const struct ysh_cols_complaints *K = &M->L->cols.complaints;
	ysh_day received, closed;
	if (ysh_rec_voided(K->t, r) || !ysh_day_at(K->t, r, K->received_on, &received) || received > M->m.last)
		return false;
	if (ysh_day_at(K->t, r, K->closed_on, &closed))
		return closed > M->m.last;
	return strcmp(ysh_rec_at(K->t, r, K->status), "已办结") != 0;
}

/* The complaints belong to the county and to the unit they are dispatched
 * to (承办单位), as filings do: no lead office counts them. */
static void count_complaint(struct ysh_tally *M, const struct ysh_rec *r, struct ysh_figures *one)
{
	const struct ysh_cols_complaints *K = &M->L->cols.complaints;
	ysh_day received, replied, closed, due;
	if (ysh_day_at(K->t, r, K->received_on, &received) && ysh_in_span(M->m, received)) {
		one->complaints_received = 1;
		one->complaints_returned = ysh_parse_bool(ysh_rec_at(K->t, r, K->returned)) == 1;
	}
	if (ysh_day_at(K->t, r, K->replied_on, &replied) && ysh_in_span(M->m, replied)) {
		const char *s = ysh_rec_at(K->t, r, K->satisfied);
		one->complaints_replied = 1;
		one->complaints_on_time = K->reply_due >= 0 &&
					  ysh_rec_due(M->L, K->t, r, (size_t)K->reply_due, &due) &&
					  replied <= due;
		one->complaints_satisfied = !strcmp(s, "满意") || !strcmp(s, "基本满意");
	}
	one->complaints_closed = ysh_day_at(K->t, r, K->closed_on, &closed) && ysh_in_span(M->m, closed);
	one->complaints_open = ysh_complaint_open_at_end(M, r);
}

static void index_complaints(struct ysh_tally *M)
{
	const struct ysh_cols_complaints *K = &M->L->cols.complaints;
	for (size_t i = 0; K->t && i < K->t->nrec; i++) {
		const struct ysh_rec *r = &K->t->recs[i];
		size_t ui = unit_of_cell(M, ysh_rec_at(K->t, r, K->unit));
		ysh_day received;
		if (ysh_rec_voided(K->t, r)) {
			struct ysh_figures v = {.voided = ysh_day_at(K->t, r, K->received_on, &received) && ysh_in_span(M->m, received)};
			add_to_unit(M, ui, &v, YSH_FIGS_COMPLAINTS);
			continue;
		}
		struct ysh_figures one = {0};
		count_complaint(M, r, &one);
		add_to_unit(M, ui, &one, YSH_FIGS_COMPLAINTS);
	}
}

ysh_day ysh_report_first_day(struct ysh_ledgers *L)
{
	ysh_day first = 0;
	for (size_t k = 0; k < L->ntables; k++) {
		const struct ysh_table *t = &L->tables[k];
		for (size_t c = 0; c < t->schema->ncols; c++) {
			if (t->schema->cols[c].type != YSH_T_DATE)
				continue;
			for (size_t i = 0; i < t->nrec; i++) {
				ysh_day d;
				if (ysh_parse_date(ysh_rec_cell(t, &t->recs[i], c), &d) && (!first || d < first))
					first = d;
			}
		}
	}
	return first;
}

/* The days a report covers: the period labelled o->month, or the range. */
static struct ysh_span report_span(struct ysh_ledgers *L, const struct ysh_report_opts *o)
{
	if (!o->to)
		return period_span(L->cfg, o->month);
	ysh_day first = o->from ? o->from : ysh_report_first_day(L);
	return (struct ysh_span){first && first <= o->to ? first : o->to, o->to};
}

/* Per unit, whether it fell short of monthly_min: in the period, or for a
 * range, in a calendar month wholly inside it (in the range itself when it
 * holds no whole month). */
static void index_missing(struct ysh_tally *M)
{
	const struct ysh_cols *K = &M->L->cols;
	const struct ysh_config *cfg = M->L->cfg;
	M->missing = ysh_xcalloc(M->nu + 1, sizeof(*M->missing));
	int m0 = ysh_month_of(M->m.first), m1 = ysh_month_of(M->m.last);
	m0 += M->m.first != ysh_month_first(m0);
	m1 -= M->m.last != ysh_month_last(m1);
	if (!M->range || m0 > m1) {
		for (size_t ui = 0; ui < M->nu; ui++)
			M->missing[ui] = ysh_tally_fig(M, M->leads.n, ui)->activities < cfg->rules.monthly_min;
		return;
	}
	size_t nm = (size_t)(m1 - m0 + 1);
	long *count = ysh_xcalloc(M->nu * nm + 1, sizeof(*count));
	const struct ysh_table *a = K->activities.t;
	for (size_t i = 0; a && i < a->nrec; i++) {
		ysh_day d;
		size_t ui = unit_of_cell(M, ysh_rec_at(K->activities.t, &a->recs[i], K->activities.unit));
		if (ui < M->nu && !ysh_rec_voided(a, &a->recs[i]) && ysh_day_at(K->activities.t, &a->recs[i], K->activities.date, &d) &&
		    ysh_month_of(d) >= m0 && ysh_month_of(d) <= m1)
			count[ui * nm + (size_t)(ysh_month_of(d) - m0)]++;
	}
	for (size_t ui = 0; ui < M->nu; ui++)
		for (size_t k = 0; k < nm; k++)
			M->missing[ui] |= count[ui * nm + k] < cfg->rules.monthly_min;
	free(count);
}

void ysh_tally_init(struct ysh_tally *M, struct ysh_ledgers *L, const struct ysh_report_opts *o)
{
	memset(M, 0, sizeof(*M));
	M->L = L;
	M->m = report_span(L, o);
	M->range = o->to != 0;
	M->leads = lead_offices(L->cfg);
	M->nu = L->cfg->nunits;
	M->fig = ysh_xcalloc((M->leads.n + 1) * (M->nu + 1), sizeof(*M->fig));
	M->acts = ysh_xcalloc(M->leads.n * M->nu + 1, sizeof(*M->acts));
	M->probs = ysh_xcalloc((M->leads.n + 1) * M->nu + 1, sizeof(*M->probs));
	M->memo = ysh_xcalloc(1, sizeof(*M->memo));
	index_activities(M);
	index_callbacks(M, o);
	index_problems(M);
	index_filings(M);
	index_complaints(M);
	index_missing(M);
}

void ysh_tally_free(struct ysh_tally *M)
{
	for (size_t k = 0; k < M->leads.n * M->nu; k++)
		free(M->acts[k].v);
	for (size_t k = 0; k < (M->leads.n + 1) * M->nu; k++)
		free(M->probs[k].v);
	free(M->cb_at);
	free(M->cb_of);
	free(M->missing);
	free(M->acts);
	free(M->probs);
	free(M->fig);
	free(M->leads.office);
	free(M->memo);
}

long ysh_tally_activities(struct ysh_tally *M, size_t ui)
{
	return ysh_tally_fig(M, M->leads.n, ui)->activities;
}

/* Short of monthly_min in the period (index_missing). */
bool ysh_tally_missing(const struct ysh_tally *M, size_t ui)
{
	return M->missing[ui];
}
