#define _GNU_SOURCE /* O_CLOEXEC, O_NOFOLLOW with older headers */
#include "idindex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvread.h"
#include "i18n.h"
#include "ledger.h"
#include "value.h"

/* The file, in native byte order (the index never leaves the machine that
 * wrote it: a copy elsewhere fails the magic or the inode and is rebuilt):
 *
 *   the header;
 *   the sorted part, of the ledger's first nsorted rows: their entries in
 *   (key, offset) order, then the pairs (key hash, key) of those with a key
 *   hash, in that order;
 *   a check of each BLOCK bytes of the sorted part;
 *   the tail: the entries of the rows after them, in file order.
 *
 * A lookup binary-searches the sorted part, reading and checking only the
 * blocks it lands on, and reads the tail whole: its cost does not grow with
 * the ledger.  An append adds to the tail; when the tail reaches TAIL_MAX
 * entries it is merged into the sorted part, which is rewritten (one pass,
 * every TAIL_MAX rows).  nsorted is therefore always the largest multiple
 * of TAIL_MAX not above n, and an index kept up by appends is the one a
 * rebuild makes, byte for byte. */
struct header {
	char magic[8];
	uint64_t ino, size, mtime_sec, mtime_nsec, tail; /* the ledger described */
	uint64_t n, nsorted, npairs;                      /* entries; of them sorted; key-hash pairs */
	uint64_t tail_sum, unused;                       /* the tail's check (tail_check from TAIL_START) */
	uint64_t check;                                  /* of the fields above */
};

struct pair {
	uint64_t keyhash, key;
};

static const char MAGIC[8] = {'y', 's', 'h', '-', 'i', 'd', 'x', '3'};

enum {
	BLOCK = 4096,     /* the unit of the sorted part that is read and checked */
	TAIL_MAX = 4096,  /* entries in the tail before it is merged in (128 KiB) */
	RUN = 64,         /* blocks read at once by a scan (256 KiB) */
	MAX_ENTRIES_LOG2 = 40,
};

static const uint64_t TAIL_START = 0x6a09e667f3bcc908ULL; /* where the tail's check begins */

uint64_t ysh_idx_key(const struct ysh_schema *s, const char *id)
{
	int year;
	long seq;
	if (ysh_parse_id(id, s->id_prefix, &year, &seq) && year >= 0)
		return (uint64_t)year << 32 | (uint64_t)seq;
	return ysh_fnv1a(YSH_FNV_START, id, strlen(id)) | 1ULL << 63;
}

uint64_t ysh_idx_keyhash(const struct ysh_schema *s, const char *const *cells)
{
	uint64_t h = YSH_FNV_START;
	bool any = false;
	for (size_t k = 0; k < s->nkey; k++) {
		const char *v = cells[s->key_cols[k]];
		any |= *v != '\0';
		h = ysh_fnv1a(ysh_fnv1a(h, v, strlen(v)), "\x1f", 1);
	}
	return any ? h | 1 : 0;
}

/* ---- sets of keys ---- */

static size_t slot(const struct ysh_u64set *s, uint64_t x)
{
	size_t i = (size_t)((x * 0x9E3779B97F4A7C15ULL) >> 17) & (s->cap - 1);
	while (s->v[i] && s->v[i] != x)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static bool set_has(const struct ysh_u64set *s, uint64_t x)
{
	if (!x)
		return s->zero;
	return s->n && s->v[slot(s, x)] == x;
}

static void set_add(struct ysh_u64set *s, uint64_t x)
{
	if (!x) {
		s->zero = true;
		return;
	}
	if (2 * (s->n + 1) > s->cap) { /* at most half full */
		struct ysh_u64set bigger = {.cap = s->cap ? 2 * s->cap : 16, .zero = s->zero};
		bigger.v = ysh_xcalloc(bigger.cap, sizeof(*bigger.v));
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i])
				bigger.v[slot(&bigger, s->v[i])] = s->v[i], bigger.n++;
		free(s->v);
		*s = bigger;
	}
	size_t i = slot(s, x);
	if (!s->v[i]) {
		s->v[i] = x;
		s->n++;
	}
}

static bool set_empty(const struct ysh_u64set *s)
{
	return !s->n && !s->zero;
}

static size_t set_count(const struct ysh_u64set *s)
{
	return s->n + s->zero;
}

static void set_add_all(struct ysh_u64set *to, const struct ysh_u64set *from)
{
	if (from->zero)
		set_add(to, 0);
	for (size_t i = 0; i < from->cap; i++)
		if (from->v[i])
			set_add(to, from->v[i]);
}

