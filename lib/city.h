/*
 * city.h - a city's counties at once (issue 15, step 6): several ledger
 * directories opened and checked in parallel, a thread per core, each
 * county's structures owned by the thread that reads it; then used in the
 * order the directories were given, so that output never depends on which
 * thread finished first.  The city summary adds the counties' figures up.
 */
#ifndef YSH_CITY_H
#define YSH_CITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "figures.h"
#include "ledger.h"
#include "report.h"
#include "tally.h"

struct ysh_county {
	const char *dir;
	struct ysh_ledgers *L; /* NULL when it failed to load: err says why, naming the directory */
	char *err;
	/* its summary's figures, once tallied (YSH_CITY_SUMMARY) */
	bool tallied;
	struct ysh_figures fig;
	struct ysh_span m; /* the days they cover */
	bool range;
};

struct ysh_city {
	struct ysh_county *v;
	size_t n;
};

/* What a city's run does with each county. */
enum ysh_city_use {
	YSH_CITY_LOAD,     /* its profile and schemas, no ledger read (ysh_ledgers_load) */
	YSH_CITY_READ,     /* its ledgers read */
	YSH_CITY_CHECK,    /* read and checked (ysh_ledgers_finish_check) */
	YSH_CITY_FINDINGS, /* checked, then only its findings kept (ysh-check) */
	YSH_CITY_SUMMARY,  /* checked, its summary's figures tallied, then only
			    * its findings kept: the city's peak is the counties
			    * being read, not all of them (ysh-report summary) */
};

/* Opens every directory, in parallel, for `use`: 0, or -1 when any failed
 * to load (each failure's err set; the others opened all the same).
 * only/nonly as ysh_ledgers_open, for every county (use is not SUMMARY:
 * that needs the period, ysh_city_go). */
int ysh_city_open(struct ysh_city *c, const char *const *dirs, size_t n, const struct ysh_check_opts *opts,
		  char *const *only, size_t nonly, enum ysh_city_use use);
/* The counties of c, opened for YSH_CITY_LOAD, taken on to `use` (not
 * LOAD), in parallel: 0, or -1 as ysh_city_open.  The summary needs the
 * period first, and the period the counties' profiles. */
int ysh_city_go(struct ysh_city *c, enum ysh_city_use use, const struct ysh_report_opts *tally);
void ysh_city_free(struct ysh_city *c);

/* The report period every county agrees on: o->month set from today when
 * has_month is false and no range is given; -1 with *err when the counties'
 * periods are different days ([reports] period_end_day). */
int ysh_city_period(struct ysh_city *c, struct ysh_report_opts *o, bool has_month, ysh_day today, char **err);

/* Errors found in all the counties' ledgers. */
size_t ysh_city_errors(const struct ysh_city *c);

/* total = the sum of v[0..n), every figure of every group (rates by their
 * numerators and denominators), in order. */
void ysh_city_total(struct ysh_figures *total, const struct ysh_figures *v, size_t n);

/* ysh-report summary with several -C: a row per county (its county
 * figures) and the city's total, in o->format.  0, or -1 with *err. */
int ysh_city_summary_write(struct ysh_city *c, const struct ysh_report_opts *o, FILE *out, char **err);

#endif
