/*
 * ledger.h - a ledger directory: ysh.ini, the schemas, and one table per
 * ledger file, read through csvread, bound to its schema, checked row by row
 * through the rules table and folded (revisions merged into their record).
 *
 * The same path serves ysh-check (which wants the findings), ysh-report
 * (which wants the folded tables) and ysh-add (which checks one more row
 * against the tables before appending it).
 */
#ifndef YSH_LEDGER_H
#define YSH_LEDGER_H

#include <stdbool.h>
#include <stddef.h>

#include "chain.h"
#include "cols.h"
#include "config.h"
#include "finding.h"
#include "cells.h"
#include "keymap.h"
#include "ruleids.h"
#include "schema.h"
#include "util.h"
#include "value.h"

struct ysh_ledgers;
struct ysh_table;


/* One row on its way into a table, or one record's folded state. */
struct ysh_row {
	struct ysh_ledgers *L;
	struct ysh_table *t;
	struct ysh_findings *out; /* where findings go */
	size_t file;         /* findings file index: the ledger, or "<stdin>" */
	size_t line;
	bool system_trusted; /* system cells were set by ysh-add just now */
	const char **cells;  /* schema order, "" when empty or absent; in a view
			      * (ysh_table_view), NULL for a cell not read yet:
			      * read through ysh_row_cell */
	const int *file_col; /* schema column -> 1-based file column, 0 absent */
	long revises;        /* index of the record this row revises, or -1 */
	const char **state;  /* a revision's record as folded so far (ncols cells), else NULL:
			      * ysh_row_revises; ysh_table_fold updates it; a long
			      * value NULL until read (ysh_row_state) */
	long shows;          /* a view's record, its index (only a view's cells may be NULL) */
	bool view;           /* the row is a view (ysh_table_view): of record `shows` */
	struct ysh_arena *far; /* where a view's or a state's long values are read back */
	const char *id;      /* "" when empty */
	ysh_day recorded;    /* the day the record was first recorded, 0 unknown */
	/* the day of the row's own recorded_at, parsed once by the reader for
	 * the rules and the fold (ysh_row_written) */
	bool has_written;
	ysh_day written;
	/* a new record's cells as ysh_cells_code kept them in the table, by
	 * the reader before the rules (which mark its values by code) and for
	 * the fold to put; NULL: the fold keeps r->cells itself */
	const uint32_t *codes;
	/* where the reader found id in the table's id map (ysh_row_seek_id),
	 * so that the rules and the fold do not hash it again; else unsought */
	bool id_sought;
	struct ysh_keymap_at id_at;
};

/* A view's cells (ysh_table_view) are read when a rule asks for them:
 * the record rules look at a few columns of each record, and a view made
 * whole read every cell of every record (a cache miss or two each), and
 * every long value (ysh-ledgers(5), long = yes) back from its ledger, a
 * pread and a parse of its row.  A revision's state (ysh_row_revises)
 * leaves only its long values unread: a TEXT column without list, enum
 * or reopens (schema.c), so its dates, references and enums are never
 * NULL, but a county's schema may make any column it reads by name (cols.c)
 * plain long text.  What takes a view's or a state's cells whole reads
 * first those it reads (ysh_row_cells, ysh_row_read_state). */
const char *ysh_row_read_back(const struct ysh_row *r, const char **cells, long idx, size_t c);
/* Whether unread cell c of record idx is given, read only if it is near. */
bool ysh_row_read_given(const struct ysh_row *r, const char **cells, long idx, size_t c);
/* ysh_row_reopens of a view or a row, only its reopens cells read. */
bool ysh_row_reopened(const struct ysh_row *r);
/* Every cell of a view read, for what takes its cells whole. */
const char *const *ysh_row_cells(const struct ysh_row *r);

/* Cell c of r, read if need be. */
static inline const char *ysh_row_cell(const struct ysh_row *r, size_t c)
{
	const char *v = r->cells[c];
	return v ? v : ysh_row_read_back(r, r->cells, r->shows, c);
}

