/*
 * cells.c - a table's cells in codes or references (cells.h).
 */
#include "cells.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "value.h"

/* After this many values of a column, whether they repeat is known. */
enum { INTERN_PROBE = 1024, FIRST_CAP = 16 };

/* Records block b has room for. */
static size_t block_cap(const struct ysh_cells *k, size_t b)
{
	return b == 0 ? k->first_cap : YSH_CELLS_BLOCK;
}

/* Records that block b holds now. */
static size_t block_len(const struct ysh_cells *k, size_t b)
{
	size_t from = b * YSH_CELLS_BLOCK;
	size_t n = k->nrec - from;
	return n < YSH_CELLS_BLOCK ? n : YSH_CELLS_BLOCK;
}

static uint32_t get_at(const void *b, uint8_t width, size_t i)
{
	if (width == 1)
		return ((const uint8_t *)b)[i];
	if (width == 2)
		return ((const uint16_t *)b)[i];
	return ((const uint32_t *)b)[i];
}

static void put_at(void *b, uint8_t width, size_t i, uint32_t v)
{
	if (width == 1)
		((uint8_t *)b)[i] = (uint8_t)v;
	else if (width == 2)
		((uint16_t *)b)[i] = (uint16_t)v;
	else
		((uint32_t *)b)[i] = v;
}

/* Every cell of col rewritten `width` bytes wide, as references when
 * to_refs (the column stops being coded).  At most three times a column,
 * so linear in the table all told. */
static void recode(struct ysh_cells *k, struct ysh_column_cells *col, uint8_t width, bool to_refs)
{
	for (size_t b = 0; b < k->nblocks; b++) {
		void *old = col->blocks[b];
		void *now = ysh_xmalloc(block_cap(k, b) * width);
		for (size_t i = 0, n = block_len(k, b); i < n; i++) {
			uint32_t v = get_at(old, col->width, i);
			put_at(now, width, i, to_refs && !ysh_cells_is_far(col, v) ? col->codes[v] : v);
		}
		free(old);
		col->blocks[b] = now;
	}
	col->width = width;
}

/* The column's values mostly distinct: its cells become references, its
 * list of values and their map go. */
static void stop_coding(struct ysh_cells *k, struct ysh_column_cells *col)
{
	recode(k, col, 4, true);
	free(col->codes);
	col->codes = NULL;
	free(col->marks);
	col->marks = NULL;
	free(col->days);
	col->days = NULL;
	col->ncodes = col->capcodes = 0;
	ysh_keymap_free(&col->map);
	memset(col->recent, 0, sizeof(col->recent));
}

static void make_columns(struct ysh_cells *k, size_t ncols)
{
	k->ncols = ncols;
	k->col = ysh_xcalloc(ncols ? ncols : 1, sizeof(*k->col));
	for (size_t c = 0; c < ncols; c++) {
		struct ysh_column_cells *col = &k->col[c];
		col->width = 1;
		col->capcodes = 16;
		col->codes = ysh_xmalloc(col->capcodes * sizeof(*col->codes));
		col->marks = ysh_xcalloc(col->capcodes, sizeof(*col->marks));
		col->codes[0] = YSH_STRPOOL_EMPTY;
		col->ncodes = 1;
	}
}

void ysh_cells_refer(struct ysh_cells *k, size_t ncols, size_t c, const struct ysh_cells *other, size_t other_col,
		     ysh_cells_find_fn *find, const void *ctx)
{
	if (k->nrec || c >= ncols || (k->col && k->ncols != ncols))
		abort(); /* a caller's bug: bound before the first record, to a column there is */
	if (!k->col)
		make_columns(k, ncols);
	struct ysh_column_cells *col = &k->col[c];
	col->width = 4; /* record indexes: four bytes from the first */
	col->other = other;
	col->other_col = other_col;
	col->find = find;
	col->find_ctx = ctx;
}

