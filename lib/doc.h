/*
 * doc.h - the document a report is before it is written: headings, lines
 * and tables of strings, in order, and the renderers that write it as
 * text, csv, md or json.
 *
 * Reports build a document and know nothing of formats; a renderer knows
 * nothing of ledgers.  A new format (xlsx) walks the same blocks.  Every
 * string of a document lives in its arena and goes with ysh_doc_free.
 */
#ifndef YSH_DOC_H
#define YSH_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"
#include "value.h"

/* What a table's column holds; each renderer shows it its way.  A count
 * is a whole number (right-aligned in text; a number in JSON and xlsx).  A
 * rate cell holds the fraction (ysh_doc_rate), empty when there was nothing
 * to divide: "66.7%" or "-" in text and md, 0.6667 or an empty cell in csv,
 * 0.6667 or null in JSON, a number formatted 0.0% in xlsx.  Money is yuan
 * with two decimals (a number in JSON and xlsx, null when empty). */
enum ysh_cell_type { YSH_CELL_TEXT, YSH_CELL_COUNT, YSH_CELL_RATE, YSH_CELL_MONEY };

struct ysh_doc_table {
	const char *name;          /* stable English key for JSON: activities, problems ...; NULL: not in JSON */
	const char *title;         /* shown above the table, or NULL */
	const char *lead, *unit;   /* whose table it is (JSON "lead", "unit"), or NULL */
	size_t ncols;
	const char *const *keys;   /* English, for JSON */
	const char *const *labels; /* Chinese, for people */
	const char *types;         /* a letter per column: t text, n count, r rate, m money; NULL: all text */
	const char **cells;        /* nrows x ncols */
	size_t nrows, cap;
	bool flushed;              /* written by a sink, its rows let go: it takes no more */
};

enum ysh_block_kind { YSH_B_HEADING, YSH_B_LINE, YSH_B_TABLE };

struct ysh_block {
	enum ysh_block_kind kind;
	int level;                 /* headings: 1 the title, 2 a section, 3 a unit */
	const char *text;          /* headings and lines */
	struct ysh_doc_table *t;   /* tables */
};

struct ysh_doc_sink;

struct ysh_doc {
	struct ysh_block *v;
	size_t n, cap;
	struct ysh_arena a;
	struct ysh_arena rows;     /* the strings of rows not yet written: let go at each flush */
	struct ysh_doc_sink *sink; /* writes blocks as they come (ysh_doc_flush), or NULL */
	size_t flushed;            /* blocks handed to the sink */
	/* the thread that writes what a flush hands over while the next
	 * blocks are built (doc.c), NULL when they are written at the flush;
	 * rows_written holds the strings of the rows it is writing */
	struct ysh_doc_writer *writer;
	struct ysh_arena rows_written;
};

