/*
 * add.h - one or more new rows for a ledger, from key=value words, a prompt
 * or CSV on standard input: normalised, checked with the same rules as
 * ysh-check (those that can be decided at write time), then appended all
 * together or not at all.
 */
#ifndef YSH_ADD_H
#define YSH_ADD_H

#include <stdbool.h>
#include <stddef.h>

#include "encoding.h"
#include "ledger.h"

/* A row being prepared: cells in schema order (NULL or "" when empty). */
struct ysh_add_row {
	char **cells;
	size_t ncols;
	size_t line; /* line in the batch input, 0 for the command line */
};

struct ysh_add_opts {
	ysh_day today;
	const char *user;      /* recorded_by */
	const char *timestamp; /* recorded_at; NULL: now */
	bool dry_run;
	bool strict;           /* refuse on any finding, not only a malformed record */
	long lock_timeout_ms;
};

struct ysh_add_result {
	char **ids;            /* the ids written (or that would be) */
	size_t nids;
	size_t first_finding;  /* findings of the new rows start here in L->findings */
	struct ysh_buf csv;    /* dry run: the rows as they would be written */
};

/* Fresh row of empty cells for schema s. */
void ysh_add_row_init(struct ysh_add_row *r, const struct ysh_schema *s);
void ysh_add_row_free(struct ysh_add_row *r);
/* Sets a cell from "key=value" (key: a column name or Chinese title).
 * Returns 0, or -1 with *err naming the problem. */
int ysh_add_row_set(struct ysh_add_row *r, const struct ysh_schema *s, const char *word, char **err);

/* Reads the ledger t and the ledgers its rows refer to (ysh_add does; a
 * prompt does it first, to judge references and duplicates as typed). */
int ysh_add_read_tables(struct ysh_ledgers *L, struct ysh_table *t, char **err);

/* A batch's encoding, and what reading it noticed. */
struct ysh_batch_io {
	enum ysh_encoding encoding; /* in: YSH_ENC_AUTO detects GBK/GB18030 */
	enum ysh_encoding read_as;  /* out: what the input was read as */
	struct ysh_buf notes;       /* out: "<stdin>:LINE: note: ..." lines (caller frees) */
};

/* Reads CSV with a header from fd into rows (strict RFC 4180), converted to
 * UTF-8 from its encoding as it streams.  What Excel and WPS add around a
 * table (empty columns to its right, blank rows, a title row above the
 * header) is skipped with a note.  A header with the id column is one of
 * revisions: it may lack the other columns (a row with an id carries what
 * changes).  Syntax and header problems are findings of file "<stdin>" in
 * L; returns the number of rows, or -1 on an I/O error. */
long ysh_add_read_batch(struct ysh_ledgers *L, struct ysh_table *t, int fd, struct ysh_batch_io *io,
			struct ysh_add_row **rows, char **err);

/*
 * Check and append.  A rule that finds the record malformed (ruleids.h:
 * REFUSE) refuses it; one that judges the conduct it describes (FLAG) lets
 * it be written: it is what happened.  Returns 0 when written (or, with
 * dry_run, when it would be), with the flags from res->first_finding on;
 * 1 when refused (the findings say why; *err set instead when the refusal
 * is about the row as a whole); -1 on a configuration or I/O problem (*err).
 */
int ysh_add(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *rows, size_t n,
	    const struct ysh_add_opts *o, struct ysh_add_result *res, char **err);
void ysh_add_result_free(struct ysh_add_result *res);

/* ysh-add --adopt: under the ledger's lock, brings the rows no chain line
 * lists (added by hand, by another program, or before ledgers were chained)
 * into the hash chain; *adopted says how many.  0, or -1 with *err. */
int ysh_add_adopt(struct ysh_ledgers *L, struct ysh_table *t, long lock_timeout_ms, size_t *adopted,
		  char **err);

/* A new record as far as a clerk has typed it, judged by every rule that
 * runs at a prompt (ruleids.h: PROMPT); empty cells are not judged by the
 * cell rules.  Findings go to `out` (its file 0 names the ledger), never to
 * the ledgers' own findings. */
void ysh_add_check_partial(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *r,
			   struct ysh_findings *out);

/* Current local time as ISO 8601 with offset; out must hold 32 bytes. */
void ysh_now_iso8601(char *out, size_t size);

#endif
