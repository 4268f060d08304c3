/*
 * util.h - the small containers every module leans on: a growable byte
 * buffer, an arena for strings that live as long as a ledger, and a string
 * map.  Allocation failure aborts: a checker that runs out of memory half-way
 * cannot report anything truthful, and the writers never allocate between
 * taking the lock and finishing the append.
 */
#ifndef YSH_UTIL_H
#define YSH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

void *ysh_xmalloc(size_t n);
void *ysh_xcalloc(size_t n, size_t size);
void *ysh_xrealloc(void *p, size_t n);
char *ysh_xstrdup(const char *s);
char *ysh_xstrndup(const char *s, size_t n);
char *ysh_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array of `*cap` elements of `size` bytes so that it holds `need`. */
void *ysh_grow(void *p, size_t *cap, size_t need, size_t size);

/* The slot of address p in a cache of 2^bits entries (a string's
 * measure, a cell's unit): the top bits of its golden-ratio product, so
 * that every bit of the address counts (a pool's strings lie a byte
 * apart). */
static inline size_t ysh_ptr_slot(const void *p, unsigned bits)
{
	return (size_t)((uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15u >> (64 - bits));
}

struct ysh_buf {
	char *p;
	size_t len, cap;
};

/* Appends n bytes, with room kept for a NUL after them (ysh_buf_str).
 * Inline: the reader adds every cell it reads here, and a call for each
 * cost more than the copy; util.c holds its one external definition. */
inline void ysh_buf_add(struct ysh_buf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		b->p = ysh_grow(b->p, &b->cap, b->len + n + 1, 1);
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
}
void ysh_buf_adds(struct ysh_buf *b, const char *s);
void ysh_buf_addc(struct ysh_buf *b, char c);
void ysh_buf_printf(struct ysh_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ysh_buf_vprintf(struct ysh_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* NUL-terminates (not counted in len) and returns the bytes. */
const char *ysh_buf_str(struct ysh_buf *b);
void ysh_buf_reset(struct ysh_buf *b);
void ysh_buf_free(struct ysh_buf *b);

/* A whole (small) file, NUL-terminated (*n its length), or NULL with errno. */
char *ysh_slurp(const char *path, size_t *n);

struct ysh_arena_block;
struct ysh_arena {
	struct ysh_arena_block *head;
};

void *ysh_arena_alloc(struct ysh_arena *a, size_t n);
char *ysh_arena_strndup(struct ysh_arena *a, const char *s, size_t n);
char *ysh_arena_strdup(struct ysh_arena *a, const char *s);
/* Everything a took let go at once, its newest block kept for reuse. */
void ysh_arena_clear(struct ysh_arena *a);
void ysh_arena_free(struct ysh_arena *a);

/*
 * Open-addressing map from a string to a size_t.  Keys are copied into the
 * map's own arena, so callers may pass transient buffers.
 */
struct ysh_map {
	struct ysh_map_slot *slots;
	size_t cap, len;
	struct ysh_arena keys;
};

/* The maps' hash of a string: fast, for keys no adversary chooses.  Of
 * n bytes, the same as of the string they are (a reader that knows a
 * cell's length need not count it again). */
uint32_t ysh_hash_mem(const void *key, size_t n);
uint32_t ysh_hash_str(const char *s);
bool ysh_map_get(const struct ysh_map *m, const char *key, size_t *val);
/* Returns false (and leaves the old value) if the key was present. */
bool ysh_map_put(struct ysh_map *m, const char *key, size_t val);
/* The same with a key the caller keeps alive as long as the map (a string
 * in a table's arena): no second copy of every id. */
bool ysh_map_put_kept(struct ysh_map *m, const char *key, size_t val);
/* The map's own copy of key, made on first sight: equal strings share one
 * copy.  *fresh says whether this call made it. */
const char *ysh_map_intern(struct ysh_map *m, const char *key, bool *fresh);
void ysh_map_free(struct ysh_map *m);

/* Split `s` on any of the list separators ; ； 、 , ，  into trimmed,
 * non-empty items; returns the count and sets *items (caller frees the
 * array and the strings with ysh_free_list). */
size_t ysh_split_list(const char *s, char ***items);
void ysh_free_list(char **items, size_t n);
/* The same items without a malloc for a usual list (a rule splits the
 * steps of every activity): s copied once, into `small` when it fits, and
 * split in place.  v[0..n) point into the copy until ysh_items_free. */
struct ysh_items {
	const char **v;
	size_t n, cap;
	char *text;
	char small[256];
	const char *sv[16];
};
void ysh_items_split(struct ysh_items *it, const char *s);
void ysh_items_free(struct ysh_items *it);

/* FNV-1a, 64 bits, continuing from h (YSH_FNV_START to begin): a check of
 * bytes against accidents, not against a forger. */
#define YSH_FNV_START 0xcbf29ce484222325ULL
uint64_t ysh_fnv1a(uint64_t h, const void *p, size_t n);

/*
 * Notices: what a command should tell its user about something the library
 * did on the way (a repair of an interrupted write).  The library never
 * prints; a command sets the function that does (none set: dropped).
 */
typedef void (*ysh_notice_fn)(const char *msg);
void ysh_set_notice(ysh_notice_fn fn);
void ysh_notice(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
