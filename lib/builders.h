/*
 * builders.h - what the report builders share (report.c and
 * complaints.c): the period's name and preamble, and the complaints'
 * reports and lines, built like the others from the tally.
 */
#ifndef YSH_BUILDERS_H
#define YSH_BUILDERS_H

#include <stdbool.h>

#include "doc.h"
#include "report.h"
#include "tally.h"

/* The report's name for what it covers: 2026-10, 2026Q3, 2026, first..last. */
const char *ysh_report_label(struct ysh_doc *d, const struct ysh_tally *M, const struct ysh_report_opts *o);
/* The same from a tally's days and whether they are a range. */
const char *ysh_report_label_of(struct ysh_doc *d, struct ysh_span m, bool range, const struct ysh_report_opts *o);
/* The period covered, and whether the ledgers it stands on have errors. */
void ysh_report_preamble(struct ysh_doc *d, const struct ysh_tally *M, const struct ysh_report_opts *o);

/* Whether the county keeps the complaints ledger (complaints.csv exists). */
bool ysh_complaints_kept(const struct ysh_ledgers *L);
/* The complaints' figures as the summary says them, with the county's
 * "协调解决 N 个" sentence. */
void ysh_complaint_lines(struct ysh_doc *d, const struct ysh_tally *M, const struct ysh_report_opts *o,
			 const struct ysh_figures *f);
/* ysh-report complaints: by channel, unit and category, and the open ones. */
void ysh_build_complaints(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d);
/* ysh-report roster: the units ranked by work orders received in the
 * month, next month's 处投诉 units, and the month's fixed roster kept. */
void ysh_build_roster(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d);

#endif