/* A known column's cell (cols.h): "" when the ledger has no such column. */
static inline const char *ysh_row_at(const struct ysh_row *r, int col)
{
	return col < 0 ? "" : ysh_row_cell(r, (size_t)col);
}

/* Cell c of a revision's state, read back if need be. */
static inline const char *ysh_row_state(const struct ysh_row *r, size_t c)
{
	const char *v = r->state[c];
	return v ? v : ysh_row_read_back(r, r->state, r->revises, c);
}

/* The cells of a revision's state that its row gives (and would change),
 * its reopen_to cells and its approval read back: what folding it and
 * the revision rules compare (ysh_revision_widens, ysh_schema_approved
 * take the state whole). */
void ysh_row_read_state(const struct ysh_row *r);

/* Whether cell c of r is given (not empty), without reading it back: a
 * long value kept in the ledger is longer than YSH_CELLS_NEAR_MAX. */
static inline bool ysh_row_given(const struct ysh_row *r, size_t c)
{
	const char *v = r->cells[c];
	return v ? *v != '\0' : ysh_row_read_given(r, r->cells, r->shows, c);
}

static inline bool ysh_row_state_given(const struct ysh_row *r, size_t c)
{
	const char *v = r->state[c];
	return v ? *v != '\0' : ysh_row_read_given(r, r->state, r->revises, c);
}

/* What reading calls for each row and, at the end, for the folded state:
 * the rules (rules.h sets them), or nothing.  Reading knows no rule.
 * ysh_ledgers_open may read several ledgers at once (readall.h): `row`
 * is then called on several threads, one per ledger, and must write only
 * to r->out and look only at r's own table and the tables its REF
 * columns name (read before it); `state` runs on the calling thread once
 * all are read.  A hook that cannot keep to that sets tables_in_turn. */
struct ysh_hooks {
	void (*row)(const struct ysh_row *r);
	void (*state)(struct ysh_ledgers *L);
};

struct ysh_check_opts {
	ysh_day today;
	bool has_range;
	int month_from, month_to; /* months (value.h) for monthly/window rules */
	bool enabled[YSH_R_COUNT];
	const struct ysh_hooks *hooks; /* NULL: read and fold, judge nothing */
	bool tables_in_turn; /* read the ledgers one after another on one thread
			      * (a city's counties already take the cores) */
};

/* 16 bytes: a county's ledgers hold hundreds of thousands (lines and
 * hand-overs past 2^31 are refused when read: ledger.c).  Its cells, the
 * folded state in schema order, are references into the table's string
 * pool, ncols of them per record in the table's `refs`: ysh_rec_cell. */
struct ysh_rec {
	uint32_t line;      /* line of the record's first row */
	uint32_t last_line; /* line of its newest revision */
	ysh_day recorded;   /* the day its first row was recorded (recorded_at), 0 unknown */
	int32_t handover;   /* its newest hand-over in the table's list, or -1 */
};

/* A record passed to another unit by a row ([ledger] handover: a problem's
 * transferred_to, 转交): it counts for `to` from `day` on.  The folded state
 * keeps only the newest; the list keeps every one, so that a report of any
 * period knows whose the record was then. */
struct ysh_handover {
	size_t rec;         /* index in recs */
	ysh_day day;        /* the hand-over date, else the day the row was recorded, else the record's date */
	const char *from, *to;
	size_t line;
	long prev;          /* the record's previous hand-over, or -1 */
};

