#define _GNU_SOURCE /* O_CLOEXEC, O_NOFOLLOW with older headers */
#include "append.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csvread.h"
#include "chain.h"
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

/* ---- small helpers ---- */

/* Shared by a group of clerks: rw for the owner and the group as the umask
 * allows (the kernel applies it), never for others: ledgers hold personal
 * data.  In a setgid directory the kernel gives new files its group. */
enum { SHARED_FILE = 0660, SHARED_DIR = 0770 };

static char *errf(const char *path, const char *what)
{
	return ysh_xasprintf("%s: %s%s%s", path, what ? what : "", what ? ": " : "", strerror(errno));
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

static void sync_dir(const char *dir)
{
	int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d >= 0) {
		io->fsync(d);
		close(d);
	}
}

/* A small regular file of .ysh, never through a symbolic link: NULL when
 * absent, not a regular file, or larger than max. */
static char *read_small(const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *buf = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= max) {
		buf = ysh_xmalloc(max + 1);
		ssize_t n = pread(fd, buf, max, 0);
		if (n < 0) {
			free(buf);
			buf = NULL;
		} else {
			buf[n] = '\0';
		}
	}
	close(fd);
	return buf;
}

/*
 * Replace a small file of .ysh.  The temporary has a fixed name: we hold
 * the ledger's lock, so no other writer uses it, and it is made afresh
 * (O_EXCL, after removing a leftover) so that nothing planted there — a
 * link to another file — is written through.  rename replaces a symbolic
 * link at path itself, never its target.
 */
static int put_small(const char *path, const char *text, bool durable)
{
	char *tmp = ysh_xasprintf("%s.tmp", path);
	unlink(tmp);
	int rc = -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, SHARED_FILE);
	if (fd >= 0) {
		rc = write_all(fd, text, strlen(text), 0);
		if (rc == 0 && durable)
			rc = io->fsync(fd);
		int saved = errno;
		close(fd);
		errno = saved;
		if (rc == 0)
			rc = io->rename(tmp, path);
		if (rc != 0) {
			saved = errno;
			unlink(tmp);
			errno = saved;
		}
	}
	free(tmp);
	return rc;
}

/* The sidecars' checks are FNV-1a (util.h), not a cryptographic hash: they
 * tell a hand-edited, copied or stale sidecar from the one ysh wrote, not a
 * forger's, who could as well rewrite the ledger itself. */

/* ---- signals ---- */

static const int term_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static bool hold_after_append;
static bool holding;
static sigset_t saved_mask;

void ysh_hold_signals_after_append(bool on)
{
	hold_after_append = on;
}

/* From the first byte to the fsync, a Ctrl-C or a full file size limit
 * must not stop us half-way: they wait, or fail the write instead. */
static void block_signals(void)
{
	sigset_t block, old;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof(term_signals) / sizeof(term_signals[0]); i++)
		sigaddset(&block, term_signals[i]);
	sigaddset(&block, SIGTSTP);
	sigaddset(&block, SIGXFSZ);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (!holding)
		saved_mask = old;
}

/* A pending signal is dropped by ignoring it for a moment. */
static bool drop_pending(int sig, const sigset_t *pending)
{
	if (!sigismember(pending, sig))
		return false;
	struct sigaction ign = {.sa_handler = SIG_IGN}, prev;
	sigaction(sig, &ign, &prev);
	sigaction(sig, &prev, NULL);
	return true;
}

static void unblock_signals(void)
{
	sigset_t pending;
	sigpending(&pending);
	/* SIGXFSZ was only held to turn it into EFBIG: drop it, not die of it */
	drop_pending(SIGXFSZ, &pending);
	holding = false;
	sigprocmask(SIG_SETMASK, &saved_mask, NULL);
}

int ysh_release_signals(void)
{
	if (!holding)
		return 0;
	sigset_t pending;
	sigpending(&pending);
	int first = 0;
	for (size_t i = 0; i < sizeof(term_signals) / sizeof(term_signals[0]); i++)
		if (drop_pending(term_signals[i], &pending) && !first)
			first = term_signals[i];
	unblock_signals();
	return first;
}

/* ---- the intent of an append ---- */

static bool parse_intent(const char *txt, struct ysh_intent *in)
{
	int end = -1;
	if (sscanf(txt, "ysh-intent 2 %lld %lld %d %16" SCNx64 "%n", &in->before, &in->end, &in->created,
		   &in->check, &end) != 4 || end < 0)
		return false;
	/* written whole: the line ending is there and nothing after it */
	return !strcmp(txt + end, "\n") && in->before >= 0 && in->end > in->before &&
	       (in->created == 0 || in->created == 1);
}

/* The check of the ledger's bytes just before `before`: that the ledger an
 * intent is judged against is the one it was written for, not one put in
 * its place since (a restored copy keeps the inode). */
bool ysh_ledger_tail_check(int fd, long long before, uint64_t *check)
{
	char buf[4096];
	long long k = before < (long long)sizeof(buf) ? before : (long long)sizeof(buf);
	if (pread(fd, buf, (size_t)k, (off_t)(before - k)) != (ssize_t)k)
		return false;
	*check = ysh_fnv1a(YSH_FNV_START, buf, (size_t)k);
	return true;
}

