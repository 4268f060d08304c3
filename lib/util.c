#include "util.h"

#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

static void out_of_memory(size_t n)
{
	fprintf(stderr, _("ysh: out of memory allocating %zu bytes\n"), n);
	abort();
}

void *ysh_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *ysh_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory(n * size);
	return p;
}

void *ysh_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

char *ysh_xstrndup(const char *s, size_t n)
{
	char *p = ysh_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ysh_xstrdup(const char *s)
{
	return ysh_xstrndup(s, strlen(s));
}

char *ysh_xasprintf(const char *fmt, ...)
{
	struct ysh_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	ysh_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ysh_buf_str(&b);
	return b.p;
}

void *ysh_grow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			out_of_memory(SIZE_MAX);
		n *= 2;
	}
	*cap = n;
	return ysh_xrealloc(p, n * size);
}

extern inline void ysh_buf_add(struct ysh_buf *b, const void *s, size_t n);

void ysh_buf_adds(struct ysh_buf *b, const char *s)
{
	ysh_buf_add(b, s, strlen(s));
}

void ysh_buf_addc(struct ysh_buf *b, char c)
{
	ysh_buf_add(b, &c, 1);
}

void ysh_buf_vprintf(struct ysh_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	b->p = ysh_grow(b->p, &b->cap, b->len + (size_t)n + 1, 1);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void ysh_buf_printf(struct ysh_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ysh_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *ysh_buf_str(struct ysh_buf *b)
{
	b->p = ysh_grow(b->p, &b->cap, b->len + 1, 1);
	b->p[b->len] = '\0';
	return b->p;
}

void ysh_buf_reset(struct ysh_buf *b)
{
	b->len = 0;
}

void ysh_buf_free(struct ysh_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* ---- arena ---- */

struct ysh_arena_block {
	struct ysh_arena_block *next;
	size_t used, size;
	max_align_t data[];
};

enum { ARENA_FIRST = 512, ARENA_BLOCK = 64 * 1024 };

/* n bytes at a multiple of align (a power of two) in the newest block. */
static void *arena_take(struct ysh_arena *a, size_t n, size_t align)
{
	struct ysh_arena_block *b = a->head;
	size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
	if (!b || at > b->size || b->size - at < n) {
		/* blocks double from a small first one: a table has an arena per
		 * column (its interned strings), most of them holding a few units
		 * or kinds */
		size_t size = b ? (b->size < ARENA_BLOCK ? b->size * 2 : ARENA_BLOCK) : ARENA_FIRST;
		if (size < n)
			size = n;
		b = ysh_xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
		at = 0;
	}
	b->used = at + n;
	return (char *)b->data + at;
}

void *ysh_arena_alloc(struct ysh_arena *a, size_t n)
{
	return arena_take(a, n, sizeof(max_align_t));
}

/* Strings need no alignment: packing them byte to byte saves the padding
 * that was a third of a large ledger's arena. */
char *ysh_arena_strndup(struct ysh_arena *a, const char *s, size_t n)
{
	char *p = arena_take(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ysh_arena_strdup(struct ysh_arena *a, const char *s)
{
	return ysh_arena_strndup(a, s, strlen(s));
}

void ysh_arena_clear(struct ysh_arena *a)
{
	struct ysh_arena_block *b = a->head;
	if (!b)
		return;
	/* the newest block is the largest: kept for what comes next */
	struct ysh_arena_block *older = b->next;
	b->next = NULL;
	b->used = 0;
	while (older) {
		struct ysh_arena_block *next = older->next;
		free(older);
		older = next;
	}
}

void ysh_arena_free(struct ysh_arena *a)
{
	struct ysh_arena_block *b = a->head;
	while (b) {
		struct ysh_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

/* ---- map ---- */

/* Sixteen bytes: a county's id maps hold a slot per record.  Values are
 * indexes and counts, far below 2^32 (a ledger is limited long before). */
struct ysh_map_slot {
	const char *key;
	uint32_t val;
	uint32_t hash;
};

uint32_t ysh_hash_mem(const void *key, size_t n)
{
	/* Eight bytes at a time, each word mixed by a multiply (the 64-bit
	 * golden ratio) and a shift: the keys are cells (ids, dates, unit
	 * names), hashed for every cell read, by no adversary who gains by
	 * collisions.  The top bits are folded down: slots are taken from the
	 * low ones. */
	const char *s = key;
	uint64_t h = 0x9E3779B97F4A7C15u ^ n;
	for (; n >= 8; s += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = (h ^ w) * 0x9E3779B97F4A7C15u;
		h ^= h >> 29;
	}
	uint64_t w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0x9E3779B97F4A7C15u;
	h ^= h >> 32;
	return (uint32_t)h;
}

uint32_t ysh_hash_str(const char *s)
{
	return ysh_hash_mem(s, strlen(s));
}

static struct ysh_map_slot *map_find(const struct ysh_map *m, const char *key, uint32_t h)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct ysh_map_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h && strcmp(s->key, key) == 0))
			return s;
	}
}

bool ysh_map_get(const struct ysh_map *m, const char *key, size_t *val)
{
	if (!m->cap)
		return false;
	struct ysh_map_slot *s = map_find(m, key, ysh_hash_str(key));
	if (!s->key)
		return false;
	if (val)
		*val = s->val;
	return true;
}

static void map_rehash(struct ysh_map *m)
{
	struct ysh_map_slot *old = m->slots;
	size_t oldcap = m->cap;
	m->cap = oldcap ? oldcap * 2 : 64;
	m->slots = ysh_xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].key)
			*map_find(m, old[i].key, old[i].hash) = old[i];
	}
	free(old);
}

