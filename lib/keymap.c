/*
 * keymap.c - a map whose keys live with its owner (keymap.h).
 *
 * Open addressing with linear probing, at most three quarters full: a
 * key absent is found so after a few slots, most of them skipped on the
 * hash alone, without reading the key they hold.
 */
#include "keymap.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum { FIRST_CAP = 64 };

/* The slot of key (hash h), or the empty one where it would go. */
static size_t find_slot(const struct ysh_keymap *m, const char *key, uint32_t h, ysh_keymap_key_fn *key_of,
			const void *ctx)
{
	size_t mask = m->cap - 1;
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		const struct ysh_keymap_slot *s = &m->slots[i];
		if (!s->val1 || (s->hash == h && strcmp(key_of(ctx, s->val1 - 1), key) == 0))
			return i;
	}
}

/* The first empty slot from hash h: where a key known absent goes. */
static size_t empty_slot(const struct ysh_keymap *m, uint32_t h)
{
	size_t mask = m->cap - 1, i = h & mask;
	while (m->slots[i].val1)
		i = (i + 1) & mask;
	return i;
}

/* Twice the slots, each key moved by the hash its slot keeps. */
static void grow(struct ysh_keymap *m)
{
	struct ysh_keymap_slot *old = m->slots;
	size_t oldcap = m->cap;
	m->cap = oldcap ? oldcap * 2 : FIRST_CAP;
	m->slots = ysh_xcalloc(m->cap, sizeof(*m->slots));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].val1)
			m->slots[empty_slot(m, old[i].hash)] = old[i];
	free(old);
}

void ysh_keymap_seek(struct ysh_keymap *m, const char *key, size_t len, ysh_keymap_key_fn *key_of, const void *ctx,
		     struct ysh_keymap_at *at)
{
	at->hash = ysh_hash_mem(key, len);
	at->found = false;
	at->val = 0;
	if (!m->cap) {
		at->slot = 0;
		return;
	}
	at->slot = find_slot(m, key, at->hash, key_of, ctx);
	const struct ysh_keymap_slot *s = &m->slots[at->slot];
	at->found = s->val1 != 0;
	at->val = at->found ? s->val1 - 1 : 0;
}

void ysh_keymap_put(struct ysh_keymap *m, const struct ysh_keymap_at *at, uint32_t val)
{
	if (val == UINT32_MAX || at->found || (m->cap && m->slots[at->slot].val1))
		abort(); /* a caller's bug: no value is that large; a put must follow its seek */
	size_t slot = at->slot;
	/* grown only for a key that goes in: a map of keys only found stays as it is */
	if ((m->len + 1) * 4 > m->cap * 3) {
		grow(m);
		slot = empty_slot(m, at->hash);
	}
	m->slots[slot].hash = at->hash;
	m->slots[slot].val1 = val + 1;
	m->len++;
}

bool ysh_keymap_get(const struct ysh_keymap *m, const char *key, ysh_keymap_key_fn *key_of, const void *ctx,
		    uint32_t *val)
{
	if (!m->cap)
		return false;
	const struct ysh_keymap_slot *s = &m->slots[find_slot(m, key, ysh_hash_str(key), key_of, ctx)];
	if (!s->val1)
		return false;
	if (val)
		*val = s->val1 - 1;
	return true;
}

void ysh_keymap_free(struct ysh_keymap *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