enum ysh_intent_state ysh_intent_read(const char *dir, const struct ysh_schema *s, int fd,
				      struct ysh_intent *in)
{
	memset(in, 0, sizeof(*in));
	char *path = ysh_xasprintf("%s/.ysh/%s.intent", dir, s->file);
	char *txt = read_small(path, 256);
	free(path);
	if (!txt)
		return YSH_INTENT_NONE;
	bool ok = parse_intent(txt, in);
	free(txt);
	if (!ok) /* cut while being written, before the ledger was touched */
		return YSH_INTENT_UNWRITTEN;
	if (fd < 0)
		return in->created ? YSH_INTENT_UNWRITTEN : YSH_INTENT_STALE;
	struct stat st;
	uint64_t check;
	if (fstat(fd, &st) != 0 || !ysh_ledger_tail_check(fd, in->before, &check) || check != in->check)
		return YSH_INTENT_STALE;
	long long size = (long long)st.st_size;
	if (size == in->before)
		return YSH_INTENT_UNWRITTEN;
	if (size == in->end)
		return YSH_INTENT_COMPLETE;
	if (size > in->before && size < in->end)
		return YSH_INTENT_TORN;
	return YSH_INTENT_STALE;
}

static int write_intent(struct ysh_ledger_file *lf, const struct ysh_intent *in, char **err)
{
	char text[128];
	snprintf(text, sizeof(text), "ysh-intent 2 %lld %lld %d %016" PRIx64 "\n", in->before, in->end,
		 in->created, in->check);
	if (put_small(lf->intent_path, text, true) != 0) {
		*err = errf(lf->intent_path, _("cannot record the append's intent; the ledger is left as it was"));
		return -1;
	}
	char *meta = ysh_xasprintf("%s/.ysh", lf->dir);
	sync_dir(meta); /* the rename too must survive a power cut */
	free(meta);
	return 0;
}

/* Truncate (or, for a ledger the append was creating, remove) back to the
 * size before the interrupted append. */
static int cut_back(struct ysh_ledger_file *lf, int fd, const struct ysh_intent *in, char **err)
{
	if (in->created) {
		if (unlink(lf->path) != 0 && errno != ENOENT) {
			*err = errf(lf->path, _("cannot remove what an interrupted append left"));
			return -1;
		}
		return 0;
	}
	int rc;
	for (int tries = 0; (rc = io->ftruncate(fd, (off_t)in->before)) != 0 && errno == EINTR && tries < 100;
	     tries++)
		;
	if (rc == 0)
		rc = io->fsync(fd);
	if (rc != 0)
		*err = errf(lf->path, _("cannot roll back an interrupted append"));
	return rc;
}

static int adopt_from(struct ysh_ledger_file *lf, int fd, uint64_t size, uint64_t from, size_t *adopted,
		      char **err);

/* Under the lock: finish off an append that was interrupted. */
static int recover_interrupted(struct ysh_ledger_file *lf, char **err)
{
	int fd = open(lf->path, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd < 0 && errno != ENOENT)
		return 0; /* opening the ledger will say what is wrong */
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		return 0;
	}
	struct ysh_intent in;
	enum ysh_intent_state state = ysh_intent_read(lf->dir, lf->schema, fd, &in);
	int rc = 0;
	long long size = fd >= 0 ? (long long)st.st_size : 0;
	switch (state) {
	case YSH_INTENT_NONE:
		break;
	case YSH_INTENT_UNWRITTEN:
		if (in.created && fd >= 0 && size == 0)
			rc = cut_back(lf, fd, &in, err);
		break;
	case YSH_INTENT_TORN:
		rc = cut_back(lf, fd, &in, err);
		if (rc == 0)
			ysh_notice(_("%s: an append was interrupted after %lld of its %lld bytes; rolled back "
				     "to the %lld bytes the ledger had before it"),
				   lf->path, size - in.before, in.end - in.before, in.before);
		break;
	case YSH_INTENT_COMPLETE: {
		/* whole: its rows join the chain if the writer died before they did */
		size_t adopted;
		char *why = NULL;
		/* a chain that cannot follow (broken since) is ysh-check's to say */
		if (adopt_from(lf, fd, (uint64_t)size, (uint64_t)in.before, &adopted, &why) != 0)
			free(why);
		ysh_notice(_("%s: an append was interrupted after its last byte (%lld bytes from byte %lld); "
			     "it is whole and kept, but its ids may not have been printed"),
			   lf->path, in.end - in.before, in.before);
		break;
	}
	case YSH_INTENT_STALE:
		ysh_notice(_("%s: an interrupted append's intent no longer matches the ledger, which was "
			     "changed since; ignored (run ysh-check)"),
			   lf->path);
		break;
	}
	if (fd >= 0)
		close(fd);
	if (state != YSH_INTENT_NONE && rc == 0)
		unlink(lf->intent_path);
	return rc;
}