/* A string kept by the document (printf-style). */
const char *ysh_doc_printf(struct ysh_doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A copy of s that lives as long as d. */
const char *ysh_doc_str(struct ysh_doc *d, const char *s);
void ysh_doc_heading(struct ysh_doc *d, int level, const char *text);
void ysh_doc_line(struct ysh_doc *d, const char *text);
/* A new table at the end of the document; keys and labels must live as
 * long as the document (static, or in its arena). */
struct ysh_doc_table *ysh_doc_table(struct ysh_doc *d, const char *name, const char *title, size_t ncols,
				    const char *const *keys, const char *const *labels);
/* Appends one row of t->ncols cells (NULL as ""); the strings are copied,
 * and the copies go once the row is written (ysh_doc_flush). */
void ysh_doc_row(struct ysh_doc *d, struct ysh_doc_table *t, const char *const *cells);
/* The same without a copy: every cell lives as long as d (a ledger's cell,
 * a string of d's own, a literal or a message): the unit report's
 * hundreds of thousands of cells are not copied again. */
void ysh_doc_row_kept(struct ysh_doc *d, struct ysh_doc_table *t, const char *const *cells);
const char *ysh_doc_cell(const struct ysh_doc_table *t, size_t row, size_t col);
/* The column types of t (a string that lives as long as the document). */
void ysh_doc_types(struct ysh_doc_table *t, const char *types);
enum ysh_cell_type ysh_doc_col_type(const struct ysh_doc_table *t, size_t col);
void ysh_doc_free(struct ysh_doc *d);

/* Numbers as the reports print them, kept by the document. */
const char *ysh_doc_num(struct ysh_doc *d, long n);
/* The same for a cell of a row, and a copy of s for one: they live until
 * the row is written, not as long as d, so that a unit report written as
 * it is built does not keep every row's number and masked phone. */
const char *ysh_doc_row_num(struct ysh_doc *d, long n);
const char *ysh_doc_row_str(struct ysh_doc *d, const char *s);
/* Where those live: for a long text a ledger reads back into it
 * (ysh_rec_at_in), let go with the row's number. */
struct ysh_arena *ysh_doc_rows(struct ysh_doc *d);
const char *ysh_doc_ratio(struct ysh_doc *d, long num, long den); /* "66.7%", "-" when den is 0: for lines */
const char *ysh_doc_rate(struct ysh_doc *d, long num, long den);  /* a rate cell: the fraction, "" when den is 0 */
const char *ysh_doc_yuan(struct ysh_doc *d, int64_t fen);         /* "1200.50" */
const char *ysh_doc_day(struct ysh_doc *d, ysh_day day);          /* "2026-11-20" */

/* Text: aligned by display width, numbers right-aligned, within
 * YSH_TEXT_WIDTH columns (a wider table in blocks of columns, each with the
 * first column again; a long cell wrapped in its column); md: GitHub
 * tables; csv: RFC 4180 with formula-like cells neutralised (bom: a UTF-8
 * BOM for Excel and WPS). */
#define YSH_TEXT_WIDTH 120
void ysh_doc_render_text(FILE *out, const struct ysh_doc *d);
void ysh_doc_render_md(FILE *out, const struct ysh_doc *d);
void ysh_doc_render_csv(FILE *out, const struct ysh_doc *d, bool bom);

/* JSON: {"report":REPORT,"name":COUNTY,"month":MONTH|null,PERIOD,"tables":[...]}
 * where PERIOD is members already written as JSON; only named tables. */
void ysh_doc_render_json(FILE *out, const struct ysh_doc *d, const char *report, const char *county,
			 const char *month, const char *period);
/* A document written as it is built: a renderer in parts, what comes
 * before the blocks written when the sink is made, the blocks as
 * ysh_doc_flush hands them over, the end by ysh_doc_sink_end.  The unit
 * report of a large county is so written unit by unit, a unit's rows let
 * go once written, not held whole (the same bytes as the renderers above,
 * which are these sinks over the whole document). */
struct ysh_doc_sink {
	FILE *out;
	void (*blocks)(struct ysh_doc_sink *s, const struct ysh_doc *d, size_t from, size_t to);
	void (*end)(struct ysh_doc_sink *s);
	bool some; /* json: a table written already */
};
void ysh_doc_sink_text(struct ysh_doc_sink *s, FILE *out);
void ysh_doc_sink_md(struct ysh_doc_sink *s, FILE *out);
void ysh_doc_sink_csv(struct ysh_doc_sink *s, FILE *out, bool bom);
void ysh_doc_sink_json(struct ysh_doc_sink *s, FILE *out, const char *report, const char *county, const char *month,
		       const char *period);
/* The blocks added since the last flush written to d's sink, and their
 * tables' rows freed (their strings stay with d); none held back but a
 * closing run of lines, which md ends by what follows.  Nothing without a
 * sink. */
void ysh_doc_flush(struct ysh_doc *d);
/* Every block left written, then the sink's end. */
void ysh_doc_sink_end(struct ysh_doc *d);

/* ,"month":"2026-11" or ,"month":null: a report's period label. */
void ysh_json_month(FILE *out, const char *month);

/* Display width of UTF-8 text in a terminal (East Asian wide = 2). */
size_t ysh_display_width(const char *s);

#endif
