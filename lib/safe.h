/*
 * safe.h - the guards between hostile bytes and what ysh writes: the values
 * a ledger may take, text shown on a terminal or in a report, the paths a
 * report may replace, and the time zone times are recorded in.
 */
#ifndef YSH_SAFE_H
#define YSH_SAFE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct ysh_schema;
struct ysh_ledgers;

/* How ysh_escape treats tab, CR and LF. */
enum ysh_escape_mode {
	YSH_ESC_ALL,  /* one line of a message: \t, \r and \n too */
	YSH_ESC_FLAT, /* a table cell: tab, CR and LF become spaces */
};

/*
 * Appends s to out with everything a terminal would act on made visible:
 * C0 control characters and DEL as \xHH (\t, \r, \n), C1 controls and the
 * bidirectional overrides and isolates as \uHHHH, and bytes that are not
 * UTF-8 as \xHH.  Backslashes are left alone: this is for reading, not a
 * reversible encoding.
 */
void ysh_escape(struct ysh_buf *out, const char *s, enum ysh_escape_mode mode);
/* The same into a fresh string (caller frees). */
char *ysh_escaped(const char *s, enum ysh_escape_mode mode);
/* Whether ysh_escape would copy s unchanged: a caller may then show s
 * itself rather than an escaped copy. */
bool ysh_shown_as_is(const char *s, enum ysh_escape_mode mode);
/* Whether ysh_escape leaves the character cp (a decoded code point) as it
 * is: neither a control nor a bidi mark.  For a caller that decodes the
 * text anyway (the text table measures its cells). */
bool ysh_char_shown_as_is(long cp);

/* Why a value cannot be written into a ledger (not UTF-8, larger than the
 * reader's cell limit, a byte-order mark, a control character other than
 * tab, newline and the CR of a CRLF), or NULL when it can; caller frees. */
char *ysh_value_unwritable(const char *v);
/* That check over every cell of a row about to be appended (schema order,
 * NULL for empty): 0, or -1 with *err naming the field (and the line of
 * --batch input, when line > 0). */
int ysh_row_writable(const struct ysh_schema *s, char *const *cells, size_t line, char **err);

/* Whether $TZ names a time zone (unset or empty: the system's), whose
 * offset from UTC now is one a timestamp can carry (-12:00 to +14:00). */
bool ysh_tz_usable(void);

/*
 * Where `ysh-report -o path` may write: a regular file or a new path, never
 * a FIFO or a device (nor a symbolic link to one), a ledger of L, its
 * ysh.ini, or anything under its .ysh.  On success *target is the file to
 * replace (a symbolic link resolved); -1 with *err otherwise.
 */
int ysh_output_path(const struct ysh_ledgers *L, const char *path, char **target, char **err);

#endif