void ysh_idx_want_key(struct ysh_idx_want *w, uint64_t key)
{
	set_add(&w->keys, key);
}

void ysh_idx_want_keyhash(struct ysh_idx_want *w, uint64_t keyhash)
{
	if (keyhash)
		set_add(&w->keyhashes, keyhash);
}

void ysh_idx_want_free(struct ysh_idx_want *w)
{
	free(w->keys.v);
	free(w->keyhashes.v);
	memset(w, 0, sizeof(*w));
}

char *ysh_idx_path(const char *dir, const struct ysh_schema *s)
{
	return ysh_xasprintf("%s/.ysh/%s.idx", dir, s->file);
}

/* ---- the layout ---- */

static uint64_t sorted_bytes(const struct header *h)
{
	return h->nsorted * sizeof(struct ysh_idx_entry) + h->npairs * sizeof(struct pair);
}

static uint64_t nblocks(const struct header *h)
{
	return (sorted_bytes(h) + BLOCK - 1) / BLOCK;
}

static uint64_t checks_at(const struct header *h)
{
	return sizeof(struct header) + sorted_bytes(h);
}

static uint64_t tail_at(const struct header *h)
{
	return checks_at(h) + nblocks(h) * sizeof(uint64_t);
}

static uint64_t ntail(const struct header *h)
{
	return h->n - h->nsorted;
}

static uint64_t header_check(const struct header *h)
{
	return ysh_fnv1a(YSH_FNV_START, h, offsetof(struct header, check));
}

/* A check of 64-bit words, continued from h: each word mixed in by a
 * multiply and a shift, both one-to-one, so that any change of any bits of
 * any word, or a word moved, changes it (a sum, as before, missed two
 * flips of a top bit).  Against accidents, not forgers.  Continued, it
 * checks a sequence appended to: the tail's is carried on by each append. */
static uint64_t mix_words(uint64_t h, const void *p, size_t len)
{
	for (size_t i = 0; i + sizeof(uint64_t) <= len; i += sizeof(uint64_t)) {
		uint64_t w;
		memcpy(&w, (const char *)p + i, sizeof(w));
		h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
		h ^= h >> 29;
	}
	return h;
}

static uint64_t tail_check(uint64_t h, const struct ysh_idx_entry *e, size_t n)
{
	return n ? mix_words(h, e, n * sizeof(*e)) : h; /* an entry is four words, no padding */
}

/* One block of the sorted part, from its number: a block changed, or
 * moved to where another was, fails it. */
static uint64_t block_check(uint64_t j, const void *p, size_t len)
{
	return mix_words(YSH_FNV_START ^ (j * 0x9E3779B97F4A7C15ULL), p, len);
}

static bool read_at(int fd, void *p, size_t len, uint64_t off)
{
	for (size_t done = 0; done < len;) {
		ssize_t got = pread(fd, (char *)p + done, len - done, (off_t)(off + done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		done += (size_t)got;
	}
	return true;
}

static bool write_at(int fd, const void *p, size_t len, uint64_t off)
{
	for (size_t done = 0; done < len;) {
		ssize_t put = pwrite(fd, (const char *)p + done, len - done, (off_t)(off + done));
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return false;
		done += (size_t)put;
	}
	return true;
}

/* What the header says of a ledger as it is now (open on fd). */
static bool describe(int fd, struct header *h)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !ysh_ledger_tail_check(fd, st.st_size, &h->tail))
		return false;
	h->ino = (uint64_t)st.st_ino;
	h->size = (uint64_t)st.st_size;
	h->mtime_sec = (uint64_t)st.st_mtim.tv_sec;
	h->mtime_nsec = (uint64_t)st.st_mtim.tv_nsec;
	return true;
}

/* A header, whose counts are those of a layout this code writes (so that
 * no size computed from them overflows), and no more entries than the
 * ledger has bytes (so that none is out of proportion to the ledger). */
static bool read_header(int ifd, struct header *h)
{
	return read_at(ifd, h, sizeof(*h), 0) && !memcmp(h->magic, MAGIC, sizeof(MAGIC)) &&
	       h->check == header_check(h) && h->n < 1ULL << MAX_ENTRIES_LOG2 && h->n <= h->size &&
	       h->nsorted <= h->n &&
	       h->npairs <= h->nsorted && h->nsorted % TAIL_MAX == 0 && ntail(h) < TAIL_MAX;
}