/* Room in every column's list of blocks for block b. */
static void block_slot(struct ysh_cells *k, size_t b)
{
	if (b < k->capblocks)
		return;
	size_t cap = k->capblocks ? k->capblocks * 2 : 4;
	for (size_t c = 0; c < k->ncols; c++)
		k->col[c].blocks = ysh_xrealloc(k->col[c].blocks, cap * sizeof(*k->col[c].blocks));
	k->capblocks = cap;
}

size_t ysh_cells_add_record(struct ysh_cells *k, size_t ncols)
{
	if (!k->col)
		make_columns(k, ncols);
	size_t idx = k->nrec;
	if (idx == k->first_cap && idx < YSH_CELLS_BLOCK) {
		/* block 0 doubles up to a whole block */
		block_slot(k, 0);
		k->first_cap = k->first_cap ? k->first_cap * 2 : FIRST_CAP;
		for (size_t c = 0; c < k->ncols; c++) {
			struct ysh_column_cells *col = &k->col[c];
			col->blocks[0] = ysh_xrealloc(k->nblocks ? col->blocks[0] : NULL, k->first_cap * col->width);
		}
		k->nblocks = 1;
	} else if (idx >= YSH_CELLS_BLOCK && idx % YSH_CELLS_BLOCK == 0) {
		block_slot(k, k->nblocks);
		for (size_t c = 0; c < k->ncols; c++)
			k->col[c].blocks[k->nblocks] = ysh_xmalloc(YSH_CELLS_BLOCK * k->col[c].width);
		k->nblocks++;
	}
	if (idx == UINT32_MAX)
		abort(); /* a record index is kept in 32 bits (keymap values); lines run out first */
	k->nrec++;
	for (size_t c = 0; c < k->ncols; c++)
		put_at(k->col[c].blocks[idx >> YSH_CELLS_SHIFT], k->col[c].width, idx & (YSH_CELLS_BLOCK - 1), 0);
	return idx;
}

/* The map's key of a code: its string in the pool. */
struct coded {
	const struct ysh_strpool *pool;
	const uint32_t *codes;
};

static const char *code_key(const void *ctx, uint32_t code)
{
	const struct coded *x = ctx;
	return ysh_strpool_str(x->pool, x->codes[code]);
}

/* What a dated column keeps of a value. */
static int32_t day_of(const char *v)
{
	ysh_day d;
	return ysh_parse_date(v, &d) ? d : YSH_CELLS_NO_DAY;
}

/* A new code for v (n bytes) in col: its copy added to the pool. */
static uint32_t new_code(struct ysh_cells *k, struct ysh_column_cells *col, const char *v, size_t n)
{
	if (col->ncodes == UINT32_MAX)
		abort(); /* four billion distinct values: memory runs out first */
	uint32_t code = (uint32_t)col->ncodes++;
	if (code == col->capcodes) {
		col->capcodes *= 2;
		col->codes = ysh_xrealloc(col->codes, col->capcodes * sizeof(*col->codes));
		col->marks = ysh_xrealloc(col->marks, col->capcodes * sizeof(*col->marks));
		if (col->days)
			col->days = ysh_xrealloc(col->days, col->capcodes * sizeof(*col->days));
	}
	col->marks[code] = 0;
	col->codes[code] = ysh_strpool_add(&k->pool, v, n);
	if (col->days)
		col->days[code] = day_of(ysh_strpool_str(&k->pool, col->codes[code]));
	if (code == YSH_CELLS_OTHER && (col->other || col->far))
		abort(); /* two billion ids found nowhere, or short notes: memory runs out first */
	if ((code == 1u << 8 || code == 1u << 16) && col->width < 4)
		recode(k, col, code == 1u << 8 ? 2 : 4, false);
	return code;
}

const char *ysh_cells_other_str(const struct ysh_column_cells *col, uint32_t v)
{
	return ysh_cells_str(col->other, v & ~YSH_CELLS_OTHER, col->other_col);
}

/* ---- far values ---- */