/* ---- locking and opening ---- */

static int lock_with_timeout(int fd, int op, long timeout_ms)
{
	struct timespec nap = {0, 10 * 1000 * 1000};
	for (long waited = 0;; waited += 10) {
		if (io->flock(fd, op | LOCK_NB) == 0)
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

char *ysh_ledger_lock_path(const char *dir, const struct ysh_schema *s)
{
	return ysh_xasprintf("%s/.ysh/%s.lock", dir, s->file);
}

enum ysh_share ysh_ledger_share_lock(const char *lock_path, long timeout_ms, int *fd)
{
	*fd = open(lock_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0)
		return errno == ENOENT ? YSH_SHARE_NO_FILE : YSH_SHARE_NO_OPEN;
	/* a directory opens read-only and takes a flock, but no writer can
	 * open it to lock it: it is no lock file (as ysh-add says of it) */
	struct stat st;
	bool stated = fstat(*fd, &st) == 0;
	if (!stated || !S_ISREG(st.st_mode)) {
		int e = !stated ? errno : S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		close(*fd);
		*fd = -1;
		errno = e;
		return YSH_SHARE_NO_OPEN;
	}
	if (lock_with_timeout(*fd, LOCK_SH, timeout_ms) == 0)
		return YSH_SHARE_HELD;
	/* an open lock file unlocked is of no use to the caller: only
	 * errno, which it reports, has to outlive the close */
	int e = errno;
	close(*fd);
	*fd = -1;
	errno = e;
	return e == ETIMEDOUT ? YSH_SHARE_TIMEOUT : YSH_SHARE_NO_LOCK;
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

/* Read the header and the line ending. */
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
	/* a ledger kept before a column was asked of new records (required =
	 * new) may lack it: its revisions go on; a new record's fact has no
	 * column to go to, and check_columns refuses it */
	size_t bad = 0;
	while (bad < np && probs[bad].missing >= 0 && lf->schema->cols[probs[bad].missing].required_new)
		bad++;
	if (bad < np) {
		*err = ysh_xasprintf(_("%s: header: %s; fix the header before adding records"), lf->path,
				     probs[bad].msg);
		ysh_header_problems_free(probs, np);
		ysh_binding_free(&b);
		return -1;
	}
	ysh_header_problems_free(probs, np);
	lf->file_to_col = b.file_to_col;
	free(b.col_to_file);
	return 0;
}

/* A dry run repairs nothing: an append killed half-way is seen as the next
 * writer will cut it back (recover_interrupted), the ledger read only up to
 * where that append began, or not there when it was creating it. */
static void view_repaired(struct ysh_ledger_file *lf)
{
	struct ysh_intent in;
	if (ysh_intent_read(lf->dir, lf->schema, lf->fd, &in) == YSH_INTENT_TORN)
		lf->size = in.created ? 0 : (off_t)in.before;
}

static int open_ledger(struct ysh_ledger_file *lf, char **err)
{
	lf->newline = "\n";
	lf->fd = open(lf->path, (lf->read_only ? O_RDONLY : O_RDWR) | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (lf->fd < 0) {
		if (errno == ENOENT)
			return 0;
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
	if (lf->read_only)
		view_repaired(lf);
	return lf->size == 0 ? 0 : inspect_ledger(lf, err);
}

/* ---- ids: the highest sequence of every year ---- */

static long seq_max(const struct ysh_ledger_file *lf, int year)
{
	for (size_t i = 0; i < lf->nseqs; i++)
		if (lf->seqs[i].year == year)
			return lf->seqs[i].max;
	return 0;
}

static void seq_note(struct ysh_ledger_file *lf, int year, long seq)
{
	for (size_t i = 0; i < lf->nseqs; i++) {
		if (lf->seqs[i].year == year) {
			if (seq > lf->seqs[i].max)
				lf->seqs[i].max = seq;
			return;
		}
	}
	lf->seqs = ysh_grow(lf->seqs, &lf->capseqs, lf->nseqs + 1, sizeof(*lf->seqs));
	lf->seqs[lf->nseqs++] = (struct ysh_seq_year){year, seq};
}

/* ---- the sidecar ---- */

/* Years kept in a sidecar; a ledger with more is scanned whole each time. */
enum { SIDECAR_MAX_YEARS = 64, SIDECAR_CHECKED_BYTES = 4096 };

/* The check of a sidecar: its text, and the ledger's bytes before the end
 * it records, which a ledger rewritten or replaced since would not have. */
static bool sidecar_check(const struct ysh_ledger_file *lf, const char *text, size_t n, long long covered,
			  uint64_t *check)
{
	char buf[SIDECAR_CHECKED_BYTES];
	long long k = covered < SIDECAR_CHECKED_BYTES ? covered : SIDECAR_CHECKED_BYTES;
	if (pread(lf->fd, buf, (size_t)k, (off_t)(covered - k)) != (ssize_t)k)
		return false;
	if (k == 0 || buf[k - 1] != '\n') /* it must end where a line of the ledger ends */
		return false;
	*check = ysh_fnv1a(ysh_fnv1a(YSH_FNV_START, text, n), buf, (size_t)k);
	return true;
}

/* Parse "ysh-seq 2 INO COVERED LINE N Y:S ... CHECK"; returns where CHECK
 * starts, or 0. */
static size_t parse_sidecar(struct ysh_ledger_file *lf, const char *txt, unsigned long long *ino,
			    long long *covered, size_t *line)
{
	size_t nyears;
	int pos = -1;
	if (sscanf(txt, "ysh-seq 2 %llu %lld %zu %zu%n", ino, covered, line, &nyears, &pos) != 4 || pos < 0 ||
	    nyears > SIDECAR_MAX_YEARS)
		return 0;
	for (size_t i = 0; i < nyears; i++) {
		int year, step = -1;
		long max;
		if (sscanf(txt + pos, " %d:%ld%n", &year, &max, &step) != 2 || step < 0 || max < 0)
			return 0;
		seq_note(lf, year, max);
		pos += step;
	}
	if (txt[pos] != ' ')
		return 0;
	return (size_t)pos + 1;
}

/* Where the sidecar lets the scan for ids start, with the sequences it
 * vouches for loaded; 0 (and none loaded) when it is missing, or does not
 * match the file: another inode, a shorter file, a failing check. */
static off_t sidecar_resume(struct ysh_ledger_file *lf)
{
	char *txt = read_small(lf->seq_path, 4096);
	if (!txt)
		return 0;
	unsigned long long ino;
	long long covered;
	size_t line;
	struct stat st;
	size_t at = parse_sidecar(lf, txt, &ino, &covered, &line);
	uint64_t want, got;
	char tail;
	bool ok = at && fstat(lf->fd, &st) == 0 && ino == (unsigned long long)st.st_ino && covered > 0 &&
		  covered <= (long long)lf->size && sscanf(txt + at, "%16" SCNx64 "%c", &want, &tail) == 2 &&
		  tail == '\n' && !txt[at + 17] && sidecar_check(lf, txt, at, covered, &got) && got == want;
	free(txt);
	if (!ok) {
		lf->nseqs = 0;
		return 0;
	}
	lf->next_line = line;
	return (off_t)covered;
}

static void save_seq(struct ysh_ledger_file *lf)
{
	struct stat st;
	if (lf->nseqs > SIDECAR_MAX_YEARS || fstat(lf->fd, &st) != 0)
		return; /* a lost sidecar only costs one full scan later: never an error */
	struct ysh_buf b = {0};
	ysh_buf_printf(&b, "ysh-seq 2 %llu %lld %zu %zu", (unsigned long long)st.st_ino,
		       (long long)lf->size, lf->next_line, lf->nseqs);
	for (size_t i = 0; i < lf->nseqs; i++)
		ysh_buf_printf(&b, " %d:%ld", lf->seqs[i].year, lf->seqs[i].max);
	ysh_buf_addc(&b, ' ');
	uint64_t check;
	if (sidecar_check(lf, ysh_buf_str(&b), b.len, (long long)lf->size, &check)) {
		ysh_buf_printf(&b, "%016" PRIx64 "\n", check);
		put_small(lf->seq_path, ysh_buf_str(&b), false);
	}
	ysh_buf_free(&b);
}

/* ---- how the ledger ends ---- */

struct tail_scan {
	struct ysh_ledger_file *lf;
	int id_pos; /* header position of the id column */
	unsigned long long last_off;
	size_t last_line;
};

static int scan_record(const struct ysh_csv_record *rec, void *ctx)
{
	struct tail_scan *sc = ctx;
	int y;
	long seq;
	sc->last_off = rec->offset;
	sc->last_line = rec->line;
	if (sc->id_pos >= 0 && sc->id_pos < (int)rec->nfields &&
	    ysh_parse_id(rec->fields[sc->id_pos], sc->lf->schema->id_prefix, &y, &seq))
		seq_note(sc->lf, y, seq);
	return 0;
}

static void judge_tail(struct ysh_ledger_file *lf, struct ysh_csv_reader *r, const struct tail_scan *sc,
		       char last)
{
	size_t line;
	unsigned long long off;
	if (ysh_csv_open_record(r, &line, &off)) {
		lf->tail = YSH_TAIL_OPEN_QUOTE;
		off += (unsigned long long)lf->scanned_from;
		lf->tail_problem = ysh_xasprintf(
			_("%s: the record that starts at line %zu (byte %llu) ends inside a quoted cell: a write "
			  "cut short, or a hand edit; a record added after it would vanish into that cell. "
			  "Nothing written. Complete that record, or cut it off with: truncate -s %llu %s"),
			lf->path, line, off, off, lf->path);
	} else if (last == '\n') {
		lf->tail = YSH_TAIL_WHOLE;
	} else if (last == '\r' && !strcmp(lf->newline, "\r\n")) {
		lf->tail = YSH_TAIL_LONE_CR; /* the record is whole; its CRLF was cut */
	} else {
		lf->tail = YSH_TAIL_NO_NEWLINE;
		off = sc->last_off + (unsigned long long)lf->scanned_from;
		lf->tail_problem = ysh_xasprintf(
			_("%s: its last line (line %zu) has no line ending: a write cut short, or an editor "
			  "that leaves none. Nothing written. If that record is whole, end it with: printf '%s' "
			  ">> %s; if it is cut, remove it with: truncate -s %llu %s"),
			lf->path, sc->last_line, strcmp(lf->newline, "\n") ? "\\r\\n" : "\\n", lf->path, off,
			lf->path);
	}
}

/* Read the ledger from where the sidecar lets us (all of it otherwise): the
 * ids it holds, and whether it ends with a whole record. */
static int scan_tail(struct ysh_ledger_file *lf, char **err)
{
	lf->tail = YSH_TAIL_WHOLE;
	lf->next_line = 1;
	if (lf->fd < 0 || lf->size == 0)
		return 0;
	struct tail_scan sc = {.lf = lf, .id_pos = -1};
	for (size_t i = 0; i < lf->nheader; i++)
		if (lf->file_to_col[i] == lf->schema->id_col)
			sc.id_pos = (int)i;
	lf->scanned_from = sidecar_resume(lf);
	struct ysh_csv_reader *r = ysh_csv_new(scan_record, NULL, &sc);
	ysh_csv_set_first_line(r, lf->next_line);
	char *buf = ysh_xmalloc(65536);
	char last = '\n';
	int rc = 0;
	for (off_t off = lf->scanned_from; off < lf->size;) {
		size_t want = lf->size - off < 65536 ? (size_t)(lf->size - off) : 65536;
		ssize_t n = pread(lf->fd, buf, want, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*err = errf(lf->path, NULL);
			rc = -1;
			break;
		}
		ysh_csv_feed(r, buf, (size_t)n);
		last = buf[n - 1];
		off += n;
	}
	if (rc == 0) {
		ysh_csv_finish(r);
		lf->next_line = ysh_csv_next_line(r);
		judge_tail(lf, r, &sc, last);
	}
	free(buf);
	ysh_csv_free(r);
	return rc;
}

static void ledger_file_init(struct ysh_ledger_file *lf, const char *dir, const struct ysh_schema *s)
{
	memset(lf, 0, sizeof(*lf));
	lf->fd = lf->lock_fd = -1;
	lf->schema = s;
	lf->dir = ysh_xstrdup(dir);
	lf->path = ysh_xasprintf("%s/%s", dir, s->file);
	lf->lock_path = ysh_ledger_lock_path(dir, s);
	lf->seq_path = ysh_xasprintf("%s/.ysh/%s.seq", dir, s->file);
	lf->intent_path = ysh_xasprintf("%s/.ysh/%s.intent", dir, s->file);
}

static char *lock_error(const struct ysh_ledger_file *lf, long timeout_ms)
{
	return errno == ETIMEDOUT ? ysh_xasprintf(_("%s: still locked by another writer after %ld ms"), lf->path,
						  timeout_ms)
				  : errf(lf->lock_path, _("cannot lock"));
}

int ysh_ledger_lock(const char *dir, const struct ysh_schema *s, long timeout_ms,
		    struct ysh_ledger_file *lf, char **err)
{
	ledger_file_init(lf, dir, s);
	char *meta = ysh_xasprintf("%s/.ysh", dir);
	if (mkdir(meta, SHARED_DIR) != 0 && errno != EEXIST) {
		*err = errf(meta, _("cannot create the lock directory"));
		free(meta);
		return -1;
	}
	free(meta);
	lf->lock_fd = open(lf->lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, SHARED_FILE);
	if (lf->lock_fd < 0) {
		*err = errf(lf->lock_path, NULL);
		return -1;
	}
	if (lock_with_timeout(lf->lock_fd, LOCK_EX, timeout_ms) != 0) {
		*err = lock_error(lf, timeout_ms);
		return -1;
	}
	if (recover_interrupted(lf, err) != 0 || open_ledger(lf, err) != 0)
		return -1;
	return scan_tail(lf, err);
}

int ysh_ledger_peek(const char *dir, const struct ysh_schema *s, long timeout_ms,
		    struct ysh_ledger_file *lf, char **err)
{
	ledger_file_init(lf, dir, s);
	lf->read_only = true;
	/* shared, as ysh-check reads: no writer is half-way through an append
	 * while we look.  Unlike ysh-check, which reads on after its wait, a
	 * dry run refuses a lock it cannot have, as the add itself would */
	switch (ysh_ledger_share_lock(lf->lock_path, timeout_ms, &lf->lock_fd)) {
	case YSH_SHARE_HELD:
	case YSH_SHARE_NO_FILE:
		break;
	case YSH_SHARE_NO_OPEN:
		*err = errf(lf->lock_path, NULL);
		return -1;
	case YSH_SHARE_NO_LOCK:
	case YSH_SHARE_TIMEOUT:
		*err = lock_error(lf, timeout_ms);
		return -1;
	}
	if (open_ledger(lf, err) != 0)
		return -1;
	return scan_tail(lf, err);
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
	free(lf->intent_path);
	free(lf->tail_problem);
	free(lf->seqs);
	memset(lf, 0, sizeof(*lf));
	lf->fd = lf->lock_fd = -1;
}

int ysh_ledger_next_seq(struct ysh_ledger_file *lf, int year, long *seq, char **err)
{
	if (lf->tail_problem) {
		*err = ysh_xstrdup(lf->tail_problem);
		return 1;
	}
	*seq = seq_max(lf, year) + 1;
	return 0;
}

/* ---- writing ---- */

bool ysh_ledger_has_column(const struct ysh_ledger_file *lf, size_t col)
{
	if (lf->size == 0)
		return true; /* a new ledger is written with every column */
	for (size_t i = 0; i < lf->nheader; i++)
		if (lf->file_to_col[i] == (int)col)
			return true;
	return false;
}

/* A value for a column the ledger's header lacks cannot be written; system
 * cells and defaults are simply not recorded there. */
static int check_columns(const struct ysh_ledger_file *lf, char **cells, char **err)
{
	const struct ysh_schema *s = lf->schema;
	for (size_t c = 0; c < s->ncols; c++) {
		const struct ysh_column *col = &s->cols[c];
		if (ysh_ledger_has_column(lf, c) || !cells[c] || !*cells[c] || col->system || (col->dflt && !strcmp(col->dflt, cells[c])))
			continue;
		char masked[64];
		if (col->type == YSH_T_PHONE)
			ysh_mask_phone(cells[c], masked, sizeof(masked));
		*err = ysh_xasprintf(_("%s has no column %s (%s) for the value '%s'"), lf->path, col->name,
				     col->title, col->type == YSH_T_PHONE ? masked : cells[c]);
		return -1;
	}
	return 0;
}

int ysh_ledger_serialize(const struct ysh_ledger_file *lf, char **const *rows, size_t n,
			 struct ysh_buf *out, size_t *lens, size_t *nlens, char **err)
{
	const struct ysh_schema *s = lf->schema;
	bool fresh = lf->size == 0;
	size_t k = 0, mark = out->len;
	if (fresh) {
		for (size_t c = 0; c < s->ncols; c++) {
			if (c)
				ysh_buf_addc(out, ',');
			ysh_csv_quote(out, s->cols[c].name);
		}
		ysh_buf_adds(out, lf->newline);
		if (lens)
			lens[k++] = out->len - mark;
	}
	for (size_t r = 0; r < n; r++) {
		mark = out->len;
		char **cells = rows[r];
		if (!fresh && check_columns(lf, cells, err) != 0)
			return -1;
		size_t ncells = fresh ? s->ncols : lf->nheader;
		for (size_t i = 0; i < ncells; i++) {
			int c = fresh ? (int)i : lf->file_to_col[i];
			if (i)
				ysh_buf_addc(out, ',');
			if (c >= 0 && cells[c])
				ysh_csv_quote(out, cells[c]);
		}
		ysh_buf_adds(out, lf->newline);
		if (lens)
			lens[k++] = out->len - mark;
	}
	if (nlens)
		*nlens = k;
	return 0;
}

/* Put the file back as it was; false when that failed too (the intent then
 * stays, for the next writer to try). */
static bool roll_back(struct ysh_ledger_file *lf)
{
	int saved = errno, rc;
	for (int tries = 0; (rc = io->ftruncate(lf->fd, lf->size)) != 0 && errno == EINTR && tries < 100; tries++)
		;
	io->fsync(lf->fd);
	errno = saved;
	return rc == 0;
}

static int create_ledger(struct ysh_ledger_file *lf, char **err)
{
	lf->fd = open(lf->path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, SHARED_FILE);
	if (lf->fd < 0) {
		*err = errf(lf->path, _("cannot create"));
		return -1;
	}
	lf->size = 0;
	return 0;
}

/* The write and its fsync; *undone tells whether a failure was rolled back. */
static int write_synced(struct ysh_ledger_file *lf, const struct ysh_buf *all, bool *undone, char **err)
{
	*undone = true;
	if (write_all(lf->fd, all->p, all->len, lf->size) != 0) {
		*err = errf(lf->path, _("write failed, ledger left as it was"));
		*undone = roll_back(lf);
		return -1;
	}
	if (io->fsync(lf->fd) != 0) {
		*err = errf(lf->path, _("fsync failed, ledger left as it was"));
		*undone = roll_back(lf);
		return -1;
	}
	return 0;
}

static size_t count_lines(const char *p, size_t n)
{
	size_t k = 0;
	for (const char *q = p; (q = memchr(q, '\n', n - (size_t)(q - p))); q++)
		k++;
	return k;
}

static int chain_append(struct ysh_ledger_file *lf, uint64_t base, const char *bytes, const size_t *lens,
			size_t nlens, char **err);

/* The intent, the file if new, the write, the chain: 0, or -1 with the
 * ledger as it was (unless rolling back failed too, which the intent left
 * behind repairs).  The intent goes last, so a writer killed before the
 * chain is extended leaves the next writer something to finish. */
static int commit(struct ysh_ledger_file *lf, const struct ysh_buf *all, const char *rows, const size_t *lens,
		  size_t nlens, char **err)
{
	struct ysh_intent in = {.created = lf->fd < 0, .before = lf->fd < 0 ? 0 : (long long)lf->size};
	in.end = in.before + (long long)all->len;
	in.check = YSH_FNV_START;
	if (!in.created && !ysh_ledger_tail_check(lf->fd, in.before, &in.check)) {
		*err = errf(lf->path, NULL);
		return -1;
	}
	if (write_intent(lf, &in, err) != 0)
		return -1;
	bool undone = true;
	int rc = in.created ? create_ledger(lf, err) : 0;
	if (rc == 0)
		rc = write_synced(lf, all, &undone, err);
	/* the records start after a line feed that completed a lone CR */
	if (rc == 0 && lens &&
	    chain_append(lf, (uint64_t)in.before + (uint64_t)(rows - all->p), rows, lens, nlens, err) != 0) {
		undone = roll_back(lf);
		rc = -1;
	}
	if (in.created && rc == 0)
		sync_dir(lf->dir);
	if (in.created && rc != 0 && lf->fd >= 0) {
		unlink(lf->path); /* we hold the lock: nobody else has seen it */
		close(lf->fd);
		lf->fd = -1;
		undone = true;
	}
	if (undone)
		unlink(lf->intent_path);
	return rc;
}

int ysh_ledger_append(struct ysh_ledger_file *lf, const char *bytes, size_t n, const size_t *lens,
		      size_t nlens, int year, long last_seq, char **err)
{
	if (lf->tail_problem) {
		*err = ysh_xstrdup(lf->tail_problem);
		return -1;
	}
	if (last_seq > YSH_SEQ_MAX) {
		*err = ysh_xasprintf(_("%s: the ids of %d are used up (at most %ld); nothing written"), lf->path,
				     year, YSH_SEQ_MAX);
		return -1;
	}
	struct ysh_buf all = {0};
	if (lf->fd >= 0 && lf->tail == YSH_TAIL_LONE_CR)
		ysh_buf_addc(&all, '\n'); /* complete the CRLF a cut left as a lone CR */
	ysh_buf_add(&all, bytes, n);

	block_signals();
	int rc = commit(lf, &all, all.p + (all.len - n), lens, nlens, err);
	if (rc == 0 && hold_after_append)
		holding = true; /* released by ysh_release_signals */
	else
		unblock_signals();
	if (rc == 0) {
		lf->size += (off_t)all.len;
		lf->tail = YSH_TAIL_WHOLE;
		lf->next_line += count_lines(bytes, n);
		if (last_seq > 0)
			seq_note(lf, year, last_seq);
		save_seq(lf);
	}
	ysh_buf_free(&all);
	return rc;
}

/* ---- the hash chain ---- */

static char *chain_path(const struct ysh_ledger_file *lf)
{
	return ysh_chain_path(lf->dir, lf->schema->file);
}

/* Appends lines to the chain file after its whole lines (c->size: a line
 * a killed writer left half written is cut) and syncs it: a chain line is
 * written only after the rows it lists are safely in the ledger. */
static int chain_write(const struct ysh_ledger_file *lf, const struct ysh_chain *c, const struct ysh_buf *lines,
		       char **err)
{
	char *path = chain_path(lf);
	int fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, SHARED_FILE);
	struct stat st;
	int rc = -1;
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    ((uint64_t)st.st_size == c->size || io->ftruncate(fd, (off_t)c->size) == 0) &&
	    write_all(fd, lines->p, lines->len, (off_t)c->size) == 0 && io->fsync(fd) == 0)
		rc = 0;
	if (rc != 0)
		*err = errf(path, _("the hash chain could not be extended"));
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}

/* Extends the chain by the records just written at base; on failure the
 * chain file is cut back to what it was. */
static int chain_append(struct ysh_ledger_file *lf, uint64_t base, const char *bytes, const size_t *lens,
			size_t nlens, char **err)
{
	char *path = chain_path(lf);
	struct ysh_chain c;
	int rc = ysh_chain_load_tail(path, &c, err); /* its last link: not all million */
	uint64_t chained = c.n ? c.v[c.n - 1].off + c.v[c.n - 1].len : 0;
	if (rc == 0 && base < chained) {
		*err = ysh_xasprintf(_("%s: its hash chain lists rows up to byte %llu, but the ledger had %llu: it was "
				       "cut or replaced since; nothing written (an auditor looks first: ysh-check)"),
				     lf->path, (unsigned long long)chained, (unsigned long long)base);
		ysh_chain_free(&c);
		rc = -1;
	} else if (rc == 0) {
		struct ysh_buf lines = {0};
		ysh_chain_extend(&c, base, bytes, lens, nlens, &lines);
		uint64_t had = c.size;
		rc = chain_write(lf, &c, &lines, err);
		ysh_buf_free(&lines);
		ysh_chain_free(&c);
		/* back to its whole lines; a chain this write began goes (should
		 * the cut fail too, ysh-check reports the rows it lists that the
		 * rolled-back ledger lacks) */
		if (rc != 0 && had)
			(void)!truncate(path, (off_t)had);
		else if (rc != 0)
			unlink(path);
	}
	free(path);
	return rc;
}

/* The records of the ledger: where each starts, read through the reader so
 * that quoted line breaks are inside their record. */
struct starts {
	uint64_t *v;
	size_t n, cap;
};

static int note_start(const struct ysh_csv_record *rec, void *ctx)
{
	struct starts *S = ctx;
	S->v = ysh_grow(S->v, &S->cap, S->n + 1, sizeof(*S->v));
	S->v[S->n++] = rec->offset;
	return 0;
}

int ysh_ledger_adopt(struct ysh_ledger_file *lf, size_t *adopted, char **err)
{
	*adopted = 0;
	if (lf->fd < 0 || !lf->size)
		return 0;
	return adopt_from(lf, lf->fd, (uint64_t)lf->size, 0, adopted, err);
}

/* Chains the unchained records that start at or after `from` (0: all). */
static int adopt_from(struct ysh_ledger_file *lf, int fd, uint64_t size, uint64_t from, size_t *adopted,
		      char **err)
{
	*adopted = 0;
	char *path = chain_path(lf);
	struct ysh_chain c;
	int rc = ysh_chain_load(path, &c, err);
	free(path);
	if (rc != 0)
		return -1;
	size_t first_bad, later_bad;
	ysh_chain_verify(&c, ysh_chain_read_fd, &fd, &first_bad, &later_bad);
	if (first_bad < c.n) {
		*err = ysh_xasprintf(_("%s: the chained row at byte %llu no longer holds what was recorded; "
				       "an auditor must look first (ysh-check), nothing adopted"),
				     lf->path, (unsigned long long)c.v[first_bad].off);
		ysh_chain_free(&c);
		return -1;
	}
	struct starts S = {0};
	struct ysh_csv_reader *r = ysh_csv_new(note_start, NULL, &S);
	char buf[64 * 1024];
	for (uint64_t off = 0; off < size;) {
		size_t got = ysh_chain_read_fd(&fd, off, buf, sizeof(buf));
		if (!got)
			break;
		ysh_csv_feed(r, buf, got);
		off += got;
	}
	ysh_csv_finish(r);
	ysh_csv_free(r);
	uint64_t chained_end = c.n ? c.v[c.n - 1].off + c.v[c.n - 1].len : 0;
	size_t cursor = 0, first = S.n;
	rc = 0;
	for (size_t i = 0; i < S.n && rc == 0; i++) {
		if (ysh_chain_covers(&c, S.v[i], &cursor) || S.v[i] < from)
			continue;
		if (S.v[i] < chained_end) {
			*err = ysh_xasprintf(_("%s: an unchained row at byte %llu lies before chained ones: "
					       "rows were inserted (ysh-check), nothing adopted"),
					     lf->path, (unsigned long long)S.v[i]);
			rc = -1;
		} else if (first == S.n) {
			first = i;
		}
	}
	if (rc == 0 && first < S.n) {
		size_t n = S.n - first;
		size_t *lens = ysh_xcalloc(n, sizeof(*lens));
		for (size_t i = 0; i < n; i++)
			lens[i] = (size_t)((first + i + 1 < S.n ? S.v[first + i + 1] : size) -
					   S.v[first + i]);
		uint64_t base = S.v[first];
		char *bytes = ysh_xmalloc((size_t)(size - base));
		size_t want = (size_t)(size - base), have = 0;
		while (have < want) {
			size_t got = ysh_chain_read_fd(&fd, base + have, bytes + have, want - have);
			if (!got)
				break;
			have += got;
		}
		struct ysh_buf lines = {0};
		uint64_t had = c.size;
		ysh_chain_extend(&c, base, bytes, lens, n, &lines);
		c.size = had;
		rc = chain_write(lf, &c, &lines, err);
		if (rc == 0)
			*adopted = n;
		ysh_buf_free(&lines);
		free(bytes);
		free(lens);
	}
	free(S.v);
	ysh_chain_free(&c);
	return rc;
}

/* ---- whole files (reports) ---- */

int ysh_replace_file(const char *path, const void *bytes, size_t n, char **err)
{
	struct stat old;
	bool exists = lstat(path, &old) == 0;
	if (exists && !S_ISREG(old.st_mode)) {
		*err = ysh_xasprintf(_("%s: not a regular file; only a regular file is replaced"), path);
		return -1;
	}
	char *tmp = ysh_xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = errf(path, NULL);
		free(tmp);
		return -1;
	}
	if (exists) {
		/* the report keeps what it was: mode, and owner and group where allowed */
		if (fchown(fd, old.st_uid, old.st_gid) != 0 && fchown(fd, (uid_t)-1, old.st_gid) != 0)
			errno = 0;
		fchmod(fd, old.st_mode & 0777);
	} else {
		mode_t mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask); /* mkstemp's 0600 is for the temporary, not the report */
	}
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
