/*
 * append.h - adding rows to a ledger without ever damaging it.
 *
 * Each ledger has a lock file DIR/.ysh/<ledger>.lock that always exists, so
 * the ledger itself is created only when a record is really written.  Under
 * the lock, the whole batch of rows goes out in one write at the end of the
 * file, then fsync; if anything fails (a short write, a full disk, an fsync
 * error) the file is truncated back to its size before the attempt.
 *
 * Ids come from DIR/.ysh/<ledger>.seq, which remembers the highest sequence
 * and how many bytes of the ledger it has seen: only rows appended since
 * (by any writer) are scanned, never the whole ledger, unless the sidecar is
 * missing or does not match the file.
 */
#ifndef YSH_APPEND_H
#define YSH_APPEND_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "schema.h"
#include "util.h"

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

struct ysh_ledger_file {
	int lock_fd;
	int fd;              /* -1 while the ledger does not exist */
	char *dir, *path, *lock_path, *seq_path;
	const struct ysh_schema *schema;
	off_t size;          /* at locking: what a failure restores */
	const char *newline; /* the ledger's line ending */
	bool ends_with_newline;
	char **header;       /* the existing header cells */
	size_t nheader;
	int *file_to_col;    /* header position -> schema column (-1 unknown) */
};

/* Lock the ledger of schema s in dir, waiting up to timeout_ms. */
int ysh_ledger_lock(const char *dir, const struct ysh_schema *s, long timeout_ms,
		    struct ysh_ledger_file *lf, char **err);
void ysh_ledger_unlock(struct ysh_ledger_file *lf);

/* The next id sequence for `year` (under the lock). */
int ysh_ledger_next_seq(struct ysh_ledger_file *lf, int year, long *seq, char **err);

/* Serialise rows (schema-order cell arrays) in the ledger's column order
 * and line ending, with the header first if the ledger is new. */
int ysh_ledger_serialize(const struct ysh_ledger_file *lf, char **const *rows, size_t n,
			 struct ysh_buf *out, char **err);

/* Append bytes: one write, fsync, and on failure truncate back.  Records the
 * new highest sequence for `year` in the sidecar on success. */
int ysh_ledger_append(struct ysh_ledger_file *lf, const char *bytes, size_t n, int year,
		      long last_seq, char **err);

/* Replace a whole file (a report): a temporary beside it, one write,
 * fsync, rename; a reader sees the old file or the whole new one, and on
 * failure the old one stays.  Goes through the I/O seam too. */
int ysh_replace_file(const char *path, const void *bytes, size_t n, char **err);

/* RFC 4180: quoted when it holds a comma, quote, CR or LF. */
void ysh_csv_quote(struct ysh_buf *b, const char *s);

#endif