static bool write_header(int ifd, struct header *h)
{
	memcpy(h->magic, MAGIC, sizeof(MAGIC));
	h->check = header_check(h);
	return write_at(ifd, h, sizeof(*h), 0);
}

/* Whether the index on ifd (its header h) describes the ledger on fd as
 * it is, and is as long as its header says. */
static bool describes(int ifd, const struct header *h, int fd)
{
	struct header now;
	struct stat st;
	return describe(fd, &now) && fstat(ifd, &st) == 0 && now.ino == h->ino && now.size == h->size &&
	       now.mtime_sec == h->mtime_sec && now.mtime_nsec == h->mtime_nsec && now.tail == h->tail &&
	       (uint64_t)st.st_size == tail_at(h) + ntail(h) * sizeof(struct ysh_idx_entry);
}

/* The tail (*n entries; freed by the caller), *ok false when it cannot be
 * read or fails its check. */
static struct ysh_idx_entry *read_tail(int ifd, const struct header *h, size_t *n, bool *ok)
{
	*n = (size_t)ntail(h);
	struct ysh_idx_entry *e = ysh_xmalloc((*n ? *n : 1) * sizeof(*e));
	*ok = read_at(ifd, e, *n * sizeof(*e), tail_at(h)) && tail_check(TAIL_START, e, *n) == h->tail_sum;
	return e;
}

/* ---- reading the sorted part ---- */

/* Blocks of the sorted part, each checked as it is read; `bad` once one
 * cannot be read or fails its check. */
struct blocks {
	int fd;
	const struct header *h;
	uint64_t first, count; /* the blocks held: [first, first + count) */
	char *buf;             /* RUN blocks */
	uint64_t checks[RUN];
	bool bad;
};

static void blocks_open(struct blocks *b, int fd, const struct header *h)
{
	*b = (struct blocks){.fd = fd, .h = h, .buf = ysh_xmalloc((size_t)RUN * BLOCK)};
}

static bool blocks_load(struct blocks *b, uint64_t j, uint64_t run)
{
	uint64_t total = nblocks(b->h), all = sorted_bytes(b->h);
	uint64_t k = total - j < run ? total - j : run;
	uint64_t from = j * BLOCK, len = all - from < k * BLOCK ? all - from : k * BLOCK;
	b->count = 0;
	if (!read_at(b->fd, b->buf, (size_t)len, sizeof(struct header) + from) ||
	    !read_at(b->fd, b->checks, (size_t)k * sizeof(uint64_t), checks_at(b->h) + j * sizeof(uint64_t)))
		return false;
	for (uint64_t i = 0; i < k; i++) {
		uint64_t bl = len - i * BLOCK < BLOCK ? len - i * BLOCK : BLOCK;
		if (block_check(j + i, b->buf + i * BLOCK, (size_t)bl) != b->checks[i])
			return false;
	}
	b->first = j;
	b->count = k;
	return true;
}

/* The element at byte `at` of the sorted part (elements never straddle a
 * block: their sizes divide BLOCK), from a run of `run` blocks read
 * together when it is not held; NULL when they fail. */
static const void *sorted_at(struct blocks *b, uint64_t at, uint64_t run)
{
	uint64_t j = at / BLOCK;
	if (b->bad)
		return NULL;
	if ((j < b->first || j >= b->first + b->count) && !blocks_load(b, j, run)) {
		b->bad = true;
		return NULL;
	}
	return b->buf + (at - b->first * BLOCK);
}

/* Elements of `size` bytes from byte `base` of the sorted part, in order
 * of the 64-bit word each begins with. */
struct region {
	uint64_t base, count;
	size_t size;
};

static struct region entries_of(const struct header *h)
{
	return (struct region){0, h ? h->nsorted : 0, sizeof(struct ysh_idx_entry)};
}

static struct region pairs_of(const struct header *h)
{
	return (struct region){h ? h->nsorted * sizeof(struct ysh_idx_entry) : 0, h ? h->npairs : 0,
			       sizeof(struct pair)};
}

static const void *region_at(struct blocks *b, const struct region *r, uint64_t i, uint64_t run)
{
	return sorted_at(b, r->base + i * r->size, run);
}

static uint64_t first_word(const void *e)
{
	uint64_t w;
	memcpy(&w, e, sizeof(w));
	return w;
}

typedef void (*take_fn)(const void *elem, void *ctx);

