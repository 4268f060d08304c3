/*
 * tally.h - everything a report needs about one period, gathered in one
 * pass over each ledger: the figures of every (lead office, unit) pair,
 * with "all" rows and columns, and the records of each unit in report
 * order.  The report builders then only look things up, so their cost
 * stays linear in the ledgers.
 */
#ifndef YSH_TALLY_H
#define YSH_TALLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "report.h"

struct ysh_span {
	ysh_day first, last;
};

bool ysh_in_span(struct ysh_span s, ysh_day d);

/* Record indexes of a table, in date-then-id order once sorted by column col. */
struct ysh_picks {
	const struct ysh_table *t;
	int col;
	uint32_t *v;  /* record indexes: a table's records are counted in 32 bits (cells.h) */
	size_t n, cap;
};

void ysh_picks_add(struct ysh_picks *p, size_t i);
void ysh_picks_sort(struct ysh_picks *p);

/* The lead offices of [leads], each once, in their order. */
struct ysh_leads {
	const char **office;
	size_t n;
};

struct ysh_tally {
	struct ysh_ledgers *L;
	struct ysh_span m;
	struct ysh_leads leads;
	size_t nu;                /* units; index nu is "all units" */
	struct ysh_figures *fig;  /* (leads.n + 1) x (nu + 1); lead leads.n is "all kinds" */
	struct ysh_picks *acts;   /* leads.n x nu: the period's activities */
	struct ysh_picks *probs;  /* (leads.n + 1) x nu: problems; lead leads.n: sources no office leads */
	/* each activity record's callbacks, by date then id: those of
	 * activity a are the callback records cb_of[cb_at[a] .. cb_at[a + 1])
	 * (two arrays for the ledger, not a list per activity); NULL but
	 * for the unit report, which lists them */
	uint32_t *cb_at, *cb_of;
	bool *missing;            /* per unit: short of monthly_min */
	bool range;               /* any range, not one report period */
	struct ysh_tally_memo *memo; /* tally.c: the unit and lead of cells seen */
};

/* Activity record a's callbacks (*v, the count returned), as cb_of says. */
static inline size_t ysh_tally_callbacks(const struct ysh_tally *M, size_t a, const uint32_t **v)
{
	if (!M->cb_at) {
		*v = NULL;
		return 0;
	}
	*v = M->cb_of + M->cb_at[a];
	return M->cb_at[a + 1] - M->cb_at[a];
}

void ysh_tally_init(struct ysh_tally *M, struct ysh_ledgers *L, const struct ysh_report_opts *o);
void ysh_tally_free(struct ysh_tally *M);

/* The figures of lead li (leads.n: all kinds) and unit ui (nu: all units). */
struct ysh_figures *ysh_tally_fig(struct ysh_tally *M, size_t li, size_t ui);
/* The index of the office leading kind (leads.n: none), of a unit (nu: none). */
size_t ysh_tally_lead(const struct ysh_tally *M, const char *kind);
size_t ysh_tally_unit(const struct ysh_tally *M, const char *unit);
/* The index of a unit in [units] of c (c->nunits: not listed). */
size_t ysh_unit_index(const struct ysh_config *c, const char *unit);
/* Live 处投诉 activities dated in span s, per unit index (ysh_unit_index:
 * index nunits counts those of units not listed); the caller frees. */
long *ysh_tally_duties(const struct ysh_ledgers *L, struct ysh_span s);
/* The unit (index) problem i belonged to on day d (hand-overs, 转交). */
size_t ysh_tally_owner(const struct ysh_tally *M, const struct ysh_table *p, size_t i, ysh_day d);
/* A unit's activities of every kind in the period. */
long ysh_tally_activities(struct ysh_tally *M, size_t ui);
/* Short of monthly_min in the period (or in a whole month of a range). */
bool ysh_tally_missing(const struct ysh_tally *M, size_t ui);

/* Whether a problem was struck off by day d and not reopened since. */
bool ysh_struck_off_by(const struct ysh_cols_problems *P, const struct ysh_rec *r, ysh_day d);
/* The same from the cells that say it: a row's, not yet folded. */
bool ysh_struck_off_cells(const char *closed_on, const char *reviewed_on, bool reopens, ysh_day d);
/* A live complaint received by the period's end and not closed by then: no
 * closing date and not 已办结, or a closing date after it. */
bool ysh_complaint_open_at_end(const struct ysh_tally *M, const struct ysh_rec *r);
/* The same judgement as filing-late: a filing is filed when it is recorded. */
bool ysh_tally_filing_on_time(struct ysh_ledgers *L, const struct ysh_rec *r, ysh_day planned);

#endif
