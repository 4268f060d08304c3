/*
 * figures.h - every figure of the reports, once: its key (JSON and the
 * csv/text tables' English name, as SPEC §7 names it), its Chinese label,
 * what it counts (a field of struct ysh_figures) and how it is shown (a
 * count, a rate of two counts, money).  The summary's and the filings'
 * tables and the summary's JSON all read this one table, so a new figure
 * is one row here and one field in struct ysh_figures.
 */
#ifndef YSH_FIGURES_H
#define YSH_FIGURES_H

#include <stddef.h>
#include <stdio.h>

#include "doc.h"
#include "report.h"

enum ysh_fig_kind { YSH_FIG_COUNT, YSH_FIG_RATE, YSH_FIG_MONEY };

/* Which tables a figure is in. */
enum {
	YSH_FIGS_WORK = 1,    /* activities, problems, callbacks: the lead offices' and the county's */
	YSH_FIGS_FILINGS = 2, /* enterprise inspections: the county's and the filing unit's */
	YSH_FIGS_COMPLAINTS = 4, /* complaints and work orders: the county's and the unit's */
	YSH_FIGS_TASKS = 8,   /* the tasks bulletin: per lead unit */
	YSH_FIGS_CAMPAIGN = 16, /* the campaign report: per phase and per line */
};

struct ysh_figure {
	const char *key;
	const char *label;
	enum ysh_fig_kind kind;
	size_t field; /* offsetof in struct ysh_figures: a long, an int64_t fen, a rate's numerator */
	size_t den;   /* a rate's denominator */
	unsigned group;
};

extern const struct ysh_figure ysh_figure_table[];
extern const size_t ysh_nfigures;

/* The value of a count figure (a rate's numerator). */
long ysh_figure_count(const struct ysh_figure *g, const struct ysh_figures *f);
/* A figure as a table cell: "12", a rate's fraction ("" with nothing to divide), "1200.50". */
const char *ysh_figure_cell(struct ysh_doc *d, const struct ysh_figure *g, const struct ysh_figures *f);
/* The figures of the groups as JSON members, "key":value,... (a rate is a
 * fraction with 4 decimals or null, money a number of yuan). */
void ysh_figures_json(FILE *out, const struct ysh_figures *f, unsigned groups);

/* A table whose columns are: the unit (labelled unit_label), the group's
 * figures, then nextra more columns (of doc.h's types, a letter each;
 * NULL: text), the columns' types set. */
struct ysh_doc_table *ysh_figures_table(struct ysh_doc *d, const char *name, unsigned group, const char *unit_label,
					size_t nextra, const char *const *extra_keys,
					const char *const *extra_labels, const char *extra_types);
/* The first column's JSON key when it names not a unit (a phase, a line):
 * a consumer reads "phase":"排查风险问题", not "unit". */
void ysh_figures_table_key(struct ysh_doc *d, struct ysh_doc_table *t, const char *key);
/* One row of such a table: the name, f's figures, the extra cells. */
void ysh_figures_row(struct ysh_doc *d, struct ysh_doc_table *t, unsigned group, const char *name,
		     const struct ysh_figures *f, const char *const *extra);
/* to += f for the group's counts and money, and for voided. */
void ysh_figures_add(struct ysh_figures *to, const struct ysh_figures *f, unsigned group);

#endif