struct ysh_cells_back {
	ysh_cells_fetch_fn *fetch;
	void *ctx;
	/* what was read back for as long as the table, and its lock: a
	 * report's threads (the state's rules and the duplicates) may ask at
	 * once */
	pthread_mutex_t mu;
	struct ysh_arena kept;
	size_t nkept; /* values read back into it */
};

void ysh_cells_dated(struct ysh_cells *k, size_t ncols, size_t c)
{
	if (k->nrec || c >= ncols || (k->col && k->ncols != ncols))
		abort(); /* a caller's bug: bound before the first record, to a column there is */
	if (!k->col)
		make_columns(k, ncols);
	struct ysh_column_cells *col = &k->col[c];
	if (col->days || !col->codes)
		return;
	col->days = ysh_xmalloc(col->capcodes * sizeof(*col->days));
	for (size_t i = 0; i < col->ncodes; i++)
		col->days[i] = day_of(ysh_strpool_str(&k->pool, col->codes[i]));
}

void ysh_cells_far(struct ysh_cells *k, size_t ncols, size_t c, ysh_cells_fetch_fn *fetch, void *ctx)
{
	if (k->nrec || c >= ncols || (k->col && k->ncols != ncols) || !fetch)
		abort(); /* a caller's bug: bound before the first record, to a column there is */
	if (!k->col)
		make_columns(k, ncols);
	struct ysh_column_cells *col = &k->col[c];
	if (col->other || (k->back && (k->back->fetch != fetch || k->back->ctx != ctx)))
		abort(); /* a column names records or holds text, and one ledger is read back */
	col->far = true;
	if (!k->back) {
		k->back = ysh_xcalloc(1, sizeof(*k->back));
		k->back->fetch = fetch;
		k->back->ctx = ctx;
		pthread_mutex_init(&k->back->mu, NULL);
	}
}

void ysh_cells_at_row(struct ysh_cells *k, uint64_t row, const size_t *lens, size_t nfields)
{
	k->row = row;
	k->row_lens = lens;
	k->row_nfields = nfields;
	k->at_row = k->back != NULL; /* no far column: nothing to keep far */
}

void ysh_cells_no_row(struct ysh_cells *k)
{
	k->at_row = false;
}

/* v (n bytes) of the row being kept, far: its place, length and hash, and
 * at least how long the row is (its fields and commas), for the read back
 * to take not much more; counted here, not for every row read. */
static uint32_t keep_far(struct ysh_cells *k, const char *v, size_t n)
{
	if (k->nfar == YSH_CELLS_FAR || n > UINT32_MAX)
		abort(); /* two billion long values, or one of 4 GiB: memory runs out first */
	size_t row_min = k->row_nfields;
	for (size_t i = 0; i < k->row_nfields; i++)
		row_min += k->row_lens[i];
	k->far = ysh_grow(k->far, &k->capfar, k->nfar + 1, sizeof(*k->far));
	k->far[k->nfar] = (struct ysh_cells_far_value){k->row, row_min < UINT32_MAX ? (uint32_t)row_min : UINT32_MAX,
						      (uint32_t)n, ysh_hash_mem(v, n)};
	return (uint32_t)k->nfar++ | YSH_CELLS_FAR;
}

const char *ysh_cells_far_str(const struct ysh_cells *k, size_t c, uint32_t v, struct ysh_arena *a)
{
	const struct ysh_cells_far_value *f = &k->far[v & ~YSH_CELLS_FAR];
	struct ysh_cells_back *b = k->back;
	if (a)
		return b->fetch(b->ctx, f, c, a);
	pthread_mutex_lock(&b->mu);
	const char *s = b->fetch(b->ctx, f, c, &b->kept);
	b->nkept++;
	pthread_mutex_unlock(&b->mu);
	return s;
}

size_t ysh_cells_far_kept(const struct ysh_cells *k)
{
	if (!k->back)
		return 0;
	pthread_mutex_lock(&k->back->mu);
	size_t n = k->back->nkept;
	pthread_mutex_unlock(&k->back->mu);
	return n;
}

