/*
 * rules.h - the functions that judge, one table indexed by rule id (the
 * facts about each rule — code, severity, refuse or flag, when it runs —
 * are in ruleids.h).  A rule judges at one of four scopes:
 *
 *   cell    one cell of a row as it is read or typed;
 *   row     a row as it is read: ids and revisions;
 *   record  a record's folded state (its newest revision), or a new record
 *           being typed, as far as it is known;
 *   ledger  several records, or whole ledgers (duplicates, months).
 *
 * Rules never print: cell, row and record rules add findings to the row's
 * `out`, ledger rules to the ledgers' findings.  A voided record is judged
 * by no record or ledger rule.
 */
#ifndef YSH_RULES_H
#define YSH_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "ledger.h"
#include "ruleids.h"
#include "value.h"

struct ysh_rule {
	void (*cell)(const struct ysh_row *r, size_t col);
	/* a cell rule: whether it can say anything about a column's cells;
	 * it is called for those columns only */
	bool (*concerns)(const struct ysh_column *c);
	void (*row)(const struct ysh_row *r);
	void (*record)(const struct ysh_row *r);
	/* a record rule the schemas drive: it judges what they name it for
	 * (overdue = CODE on a date column), in any ledger */
	void (*lifecycle)(const struct ysh_row *r, enum ysh_rule_id self);
	void (*ledger)(struct ysh_ledgers *L);
	enum ysh_ledger_id only; /* record rules: the ledger they judge (cols.h); YSH_L_ANY: every one */
};

extern const struct ysh_rule ysh_rules[YSH_R_COUNT];

/* Defaults: today from the clock, every rule on, no range, and the rules
 * as the hooks of ledger reading. */
void ysh_check_opts_init(struct ysh_check_opts *o);

/* The last day a filing of this kind may be filed for an inspection on
 * `planned` (例行: calendar days ahead; 临时: working days; others: the day). */
ysh_day ysh_filing_limit(const struct ysh_config *cfg, const char *kind, ysh_day planned);
/* Whether a filing was filed in time: judged by the later of filed_on and
 * the day it was first recorded (0: unknown), and a 例行 or 临时 filing
 * first recorded on or after its inspection day is late whatever filed_on
 * says.  *limit, if not NULL, receives the last day it could be filed. */
bool ysh_filing_on_time(const struct ysh_config *cfg, const char *kind, ysh_day planned, ysh_day filed,
			ysh_day recorded, ysh_day *limit);

/* The cell and row rules that run `when`, on one row. */
void ysh_rules_check_row(const struct ysh_row *r, unsigned when);
/* The record rules that run `when`, on one record (or a partial one). */
void ysh_rules_check_record(const struct ysh_row *r, unsigned when);
/* The record rules over every live record of every table read, then the
 * ledger rules, those that run `when`. */
void ysh_rules_check_state(struct ysh_ledgers *L, unsigned when);
/* The ledger rules alone. */
void ysh_rules_check_ledgers(struct ysh_ledgers *L, unsigned when);

#endif