/* The elements of r beginning with x, by binary search. */
static void probe(struct blocks *b, const struct region *r, uint64_t x, take_fn take, void *ctx)
{
	uint64_t lo = 0, hi = r->count;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		const void *e = region_at(b, r, mid, 1);
		if (!e)
			return;
		if (first_word(e) < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (const void *e; lo < r->count && (e = region_at(b, r, lo, 1)) && first_word(e) == x; lo++)
		take(e, ctx);
}

/* The elements of r beginning with a word w holds: a binary search for
 * each when they are few, else one scan of the region. */
static bool region_find(struct blocks *b, const struct region *r, const struct ysh_u64set *w, take_fn take,
			void *ctx)
{
	if (!r->count || set_empty(w))
		return !b->bad;
	uint64_t blocks = r->count * r->size / BLOCK + 1;
	if (set_count(w) * 16 >= blocks) { /* a search reads a dozen blocks or more */
		for (uint64_t i = 0; i < r->count; i++) {
			const void *e = region_at(b, r, i, RUN);
			if (!e)
				break;
			if (set_has(w, first_word(e)))
				take(e, ctx);
		}
		return !b->bad;
	}
	if (w->zero)
		probe(b, r, 0, take, ctx);
	for (size_t i = 0; i < w->cap; i++)
		if (w->v[i])
			probe(b, r, w->v[i], take, ctx);
	return !b->bad;
}

/* ---- looking up ---- */

struct found {
	struct ysh_idx_entry *rows;
	size_t n, cap;
};

static void take_entry(const void *e, void *ctx)
{
	struct found *f = ctx;
	f->rows = ysh_grow(f->rows, &f->cap, f->n + 1, sizeof(*f->rows));
	memcpy(&f->rows[f->n++], e, sizeof(*f->rows));
}

static void take_key(const void *p, void *ctx)
{
	struct pair pr;
	memcpy(&pr, p, sizeof(pr));
	set_add(ctx, pr.key);
}

static int by_offset(const void *a, const void *b)
{
	const struct ysh_idx_entry *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* The rows of the keys w asks for and of the records with one of its key
 * hashes (all rows of such a record: its revisions too). */
static bool find_rows(struct blocks *b, const struct ysh_idx_entry *tail, size_t nt, const struct ysh_idx_want *w,
		      struct found *f)
{
	struct ysh_u64set keys = {0};
	set_add_all(&keys, &w->keys);
	struct region pairs = pairs_of(b->h), entries = entries_of(b->h);
	bool ok = region_find(b, &pairs, &w->keyhashes, take_key, &keys);
	for (size_t i = 0; i < nt; i++)
		if (tail[i].keyhash && set_has(&w->keyhashes, tail[i].keyhash))
			set_add(&keys, tail[i].key);
	ok = ok && region_find(b, &entries, &keys, take_entry, f);
	for (size_t i = 0; ok && i < nt; i++)
		if (set_has(&keys, tail[i].key))
			take_entry(&tail[i], f);
	free(keys.v);
	return ok;
}

int ysh_idx_lookup(const char *path, int fd, const struct ysh_schema *s, const struct ysh_idx_want *w,
		   struct ysh_idx_entry **rows, size_t *n)
{
	(void)s;
	*rows = NULL;
	*n = 0;
	int ifd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (ifd < 0)
		return 1;
	struct header h;
	if (!read_header(ifd, &h) || !describes(ifd, &h, fd)) {
		close(ifd);
		return 1;
	}
	size_t nt;
	bool ok;
	struct ysh_idx_entry *tail = read_tail(ifd, &h, &nt, &ok);
	struct blocks b;
	blocks_open(&b, ifd, &h);
	struct found f = {0};
	int rc = ok && find_rows(&b, tail, nt, w, &f) ? 0 : 1;
	/* most of the ledger (a batch that repeats a common key): one
	 * sequential read of all of it beats a seek per row */
	if (rc == 0 && f.n > 4096 && f.n > h.n / 4)
		rc = 2;
	if (rc == 0) {
		if (f.n) /* file order: a record before its revisions */
			qsort(f.rows, f.n, sizeof(*f.rows), by_offset);
		*rows = f.rows;
		*n = f.n;
	} else {
		free(f.rows);
	}
	free(b.buf);
	free(tail);
	close(ifd);
	return rc;
}

/* ---- writing ---- */

/* The sorted part being written, block by block, with the check of each. */
struct writer {
	int fd;
	char *block;
	size_t fill;
	uint64_t *checks;
	uint64_t nchecks;
	bool failed;
};

static void end_block(struct writer *wr)
{
	if (!wr->fill)
		return;
	wr->checks[wr->nchecks] = block_check(wr->nchecks, wr->block, wr->fill);
	if (!write_at(wr->fd, wr->block, wr->fill, sizeof(struct header) + wr->nchecks * BLOCK))
		wr->failed = true;
	wr->nchecks++;
	wr->fill = 0;
}

static void put(struct writer *wr, const void *e, size_t size)
{
	memcpy(wr->block + wr->fill, e, size);
	wr->fill += size;
	if (wr->fill == BLOCK)
		end_block(wr);
}

static int by_key(const void *a, const void *b)
{
	const struct ysh_idx_entry *x = a, *y = b;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return by_offset(a, b);
}

static int by_keyhash(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->keyhash != y->keyhash)
		return x->keyhash < y->keyhash ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* Region r of the old index (its blocks b) merged with `more` (sorted the
 * same way), written. */
static bool merge(struct writer *wr, struct blocks *b, const struct region *r, const void *more, size_t nmore,
		  int (*cmp)(const void *, const void *))
{
	uint64_t i = 0;
	size_t k = 0;
	while ((i < r->count || k < nmore) && !wr->failed) {
		const void *e = i < r->count ? region_at(b, r, i, RUN) : NULL;
		const void *m = k < nmore ? (const char *)more + k * r->size : NULL;
		if (i < r->count && !e)
			return false;
		if (e && (!m || cmp(e, m) <= 0)) {
			put(wr, e, r->size);
			i++;
		} else {
			put(wr, m, r->size);
			k++;
		}
	}
	return true;
}

/*
 * Writes on ifd the index of the ledger h describes: the sorted part of the
 * old index (its blocks b; NULL: none) with `moving` merged in (the rows
 * after it, in file order: sorted here), then the tail.  h gets the counts
 * and checksum of what was written.
 */
static bool write_index(int ifd, struct header *h, struct blocks *b, struct ysh_idx_entry *moving, size_t nmoving,
			const struct ysh_idx_entry *tail, size_t nt)
{
	const struct header *old = b ? b->h : NULL;
	struct pair *pairs = ysh_xmalloc((nmoving ? nmoving : 1) * sizeof(*pairs));
	size_t np = 0;
	if (nmoving)
		qsort(moving, nmoving, sizeof(*moving), by_key);
	for (size_t i = 0; i < nmoving; i++)
		if (moving[i].keyhash)
			pairs[np++] = (struct pair){moving[i].keyhash, moving[i].key};
	if (np)
		qsort(pairs, np, sizeof(*pairs), by_keyhash);
	h->nsorted = (old ? old->nsorted : 0) + nmoving;
	h->npairs = (old ? old->npairs : 0) + np;
	h->n = h->nsorted + nt;
	h->tail_sum = tail_check(TAIL_START, tail, nt);
	h->unused = 0;
	struct writer wr = {.fd = ifd, .block = ysh_xmalloc(BLOCK)};
	wr.checks = ysh_xmalloc((size_t)(nblocks(h) ? nblocks(h) : 1) * sizeof(*wr.checks));
	struct region oe = entries_of(old), op = pairs_of(old);
	bool ok = merge(&wr, b, &oe, moving, nmoving, by_key) && merge(&wr, b, &op, pairs, np, by_keyhash);
	end_block(&wr);
	ok = ok && !wr.failed && wr.nchecks == nblocks(h) &&
	     write_at(ifd, wr.checks, (size_t)wr.nchecks * sizeof(*wr.checks), checks_at(h)) &&
	     write_at(ifd, tail, nt * sizeof(*tail), tail_at(h)) && write_header(ifd, h);
	free(wr.checks);
	free(wr.block);
	free(pairs);
	return ok;
}

/* ---- the entries of CSV bytes ---- */

/* Where the id and key cells are (from the header, read first or given),
 * and the entries of the rows after it. */
struct scan {
	const struct ysh_schema *s;
	bool have_header;
	int id_pos;
	int *key_pos; /* per key column: header position, -1 absent */
	const char **cells; /* a row's key cells in schema order, the rest "" */
	uint64_t base;      /* offset of the first byte fed */
	struct ysh_idx_entry *e;
	size_t n, cap;
};

static void bind_positions(struct scan *sc, char *const *fields, size_t nfields)
{
	const struct ysh_schema *s = sc->s;
	sc->have_header = true;
	sc->id_pos = -1;
	sc->key_pos = ysh_xcalloc(s->nkey ? s->nkey : 1, sizeof(*sc->key_pos));
	sc->cells = ysh_xcalloc(s->ncols, sizeof(*sc->cells));
	for (size_t k = 0; k < s->nkey; k++)
		sc->key_pos[k] = -1;
	for (size_t i = 0; i < nfields; i++) {
		int c = ysh_schema_col(s, fields[i]);
		if (c < 0)
			continue;
		if (c == s->id_col && sc->id_pos < 0)
			sc->id_pos = (int)i;
		for (size_t k = 0; k < s->nkey; k++)
			if (s->key_cols[k] == c && sc->key_pos[k] < 0)
				sc->key_pos[k] = (int)i;
	}
}

static uint64_t record_keyhash(const struct scan *sc, const struct ysh_csv_record *rec)
{
	const struct ysh_schema *s = sc->s;
	for (size_t k = 0; k < s->nkey; k++) {
		int p = sc->key_pos[k];
		sc->cells[s->key_cols[k]] = p >= 0 && (size_t)p < rec->nfields ? rec->fields[p] : "";
	}
	return ysh_idx_keyhash(s, sc->cells);
}

static int scan_record(const struct ysh_csv_record *rec, void *ctx)
{
	struct scan *sc = ctx;
	if (!sc->have_header) {
		bind_positions(sc, rec->fields, rec->nfields);
		return 0;
	}
	const char *id = sc->id_pos >= 0 && (size_t)sc->id_pos < rec->nfields ? rec->fields[sc->id_pos] : "";
	sc->e = ysh_grow(sc->e, &sc->cap, sc->n + 1, sizeof(*sc->e));
	sc->e[sc->n++] = (struct ysh_idx_entry){
		.key = ysh_idx_key(sc->s, id),
		.off = sc->base + rec->offset,
		.line = rec->line,
		.keyhash = record_keyhash(sc, rec),
	};
	return 0;
}

static void scan_free(struct scan *sc)
{
	free(sc->key_pos);
	free(sc->cells);
	free(sc->e);
}

/* The entries of the ledger on fd, its `size` bytes read in 64 KiB. */
static bool scan_ledger(int fd, uint64_t size, struct scan *sc)
{
	struct ysh_csv_reader *r = ysh_csv_new(scan_record, NULL, sc);
	char *chunk = ysh_xmalloc(65536);
	bool ok = true;
	for (uint64_t off = 0; ok && off < size;) {
		size_t want = size - off < 65536 ? (size_t)(size - off) : 65536;
		ok = read_at(fd, chunk, want, off);
		if (ok)
			ysh_csv_feed(r, chunk, want);
		off += want;
	}
	ysh_csv_finish(r);
	ysh_csv_free(r);
	free(chunk);
	return ok;
}

/* ---- building and extending ---- */

/* A fresh file for the index at path (path.tmp, made anew: nothing planted
 * there is written through): its fd, or -1. */
static int open_fresh(const char *tmp)
{
	unlink(tmp);
	return open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0660);
}

/* The index written at tmp (ok: whole) put in place, or both removed. */
static bool put_in_place(const char *tmp, const char *path, int ifd, bool ok)
{
	if (ifd >= 0 && close(ifd) != 0)
		ok = false;
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		int saved = errno;
		unlink(tmp);
		unlink(path);
		errno = saved;
	}
	return ok;
}