struct ysh_table {
	const struct ysh_schema *schema;
	char *path;      /* as shown in findings: DIR/activities.csv */
	size_t file;     /* index in the findings' file list */
	bool read;       /* ysh_ledgers_read has been called for it */
	bool locked;     /* this process holds its write lock (ysh-add) */
	bool present;    /* the file exists */
	bool report;     /* findings of this file are wanted */
	bool ids_gone;   /* its id map let go (ysh_ledgers_drop_unnamed_ids) */
	int *file_col;   /* schema column -> 1-based column in the file, 0 absent */
	/* the ledger, open while its far values may be read back (cells.h):
	 * read whole, with a long = yes column that had a long value; else -1 */
	int far_fd;
	size_t nrows;    /* data rows read (revisions included) */
	struct ysh_rec *recs;
	size_t nrec, cap;
	struct ysh_handover *handovers; /* in file order */
	size_t nhandovers, caphandovers;
	struct ysh_cells cells; /* the records' cells, column by column (cells.h) */
	struct ysh_keymap ids; /* id -> index in recs, keyed by the records' id cells */
	struct ysh_chain chain; /* .ysh/<ledger>.chain, as read with the ledger */
	/* where reading it reports: the ledgers' findings, or its own while
	 * the ledgers are read on several threads (readall.h) */
	struct ysh_findings *out;
	long max_seq;       /* highest id sequence seen, per the current year */
	int max_seq_year;
};

struct ysh_ledgers {
	char *dir;
	struct ysh_config *cfg;
	struct ysh_schema_set schemas;
	struct ysh_table *tables; /* parallel to schemas.v */
	size_t ntables;
	struct ysh_findings findings;
	struct ysh_check_opts opts;
	struct ysh_cols cols; /* the known ledgers and columns, bound when loaded */
	size_t threads; /* how many threads read the ledgers (readall.h); 0 or 1: one,
			 * and the rules of the state judge on one as well */
	/* what the caller runs beside the rules of the state, once
	 * (ysh_ledgers_finish_check_beside), NULL when done or none */
	void (*beside)(void *arg);
	void *beside_arg;
};

/* Cell c of record r (a record of t): "" when empty.  The string lives as
 * long as the table's rows. */
static inline const char *ysh_rec_cell(const struct ysh_table *t, const struct ysh_rec *r, size_t c)
{
	return ysh_cells_str(&t->cells, (size_t)(r - t->recs), c);
}

/* Cell col of r, "" when the schema has no such column (col < 0). */
static inline const char *ysh_rec_at(const struct ysh_table *t, const struct ysh_rec *r, int col)
{
	return col < 0 ? "" : ysh_rec_cell(t, r, (size_t)col);
}

/* The date in a known column of a record (cols.h); false when it has none:
 * the day its column keeps for the value (ysh_cells_dated), else parsed. */
static inline bool ysh_day_at(const struct ysh_table *t, const struct ysh_rec *r, int col, ysh_day *d)
{
	int known = col < 0 ? -1 : ysh_cells_day_at(&t->cells, (size_t)(r - t->recs), (size_t)col, d);
	return known >= 0 ? known == 1 : ysh_parse_date(ysh_rec_at(t, r, col), d);
}

/* The same, a long value kept far read back into a (as long as the caller
 * keeps a: a report's row), not kept as long as the table. */
static inline const char *ysh_rec_at_in(const struct ysh_table *t, const struct ysh_rec *r, int col,
					struct ysh_arena *a)
{
	return col < 0 ? "" : ysh_cells_str_in(&t->cells, (size_t)(r - t->recs), (size_t)col, a);
}

/* Whether r's state reopens it (ysh_row_reopens of its cells). */
bool ysh_rec_reopens(const struct ysh_table *t, const struct ysh_rec *r);
/* Every cell of r into cells[0..ncols): for what takes a row's cells.  A
 * long value the table keeps far (ysh-ledgers(5), long = yes) is read back
 * into a, as long as the caller keeps it, or (a NULL) kept as long as the
 * table. */
void ysh_rec_cells(const struct ysh_table *t, const struct ysh_rec *r, const char **cells, struct ysh_arena *a);

