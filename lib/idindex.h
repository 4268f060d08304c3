/*
 * idindex.h - DIR/.ysh/<ledger>.idx: where each id's rows are, so that
 * ysh-add reads the few records a new row concerns (the record it revises,
 * the one it refers to, those with the same defining fields) instead of the
 * whole ledger, in time and memory that do not grow with it.
 *
 * One entry per data row: the id (packed: year and sequence), the row's
 * byte offset and line, and a hash of its defining (key) cells; most of
 * them sorted (by id, and a list by key hash), searched a block at a time,
 * the last few thousand in file order (idindex.c has the layout).  The
 * header records the ledger it describes (inode, size, modification time,
 * a check of its last 4 KiB); each block has a check.  It is a cache:
 * written only under the ledger's lock, and when it is missing, does not
 * match the ledger or fails a check, it is rebuilt from the ledger (under
 * the lock) or not used.  What it says is
 * never taken on trust: every row it points to is read and must be a
 * record of that id starting there (ledger.c), else it is rebuilt.
 */
#ifndef YSH_IDINDEX_H
#define YSH_IDINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "append.h"
#include "schema.h"

struct ysh_idx_entry {
	uint64_t key;     /* ysh_idx_key of the row's id */
	uint64_t off;     /* the row's first byte */
	uint64_t line;    /* the line it starts on */
	uint64_t keyhash; /* ysh_idx_keyhash of its cells, 0 when its key cells are empty */
};

/* What ysh-add asks: the rows of these ids, and all the rows of the
 * records any of whose rows has one of these key hashes (candidates for
 * record-duplicate). */
struct ysh_u64set { /* open addressing; a batch may ask for thousands */
	uint64_t *v;
	size_t n, cap;
	bool zero; /* 0 is the empty slot: held apart */
};
struct ysh_idx_want {
	struct ysh_u64set keys, keyhashes;
};

/* An id as an integer: year and sequence when it parses (PREFIX+year+seq),
 * else a hash of its text with the top bit set. */
uint64_t ysh_idx_key(const struct ysh_schema *s, const char *id);
/* The key cells of a row (schema order) hashed; 0 when all are empty. */
uint64_t ysh_idx_keyhash(const struct ysh_schema *s, const char *const *cells);
void ysh_idx_want_key(struct ysh_idx_want *w, uint64_t key);
void ysh_idx_want_keyhash(struct ysh_idx_want *w, uint64_t keyhash);
void ysh_idx_want_free(struct ysh_idx_want *w);

/* DIR/.ysh/<ledger>.idx */
char *ysh_idx_path(const char *dir, const struct ysh_schema *s);

/* The rows w asks for, in file order, from the index at path of the ledger
 * open on fd: 0; 1 when the index is missing, does not describe the ledger
 * as it is, or a part of it read fails its check; 2 when they are most of
 * the ledger (read it whole).  *rows is NULL unless 0. */
int ysh_idx_lookup(const char *path, int fd, const struct ysh_schema *s, const struct ysh_idx_want *w,
		   struct ysh_idx_entry **rows, size_t *n);

/* Rebuilds the index of lf's ledger from its bytes (under its lock): 0, or
 * -1 with *err (the index is then removed). */
int ysh_idx_build(const struct ysh_ledger_file *lf, char **err);

/* Whether the index describes lf's ledger as it is (asked before an
 * append, for ysh_idx_extend). */
bool ysh_idx_current(const struct ysh_ledger_file *lf);

/* After ysh_ledger_append put bytes[0..n) at offset `at` (line `line`) of
 * a ledger that had size_before bytes (0: it was new, and they begin with
 * the header): their entries added to the index if it was current before
 * the append, which then describes the ledger as it is now; a stale one is
 * removed, for the next writer to rebuild.  Never an error: the index only
 * saves time (a failure removes it). */
void ysh_idx_extend(const struct ysh_ledger_file *lf, bool current, const char *bytes, size_t n, uint64_t at,
		    size_t line, off_t size_before);

/*
 * ysh-add's reading, under the lock of lf, the ledger of t: of t, the
 * records the rows (cells in schema order) revise and those whose defining
 * cells are a new row's; of every ledger they refer to, the records they
 * and those records name.  Through the id indexes, each rebuilt (under its
 * ledger's lock) when it cannot answer; the whole ledgers when even a
 * rebuilt index cannot.  0, or -1 with *err.
 */
struct ysh_ledgers;
struct ysh_table;
int ysh_idx_read_for_add(struct ysh_ledgers *L, struct ysh_table *t, const struct ysh_ledger_file *lf,
			 char **const *cells, size_t n, long lock_timeout_ms, char **err);

#endif