/* The slot for key, the map grown first if it is full enough: an empty
 * slot (key NULL) when key is absent. */
static struct ysh_map_slot *map_slot_for(struct ysh_map *m, const char *key, uint32_t *h)
{
	if ((m->len + 1) * 4 > m->cap * 3)
		map_rehash(m);
	*h = ysh_hash_str(key);
	return map_find(m, key, *h);
}

static void map_fill(struct ysh_map *m, struct ysh_map_slot *s, const char *key, uint32_t h, size_t val)
{
	s->key = key;
	s->hash = h;
	if (val > UINT32_MAX)
		abort(); /* a caller's bug: values are indexes and counts */
	s->val = (uint32_t)val;
	m->len++;
}

bool ysh_map_put(struct ysh_map *m, const char *key, size_t val)
{
	uint32_t h;
	struct ysh_map_slot *s = map_slot_for(m, key, &h);
	if (s->key)
		return false;
	map_fill(m, s, ysh_arena_strdup(&m->keys, key), h, val);
	return true;
}

bool ysh_map_put_kept(struct ysh_map *m, const char *key, size_t val)
{
	uint32_t h;
	struct ysh_map_slot *s = map_slot_for(m, key, &h);
	if (s->key)
		return false;
	map_fill(m, s, key, h, val);
	return true;
}

const char *ysh_map_intern(struct ysh_map *m, const char *key, bool *fresh)
{
	uint32_t h;
	struct ysh_map_slot *s = map_slot_for(m, key, &h);
	*fresh = !s->key;
	if (*fresh)
		map_fill(m, s, ysh_arena_strdup(&m->keys, key), h, 0);
	return s->key;
}

void ysh_map_free(struct ysh_map *m)
{
	free(m->slots);
	ysh_arena_free(&m->keys);
	memset(m, 0, sizeof(*m));
}

/* ---- lists ---- */

/* Length of the separator at s, or 0.  The full-width ones are what a clerk
 * typing with a Chinese input method produces: ； (EF BC 9B), ， (EF BC 8C)
 * and 、 (E3 80 81).  Called for every byte of every list cell, so it looks
 * at the first byte before comparing anything. */
static size_t list_sep_len(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	switch (s[0]) {
	case ';':
	case ',':
		return 1;
	case 0xEF:
		return s[1] == 0xBC && (s[2] == 0x9B || s[2] == 0x8C) ? 3 : 0;
	case 0xE3:
		return s[1] == 0x80 && s[2] == 0x81 ? 3 : 0;
	default:
		return 0;
	}
}

/* The bytes list_sep_len's separators start with. */
#define LIST_SEP_FIRST ";,\xEF\xE3"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void push_item(struct ysh_items *it, const char *item)
{
	if (it->n == it->cap) {
		size_t cap = it->cap * 2;
		const char **v = ysh_xcalloc(cap, sizeof(*v));
		memcpy(v, it->v, it->n * sizeof(*v));
		if (it->v != it->sv)
			free(it->v);
		it->v = v;
		it->cap = cap;
	}
	it->v[it->n++] = item;
}

void ysh_items_split(struct ysh_items *it, const char *s)
{
	size_t len = strlen(s);
	it->text = len < sizeof(it->small) ? it->small : ysh_xmalloc(len + 1);
	memcpy(it->text, s, len + 1);
	it->v = it->sv;
	it->cap = sizeof(it->sv) / sizeof(it->sv[0]);
	it->n = 0;
	for (char *p = it->text; *p;) {
		char *start = p;
		/* to the next byte a separator starts with, a run at a time */
		while (*(p += strcspn(p, LIST_SEP_FIRST)) && !list_sep_len(p))
			p++;
		char *end = p, *next = *p ? p + list_sep_len(p) : p;
		while (start < end && is_blank(*start))
			start++;
		while (end > start && is_blank(end[-1]))
			end--;
		if (end > start) {
			*end = '\0'; /* at or before the separator, skipped already */
			push_item(it, start);
		}
		p = next;
	}
}

void ysh_items_free(struct ysh_items *it)
{
	if (it->text != it->small)
		free(it->text);
	if (it->v != it->sv)
		free(it->v);
	it->text = NULL;
	it->v = NULL;
	it->n = 0;
}

size_t ysh_split_list(const char *s, char ***items)
{
	struct ysh_items it;
	ysh_items_split(&it, s);
	char **v = it.n ? ysh_xcalloc(it.n, sizeof(*v)) : NULL;
	for (size_t i = 0; i < it.n; i++)
		v[i] = ysh_xstrdup(it.v[i]);
	size_t n = it.n;
	ysh_items_free(&it);
	*items = v;
	return n;
}

void ysh_free_list(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static ysh_notice_fn notice_fn;

void ysh_set_notice(ysh_notice_fn fn)
{
	notice_fn = fn;
}

void ysh_notice(const char *fmt, ...)
{
	if (!notice_fn)
		return;
	struct ysh_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	ysh_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	notice_fn(ysh_buf_str(&b));
	ysh_buf_free(&b);
}

char *ysh_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct ysh_buf b = {0};
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ysh_buf_add(&b, chunk, got);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		ysh_buf_free(&b);
		errno = EIO;
		return NULL;
	}
	*n = b.len;
	ysh_buf_str(&b);
	return b.p ? b.p : ysh_xstrdup("");
}

uint64_t ysh_fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