uint32_t ysh_cells_hash(const struct ysh_cells *k, size_t idx, size_t c)
{
	const struct ysh_column_cells *col = &k->col[c];
	uint32_t v = ysh_cells_raw(col, idx);
	if (ysh_cells_is_far(col, v))
		return k->far[v & ~YSH_CELLS_FAR].hash;
	return ysh_hash_str(ysh_cells_value_str(k, col, v));
}

bool ysh_cells_same(const struct ysh_cells *k, size_t i, size_t j, size_t c, struct ysh_arena *a)
{
	const struct ysh_column_cells *col = &k->col[c];
	uint32_t vi = ysh_cells_raw(col, i), vj = ysh_cells_raw(col, j);
	bool fi = ysh_cells_is_far(col, vi), fj = ysh_cells_is_far(col, vj);
	if (!fi && !fj) { /* a coded column's equal cells are one string */
		const char *x = ysh_cells_value_str(k, col, vi), *y = ysh_cells_value_str(k, col, vj);
		return x == y || !strcmp(x, y);
	}
	if (vi == vj)
		return true;
	/* a long value ysh-add keeps (no row) is near: a far one may equal it */
	const char *x = fi ? NULL : ysh_cells_value_str(k, col, vi), *y = fj ? NULL : ysh_cells_value_str(k, col, vj);
	size_t li = fi ? k->far[vi & ~YSH_CELLS_FAR].len : strlen(x), lj = fj ? k->far[vj & ~YSH_CELLS_FAR].len : strlen(y);
	if (li != lj || ysh_cells_hash(k, i, c) != ysh_cells_hash(k, j, c))
		return false;
	x = fi ? ysh_cells_far_str(k, c, vi, a) : x;
	y = fj ? ysh_cells_far_str(k, c, vj, a) : y;
	return !strcmp(x, y);
}

/* A word of v's n > 0 bytes, its first eight and its last eight mixed:
 * the dates of a month differ in their last bytes, names in their first. */
static uint64_t value_word(const char *v, size_t n)
{
	uint64_t head = 0, tail = 0;
	if (n < 8) {
		memcpy(&head, v, n);
		return head;
	}
	memcpy(&head, v, 8);
	memcpy(&tail, v + n - 8, 8);
	return head ^ (tail << 1 | tail >> 63);
}

/* The code of v (n > 0 bytes, word w) among the column's recent ones,
 * moved one place towards the front (the often met stay there); 0 when
 * it is none of them. */
static uint32_t recent_code(const struct ysh_cells *k, struct ysh_column_cells *col, const char *v, size_t n,
			    uint64_t w)
{
	struct ysh_cells_recent *r = col->recent;
	for (size_t i = 0; i < YSH_CELLS_RECENT && r[i].code; i++) {
		if (r[i].word != w || r[i].len != n || memcmp(ysh_strpool_str(&k->pool, col->codes[r[i].code]), v, n))
			continue;
		struct ysh_cells_recent hit = r[i];
		if (i) {
			r[i] = r[i - 1];
			r[i - 1] = hit;
		}
		return hit.code;
	}
	return 0;
}

/* A code just looked up put in front of the recent ones, the last out. */
static void make_recent(struct ysh_column_cells *col, uint32_t code, size_t n, uint64_t w)
{
	for (size_t i = YSH_CELLS_RECENT - 1; i > 0; i--)
		col->recent[i] = col->recent[i - 1];
	col->recent[0] = (struct ysh_cells_recent){w, code, (uint32_t)n};
}

/* Whether, with one more value kept (new or not), the column's first
 * INTERN_PROBE values turn out mostly distinct: then it stops being coded.
 * The other's ids are not copied: no probe. */
static bool found_distinct(struct ysh_column_cells *col, bool fresh)
{
	if (col->seen >= INTERN_PROBE || col->other)
		return false;
	col->seen++;
	col->fresh += fresh;
	return col->seen == INTERN_PROBE && col->fresh * 2 > col->seen;
}

