/*
 * schema.h - what a ledger looks like, loaded from schemas/<ledger>.ini.
 *
 * The validator is driven by these: a new column or enum value is an edit of
 * a schema file, never of C code.  Binding maps a file's header (column
 * names or Chinese titles, any order) to the schema's columns.
 */
#ifndef YSH_SCHEMA_H
#define YSH_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum ysh_type {
	YSH_T_TEXT,
	YSH_T_DATE,
	YSH_T_TIMESTAMP,
	YSH_T_INTEGER,
	YSH_T_MONEY,
	YSH_T_BOOL,
	YSH_T_ID,     /* this ledger's own id */
	YSH_T_REF,    /* the id of a record in another ledger */
	YSH_T_PHONE,
	YSH_T_CREDIT, /* unified social credit code */
	YSH_T_UNIT,   /* a unit listed in ysh.ini */
};

struct ysh_enum_set {
	char *when;   /* value of the enum_by column selecting this set */
	char **vals;
	size_t n;
};

struct ysh_column {
	char *name;
	char *title;
	enum ysh_type type;
	bool required;
	bool required_new; /* required = new: of a new record ysh-add writes, not of
			    * rows already in a ledger (recorded before it was asked) */
	bool list;      /* ';'-separated items */
	bool happened;  /* a date of something that has happened: not in the future */
	bool immutable; /* a revision may not change it */
	bool forward;   /* enum order is a lifecycle: a revision may not go back */
	bool system;    /* filled by ysh-add, never typed by the clerk */
	bool later;     /* belongs to later revisions: no prompt for a new record */
	bool frozen;    /* may not be widened once the record is approved ([ledger] approval) */
	bool long_text; /* long = yes: free text whose long values are read back from the
			 * ledger when shown, not held (cells.h, ysh_cells_far) */
	char *reopens;  /* this value in a revision reopens the record (反弹) */
	char *reopen_to; /* a forward column's value when the record is reopened (整改中) */
	char *required_if; /* a bool column: required when that one is 是; any other
			    * column: required in the row that gives that one */
	int required_if_col;
	/* a date by which the record must be done: past it and not done is the
	 * finding of rule `overdue` (a rule code); done is done_when: a column
	 * not empty, or a column holding a value */
	char *overdue, *done_when;
	int overdue_rule; /* ruleids.h id, or -1 */
	int done_col;
	char *done_val;   /* NULL: done when done_col is not empty */
	/* an empty date of this column is due_workdays (a [rules] key of
	 * ysh.ini) working days after column due_from (reply_due) */
	char *due_from, *due_workdays;
	int due_from_col;
	char **enums;   /* allowed values, in lifecycle order when forward */
	size_t nenums;
	char *enum_by;  /* name of the column whose value selects an enum set */
	int enum_by_col;
	struct ysh_enum_set *sets;
	size_t nsets;
	char *ref;      /* ledger name, for YSH_T_REF */
	int ref_ix;     /* its index in the schema set (and the ledgers' tables), or -1 */
	bool has_min, has_max;
	long min, max;
	/* an integer column's names of its numbers, from min to max (the
	 * twelve problem categories): shown by the prompt, accepted on input */
	char **labels;
	size_t nlabels;
	char *dflt;     /* default offered by ysh-add's prompt */
	char *help;     /* one line for the prompt and the man page */
};

struct ysh_schema {
	char *name;      /* activities */
	char *title;     /* 活动台账 */
	char *file;      /* activities.csv */
	char *record;    /* activity: the word ysh-add takes */
	char id_prefix;  /* A */
	bool revisions;  /* later rows with the same id revise the record */
	int date_col;    /* the record's own date (today is its prompt default), or -1 */
	int voided_col;  /* 是 voids the record, or -1 */
	int void_reason_col; /* why it was voided, or -1 */
	int unit_col;    /* the unit the record is about (column unit), or -1 */
	int recorded_at_col, recorded_by_col; /* system columns, or -1 */
	int *key_cols;   /* defining columns: two live records alike are a duplicate */
	size_t nkey;
	int *approval_cols; /* the columns that together approve a record; the last is its date */
	size_t napproval;
	int handover[3]; /* the owner unit, the unit it passes to, the day: or -1 */
	char *date_name, *key_names, *approval_names, *handover_names; /* as written in [ledger] */
	struct ysh_column *cols;
	size_t ncols;
	int id_col;
	struct ysh_map by_name; /* column name and title -> index: rules look columns up per row */
	/* which columns each cell rule judges (rules.c), made from the columns
	 * on the first row judged and freed with the schema: a rule is not
	 * called for the columns it has nothing to say about */
	struct ysh_cell_plan *cell_plan;
};

