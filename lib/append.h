/*
 * append.h - adding rows to a ledger without ever damaging it.
 *
 * Each ledger has a lock file DIR/.ysh/<ledger>.lock that always exists, so
 * the ledger itself is created only when a record is really written.  Under
 * the lock, the whole batch of rows goes out in one write at the end of the
 * file, then fsync; if anything fails (a short write, a full disk, an fsync
 * error) the file is truncated back to its size before the attempt.
 *
 * Before its first byte an append records its intent, DIR/.ysh/<ledger>.intent
 * (the ledger's size before and after), durably, and removes it once the
 * append is on disk.  A writer killed half-way (SIGKILL, a power cut) leaves
 * the intent behind: the next writer truncates the ledger back to the size
 * it records, and readers read only up to it.  A ledger whose end is not a
 * whole record, with no intent to explain it, is refused rather than appended
 * to: a row after an open quote would vanish into the quoted cell.
 *
 * Ids come from DIR/.ysh/<ledger>.seq, a hint with the highest sequence of
 * every year and how many bytes of the ledger it has seen, with a check over
 * both: only rows appended since (by any writer) are scanned, never the whole
 * ledger, unless the sidecar is missing or does not match the file.
 *
 * Files in .ysh and new ledgers are made rw for the owner and the group, as
 * far as the umask allows, and never for others; in a setgid directory they
 * take its group, so that every clerk of the group can add.
 */
#ifndef YSH_APPEND_H
#define YSH_APPEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "schema.h"
#include "util.h"

/* The highest id sequence: ids carry at most nine digits of it. */
#define YSH_SEQ_MAX 999999999L

/* The system calls that change files, replaceable by tests to fail the Nth. */
struct ysh_io {
	ssize_t (*pwrite)(int fd, const void *buf, size_t n, off_t off);
	int (*fsync)(int fd);
	int (*ftruncate)(int fd, off_t len);
	int (*flock)(int fd, int op);
	int (*rename)(const char *from, const char *to);
};

/* NULL restores the real system calls. */
void ysh_io_set(const struct ysh_io *io);

/* How a ledger ends. */
enum ysh_tail {
	YSH_TAIL_WHOLE,      /* a whole record and its line ending (or empty) */
	YSH_TAIL_LONE_CR,    /* a CRLF ledger cut between CR and LF: completed */
	YSH_TAIL_OPEN_QUOTE, /* inside a quoted cell: refused */
	YSH_TAIL_NO_NEWLINE, /* a last line without its line ending: refused */
};

struct ysh_seq_year {
	int year;
	long max;
};

struct ysh_ledger_file {
	int lock_fd;
	int fd;              /* -1 while the ledger does not exist */
	char *dir, *path, *lock_path, *seq_path, *intent_path;
	const struct ysh_schema *schema;
	off_t size;          /* at locking: what a failure restores */
	const char *newline; /* the ledger's line ending */
	char **header;       /* the existing header cells */
	size_t nheader;
	int *file_to_col;    /* header position -> schema column (-1 unknown) */
	enum ysh_tail tail;
	char *tail_problem;  /* why the end refuses an append, or NULL */
	off_t scanned_from;  /* where the scan for ids began (0: the whole ledger) */
	size_t next_line;    /* line number of the byte after the end */
	struct ysh_seq_year *seqs; /* highest sequence of every year in the ledger */
	size_t nseqs, capseqs;
	bool read_only;      /* ysh_ledger_peek: nothing may be written through it */
};

/* Lock the ledger of schema s in dir, waiting up to timeout_ms; repair an
 * append that was interrupted (saying so through ysh_notice), and read how
 * the ledger ends and which ids it holds. */
int ysh_ledger_lock(const char *dir, const struct ysh_schema *s, long timeout_ms,
		    struct ysh_ledger_file *lf, char **err);
/* The same reading for a dry run, which writes nothing: no .ysh directory
 * or lock file is made (an existing lock is taken shared, lf->lock_fd -1
 * when there is none), an interrupted append is not repaired but the
 * ledger seen as its repair would leave it, and the ledger is opened
 * read-only.  Released with ysh_ledger_unlock. */
int ysh_ledger_peek(const char *dir, const struct ysh_schema *s, long timeout_ms,
		    struct ysh_ledger_file *lf, char **err);
void ysh_ledger_unlock(struct ysh_ledger_file *lf);

/* What taking a ledger's lock shared came to. */
enum ysh_share {
	YSH_SHARE_HELD,    /* held: no writer is half-way through an append */
	YSH_SHARE_NO_FILE, /* no lock file: no writer has ever been at work */
	YSH_SHARE_NO_OPEN, /* the lock file cannot be opened (errno says why) */
	YSH_SHARE_NO_LOCK, /* it cannot be locked (errno says why) */
	YSH_SHARE_TIMEOUT, /* a writer held it throughout timeout_ms (errno ETIMEDOUT) */
};

