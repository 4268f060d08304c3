/*
 * rules.h - the rules of SPEC §5 as one table: code, severity, one line of
 * meaning, and the function that judges.  A rule judges at one of three
 * moments: a cell as it is read, a row once its cells are bound, or the
 * state once every ledger is read and folded.
 */
#ifndef YSH_RULES_H
#define YSH_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "value.h"

enum ysh_rule_id {
	YSH_R_CSV_SYNTAX,
	YSH_R_HEADER,
	YSH_R_FIELD_REQUIRED,
	YSH_R_FIELD_TYPE,
	YSH_R_FIELD_ENUM,
	YSH_R_UNIT_UNKNOWN,
	YSH_R_ID_DUPLICATE,
	YSH_R_REF_MISSING,
	YSH_R_DATE_FUTURE,
	YSH_R_STEPS_MIN,
	YSH_R_REPORT_LATE,
	YSH_R_CALLBACKS_MIN,
	YSH_R_CALLBACK_WINDOW,
	YSH_R_DEADLINE_MISSING,
	YSH_R_PROBLEM_OVERDUE,
	YSH_R_REVISION_CONFLICT,
	YSH_R_FILING_LATE,
	YSH_R_FILING_UNAPPROVED,
	YSH_R_CREDIT_CODE,
	YSH_R_MONTHLY_MISSING,
	YSH_R_WINDOW_MISSING,
	YSH_R_FORMULA_INJECTION,
	YSH_R_WRITE_INTERRUPTED,
	YSH_R_COUNT
};

struct ysh_ledgers;
struct ysh_table;

/* One data row on its way into a table. */
struct ysh_row {
	struct ysh_ledgers *L;
	struct ysh_table *t;
	size_t file;         /* findings file index: the ledger, or "<stdin>" */
	size_t line;
	bool system_trusted; /* system cells were set by ysh-add just now */
	const char **cells;  /* schema order, "" when empty or absent */
	const int *file_col; /* schema column -> 1-based file column, 0 absent */
	long revises;        /* index of the record this row revises, or -1 */
	const char *id;      /* "" when empty */
};

struct ysh_rule {
	const char *code;
	enum ysh_severity sev;
	const char *summary;
	/* at most one of these is set; csv-syntax and header have none: the
	 * reader and the binding produce them */
	void (*cell)(const struct ysh_row *r, size_t col);
	void (*row)(const struct ysh_row *r);
	void (*state)(struct ysh_ledgers *L);
};

extern const struct ysh_rule ysh_rules[YSH_R_COUNT];

int ysh_rule_index(const char *code);

struct ysh_check_opts {
	ysh_day today;
	bool has_range;
	int month_from, month_to; /* months (value.h) for monthly/window rules */
	bool enabled[YSH_R_COUNT];
};

/* Defaults: today from the clock, every rule on, no range. */
void ysh_check_opts_init(struct ysh_check_opts *o);

struct ysh_config;
/* The last day a filing of this kind may be filed for an inspection on
 * `planned` (例行: calendar days ahead; 临时: working days; others: the day). */
ysh_day ysh_filing_limit(const struct ysh_config *cfg, const char *kind, ysh_day planned);

/* The rule moments, called by the ledger reader. */
void ysh_rules_check_row(const struct ysh_row *r);
void ysh_rules_check_state(struct ysh_ledgers *L);

#endif