int ysh_idx_build(const struct ysh_ledger_file *lf, char **err)
{
	char *path = ysh_idx_path(lf->dir, lf->schema);
	if (lf->fd < 0) { /* no ledger, no index */
		unlink(path);
		free(path);
		return 0;
	}
	char *tmp = ysh_xasprintf("%s.tmp", path);
	struct scan sc = {.s = lf->schema};
	struct header h;
	memset(&h, 0, sizeof(h));
	int ifd = open_fresh(tmp);
	if (ifd >= 0)
		errno = 0; /* the unlink of a stale temporary set it: only a later failure's is told */
	bool ok = ifd >= 0 && describe(lf->fd, &h) && scan_ledger(lf->fd, h.size, &sc);
	size_t nsorted = sc.n / TAIL_MAX * TAIL_MAX;
	ok = ok && write_index(ifd, &h, NULL, sc.e, nsorted, sc.e ? sc.e + nsorted : NULL, sc.n - nsorted);
	ok = put_in_place(tmp, path, ifd, ok);
	if (!ok)
		*err = ysh_xasprintf(_("%s: cannot write the id index: %s"), path, strerror(errno ? errno : EIO));
	scan_free(&sc);
	free(tmp);
	free(path);
	return ok ? 0 : -1;
}

bool ysh_idx_current(const struct ysh_ledger_file *lf)
{
	if (lf->fd < 0)
		return false;
	char *path = ysh_idx_path(lf->dir, lf->schema);
	int ifd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	struct header h;
	bool ok = ifd >= 0 && read_header(ifd, &h) && describes(ifd, &h, lf->fd);
	if (ifd >= 0)
		close(ifd);
	return ok;
}