/*
 * Opens DIR: config and schemas (an error here is returned: exit 2 material),
 * then reads every ledger that exists.  `only`, if not NULL, names the files
 * whose findings are wanted (paths or bare names); the others are still read
 * so that references resolve.  Returns NULL with *err set on a configuration
 * or I/O problem.
 */
struct ysh_ledgers *ysh_ledgers_open(const char *dir, const struct ysh_check_opts *opts,
				     char *const *only, size_t nonly, char **err);
/* Config and schemas only; tables are read on demand with
 * ysh_ledgers_read (what ysh-add does: only the ledgers a record needs). */
struct ysh_ledgers *ysh_ledgers_load(const char *dir, const struct ysh_check_opts *opts, char **err);
int ysh_ledgers_read(struct ysh_ledgers *L, struct ysh_table *t, char **err);
/* The rest of ysh_ledgers_open, for L loaded: every ledger read, `only`
 * as there.  0, or -1 with *err (L is then to be freed). */
int ysh_ledgers_read_whole(struct ysh_ledgers *L, char *const *only, size_t nonly, char **err);
/* ysh-add's way to a few records of a large ledger: only the header and
 * the rows at rows[0..n) (file order, from its id index) of the ledger open
 * on fd, each of which must be a whole record of the id the index gives,
 * starting where it says.  0 read; 1 the index was wrong (nothing read:
 * rebuild it, or read the whole ledger); -1 on a read error (*err). */
struct ysh_idx_entry;
int ysh_table_read_indexed(struct ysh_ledgers *L, struct ysh_table *t, int fd, const struct ysh_idx_entry *rows,
			   size_t n, char **err);
/* The records w asks for from t's id index, read with
 * ysh_table_read_indexed: from the ledger open on fd (its lock held by the
 * caller), or (fd -1) opened here under the readers' shared lock.  0 read;
 * 1 the index cannot answer (missing, stale, wrong), 2 it names most of
 * the ledger (read it whole): nothing read then; -1 on an I/O error
 * (*err).  A ledger that does not exist is read as such. */
struct ysh_idx_want;
int ysh_ledgers_read_wanted(struct ysh_ledgers *L, struct ysh_table *t, int fd, const struct ysh_idx_want *w,
			    char **err);
/* The same from bytes in memory (the fuzzers' way in). */
void ysh_ledgers_read_mem(struct ysh_ledgers *L, struct ysh_table *t, const void *buf, size_t n);
/* Runs the rules about state (revisions folded, whole ledgers read) and
 * sorts the findings into file order. */
void ysh_ledgers_finish_check(struct ysh_ledgers *L);
/* The same, with fn(arg) run while they judge: on the calling thread while
 * the records' rules run on their own (a report's tally fills the time
 * the ledgers' rules leave), else after them.  fn must only read the
 * tables, and not the findings. */
void ysh_ledgers_finish_check_beside(struct ysh_ledgers *L, void (*fn)(void *arg), void *arg);
/* Runs what was asked to run beside, if it has not run yet (the rules of
 * the state call it when the calling thread is free). */
void ysh_ledgers_run_beside(struct ysh_ledgers *L);
void ysh_ledgers_free(struct ysh_ledgers *L);
/* The rows and records of every table freed, the findings and what they
 * name kept (files, rows counted): a checked county whose findings wait
 * to be printed holds no more than them. */
void ysh_ledgers_drop_rows(struct ysh_ledgers *L);
/* Once every ledger is read, a record is looked up by its id only through
 * a column that names another ledger's records (a REF column, or the
 * callbacks' activity column, which the rules and the tally read as one
 * whatever its type): for a caller that looks up nothing else, the id
 * maps of the other ledgers are let go. */
void ysh_ledgers_drop_unnamed_ids(struct ysh_ledgers *L);

/* r (in table r->t) revises record idx: r->state set to its cells as
 * folded so far, put in state[0..ncols) (the caller's), its far values
 * left NULL, read back into a when asked for (ysh_row_state). */
