/*
 * cells.h - a table's cells, column by column, in as few bytes as their
 * values need.
 *
 * Most of a ledger's columns repeat a few values (units, dates, kinds,
 * yes and no): such a column keeps a code a cell, one byte while it has
 * fewer than 256 values, two below 65,536, into its list of values, each
 * a string once in the table's pool.  A column whose values turn out
 * mostly distinct (ids, names, free text) keeps the string's reference in
 * the pool instead, four bytes.  A county's cells were four bytes each,
 * the largest part of what checking it holds (bench/README.md).
 *
 * Cells live in blocks of YSH_CELLS_BLOCK records that never move, so that
 * a growing ledger leaves no old copies behind; the first grows up to a
 * whole block, since most tables are small.  The strings never move
 * either: a pointer got from a cell stays good as long as the table.
 *
 * A column of free text may keep its long values far (ysh_cells_far): not
 * the text, which would make memory grow with it, but where it is in the
 * ledger, its length and its hash, 24 bytes; the text is read back from
 * the ledger when a report shows it or a rule reads it.
 */
#ifndef YSH_CELLS_H
#define YSH_CELLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "strpool.h"

enum { YSH_CELLS_SHIFT = 10, YSH_CELLS_RECENT = 4 };
#define YSH_CELLS_BLOCK ((size_t)1 << YSH_CELLS_SHIFT)

/* A value of a column that names another table's records (a callback's
 * activity), found there: the record's index with this bit, its id cell
 * read there and not kept twice. */
#define YSH_CELLS_OTHER ((uint32_t)1 << 31)

/* A long value of a free-text column (ysh_cells_far): its index with this
 * bit into the table's list of such values. */
#define YSH_CELLS_FAR ((uint32_t)1 << 31)
/* Values of a free-text column up to this many bytes are kept, longer
 * ones far: 24 bytes of place, length and hash a value, whatever its
 * length.  A note of a few words is kept, as reading it back each time a
 * record is looked at would cost more than it saves: what a record holds
 * stays bounded, by this. */
enum { YSH_CELLS_NEAR_MAX = 128 };

struct ysh_arena;
/* Where a far value is. */
struct ysh_cells_far_value {
	uint64_t row;     /* the byte its row starts at */
	uint32_t row_min; /* at least how many bytes the row takes: its cells and commas */
	uint32_t len, hash;
};

/* Column c's value f, in the ledger's row that starts at byte f->row:
 * f->len bytes whose ysh_hash_mem is f->hash, read back into a and returned
 * (NUL-ended).  Ends the process (a message, exit status 2) when the ledger
 * no longer holds that value there: it was rewritten while it was read. */
typedef const char *ysh_cells_fetch_fn(void *ctx, const struct ysh_cells_far_value *f, size_t c,
				       struct ysh_arena *a);

/* How far values are read back, and those kept for as long as the table. */
struct ysh_cells_back;

/* Whether v is the id of a record of the other table, and which. */
typedef bool ysh_cells_find_fn(const void *ctx, const char *v, uint32_t *idx);

/* One column of every record. */
struct ysh_column_cells {
	void **blocks;   /* nblocks of them, `width` bytes a cell */
	uint32_t *codes; /* code -> reference in the pool, code 0 the empty
			  * string; NULL: the cells are references */
	uint8_t *marks;  /* code -> a byte of the caller's (ysh_cells_marks), as long as codes */
	/* ysh_cells_dated: code -> the day its value is (ysh_parse_date), or
	 * YSH_CELLS_NO_DAY, as long as codes; NULL: no days kept */
	int32_t *days;
	size_t ncodes, capcodes; /* codes stay below 2^32, their room may double past 2^31 */
	uint8_t width;         /* 1, 2 or 4 */
	struct ysh_keymap map; /* string -> code, while coded */
	/* the codes last kept, the latest first, with their strings' lengths
	 * and a word of their bytes (code 0: none): rows come in runs of one
	 * date, unit, kind, and a few kinds or 是/否 alternate; such a value
	 * is found without its hash, most others passed over on the word */
	struct ysh_cells_recent {
		uint64_t word;
		uint32_t code, len;
	} recent[YSH_CELLS_RECENT];
	uint32_t seen, fresh;  /* values kept, and of them new, until it is known whether they repeat */
	/* ysh_cells_refer: the table whose records the column names, its id
	 * column, how an id is found there; NULL for any other column */
	const struct ysh_cells *other;
	size_t other_col;
	ysh_cells_find_fn *find;
	const void *find_ctx;
	bool far; /* free text whose long values stay in the ledger (ysh_cells_far) */
};

