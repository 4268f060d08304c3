/*
 * cols.h - the ledgers and the columns that C code reads by what they mean.
 *
 * Rules and reports never look a column up by its name per row: each
 * ledger the code knows is a struct of column indexes, bound once when the
 * schemas are loaded (ysh_ledgers_load).  The names live here and nowhere
 * else, so a schema renaming a column is an edit of one line, and a new
 * ledger is a schema file plus one row of YSH_LEDGER_LIST.  A column (or a
 * ledger) the schemas lack is -1 (NULL) and reads as "".
 */
#ifndef YSH_COLS_H
#define YSH_COLS_H

#include <stddef.h>

struct ysh_ledgers;
struct ysh_table;

#define YSH_ACTIVITIES_COLS(C)                                                                          \
	C(date) C(unit) C(kind) C(mode) C(steps) C(items) C(participant) C(position) C(reported_on)
#define YSH_CALLBACKS_COLS(C)                                                                           \
	C(activity) C(date) C(served_on) C(contact) C(phone) C(satisfaction) C(valid) C(needs)
#define YSH_PROBLEMS_COLS(C)                                                                            \
	C(found_on) C(unit) C(source) C(type) C(item) C(finder) C(description) C(measure) C(suggestion) \
	C(handling) C(deadline) C(status) C(closed_on) C(reviewed_on) C(line) C(target)
#define YSH_FILINGS_COLS(C)                                                                             \
	C(planned_on) C(unit) C(kind) C(enterprise) C(credit_code) C(filed_on) C(approved_by)          \
	C(approved_on) C(joint) C(outcome) C(fine_waived)
#define YSH_TASKS_COLS(C)                                                                               \
	C(title) C(source) C(unit) C(co_units) C(deadline_text) C(deadline) C(filed_with) C(status)     \
	C(progress) C(done_on) C(filed_on)
#define YSH_SURVEYS_COLS(C)                                                                             \
	C(quarter) C(unit) C(conducted_on) C(method) C(sample) C(satisfied) C(basic) C(dissatisfied)    \
	C(rate) C(findings)
#define YSH_CASES_COLS(C) C(month) C(unit) C(kind) C(title) C(summary) C(published_in) C(published_on)

#define YSH_COMPLAINTS_COLS(C)                                                                          \
	C(received_on) C(channel) C(order_no) C(complainant) C(phone) C(unit) C(category) C(content)    \
	C(reply_due) C(replied_on) C(satisfied) C(closed_on) C(status) C(returned)

/* X(ID, schema name, its columns) */
#define YSH_LEDGER_LIST(X)                                                                              \
	X(ACTIVITIES, activities, YSH_ACTIVITIES_COLS)                                                  \
	X(CALLBACKS, callbacks, YSH_CALLBACKS_COLS)                                                     \
	X(PROBLEMS, problems, YSH_PROBLEMS_COLS)                                                        \
	X(FILINGS, filings, YSH_FILINGS_COLS)                                                           \
	X(COMPLAINTS, complaints, YSH_COMPLAINTS_COLS)                                                  \
	X(TASKS, tasks, YSH_TASKS_COLS)                                                                 \
	X(SURVEYS, surveys, YSH_SURVEYS_COLS)                                                           \
	X(CASES, cases, YSH_CASES_COLS)

enum ysh_ledger_id {
	YSH_L_ANY, /* no ledger in particular */
#define YSH_LEDGER_ENUM(id, name, cols) YSH_L_##id,
	YSH_LEDGER_LIST(YSH_LEDGER_ENUM)
#undef YSH_LEDGER_ENUM
	YSH_L_COUNT
};

#define YSH_COL_FIELD(col) int col;
#define YSH_LEDGER_STRUCT(id, name, cols)                                                               \
	struct ysh_cols_##name {                                                                        \
		struct ysh_table *t;                                                                    \
		cols(YSH_COL_FIELD)                                                                     \
	};
YSH_LEDGER_LIST(YSH_LEDGER_STRUCT)
#undef YSH_LEDGER_STRUCT
#undef YSH_COL_FIELD

struct ysh_cols {
#define YSH_LEDGER_MEMBER(id, name, cols) struct ysh_cols_##name name;
	YSH_LEDGER_LIST(YSH_LEDGER_MEMBER)
#undef YSH_LEDGER_MEMBER
	struct ysh_table *table[YSH_L_COUNT]; /* by ledger id */
};

/* Binds every known ledger to its table and its columns to their indexes. */
void ysh_cols_bind(struct ysh_cols *k, struct ysh_ledgers *L);
/* The schema name of a known ledger. */
const char *ysh_ledger_name(enum ysh_ledger_id id);

/* Cell col of a record's cells, "" when the schema has no such column. */
static inline const char *ysh_at(const char *const *cells, int col)
{
	return col < 0 ? "" : cells[col];
}

#endif
