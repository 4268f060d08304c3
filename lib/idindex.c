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

/* The file: this header, then n entries.  Native byte order: the index
 * never leaves the machine that wrote it (a copy elsewhere fails the magic
 * or the inode and is rebuilt). */
struct header {
	char magic[8];
	uint64_t ino, size, mtime_sec, mtime_nsec, tail; /* the ledger described */
	uint64_t n, sum_a, sum_b;                        /* the entries, and their checksum */
	uint64_t check;                                  /* of the fields above */
};

static const char MAGIC[8] = {'y', 's', 'h', '-', 'i', 'd', 'x', '1'};

enum { BUF_ENTRIES = 8192 }; /* 256 KiB of entries read or written at a time */

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

/* ---- the header ---- */

static uint64_t header_check(const struct header *h)
{
	return ysh_fnv1a(YSH_FNV_START, h, offsetof(struct header, check));
}

/* Fletcher-style over the entries' words: any changed, lost or moved
 * entry changes it, and an append only adds to it. */
static void sum_entries(const struct ysh_idx_entry *e, size_t n, uint64_t *a, uint64_t *b)
{
	for (size_t i = 0; i < n; i++) {
		const uint64_t w[4] = {e[i].key, e[i].off, e[i].line, e[i].keyhash};
		for (int k = 0; k < 4; k++) {
			*a += w[k];
			*b += *a;
		}
	}
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

static bool read_header(int ifd, struct header *h)
{
	return pread(ifd, h, sizeof(*h), 0) == (ssize_t)sizeof(*h) && !memcmp(h->magic, MAGIC, sizeof(MAGIC)) &&
	       h->check == header_check(h);
}

/* Whether the index on ifd (its header h) describes the ledger on fd as
 * it is, and holds the entries it counts. */
static bool describes(int ifd, const struct header *h, int fd)
{
	struct header now;
	struct stat st;
	return describe(fd, &now) && fstat(ifd, &st) == 0 && now.ino == h->ino && now.size == h->size &&
	       now.mtime_sec == h->mtime_sec && now.mtime_nsec == h->mtime_nsec && now.tail == h->tail &&
	       (uint64_t)st.st_size == sizeof(*h) + h->n * sizeof(struct ysh_idx_entry);
}

/* ---- looking up ---- */

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
	/* one pass in file order: a record's first row (which carries its
	 * key) comes before its revisions, so a candidate found by its key
	 * hash gets the rows after it too */
	struct ysh_idx_want more = {0}; /* the ids of candidates found on the way */
	struct ysh_idx_entry *buf = ysh_xmalloc(BUF_ENTRIES * sizeof(*buf));
	size_t cap = 0;
	uint64_t a = 0, b = 0, done = 0;
	int rc = 0;
	while (done < h.n && rc == 0) {
		size_t k = h.n - done < BUF_ENTRIES ? (size_t)(h.n - done) : BUF_ENTRIES;
		size_t bytes = k * sizeof(*buf);
		if (pread(ifd, buf, bytes, (off_t)(sizeof(h) + done * sizeof(*buf))) != (ssize_t)bytes) {
			rc = 1;
			break;
		}
		sum_entries(buf, k, &a, &b);
		for (size_t i = 0; i < k; i++) {
			const struct ysh_idx_entry *e = &buf[i];
			bool take = set_has(&w->keys, e->key) || set_has(&more.keys, e->key);
			if (!take && e->keyhash && set_has(&w->keyhashes, e->keyhash)) {
				ysh_idx_want_key(&more, e->key);
				take = true;
			}
			if (take) {
				*rows = ysh_grow(*rows, &cap, *n + 1, sizeof(**rows));
				(*rows)[(*n)++] = *e;
			}
		}
		done += k;
	}
	if (rc == 0 && (a != h.sum_a || b != h.sum_b))
		rc = 1;
	/* most of the ledger (a batch that repeats a common key): one
	 * sequential read of all of it beats a seek per row */
	else if (rc == 0 && *n > 4096 && *n > h.n / 4)
		rc = 2;
	if (rc != 0) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	free(buf);
	ysh_idx_want_free(&more);
	close(ifd);
	return rc;
}

/* ---- building ---- */

/* Entries from CSV bytes: where the id and key cells are (from the header,
 * read first or given), and the entries found, written out in batches. */
struct scan {
	const struct ysh_schema *s;
	bool have_header;
	int id_pos;
	int *key_pos; /* per key column: header position, -1 absent */
	uint64_t base; /* offset of the first byte fed */
	int ifd;
	off_t at; /* where the next batch goes */
	struct ysh_idx_entry *buf;
	size_t nbuf;
	uint64_t n, sum_a, sum_b;
	bool failed;
};

