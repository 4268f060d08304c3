/*
 * chain.h - a hash chain per ledger, so that an edit after the fact shows.
 *
 * DIR/.ysh/<ledger>.chain lists, for every row ysh-add appended (the
 * header row first), its byte offset and length in the ledger and the link
 * BLAKE2b-256(previous link || the row's exact bytes), in hex:
 *
 *     ysh-chain 1 blake2b-256
 *     0 118 9f2c...
 *     118 131 04ab...
 *
 * The last link is the ledger's head: a report prints it with the number of
 * rows (台账校验码), and a ledger that still holds those rows, byte for byte,
 * still leads to it.  Rows the chain does not list (added by hand, by another
 * program) are gaps: the chain covers byte ranges, not the whole file.
 */
#ifndef YSH_CHAIN_H
#define YSH_CHAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define YSH_CHAIN_BYTES 32
#define YSH_CHAIN_HEX (2 * YSH_CHAIN_BYTES)

struct ysh_chain_entry {
	uint64_t off, len;
	unsigned char link[YSH_CHAIN_BYTES];
};

struct ysh_chain {
	struct ysh_chain_entry *v;
	size_t n, cap;
	bool present; /* the chain file exists */
	uint64_t size; /* bytes of its whole lines: a last line cut short by a
	                * killed writer is not read, and the next writer cuts it */
};

/* The next link: BLAKE2b-256 of the previous link and the row's bytes. */
void ysh_chain_link(const unsigned char prev[YSH_CHAIN_BYTES], const void *row, size_t n,
		    unsigned char out[YSH_CHAIN_BYTES]);
/* The last link (all zero for an empty chain) as 64 hex digits; out holds 65. */
void ysh_chain_head_hex(const struct ysh_chain *c, char *out);
void ysh_chain_hex(const unsigned char link[YSH_CHAIN_BYTES], char *out);

/* Reads a chain file; a missing one is an empty chain (present false).
 * Returns 0, or -1 with *err (unreadable, or not a chain file: which line). */
int ysh_chain_load(const char *path, struct ysh_chain *c, char **err);
/* What an append needs, in time and memory independent of the chain's
 * length: the magic line checked and only the last whole line read (one
 * entry in c, c->size as ysh_chain_load sets it); the rest is ysh-check's
 * to verify.  A chain it cannot read so is read whole, with its errors. */
int ysh_chain_load_tail(const char *path, struct ysh_chain *c, char **err);
void ysh_chain_free(struct ysh_chain *c);

/* Adds entries for rows just appended to the ledger: rows[i] is lens[i]
 * bytes, the first at offset base.  Entries go to c and their lines to buf
 * (with the file's first line when c was empty): the caller writes buf at
 * the end of the chain file under the ledger's lock. */
struct ysh_buf;
void ysh_chain_extend(struct ysh_chain *c, uint64_t base, const char *bytes, const size_t *lens,
		      size_t n, struct ysh_buf *buf);

/*
 * Verifies a chain against the ledger's bytes.  *first_bad is the index of
 * the first entry whose row changed (its bytes differ, or lie past the end
 * of the file: deleted or moved rows show there too), or c->n when none
 * did; *later_bad counts the entries after it that differ too.  Reads
 * through a callback so that large ledgers are not held in memory:
 * read(ctx, off, buf, n) returns the bytes read (fewer at end of file).
 */
typedef size_t (*ysh_chain_read_fn)(void *ctx, uint64_t off, void *buf, size_t n);
void ysh_chain_verify(const struct ysh_chain *c, ysh_chain_read_fn read, void *ctx, size_t *first_bad,
		      size_t *later_bad);

/* The reader of ysh_chain_verify for an open file: ctx points at its fd. */
size_t ysh_chain_read_fd(void *ctx, uint64_t off, void *buf, size_t n);
/* DIR/.ysh/FILE.chain, the chain of ledger FILE (caller frees). */
char *ysh_chain_path(const char *dir, const char *file);

/* Whether a row starting at byte `off` is listed (entries are in offset
 * order; *cursor walks them along with the rows of the file). */
bool ysh_chain_covers(const struct ysh_chain *c, uint64_t off, size_t *cursor);

#endif