/* New entries added to the tail of the index on ifd (its header old), which
 * then describes the ledger as h does. */
static bool append_tail(int ifd, const struct header *old, struct header *h, const struct ysh_idx_entry *e, size_t n)
{
	h->n = old->n + n;
	h->nsorted = old->nsorted;
	h->npairs = old->npairs;
	h->tail_sum = tail_check(old->tail_sum, e, n);
	h->unused = 0;
	return write_at(ifd, e, n * sizeof(*e), tail_at(old) + ntail(old) * sizeof(*e)) && write_header(ifd, h);
}

/* The tail and the new entries: those that make up the next TAIL_MAX
 * multiple merged into the sorted part, the rest the new tail; written at
 * tmp and put in place of path. */
static bool merge_tail(int ifd, const struct header *old, struct header *h, const struct ysh_idx_entry *e, size_t n,
		       const char *tmp, const char *path)
{
	size_t nt;
	bool ok;
	struct ysh_idx_entry *all = read_tail(ifd, old, &nt, &ok);
	all = ysh_xrealloc(all, (nt + n) * sizeof(*all));
	if (n)
		memcpy(all + nt, e, n * sizeof(*e));
	size_t nmoving = (size_t)((old->n + n) / TAIL_MAX * TAIL_MAX - old->nsorted);
	struct blocks b;
	blocks_open(&b, ifd, old);
	int out = ok ? open_fresh(tmp) : -1;
	ok = out >= 0 && write_index(out, h, &b, all, nmoving, all + nmoving, nt + n - nmoving);
	ok = put_in_place(tmp, path, out, ok);
	free(b.buf);
	free(all);
	return ok;
}

