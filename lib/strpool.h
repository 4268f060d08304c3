/*
 * strpool.h - a table's strings, each named by a 32-bit reference.
 *
 * A folded record keeps one reference per cell instead of a pointer: half
 * the bytes of what was the largest part of a checked county's memory
 * (ysh-ledgers(5), bench/README.md).  Strings never move once added, so a
 * pointer got from a reference stays good as long as the pool.
 */
#ifndef YSH_STRPOOL_H
#define YSH_STRPOOL_H

#include <stddef.h>
#include <stdint.h>

/* A reference is a block number and an offset in it.  Blocks double from
 * a page to YSH_STRPOOL_BLOCK bytes (most tables are small); a longer
 * string gets a block of its own. */
enum { YSH_STRPOOL_SHIFT = 20 };
#define YSH_STRPOOL_BLOCK ((size_t)1 << YSH_STRPOOL_SHIFT)
#define YSH_STRPOOL_MAX_BLOCKS ((size_t)1 << (32 - YSH_STRPOOL_SHIFT))

/* Reference 0 is the empty string: a zeroed array of references is a row
 * of empty cells. */
#define YSH_STRPOOL_EMPTY ((uint32_t)0)

struct ysh_strpool {
	char **blocks;
	size_t nblocks, cap;
	size_t cur;        /* the block short strings go to */
	size_t used, size; /* bytes taken in it, and its size */
};

/* A copy of s[0..n) and its reference; aborts (as allocation failure
 * does) past 4 GiB of distinct text in one table. */
uint32_t ysh_strpool_add(struct ysh_strpool *p, const char *s, size_t n);

/* "", of no size the compiler sees (a pool with no blocks still has it) */
extern const char ysh_strpool_empty[];

static inline const char *ysh_strpool_str(const struct ysh_strpool *p, uint32_t ref)
{
	if (ref == YSH_STRPOOL_EMPTY)
		return ysh_strpool_empty;
	return p->blocks[ref >> YSH_STRPOOL_SHIFT] + (ref & (YSH_STRPOOL_BLOCK - 1));
}

void ysh_strpool_free(struct ysh_strpool *p);

#endif