static void bind_positions(struct scan *sc, char *const *fields, size_t nfields)
{
	const struct ysh_schema *s = sc->s;
	sc->have_header = true;
	sc->id_pos = -1;
	sc->key_pos = ysh_xcalloc(s->nkey ? s->nkey : 1, sizeof(*sc->key_pos));
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

static void flush(struct scan *sc)
{
	size_t bytes = sc->nbuf * sizeof(*sc->buf);
	if (!sc->failed && bytes && pwrite(sc->ifd, sc->buf, bytes, sc->at) != (ssize_t)bytes)
		sc->failed = true;
	sc->at += (off_t)bytes;
	sc->nbuf = 0;
}

static uint64_t record_keyhash(const struct scan *sc, const struct ysh_csv_record *rec)
{
	const struct ysh_schema *s = sc->s;
	const char **cells = ysh_xcalloc(s->ncols, sizeof(*cells));
	for (size_t c = 0; c < s->ncols; c++)
		cells[c] = "";
	for (size_t k = 0; k < s->nkey; k++)
		if (sc->key_pos[k] >= 0 && (size_t)sc->key_pos[k] < rec->nfields)
			cells[s->key_cols[k]] = rec->fields[sc->key_pos[k]];
	uint64_t h = ysh_idx_keyhash(s, cells);
	free(cells);
	return h;
}

static int scan_record(const struct ysh_csv_record *rec, void *ctx)
{
	struct scan *sc = ctx;
	if (!sc->have_header) {
		bind_positions(sc, rec->fields, rec->nfields);
		return 0;
	}
	const char *id = sc->id_pos >= 0 && (size_t)sc->id_pos < rec->nfields ? rec->fields[sc->id_pos] : "";
	struct ysh_idx_entry e = {
		.key = ysh_idx_key(sc->s, id),
		.off = sc->base + rec->offset,
		.line = rec->line,
		.keyhash = record_keyhash(sc, rec),
	};
	sum_entries(&e, 1, &sc->sum_a, &sc->sum_b);
	sc->buf[sc->nbuf++] = e;
	sc->n++;
	if (sc->nbuf == BUF_ENTRIES)
		flush(sc);
	return 0;
}

static void scan_free(struct scan *sc)
{
	free(sc->key_pos);
	free(sc->buf);
}

static void write_header(struct scan *sc, struct header *h)
{
	memcpy(h->magic, MAGIC, sizeof(MAGIC));
	h->n = sc->n;
	h->sum_a = sc->sum_a;
	h->sum_b = sc->sum_b;
	h->check = header_check(h);
	if (!sc->failed && pwrite(sc->ifd, h, sizeof(*h), 0) != (ssize_t)sizeof(*h))
		sc->failed = true;
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
	struct scan sc = {.s = lf->schema, .at = sizeof(struct header)};
	sc.buf = ysh_xmalloc(BUF_ENTRIES * sizeof(*sc.buf));
	unlink(tmp); /* made afresh: nothing planted there is written through */
	sc.ifd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0660);
	sc.failed = sc.ifd < 0;
	struct header h;
	memset(&h, 0, sizeof(h));
	if (!sc.failed) {
		if (!describe(lf->fd, &h))
			sc.failed = true;
		struct ysh_csv_reader *r = ysh_csv_new(scan_record, NULL, &sc);
		char *chunk = ysh_xmalloc(65536);
		for (off_t off = 0; !sc.failed && off < (off_t)h.size;) {
			size_t want = h.size - (uint64_t)off < 65536 ? (size_t)(h.size - (uint64_t)off) : 65536;
			ssize_t got = pread(lf->fd, chunk, want, off);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				sc.failed = true;
				break;
			}
			ysh_csv_feed(r, chunk, (size_t)got);
			off += got;
		}
		ysh_csv_finish(r);
		ysh_csv_free(r);
		free(chunk);
	}
	flush(&sc);
	write_header(&sc, &h);
	int saved = errno;
	if (sc.ifd >= 0)
		close(sc.ifd);
	if (!sc.failed && rename(tmp, path) != 0)
		sc.failed = true;
	if (sc.failed) {
		saved = errno ? errno : saved;
		unlink(tmp);
		unlink(path);
		*err = ysh_xasprintf(_("%s: cannot write the id index: %s"), path, strerror(saved));
	}
	scan_free(&sc);
	free(tmp);
	free(path);
	return sc.failed ? -1 : 0;
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
	struct scan sc = {.s = lf->schema, .base = at};
	struct header h;
	struct stat st;
	sc.ifd = current ? open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC) : -1;
	if (sc.ifd < 0 || !read_header(sc.ifd, &h) || fstat(sc.ifd, &st) != 0) {
		if (sc.ifd >= 0)
			close(sc.ifd);
		unlink(path); /* stale: the next writer rebuilds it */
		free(path);
		return;
	}
	sc.buf = ysh_xmalloc(BUF_ENTRIES * sizeof(*sc.buf));
	sc.at = (off_t)st.st_size;
	sc.n = h.n;
	sc.sum_a = h.sum_a;
	sc.sum_b = h.sum_b;
	bind_positions(&sc, lf->header, lf->nheader);
	struct ysh_csv_reader *r = ysh_csv_new(scan_record, NULL, &sc);
	ysh_csv_set_first_line(r, line);
	ysh_csv_feed(r, bytes, n);
	ysh_csv_finish(r);
	ysh_csv_free(r);
	flush(&sc);
	if (!describe(lf->fd, &h))
		sc.failed = true;
	write_header(&sc, &h);
	close(sc.ifd);
	if (sc.failed)
		unlink(path);
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
			if (*t->recs[r].cells[c])
				ysh_idx_want_key(w, ysh_idx_key(u->schema, t->recs[r].cells[c]));
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
