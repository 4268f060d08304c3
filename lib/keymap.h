/*
 * keymap.h - a hash map of 32-bit values whose string keys its owner keeps.
 *
 * A table's id map and its columns' interning maps hold a slot for every
 * record or distinct value: the keys are already in the table (a record's
 * id cell, a string in the pool), so a slot is the key's hash and the
 * value, eight bytes, not a pointer besides (ysh_map: sixteen).  The
 * owner says how a value leads back to its key; that is asked only when
 * the hashes agree.
 */
#ifndef YSH_KEYMAP_H
#define YSH_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ysh_keymap_slot {
	uint32_t hash;
	uint32_t val1; /* the value + 1; 0: an empty slot */
};

struct ysh_keymap {
	struct ysh_keymap_slot *slots;
	size_t cap, len;
};

/* The key of a value in the map, from what owns both (ctx). */
typedef const char *ysh_keymap_key_fn(const void *ctx, uint32_t val);

/* Where a key is, or would go: ysh_keymap_seek fills it, ysh_keymap_put
 * takes it. */
struct ysh_keymap_at {
	uint32_t hash;
	size_t slot;
	bool found;
	uint32_t val; /* when found */
};

/* Looks key (len bytes, strlen(key)) up; a key found absent can then be
 * put (the map grows in ysh_keymap_put, not here, so a lookup never costs
 * memory). */
void ysh_keymap_seek(struct ysh_keymap *m, const char *key, size_t len, ysh_keymap_key_fn *key_of, const void *ctx,
		     struct ysh_keymap_at *at);
/* Puts val for the key `at` found absent (no other put in between);
 * aborts on UINT32_MAX, which no index or reference reaches. */
void ysh_keymap_put(struct ysh_keymap *m, const struct ysh_keymap_at *at, uint32_t val);
/* The value of key, for a map no one writes meanwhile (one that other
 * threads read). */
bool ysh_keymap_get(const struct ysh_keymap *m, const char *key, ysh_keymap_key_fn *key_of, const void *ctx,
		    uint32_t *val);
void ysh_keymap_free(struct ysh_keymap *m);

#endif