struct ysh_cells {
	struct ysh_strpool pool;
	struct ysh_column_cells *col; /* ncols, made with the first record */
	size_t ncols;
	size_t nrec;      /* records that have cells */
	size_t nblocks, capblocks;
	size_t first_cap; /* records block 0 has room for */
	/* the far values of the ysh_cells_far columns: their places */
	struct ysh_cells_far_value *far;
	size_t nfar, capfar;
	/* the ledger's row being kept, while its long values may stay there */
	uint64_t row;
	const size_t *row_lens;
	size_t row_nfields;
	bool at_row;
	struct ysh_cells_back *back; /* NULL: no far value can be read back */
};

/* Column c (of ncols) names the records of another table, whose cells
 * are `other` and ids its column other_col, found by find(ctx, v): such a
 * cell keeps the record's index, four bytes, and the id is read there;
 * one that names no record found keeps its own copy, coded.  Called
 * before the first record, for a table the other outlives and that no
 * one writes while this one is read (ysh_ledgers_load binds a REF column
 * to a ledger read before it). */
void ysh_cells_refer(struct ysh_cells *k, size_t ncols, size_t c, const struct ysh_cells *other, size_t other_col,
		     ysh_cells_find_fn *find, const void *ctx);
/* Column c (of ncols) holds free text: while a row is set (ysh_cells_at_row),
 * a value of it longer than YSH_CELLS_NEAR_MAX is kept far, and read back
 * by fetch(ctx, ...) when it is asked for, neither coded nor copied; the
 * short ones are kept as any column's.  Called before the first record. */
void ysh_cells_far(struct ysh_cells *k, size_t ncols, size_t c, ysh_cells_fetch_fn *fetch, void *ctx);
/* The values kept from now on come from the ledger's row at byte `row`,
 * whose nfields fields are lens[i] bytes long, until ysh_cells_no_row:
 * only such values are kept far. */
void ysh_cells_at_row(struct ysh_cells *k, uint64_t row, const size_t *lens, size_t nfields);
void ysh_cells_no_row(struct ysh_cells *k);
/* Room for record nrec, its cells all empty; its index returned. */
size_t ysh_cells_add_record(struct ysh_cells *k, size_t ncols);
/* Record idx's cell c set to v (a copy kept, shared with equal values of
 * the column; a long value of a ysh_cells_far column, while a row is set,
 * kept far: ysh_cells_str reads it back, which this does not). */
void ysh_cells_set(struct ysh_cells *k, size_t idx, size_t c, const char *v);
/* A copy of v kept as a value of column c, not put in any cell (a
 * hand-over's units). */
const char *ysh_cells_keep(struct ysh_cells *k, size_t c, const char *v);
/* What a cell of column c (of ncols) holding v keeps, for ysh_cells_put
 * to put in a record: ysh_cells_set in two steps, so that a new record's
 * row is coded before the rules judge it and each value is looked up once
 * (the rules' marks are by code).  The values of a record are coded in
 * the order of its columns, then put, before anything else is kept.
 * len is strlen(v), which the reader knows. */
