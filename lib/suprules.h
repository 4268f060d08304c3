/*
 * suprules.h - the rules of supervision (issue 14): tasks and their
 * deadlines, a campaign's phases and lines, the quarterly survey and the
 * monthly typical cases.  They sit in rules.c's table like every other
 * rule; the facts about them (code, severity, when) are in ruleids.h.
 */
#ifndef YSH_SUPRULES_H
#define YSH_SUPRULES_H

#include <stdbool.h>

#include "ledger.h"

/* record rules */
void ysh_rule_task_dates(const struct ysh_row *r);
void ysh_rule_task_overdue(const struct ysh_row *r);
void ysh_rule_task_filing_missing(const struct ysh_row *r);
void ysh_rule_line_unknown(const struct ysh_row *r);
void ysh_rule_target_missing(const struct ysh_row *r);
void ysh_rule_phase_late(const struct ysh_row *r);
void ysh_rule_period_format(const struct ysh_row *r);
void ysh_rule_survey_counts(const struct ysh_row *r);
/* ledger rules */
void ysh_rule_survey_missing(struct ysh_ledgers *L);
void ysh_rule_case_missing(struct ysh_ledgers *L);

/* A task's deadline: its deadline column, else its words by [deadlines]. */
bool ysh_task_deadline(const struct ysh_ledgers *L, const char *const *cells, ysh_day *out);
/* Whether a task's status is its lifecycle's last (已完成). */
bool ysh_task_done(const struct ysh_ledgers *L, const char *const *cells);
/* "2018Q2" as a quarter number (year * 4 + q - 1). */
bool ysh_parse_quarter(const char *s, int *quarter);
int ysh_quarter_of(ysh_day d);
/* The quarter's first and last day. */
void ysh_quarter_span(int quarter, ysh_day *first, ysh_day *last);

#endif