struct ysh_schema *ysh_schema_load(const char *path, char **err);
void ysh_schema_free(struct ysh_schema *s);
int ysh_schema_col(const struct ysh_schema *s, const char *name_or_title);
/* The enum values in force for column c given a record's cells; NULL when
 * the column has no enum, or its enum_by cell selects no set.  Sets *n. */
char *const *ysh_column_enums(const struct ysh_column *c, const char *const *cells, size_t *n);
/* Whether a forward column's value would go back (an enum against its
 * order, a bool from 是 to 否: a voided record stays voided). */
bool ysh_column_moves_back(const struct ysh_column *c, const char *was, const char *now);
/* Whether a revision may set the column from `was` to `now`: not an
 * immutable one changed, not a forward one moved back. */
bool ysh_column_may_become(const struct ysh_column *c, const char *was, const char *now);
/* Whether a new record asks for column c: what a clerk types, so what
 * ysh-add prompts for and the Excel template has -- not the id, not the
 * system cells (recorded_at, recorded_by), not those that belong to later
 * revisions (closed_on, outcome, voided ...: a revision is one ysh-add
 * command). */
bool ysh_schema_asks_new(const struct ysh_schema *s, size_t c);
/* Whether a record's state is approved: its approval date is set. */
bool ysh_schema_approved(const struct ysh_schema *s, const char *const *state);
/* Whether a revision row would widen frozen column c of an approved record
 * without a new approval (every approval column given in the row): a list
 * gaining an item, or any other value changing. */
bool ysh_revision_widens(const struct ysh_schema *s, const char *const *state, const char *const *row, size_t c);
/* Whether a row reopens its record (a column's `reopens` value). */
bool ysh_row_reopens(const struct ysh_schema *s, const char *const *row);
/* Replaces the values of the enum set selected by `when` (a county
 * profile narrowing a kind's steps). */
void ysh_column_set_enum(struct ysh_column *c, const char *when, char *const *vals, size_t n);
/* The number whose label is v, or -1; the label of number v, or NULL. */
long ysh_column_label_value(const struct ysh_column *c, const char *v);
const char *ysh_column_label(const struct ysh_column *c, long v);
/* Index of value v in the column's enum list, or -1. */
int ysh_enum_index(const struct ysh_column *c, const char *v);

/* All schemas of a directory, ordered so that a referenced ledger comes
 * before the ledgers referring to it. */
struct ysh_schema_set {
	struct ysh_schema **v;
	size_t n;
};

int ysh_schemas_load(const char *dir, struct ysh_schema_set *out, char **err);
void ysh_schemas_free(struct ysh_schema_set *set);
struct ysh_schema *ysh_schemas_find(const struct ysh_schema_set *set, const char *name_or_record);
/* $YSH_SCHEMA_DIR, else share/ysh/schemas beside the running program's
 * bin/, else the compiled-in data directory. */
const char *ysh_schema_dir(void);

/*
 * A header bound to a schema: for each file column the schema column
 * (-1 unknown), and for each schema column the file column (-1 absent).
 */
struct ysh_binding {
	const struct ysh_schema *schema;
	int *file_to_col;
	int *col_to_file;
	size_t nfile;
};

struct ysh_header_problem {
	size_t file_col; /* 1-based; 0 for the header as a whole */
	int missing;     /* the schema column that is missing, or -1 */
	char *msg;
};

/* Binds and reports every problem (unknown, duplicate, missing required);
 * returns the number of problems, each stored in *probs (caller frees with
 * ysh_header_problems_free). */
size_t ysh_bind_header(const struct ysh_schema *s, char *const *cells, size_t n,
		       struct ysh_binding *b, struct ysh_header_problem **probs);
void ysh_header_problems_free(struct ysh_header_problem *p, size_t n);
void ysh_binding_free(struct ysh_binding *b);

#endif