void ysh_idx_extend(const struct ysh_ledger_file *lf, bool current, const char *bytes, size_t n, uint64_t at,
		    size_t line, off_t size_before)
{
	char *path = ysh_idx_path(lf->dir, lf->schema);
	char *err = NULL;
	if (size_before == 0) { /* a new ledger: its index from the start */
		if (ysh_idx_build(lf, &err) != 0)
			ysh_notice("%s", err);
		free(err);
		free(path);
		return;
	}
	struct header old, h;
	int ifd = current ? open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC) : -1;
	bool ok = ifd >= 0 && read_header(ifd, &old);
	struct scan sc = {.s = lf->schema, .base = at};
	if (ok) {
		bind_positions(&sc, lf->header, lf->nheader);
		struct ysh_csv_reader *r = ysh_csv_new(scan_record, NULL, &sc);
		ysh_csv_set_first_line(r, line);
		ysh_csv_feed(r, bytes, n);
		ysh_csv_finish(r);
		ysh_csv_free(r);
		h = old;
		ok = describe(lf->fd, &h);
	}
	if (ok && ntail(&old) + sc.n < TAIL_MAX) {
		ok = append_tail(ifd, &old, &h, sc.e, sc.n);
	} else if (ok) {
		char *tmp = ysh_xasprintf("%s.tmp", path);
		ok = merge_tail(ifd, &old, &h, sc.e, sc.n, tmp, path);
		free(tmp);
	}
	if (ifd >= 0)
		close(ifd);
	if (!ok)
		unlink(path); /* stale: the next writer rebuilds it */
	scan_free(&sc);
	free(path);
}

/* ---- what ysh-add reads ---- */

static const char *cell(char **const *cells, size_t i, int c)
{
	return cells[i][c] ? cells[i][c] : "";
}

/* Of the ledger written: the records revised, and the candidates for
 * record-duplicate (a new row's key cells, defaults as prepare_row fills
 * them). */
