/*
 * encoding.h - text that is not UTF-8, made UTF-8 before anything reads it.
 *
 * Excel and WPS on Chinese Windows save "CSV" in GBK (code page 936), and
 * terminals such as Xshell and SecureCRT are often set to GBK.  Ledgers are
 * UTF-8 only: ysh-add converts what it is given (iconv), streaming, so that
 * a large batch is never held twice.  GB18030 is a superset of GBK, and is
 * what a detected file is read as.
 */
#ifndef YSH_ENCODING_H
#define YSH_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum ysh_encoding {
	YSH_ENC_AUTO,    /* UTF-8, unless the bytes are not UTF-8: then GB18030 */
	YSH_ENC_UTF8,
	YSH_ENC_GBK,
	YSH_ENC_GB18030,
};

/* utf-8 (utf8), gbk (cp936), gb18030, in any case; false for others. */
bool ysh_encoding_parse(const char *name, enum ysh_encoding *out);
/* The name iconv and the messages use: "UTF-8", "GBK", "GB18030". */
const char *ysh_encoding_name(enum ysh_encoding e);

/* Whether a locale's codeset (nl_langinfo(CODESET)) needs converting:
 * anything but UTF-8 and plain ASCII (under which bytes are passed as they
 * are: a script in the C locale still hands over UTF-8). */
bool ysh_codeset_converts(const char *codeset);
/* s converted from `codeset` to UTF-8 (caller frees), or NULL when s is
 * not text in that codeset (or iconv does not know it). */
char *ysh_to_utf8(const char *s, const char *codeset);

/* A streaming converter to UTF-8. */
struct ysh_decoder;

struct ysh_decoder *ysh_decoder_new(enum ysh_encoding e);
/*
 * Converts in[0..n) and appends the UTF-8 to *out; `last` at the end of the
 * input.  An automatic decoder passes ASCII through until it sees the first
 * other byte, then decides on what follows (up to 4 KiB of it): UTF-8 when it
 * is valid UTF-8 (or starts with the UTF-8 byte-order mark), else GB18030.
 * Bytes left invalid in UTF-8 mode are passed on for the CSV reader to
 * report with their line; returns 0, or -1 with *err (caller frees) when the
 * text is not in the encoding it is read as, or is UTF-16.
 */
int ysh_decoder_feed(struct ysh_decoder *d, const char *in, size_t n, bool last, struct ysh_buf *out,
		     char **err);
/* The encoding the input is read as (for an automatic decoder: once it has
 * decided; YSH_ENC_AUTO before, or for pure ASCII). */
enum ysh_encoding ysh_decoder_encoding(const struct ysh_decoder *d);
void ysh_decoder_free(struct ysh_decoder *d);

#endif