void ysh_row_revises(struct ysh_row *r, size_t idx, const char **state, struct ysh_arena *a);
/* Merge a checked row into its table: a new record, or a revision whose
 * non-empty cells replace the record's state. */
void ysh_table_fold(struct ysh_table *t, const struct ysh_row *r);
/* Looks r's id up in its table's id map, once for the rules and the fold
 * (nothing may add to the map until r is folded); the index of the record
 * that has it already, or -1. */
long ysh_row_seek_id(struct ysh_row *r);
/* The index of the record already holding r's id, or -1: what
 * ysh_row_seek_id found, or a lookup. */
long ysh_row_prior(const struct ysh_row *r);
/* The day of r's recorded_at: the reader's parse when it made one, else
 * parsed here; false when the ledger has none or it is no timestamp. */
bool ysh_row_written(const struct ysh_row *r, ysh_day *day);
/* The table a REF column refers to (NULL: not a reference, or to no
 * ledger there is): by the index the schema set resolved. */
struct ysh_table *ysh_ref_table(struct ysh_ledgers *L, const struct ysh_column *c);
struct ysh_table *ysh_ledgers_table(struct ysh_ledgers *L, const char *name);
/* The index in t->recs of the record with this id: false when none.  Not
 * for a ledger whose id map ysh_ledgers_drop_unnamed_ids let go
 * (t->ids_gone): that aborts, as "none" would be a false finding. */
bool ysh_table_id(const struct ysh_table *t, const char *id, size_t *idx);
/* The record of `other` that r's cell c (a REF column) names, as
 * ysh_table_id finds it: read from the cell when it keeps the record's
 * index (ysh_cells_refer), looked up otherwise; false when none (or c < 0). */
bool ysh_rec_names(const struct ysh_table *t, const struct ysh_rec *r, int c, const struct ysh_table *other,
		   size_t *idx);
/* The record with this id, or NULL. */
const struct ysh_rec *ysh_table_find(const struct ysh_table *t, const char *id);
/* The folded record idx as a row for the record rules, its cells in
 * cells[0..ncols) (the caller's, as long as the view) NULL but its id,
 * read when asked for (ysh_row_cell; a long value back into `far`,
 * cleared first: one view at a time): false (and nothing to judge) when it
 * was voided. */
bool ysh_table_view(struct ysh_ledgers *L, struct ysh_table *t, size_t idx, struct ysh_row *view,
		    const char **cells, struct ysh_arena *far);
/* Whether a folded record was voided by a revision. */
bool ysh_rec_voided(const struct ysh_table *t, const struct ysh_rec *r);
/* The unit record idx belongs to on `day`: its owner column, or the unit
 * of the latest hand-over dated on or before `day` (by date, then by line). */
const char *ysh_rec_owner(const struct ysh_table *t, size_t idx, ysh_day day);
/* The unit a record (its cells in schema order) is about: its own unit
 * column, else that of the record it refers to (a callback's activity);
 * "" when neither says. */
const char *ysh_cells_unit(struct ysh_ledgers *L, const struct ysh_table *t, const char *const *cells);
/* The same for a folded record of t. */
const char *ysh_rec_unit(struct ysh_ledgers *L, const struct ysh_table *t, const struct ysh_rec *rec);
/* The date in column col of a record's cells: the cell, or when it is
 * empty and the schema computes it (due_from, due_workdays), that many
 * working days after the other date.  False when there is neither. */
bool ysh_cells_due(const struct ysh_ledgers *L, const struct ysh_schema *s, const char *const *cells, size_t col,
		   ysh_day *day);
/* The same for a folded record of t. */
bool ysh_rec_due(const struct ysh_ledgers *L, const struct ysh_table *t, const struct ysh_rec *r, size_t col,
		 ysh_day *day);
/* Value of a named column of a record ("" when absent or empty). */
const char *ysh_rec_get(const struct ysh_table *t, const struct ysh_rec *r, const char *col);

#endif
