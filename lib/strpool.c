/*
 * strpool.c - a table's strings behind 32-bit references (strpool.h).
 */
#include "strpool.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { FIRST_BLOCK = 4096 };

const char ysh_strpool_empty[1] = "";

/* A new block of `size` bytes, its number returned. */
static size_t new_block(struct ysh_strpool *p, size_t size)
{
	if (p->nblocks == YSH_STRPOOL_MAX_BLOCKS)
		abort(); /* 4 GiB of one table's distinct text: memory runs out first */
	p->blocks = ysh_grow(p->blocks, &p->cap, p->nblocks + 1, sizeof(*p->blocks));
	p->blocks[p->nblocks] = ysh_xmalloc(size);
	return p->nblocks++;
}

/* Room for n bytes in the block short strings go to.  Block 0's first
 * byte is the empty string, so that no string gets reference 0. */
static void make_room(struct ysh_strpool *p, size_t n)
{
	if (p->nblocks && p->size - p->used >= n)
		return;
	size_t size = p->nblocks ? p->size : FIRST_BLOCK / 2;
	do
		size *= 2;
	while (size < n && size < YSH_STRPOOL_BLOCK);
	if (size > YSH_STRPOOL_BLOCK)
		size = YSH_STRPOOL_BLOCK;
	p->cur = new_block(p, size);
	p->size = size;
	p->used = 0;
	if (p->cur == 0)
		p->blocks[0][p->used++] = '\0';
}

uint32_t ysh_strpool_add(struct ysh_strpool *p, const char *s, size_t n)
{
	if (n == 0)
		return YSH_STRPOOL_EMPTY;
	char *to;
	uint32_t ref;
	if (n + 2 > YSH_STRPOOL_BLOCK) {
		if (!p->nblocks)
			make_room(p, 1); /* block 0 first: reference 0 stays the empty one */
		size_t b = new_block(p, n + 1);
		to = p->blocks[b];
		ref = (uint32_t)(b << YSH_STRPOOL_SHIFT);
	} else {
		make_room(p, n + 1);
		to = p->blocks[p->cur] + p->used;
		ref = (uint32_t)(p->cur << YSH_STRPOOL_SHIFT | p->used);
		p->used += n + 1;
	}
	memcpy(to, s, n);
	to[n] = '\0';
	return ref;
}

void ysh_strpool_free(struct ysh_strpool *p)
{
	for (size_t b = 0; b < p->nblocks; b++)
		free(p->blocks[b]);
	free(p->blocks);
	memset(p, 0, sizeof(*p));
}