/* DIR/.ysh/<ledger>.lock, the file writers lock (caller frees). */
char *ysh_ledger_lock_path(const char *dir, const struct ysh_schema *s);
/* Takes the lock file lock_path (DIR/.ysh/<ledger>.lock) shared, waiting up
 * to timeout_ms for a writer to finish, as readers do.  *fd is the lock
 * file, to close to release the lock, when HELD, else -1.  What a lock not
 * had means is the caller's to decide: a dry run refuses, ysh-check reads
 * the ledger as it is. */
enum ysh_share ysh_ledger_share_lock(const char *lock_path, long timeout_ms, int *fd);

/* The next id sequence for `year` (under the lock): one above any id of that
 * year in the ledger.  Returns 0, 1 when the ledger's end refuses an append
 * (*err says why and how to repair it), -1 on an I/O problem. */
int ysh_ledger_next_seq(struct ysh_ledger_file *lf, int year, long *seq, char **err);

/* Whether a row written to the ledger has a place for schema column col:
 * a new ledger has them all, an existing one those of its header. */
bool ysh_ledger_has_column(const struct ysh_ledger_file *lf, size_t col);

/* Serialise rows (schema-order cell arrays) in the ledger's column order
 * and line ending, with the header first if the ledger is new.  lens, if
 * not NULL, receives the byte length of each record written (the header
 * first when there is one: n + 1 entries then) and *nlens their number. */
int ysh_ledger_serialize(const struct ysh_ledger_file *lf, char **const *rows, size_t n,
			 struct ysh_buf *out, size_t *lens, size_t *nlens, char **err);

/* Chains the records of the ledger no chain line lists, in file order
 * (ysh-add --adopt): *adopted says how many.  Refused (-1, *err) when a
 * chained row no longer holds or an unchained one lies before a chained one. */
int ysh_ledger_adopt(struct ysh_ledger_file *lf, size_t *adopted, char **err);

/* Append bytes: intent, one write, fsync, the hash chain extended by the
 * records (lens as from ysh_ledger_serialize), and on any failure both
 * truncated back.  Records the new highest sequence for `year` in the
 * sidecar on success. */
int ysh_ledger_append(struct ysh_ledger_file *lf, const char *bytes, size_t n, const size_t *lens,
		      size_t nlens, int year, long last_seq, char **err);

/*
 * Termination signals (INT, TERM, HUP, QUIT) wait from an append's first
 * byte to its fsync: the append is whole or not there.  With `on`, they keep
 * waiting after an append that succeeded, until ysh_release_signals(), so
 * that a command can report what it wrote (the ids) before anything stops it.
 */
void ysh_hold_signals_after_append(bool on);
/* Stops holding: the termination signals that arrived meanwhile are dropped,
 * the work they would have interrupted being done.  Returns the first of
 * them (0: none). */
int ysh_release_signals(void);

/* What an intent left in .ysh says about a ledger. */
enum ysh_intent_state {
	YSH_INTENT_NONE,      /* no intent: no append was interrupted */
	YSH_INTENT_UNWRITTEN, /* interrupted before its first byte reached the ledger */
	YSH_INTENT_COMPLETE,  /* interrupted after its last byte: the append is whole */
	YSH_INTENT_TORN,      /* interrupted half-way: the ledger ends in part of it */
	YSH_INTENT_STALE,     /* the ledger changed since: the intent says nothing */
};

struct ysh_intent {
	long long before, end; /* the ledger's size before the append, and after */
	int created;           /* the append was creating the ledger */
	uint64_t check;        /* of the ledger's last 4 KiB before the append */
};

/* A check of the 4 KiB of the ledger open on fd before byte `before` (all
 * of it when shorter): what tells a ledger from one rewritten since. */
bool ysh_ledger_tail_check(int fd, long long before, uint64_t *check);

/* Reads DIR/.ysh/<ledger>.intent and judges it against the ledger open on
 * fd (-1: the ledger does not exist). */
enum ysh_intent_state ysh_intent_read(const char *dir, const struct ysh_schema *s, int fd,
				      struct ysh_intent *in);

/* Replace a whole file (a report): a temporary beside it, one write,
 * fsync, rename; a reader sees the old file or the whole new one, and on
 * failure the old one stays.  Only a regular file is replaced (it keeps its
 * mode, and its owner and group where allowed); anything else that exists
 * at path is refused, a symbolic link too.  Goes through the I/O seam. */
int ysh_replace_file(const char *path, const void *bytes, size_t n, char **err);

/* RFC 4180: quoted when it holds a comma, quote, CR or LF. */
void ysh_csv_quote(struct ysh_buf *b, const char *s);

#endif