uint32_t ysh_cells_code(struct ysh_cells *k, size_t ncols, size_t c, const char *v, size_t len);
void ysh_cells_put(struct ysh_cells *k, size_t idx, size_t c, uint32_t val);
/* A byte the caller keeps for each distinct value of column c (the rules:
 * which of them found the value clean before), for val as ysh_cells_code
 * gave it; NULL when val is no code: the column names another table's
 * record or its values stopped being coded (mostly distinct), and then
 * nothing is remembered of them. */
uint8_t *ysh_cells_marks(struct ysh_cells *k, size_t c, uint32_t val);
void ysh_cells_free(struct ysh_cells *k);

/* Column c (of ncols) holds dates: each distinct value is parsed once,
 * when it is first kept, and its day is what ysh_cells_day gives for the
 * cells that hold it (a date column repeats a few hundred days, which the
 * rules and the tally parsed again at every record).  Called before the
 * first record. */
void ysh_cells_dated(struct ysh_cells *k, size_t ncols, size_t c);
#define YSH_CELLS_NO_DAY INT32_MIN
/* ysh_parse_date of the value val (as ysh_cells_code gave it, or a
 * record's cell) of column c, of a table with records or a coded row:
 * 1 and *day set when it is a date, 0 (*day as it was) when not, -1 when
 * the column keeps no day for it (then parse the string). */
static inline int ysh_cells_day(const struct ysh_cells *k, size_t c, uint32_t val, int32_t *day)
{
	const struct ysh_column_cells *col = &k->col[c];
	if (!col->days || val >= col->ncodes)
		return -1;
	if (col->days[val] == YSH_CELLS_NO_DAY)
		return 0;
	*day = col->days[val];
	return 1;
}

/* What record idx's cell c holds: a code, a pool reference, or an other
 * table's record (YSH_CELLS_OTHER). */
static inline uint32_t ysh_cells_raw(const struct ysh_column_cells *col, size_t idx)
{
	const void *b = col->blocks[idx >> YSH_CELLS_SHIFT];
	size_t i = idx & (YSH_CELLS_BLOCK - 1);
	if (col->width == 1)
		return ((const uint8_t *)b)[i];
	if (col->width == 2)
		return ((const uint16_t *)b)[i];
	return ((const uint32_t *)b)[i];
}

/* Record idx's cells asked of the memory ahead of their reading: a
 * record's cells lie a column apart (a cache line each), and a report's
 * records are far from one another. */
static inline void ysh_cells_prefetch(const struct ysh_cells *k, size_t ncols, size_t idx)
{
	for (size_t c = 0; c < ncols && k->col; c++) {
		const struct ysh_column_cells *col = &k->col[c];
		__builtin_prefetch((const char *)col->blocks[idx >> YSH_CELLS_SHIFT] +
				   (idx & (YSH_CELLS_BLOCK - 1)) * col->width);
	}
}

/* The pool reference of record idx's cell c, in a column that names no
 * other table's records and keeps no value far: equal references, equal
 * strings (a coded column's equal strings have equal references too). */
static inline uint32_t ysh_cells_ref(const struct ysh_cells *k, size_t idx, size_t c)
{
	const struct ysh_column_cells *col = &k->col[c];
	uint32_t v = ysh_cells_raw(col, idx);
	return col->codes ? col->codes[v] : v;
}

const char *ysh_cells_other_str(const struct ysh_column_cells *col, uint32_t v);
/* Far value v of column c read back: into a, where it lives as long as the
 * caller keeps a (a record's view, a revision's state), or, a NULL, into
 * the table's own memory, where it lives as long as the table (what a
 * report shows).  Safe on several threads at once. */
const char *ysh_cells_far_str(const struct ysh_cells *k, size_t c, uint32_t v, struct ysh_arena *a);

/* Whether v, a value column col keeps, is far. */
static inline bool ysh_cells_is_far(const struct ysh_column_cells *col, uint32_t v)
{
	return col->far && (v & YSH_CELLS_FAR);
}