static void want_own(const struct ysh_schema *s, char **const *cells, size_t n, struct ysh_idx_want *w)
{
	const char **key = ysh_xcalloc(s->ncols, sizeof(*key));
	for (size_t i = 0; i < n; i++) {
		const char *id = cell(cells, i, s->id_col);
		if (*id) {
			ysh_idx_want_key(w, ysh_idx_key(s, id));
			continue;
		}
		for (size_t c = 0; c < s->ncols; c++)
			key[c] = *cell(cells, i, (int)c) || !s->cols[c].dflt ? cell(cells, i, (int)c) : s->cols[c].dflt;
		ysh_idx_want_keyhash(w, ysh_idx_keyhash(s, key));
	}
	free(key);
}

/* Of ledger u: the records the rows (of schema s), and the records read
 * of t (NULL: none), name. */
static void want_refs(struct ysh_ledgers *L, const struct ysh_table *t, const struct ysh_schema *s,
		      const struct ysh_table *u, char **const *cells, size_t n, struct ysh_idx_want *w)
{
	for (size_t c = 0; c < s->ncols; c++) {
		if (s->cols[c].type != YSH_T_REF || ysh_ledgers_table(L, s->cols[c].ref) != u)
			continue;
		for (size_t i = 0; i < n; i++)
			if (*cell(cells, i, (int)c))
				ysh_idx_want_key(w, ysh_idx_key(u->schema, cell(cells, i, (int)c)));
		for (size_t r = 0; t && r < t->nrec; r++)
			if (*ysh_rec_cell(t, &t->recs[r], c))
				ysh_idx_want_key(w, ysh_idx_key(u->schema, ysh_rec_cell(t, &t->recs[r], c)));
	}
}

/* A ledger other than the one written: its index rebuilt under its own
 * lock, taken for that moment only. */
static void rebuild_other(struct ysh_ledgers *L, const struct ysh_table *u, long lock_timeout_ms)
{
	struct ysh_ledger_file lf;
	char *err = NULL;
	if (ysh_ledger_lock(L->dir, u->schema, lock_timeout_ms, &lf, &err) == 0 && ysh_idx_build(&lf, &err) != 0)
		ysh_notice("%s", err);
	free(err);
	ysh_ledger_unlock(&lf);
}

/* Through the index, rebuilt once when it cannot answer (unless `build` is
 * false: a dry run writes no index); else all of it (*whole then). */
static int read_wanted(struct ysh_ledgers *L, struct ysh_table *t, const struct ysh_ledger_file *lf,
		       const struct ysh_idx_want *w, long lock_timeout_ms, bool build, bool *whole, char **err)
{
	*whole = false;
	for (int attempt = 0; attempt < 2; attempt++) {
		int rc = ysh_ledgers_read_wanted(L, t, lf ? lf->fd : -1, w, err);
		if (rc <= 0)
			return rc;
		if (rc == 2 || attempt || !build)
			break;
		if (!lf) {
			rebuild_other(L, t, lock_timeout_ms);
		} else {
			char *e = NULL;
			if (ysh_idx_build(lf, &e) != 0)
				ysh_notice("%s", e);
			free(e);
		}
	}
	*whole = true;
	return ysh_ledgers_read(L, t, err);
}

int ysh_idx_read_for_add(struct ysh_ledgers *L, struct ysh_table *t, const struct ysh_ledger_file *lf,
			 char **const *cells, size_t n, long lock_timeout_ms, char **err)
{
	if (t->read) /* a prompt read it whole already */
		return 0;
	struct ysh_idx_want w = {0};
	want_own(t->schema, cells, n, &w);
	bool whole = true;
	/* a dry run (lf read-only) uses an index that is current, and rebuilds
	 * none; without the lock held, a writer may be half-way through it */
	bool build = !lf->read_only, locked = lf->lock_fd >= 0;
	int rc = lf->fd < 0 || !locked ? ysh_ledgers_read(L, t, err)
				       : read_wanted(L, t, lf, &w, lock_timeout_ms, build, &whole, err);
	ysh_idx_want_free(&w);
	for (size_t k = 0; rc == 0 && k < L->ntables; k++) {
		struct ysh_table *u = &L->tables[k];
		bool ignored;
		if (u == t || u->read)
			continue;
		/* t read whole (no index could answer): so are those it names */
		want_refs(L, whole ? NULL : t, t->schema, u, cells, n, &w);
		if (!set_empty(&w.keys))
			rc = whole ? ysh_ledgers_read(L, u, err)
				   : read_wanted(L, u, NULL, &w, lock_timeout_ms, build, &ignored, err);
		ysh_idx_want_free(&w);
	}
	return rc;
}
