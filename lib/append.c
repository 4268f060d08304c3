#define _GNU_SOURCE /* O_CLOEXEC, O_NOFOLLOW with older headers */
#include "append.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csvread.h"
#include "i18n.h"
#include "value.h"

/* ---- the I/O seam ---- */

static const struct ysh_io real_io = {pwrite, fsync, ftruncate, flock, rename};
static const struct ysh_io *io = &real_io;

void ysh_io_set(const struct ysh_io *x)
{
	io = x ? x : &real_io;
}

/* ---- quoting ---- */

void ysh_csv_quote(struct ysh_buf *b, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")]) {
		ysh_buf_adds(b, s);
		return;
	}
	ysh_buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			ysh_buf_addc(b, '"');
		ysh_buf_addc(b, *s);
	}
	ysh_buf_addc(b, '"');
}

/* ---- locking and opening ---- */

static char *errf(const char *path, const char *what)
{
	return ysh_xasprintf("%s: %s%s%s", path, what ? what : "", what ? ": " : "", strerror(errno));
}

static int lock_with_timeout(int fd, long timeout_ms)
{
	struct timespec nap = {0, 10 * 1000 * 1000};
	for (long waited = 0;; waited += 10) {
		if (io->flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (waited >= timeout_ms) {
			errno = ETIMEDOUT;
			return -1;
		}
		nanosleep(&nap, NULL);
	}
}

struct header_read {
	struct ysh_ledger_file *lf;
	bool bad;
};

static int keep_header(const struct ysh_csv_record *rec, void *ctx)
{
	struct header_read *h = ctx;
	struct ysh_ledger_file *lf = h->lf;
	lf->nheader = rec->nfields;
	lf->header = ysh_xcalloc(rec->nfields ? rec->nfields : 1, sizeof(char *));
	for (size_t i = 0; i < rec->nfields; i++)
		lf->header[i] = ysh_xstrdup(rec->fields[i]);
	h->bad = rec->bad;
	return 1; /* the header is all we need */
}

static void header_error(size_t line, size_t col, const char *msg, void *ctx)
{
	(void)line;
	(void)col;
	(void)msg;
	((struct header_read *)ctx)->bad = true;
}

/* Read the header, the line ending and whether the file ends with one. */
static int inspect_ledger(struct ysh_ledger_file *lf, char **err)
{
	char buf[65536];
	ssize_t n = pread(lf->fd, buf, sizeof(buf), 0);
	if (n < 0) {
		*err = errf(lf->path, NULL);
		return -1;
	}
	char *lf_pos = memchr(buf, '\n', (size_t)n);
	lf->newline = lf_pos && lf_pos > buf && lf_pos[-1] == '\r' ? "\r\n" : "\n";
	char last;
	if (pread(lf->fd, &last, 1, lf->size - 1) != 1) {
		*err = errf(lf->path, NULL);
		return -1;
	}
	lf->ends_with_newline = last == '\n';

	struct header_read h = {.lf = lf};
	struct ysh_csv_reader *r = ysh_csv_new(keep_header, header_error, &h);
	ysh_csv_feed(r, buf, (size_t)n);
	if (!lf->header)
		ysh_csv_finish(r);
	ysh_csv_free(r);
	if (!lf->header || h.bad) {
		*err = ysh_xasprintf(_("%s: its header row cannot be read; run ysh-check"), lf->path);
		return -1;
	}
	struct ysh_binding b;
	struct ysh_header_problem *probs;
	size_t np = ysh_bind_header(lf->schema, lf->header, lf->nheader, &b, &probs);
	if (np) {
		*err = ysh_xasprintf(_("%s: header: %s; fix the header before adding records"), lf->path,
				     probs[0].msg);
		ysh_header_problems_free(probs, np);
		ysh_binding_free(&b);
		return -1;
	}
	lf->file_to_col = b.file_to_col;
	free(b.col_to_file);
	return 0;
}

static int open_ledger_rw(struct ysh_ledger_file *lf, char **err)
{
	lf->fd = open(lf->path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (lf->fd < 0) {
		if (errno == ENOENT) {
			lf->newline = "\n";
			lf->ends_with_newline = true;
			return 0;
		}
		*err = errno == ELOOP ? ysh_xasprintf(_("%s: is a symbolic link; ysh-add writes only to the ledger itself"), lf->path)
				      : errf(lf->path, NULL);
		return -1;
	}
	struct stat st;
	if (fstat(lf->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*err = ysh_xasprintf(_("%s: not a regular file"), lf->path);
		return -1;
	}
	fcntl(lf->fd, F_SETFL, fcntl(lf->fd, F_GETFL) & ~O_NONBLOCK);
	lf->size = st.st_size;
	if (lf->size == 0) {
		lf->newline = "\n";
		lf->ends_with_newline = true;
		return 0;
	}
	return inspect_ledger(lf, err);
}

int ysh_ledger_lock(const char *dir, const struct ysh_schema *s, long timeout_ms,
		    struct ysh_ledger_file *lf, char **err)
{
	memset(lf, 0, sizeof(*lf));
	lf->fd = lf->lock_fd = -1;
	lf->schema = s;
	lf->dir = ysh_xstrdup(dir);
	lf->path = ysh_xasprintf("%s/%s", dir, s->file);
	char *meta = ysh_xasprintf("%s/.ysh", dir);
	lf->lock_path = ysh_xasprintf("%s/%s.lock", meta, s->file);
	lf->seq_path = ysh_xasprintf("%s/%s.seq", meta, s->file);
	if (mkdir(meta, 0750) != 0 && errno != EEXIST) {
		*err = errf(meta, _("cannot create the lock directory"));
		free(meta);
		return -1;
	}
	free(meta);
	lf->lock_fd = open(lf->lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (lf->lock_fd < 0) {
		*err = errf(lf->lock_path, NULL);
		return -1;
	}
	if (lock_with_timeout(lf->lock_fd, timeout_ms) != 0) {
		*err = errno == ETIMEDOUT
			       ? ysh_xasprintf(_("%s: still locked by another writer after %ld ms"), lf->path,
					       timeout_ms)
			       : errf(lf->lock_path, _("cannot lock"));
		return -1;
	}
	return open_ledger_rw(lf, err);
}

void ysh_ledger_unlock(struct ysh_ledger_file *lf)
{
	if (lf->fd >= 0)
		close(lf->fd);
	if (lf->lock_fd >= 0)
		close(lf->lock_fd); /* releases the flock */
	for (size_t i = 0; i < lf->nheader; i++)
		free(lf->header[i]);
	free(lf->header);
	free(lf->file_to_col);
	free(lf->dir);
	free(lf->path);
	free(lf->lock_path);
	free(lf->seq_path);
	memset(lf, 0, sizeof(*lf));
	lf->fd = lf->lock_fd = -1;
}

/* ---- ids ---- */

struct seq_scan {
	int id_pos; /* header position of the id column */
	char prefix;
	int year;
	long max;
};

static int scan_id(const struct ysh_csv_record *rec, void *ctx)
{
	struct seq_scan *sc = ctx;
	int y;
	long seq;
	if (sc->id_pos < (int)rec->nfields &&
	    ysh_parse_id(rec->fields[sc->id_pos], sc->prefix, &y, &seq) && y == sc->year &&
	    seq > sc->max)
		sc->max = seq;
	return 0;
}

static void ignore_error(size_t line, size_t col, const char *msg, void *ctx)
{
	(void)line;
	(void)col;
	(void)msg;
	(void)ctx;
}

static int scan_ids(struct ysh_ledger_file *lf, off_t from, struct seq_scan *sc, char **err)
{
	struct ysh_csv_reader *r = ysh_csv_new(scan_id, ignore_error, sc);
	char *buf = ysh_xmalloc(65536);
	int rc = 0;
	for (off_t off = from; off < lf->size;) {
		ssize_t n = pread(lf->fd, buf, 65536, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = errf(lf->path, NULL);
			rc = -1;
			break;
		}
		ysh_csv_feed(r, buf, (size_t)n);
		off += n;
	}
	if (rc == 0)
		ysh_csv_finish(r);
	free(buf);
	ysh_csv_free(r);
	return rc;
}

struct seq_state {
	unsigned long long ino;
	long long covered;
	int year;
	long seq;
};

static bool read_seq_file(const char *path, struct seq_state *st)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	int ok = fscanf(f, "ysh-seq 1 %llu %lld %d %ld", &st->ino, &st->covered, &st->year, &st->seq);
	fclose(f);
	return ok == 4;
}

/* Where the sidecar lets the scan start, and the sequence before it. */
static off_t resume_point(struct ysh_ledger_file *lf, int year, long *base)
{
	struct seq_state st;
	struct stat fst;
	char last;
	*base = 0;
	if (!read_seq_file(lf->seq_path, &st) || fstat(lf->fd, &fst) != 0 ||
	    st.ino != (unsigned long long)fst.st_ino || st.covered > (long long)lf->size ||
	    st.covered < 1 || st.year > year)
		return 0;
	/* the sidecar's end must still be the end of a line of this file */
	if (pread(lf->fd, &last, 1, (off_t)st.covered - 1) != 1 || last != '\n')
		return 0;
	if (st.year == year)
		*base = st.seq;
	return (off_t)st.covered;
}

int ysh_ledger_next_seq(struct ysh_ledger_file *lf, int year, long *seq, char **err)
{
	*seq = 1;
	if (lf->fd < 0 || lf->size == 0)
		return 0;
	struct seq_scan sc = {.prefix = lf->schema->id_prefix, .year = year, .id_pos = -1};
	for (size_t i = 0; i < lf->nheader; i++)
		if (lf->file_to_col[i] == lf->schema->id_col)
			sc.id_pos = (int)i;
	long base;
	off_t from = resume_point(lf, year, &base);
	if (scan_ids(lf, from, &sc, err) != 0)
		return -1;
	*seq = (sc.max > base ? sc.max : base) + 1;
	return 0;
}

static void save_seq(struct ysh_ledger_file *lf, int year, long seq)
{
	struct stat st;
	if (fstat(lf->fd, &st) != 0)
		return;
	char *tmp = ysh_xasprintf("%s.%ld.tmp", lf->seq_path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0640);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (fd >= 0 && !f)
		close(fd);
	bool ok = f && fprintf(f, "ysh-seq 1 %llu %lld %d %ld\n", (unsigned long long)st.st_ino,
			       (long long)st.st_size, year, seq) > 0;
	if (f && fclose(f) != 0)
		ok = false;
	/* a lost sidecar only costs one full scan later: never an error */
	if (!ok || io->rename(tmp, lf->seq_path) != 0)
		unlink(tmp);
	free(tmp);
}

/* ---- writing ---- */

int ysh_ledger_serialize(const struct ysh_ledger_file *lf, char **const *rows, size_t n,
			 struct ysh_buf *out, char **err)
{
	const struct ysh_schema *s = lf->schema;
	bool fresh = lf->size == 0;
	if (fresh) {
		for (size_t c = 0; c < s->ncols; c++) {
			if (c)
				ysh_buf_addc(out, ',');
			ysh_csv_quote(out, s->cols[c].name);
		}
		ysh_buf_adds(out, lf->newline);
	}
	for (size_t r = 0; r < n; r++) {
		char **cells = rows[r];
		/* a value for a column the ledger's header lacks cannot be written;
		 * system cells and defaults are simply not recorded there */
		for (size_t c = 0; !fresh && c < s->ncols; c++) {
			const struct ysh_column *col = &s->cols[c];
			bool present = false;
			for (size_t i = 0; i < lf->nheader; i++)
				present |= lf->file_to_col[i] == (int)c;
			if (!present && cells[c] && *cells[c] && !col->system &&
			    !(col->dflt && !strcmp(col->dflt, cells[c]))) {
				*err = ysh_xasprintf(_("%s has no column %s (%s) for the value '%s'"), lf->path,
						     s->cols[c].name, s->cols[c].title, cells[c]);
				return -1;
			}
		}
		size_t ncells = fresh ? s->ncols : lf->nheader;
		for (size_t i = 0; i < ncells; i++) {
			int c = fresh ? (int)i : lf->file_to_col[i];
			if (i)
				ysh_buf_addc(out, ',');
			if (c >= 0 && cells[c])
				ysh_csv_quote(out, cells[c]);
		}
		ysh_buf_adds(out, lf->newline);
	}
	return 0;
}

static int write_all(int fd, const char *p, size_t n, off_t off)
{
	while (n) {
		ssize_t w = io->pwrite(fd, p, n, off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = ENOSPC;
			return -1;
		}
		p += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}

/* Put the file back as it was; on failure there is nothing more to try. */
static void roll_back(struct ysh_ledger_file *lf)
{
	int saved = errno;
	for (int tries = 0; tries < 100 && io->ftruncate(lf->fd, lf->size) != 0 && errno == EINTR; tries++)
		;
	io->fsync(lf->fd);
	errno = saved;
}

static int create_ledger(struct ysh_ledger_file *lf, char **err)
{
	lf->fd = open(lf->path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (lf->fd < 0) {
		*err = errf(lf->path, _("cannot create"));
		return -1;
	}
	lf->size = 0;
	return 0;
}

static void sync_dir(const char *dir)
{
	int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d >= 0) {
		io->fsync(d);
		close(d);
	}
}

int ysh_ledger_append(struct ysh_ledger_file *lf, const char *bytes, size_t n, int year,
		      long last_seq, char **err)
{
	bool created = false;
	if (lf->fd < 0) {
		if (create_ledger(lf, err) != 0)
			return -1;
		created = true;
	}
	struct ysh_buf all = {0};
	if (lf->size > 0 && !lf->ends_with_newline)
		ysh_buf_adds(&all, lf->newline); /* a hand-edited file without a final newline */
	ysh_buf_add(&all, bytes, n);

	/* From the first byte to the fsync, a Ctrl-C or a full file size limit
	 * must not stop us half-way: they wait, or fail the write instead. */
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGQUIT);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGXFSZ);
	sigprocmask(SIG_BLOCK, &block, &old);

	int rc = 0;
	if (write_all(lf->fd, all.p, all.len, lf->size) != 0) {
		*err = errf(lf->path, _("write failed, ledger left as it was"));
		roll_back(lf);
		rc = -1;
	} else if (io->fsync(lf->fd) != 0) {
		*err = errf(lf->path, _("fsync failed, ledger left as it was"));
		roll_back(lf);
		rc = -1;
	}
	if (rc != 0 && created)
		unlink(lf->path); /* we hold the lock: nobody else has seen it */
	else if (created)
		sync_dir(lf->dir);
	sigset_t pending;
	sigpending(&pending);
	/* SIGXFSZ was only held to turn it into EFBIG: drop it, not die of it */
	if (sigismember(&pending, SIGXFSZ)) {
		struct sigaction ign = {.sa_handler = SIG_IGN}, prev;
		sigaction(SIGXFSZ, &ign, &prev);
		sigprocmask(SIG_SETMASK, &old, NULL);
		sigaction(SIGXFSZ, &prev, NULL);
	} else {
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	if (rc == 0) {
		lf->size += (off_t)all.len;
		lf->ends_with_newline = true;
		save_seq(lf, year, last_seq);
	}
	ysh_buf_free(&all);
	return rc;
}

/* ---- whole files (reports) ---- */

int ysh_replace_file(const char *path, const void *bytes, size_t n, char **err)
{
	char *tmp = ysh_xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = errf(path, NULL);
		free(tmp);
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask); /* mkstemp's 0600 is for the temporary, not the report */
	int rc = 0;
	if (write_all(fd, bytes, n, 0) != 0) {
		*err = errf(path, _("write failed, the old file is kept"));
		rc = -1;
	} else if (io->fsync(fd) != 0) {
		*err = errf(path, _("fsync failed, the old file is kept"));
		rc = -1;
	}
	close(fd);
	if (rc == 0 && io->rename(tmp, path) != 0) {
		*err = errf(path, _("cannot rename the new file into place"));
		rc = -1;
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