/* The string of v, a value column col of a table that keeps nothing far
 * (k->back NULL). */
static inline const char *ysh_cells_near_str(const struct ysh_cells *k, const struct ysh_column_cells *col,
					     uint32_t v)
{
	if (col->other && (v & YSH_CELLS_OTHER))
		return ysh_cells_other_str(col, v);
	return ysh_strpool_str(&k->pool, col->codes ? col->codes[v] : v);
}

/* The string of v, a value column col of k keeps; a far one read back into
 * a (NULL: the table's memory). */
static inline const char *ysh_cells_value_str_in(const struct ysh_cells *k, const struct ysh_column_cells *col,
						 uint32_t v, struct ysh_arena *a)
{
	if (ysh_cells_is_far(col, v))
		return ysh_cells_far_str(k, (size_t)(col - k->col), v, a);
	return ysh_cells_near_str(k, col, v);
}

static inline const char *ysh_cells_value_str(const struct ysh_cells *k, const struct ysh_column_cells *col,
					      uint32_t v)
{
	return ysh_cells_value_str_in(k, col, v, NULL);
}

/* Record idx's cell c: "" when empty.  Equal strings of a column are
 * often one pointer (a coded column's always).  A far value is read back
 * and kept as long as the table. */
static inline const char *ysh_cells_str(const struct ysh_cells *k, size_t idx, size_t c)
{
	const struct ysh_column_cells *col = &k->col[c];
	return ysh_cells_value_str(k, col, ysh_cells_raw(col, idx));
}

/* ysh_cells_day of record idx's cell c. */
static inline int ysh_cells_day_at(const struct ysh_cells *k, size_t idx, size_t c, int32_t *day)
{
	return ysh_cells_day(k, c, ysh_cells_raw(&k->col[c], idx), day);
}

/* The same, a far value read back into a (NULL: as ysh_cells_str). */
static inline const char *ysh_cells_str_in(const struct ysh_cells *k, size_t idx, size_t c, struct ysh_arena *a)
{
	const struct ysh_column_cells *col = &k->col[c];
	return ysh_cells_value_str_in(k, col, ysh_cells_raw(col, idx), a);
}

/* How many far values were read back into the table's own memory (what
 * reading and checking a ledger must leave at 0: tests). */
size_t ysh_cells_far_kept(const struct ysh_cells *k);
/* ysh_hash_str of record idx's cell c, a far value's kept, not read back. */
uint32_t ysh_cells_hash(const struct ysh_cells *k, size_t idx, size_t c);
/* Whether records i and j hold one value in column c: far values by their
 * length and hash, and only when those agree read back into a. */
bool ysh_cells_same(const struct ysh_cells *k, size_t i, size_t j, size_t c, struct ysh_arena *a);

/* Whether column c names records of `other`; if so, for val as
 * ysh_cells_code gave it, *rec the record's index there, or UINT32_MAX
 * when the id is found nowhere there (the column keeps a copy of it). */
static inline bool ysh_cells_code_record(const struct ysh_cells *k, size_t c, uint32_t val,
					 const struct ysh_cells *other, uint32_t *rec)
{
	if (!k->col || k->col[c].other != other)
		return false;
	*rec = val & YSH_CELLS_OTHER ? val & ~YSH_CELLS_OTHER : UINT32_MAX;
	return true;
}

/* Whether record idx's cell c keeps the index of a record of `other`
 * (ysh_cells_refer), and which: what looking its id up there finds. */
static inline bool ysh_cells_other_record(const struct ysh_cells *k, size_t idx, size_t c,
					  const struct ysh_cells *other, uint32_t *rec)
{
	uint32_t i;
	if (!ysh_cells_code_record(k, c, ysh_cells_raw(&k->col[c], idx), other, &i) || i == UINT32_MAX)
		return false;
	*rec = i;
	return true;
}

#endif