/* What a cell of column c holding v (n bytes) keeps: a code, a reference,
 * or the other table's record. */
static uint32_t keep_value(struct ysh_cells *k, size_t c, const char *v, size_t n)
{
	struct ysh_column_cells *col = &k->col[c];
	if (!n)
		return 0; /* code 0 and reference 0 alike */
	if (col->far && k->at_row && n > YSH_CELLS_NEAR_MAX) {
		if (col->width < 4) /* a far value's index has the top bit; a column none reaches stays narrow */
			recode(k, col, 4, false);
		return keep_far(k, v, n); /* neither coded nor copied: long text hardly repeats */
	}
	if (!col->codes) {
		uint32_t ref = ysh_strpool_add(&k->pool, v, n);
		if (col->far && (ref & YSH_CELLS_FAR))
			abort(); /* 2 GiB of a ledger's short values: memory runs out first */
		return ref;
	}
	uint32_t idx;
	if (col->other && col->find(col->find_ctx, v, &idx) && idx < YSH_CELLS_OTHER)
		return idx | YSH_CELLS_OTHER;
	uint64_t w = value_word(v, n);
	uint32_t code = recent_code(k, col, v, n, w);
	bool fresh = false;
	if (!code) {
		struct coded x = {&k->pool, col->codes};
		struct ysh_keymap_at at;
		ysh_keymap_seek(&col->map, v, n, code_key, &x, &at);
		code = at.val;
		if (!at.found) {
			code = new_code(k, col, v, n);
			ysh_keymap_put(&col->map, &at, code);
		}
		fresh = !at.found;
		make_recent(col, code, n, w);
	}
	if (found_distinct(col, fresh)) {
		uint32_t ref = col->codes[code];
		stop_coding(k, col);
		return ref;
	}
	return code;
}

void ysh_cells_set(struct ysh_cells *k, size_t idx, size_t c, const char *v)
{
	uint32_t val = keep_value(k, c, v, strlen(v)); /* first: it may widen the column */
	ysh_cells_put(k, idx, c, val);
}

uint32_t ysh_cells_code(struct ysh_cells *k, size_t ncols, size_t c, const char *v, size_t len)
{
	if (!k->col)
		make_columns(k, ncols);
	return keep_value(k, c, v, len);
}

void ysh_cells_put(struct ysh_cells *k, size_t idx, size_t c, uint32_t val)
{
	struct ysh_column_cells *col = &k->col[c];
	put_at(col->blocks[idx >> YSH_CELLS_SHIFT], col->width, idx & (YSH_CELLS_BLOCK - 1), val);
}

uint8_t *ysh_cells_marks(struct ysh_cells *k, size_t c, uint32_t val)
{
	struct ysh_column_cells *col = &k->col[c];
	if (!col->codes || (col->other && (val & YSH_CELLS_OTHER)) || val >= col->ncodes)
		return NULL;
	return &col->marks[val];
}

const char *ysh_cells_keep(struct ysh_cells *k, size_t c, const char *v)
{
	uint32_t val = keep_value(k, c, v, strlen(v));
	return ysh_cells_value_str(k, &k->col[c], val);
}

void ysh_cells_free(struct ysh_cells *k)
{
	for (size_t c = 0; c < k->ncols; c++) {
		struct ysh_column_cells *col = &k->col[c];
		for (size_t b = 0; b < k->nblocks; b++)
			free(col->blocks[b]);
		free(col->blocks);
		free(col->codes);
		free(col->marks);
		free(col->days);
		ysh_keymap_free(&col->map);
	}
	free(k->col);
	ysh_strpool_free(&k->pool);
	free(k->far);
	if (k->back) {
		pthread_mutex_destroy(&k->back->mu);
		ysh_arena_free(&k->back->kept);
		free(k->back);
	}
	memset(k, 0, sizeof(*k));
}
