/*
 * bulletin.h - the reports of supervision (issue 14): the monthly 进展通报
 * of the tasks (ysh-report tasks) and the campaign's progress by phase and
 * by line, with the quarter's survey and the month's typical cases
 * (ysh-report campaign).  Documents (doc.h) like the other reports; their
 * figures are rows of figures.h's table.
 */
#ifndef YSH_BULLETIN_H
#define YSH_BULLETIN_H

#include "doc.h"
#include "report.h"
#include "tally.h"

/* 0, or -1 with *err: the campaign report of a county without [campaign],
 * the unit report by line of one without [lines]. */
int ysh_bulletin_check(const struct ysh_ledgers *L, const struct ysh_report_opts *o, char **err);
void ysh_build_tasks(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d);
/* The unit report grouped by campaign line: each line's problems worked on
 * in the period (found by its end, not struck off before it), then those
 * handed to no line. */
void ysh_build_unit_by_line(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d);
void ysh_build_campaign(struct ysh_tally *M, const struct ysh_report_opts *o, struct ysh_doc *d);

#endif
