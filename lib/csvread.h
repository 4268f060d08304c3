/*
 * csvread.h - streaming RFC 4180 reader on top of libcsv.
 *
 * Input is fed in fixed-size chunks; each complete record is handed to a
 * callback with the physical line it starts on, so findings can point an
 * editor at the right place even after multi-line quoted cells.  The reader
 * also owns the byte-level checks: UTF-8 validity, NUL bytes, a byte-order
 * mark anywhere but the start, bare CR line endings and oversized cells.
 *
 * After a syntax error the rest of the broken record is skipped up to its
 * end as RFC 4180 quoting defines it: never to a line break inside a quoted
 * cell, so that the text of one cell cannot be read as records.
 */
#ifndef YSH_CSVREAD_H
#define YSH_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

/* Cells larger than this (in bytes, quoted or not) are refused: no ledger
 * cell is legitimately this big, and it bounds the memory a hostile file can
 * make us take.  ysh-add writes nothing larger. */
#define YSH_CSV_MAX_CELL (64 * 1024)
#define YSH_CSV_MAX_FIELDS 1024
/* Past this many syntax errors in one file the rest are summarised. */
#define YSH_CSV_MAX_ERRORS 100

struct ysh_csv_record {
	size_t line;     /* physical line (1-based) where the record starts */
	unsigned long long offset; /* its first byte, counted from the first byte fed */
	size_t nfields;
	char **fields;   /* NUL-terminated; valid only during the callback */
	size_t *lens;
	bool bad;        /* a syntax error was reported for this record */
};

/* Return non-zero to stop reading. */
typedef int (*ysh_csv_record_fn)(const struct ysh_csv_record *rec, void *ctx);
/* col is the 1-based field position, 0 for the record as a whole. */
typedef void (*ysh_csv_error_fn)(size_t line, size_t col, const char *msg, void *ctx);

struct ysh_csv_reader;

/* on_error NULL: errors are only counted (ysh_csv_errors). */
struct ysh_csv_reader *ysh_csv_new(ysh_csv_record_fn on_record, ysh_csv_error_fn on_error,
				   void *ctx);
/* Replace the callbacks (csvpipe.c reads through its own). */
void ysh_csv_redirect(struct ysh_csv_reader *r, ysh_csv_record_fn on_record, ysh_csv_error_fn on_error, void *ctx);
/* Start line numbering at `line` (for reading from a record boundary
 * part-way through a file). */
void ysh_csv_set_first_line(struct ysh_csv_reader *r, size_t line);
/* Strict (the default, for ledgers): a quote inside an unquoted field, or
 * text after a closing quote, is a syntax error.  Lenient, as spreadsheets and
 * csv-spectrum read foreign files: such quotes are data.  Set before feeding. */
void ysh_csv_set_strict(struct ysh_csv_reader *r, bool strict);
/* Feed bytes; returns non-zero once a callback asked to stop. */
int ysh_csv_feed(struct ysh_csv_reader *r, const void *buf, size_t len);
/* End of input: flushes a last record without a line break. */
int ysh_csv_finish(struct ysh_csv_reader *r);
size_t ysh_csv_records(const struct ysh_csv_reader *r);
size_t ysh_csv_errors(const struct ysh_csv_reader *r);
/* Line ending of the first line break seen: "\n", "\r\n", or NULL. */
const char *ysh_csv_newline(const struct ysh_csv_reader *r);
/* Whether the input ended with a line break (or was empty). */
bool ysh_csv_ended_with_newline(const struct ysh_csv_reader *r);
/* After ysh_csv_finish: whether the input ended inside a quoted cell (an
 * unterminated record), and the line and offset where that record began. */
bool ysh_csv_open_record(const struct ysh_csv_reader *r, size_t *line, unsigned long long *offset);
/* The line of the next byte to be fed (after the last one fed). */
size_t ysh_csv_next_line(const struct ysh_csv_reader *r);
void ysh_csv_free(struct ysh_csv_reader *r);

/* Read a whole file descriptor in fixed-size chunks.  Returns 0 at end of
 * input, 1 if stopped by a callback, -1 on a read error (errno set). */
int ysh_csv_read_fd(struct ysh_csv_reader *r, int fd);
/* The same, reading at most `limit` bytes (all of them when negative). */
int ysh_csv_read_fd_upto(struct ysh_csv_reader *r, int fd, long long limit);

/* Whether s[0..n) is valid UTF-8 (no overlongs, no surrogates).  On failure
 * *bad is the offset of the first invalid byte. */
bool ysh_utf8_valid(const char *s, size_t n, size_t *bad);

#endif
