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
 */
#ifndef YSH_CELLS_H
#define YSH_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "keymap.h"
#include "strpool.h"

enum { YSH_CELLS_SHIFT = 10 };
#define YSH_CELLS_BLOCK ((size_t)1 << YSH_CELLS_SHIFT)

/* One column of every record. */
struct ysh_column_cells {
	void **blocks;   /* nblocks of them, `width` bytes a cell */
	uint32_t *codes; /* code -> reference in the pool, code 0 the empty
			  * string; NULL: the cells are references */
	size_t ncodes, capcodes; /* codes stay below 2^32, their room may double past 2^31 */
	uint8_t width;         /* 1, 2 or 4 */
	struct ysh_keymap map; /* string -> code, while coded */
	uint32_t last;         /* the code last kept: rows come in runs of one date, unit, kind */
	uint32_t seen, fresh;  /* values kept, and of them new, until it is known whether they repeat */
};

struct ysh_cells {
	struct ysh_strpool pool;
	struct ysh_column_cells *col; /* ncols, made with the first record */
	size_t ncols;
	size_t nrec;      /* records that have cells */
	size_t nblocks, capblocks;
	size_t first_cap; /* records block 0 has room for */
};

/* Room for record nrec, its cells all empty; its index returned. */
size_t ysh_cells_add_record(struct ysh_cells *k, size_t ncols);
/* Record idx's cell c set to v (a copy kept, shared with equal values of
 * the column): the copy returned. */
const char *ysh_cells_set(struct ysh_cells *k, size_t idx, size_t c, const char *v);
/* A copy of v kept as a value of column c, not put in any cell (a
 * hand-over's units). */
const char *ysh_cells_keep(struct ysh_cells *k, size_t c, const char *v);
void ysh_cells_free(struct ysh_cells *k);

/* The pool reference of record idx's cell c: equal references, equal
 * strings (a coded column's equal strings have equal references too). */
static inline uint32_t ysh_cells_ref(const struct ysh_cells *k, size_t idx, size_t c)
{
	const struct ysh_column_cells *col = &k->col[c];
	const void *b = col->blocks[idx >> YSH_CELLS_SHIFT];
	size_t i = idx & (YSH_CELLS_BLOCK - 1);
	uint32_t v;
	if (col->width == 1)
		v = ((const uint8_t *)b)[i];
	else if (col->width == 2)
		v = ((const uint16_t *)b)[i];
	else
		v = ((const uint32_t *)b)[i];
	return col->codes ? col->codes[v] : v;
}

/* Record idx's cell c: "" when empty. */
static inline const char *ysh_cells_str(const struct ysh_cells *k, size_t idx, size_t c)
{
	return ysh_strpool_str(&k->pool, ysh_cells_ref(k, idx, c));
}

#endif
