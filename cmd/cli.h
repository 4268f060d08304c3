/*
 * cli.h - what every command's main shares: locale set-up, the ledger
 * directory lookup, err(3)-style messages prefixed with the program name,
 * and the exit statuses.
 */
#ifndef YSH_CLI_H
#define YSH_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "value.h"

enum {
	YSH_EXIT_OK = 0,
	YSH_EXIT_FINDINGS = 1, /* errors found, record refused */
	YSH_EXIT_USAGE = 2,    /* usage, configuration or I/O problem */
};

/* setlocale and the message catalogue; records the program name; opens
 * closed standard descriptors on /dev/null; prints the library's notices
 * as warnings; falls back to UTC, with a warning, from an unusable TZ. */
void ysh_cli_init(const char *argv0);
/* Flushes standard output: 0, or the errno of the failure (EBADF when it
 * was closed when the command started). */
int ysh_cli_flush_stdout(void);
const char *ysh_progname(void);
/* -C DIR, else $YSH_DIR, else the current directory. */
const char *ysh_ledger_dir(const char *opt);
/* "ysh-check: <message>" on stderr. */
void ysh_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Message, then exit 2 with a pointer to --help. */
void ysh_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void ysh_print_version(void);
/* -C DIR once more (ysh-check and ysh-report take several: a city's
 * counties); the list lives until exit, so a usage error exiting from the
 * middle of the options leaks nothing. */
void ysh_cli_add_dir(const char *dir);
/* The -C given, in order; *n 0 when none. */
const char *const *ysh_cli_dirs(size_t *n);
/* --today: a date, or exit 2. */
ysh_day ysh_cli_today(const char *arg);
int ysh_cli_month(const char *opt, const char *arg);

struct ysh_ledgers;
/* -o FILE: render(ctx, stream, &err) writes into memory, then the library
 * replaces FILE with the bytes atomically (a reader sees the old file or
 * the whole new one); only a regular file or a new path, never one of L's
 * ledgers.  Prints what went wrong, naming the file; returns an exit status. */
int ysh_cli_write_output(struct ysh_ledgers *L, const char *path,
			 int (*render)(void *ctx, FILE *out, char **err), void *ctx);

#endif
