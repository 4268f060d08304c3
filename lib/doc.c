/* doc.c - the document model of doc.h and its renderers. */
#include "doc.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csvpipe.h"
#include "finding.h"
#include "i18n.h"
#include "safe.h"
#include "utf8.h"

/* ==== the document: headings, lines and tables of strings ==== */

const char *ysh_doc_str(struct ysh_doc *d, const char *s)
{
	return ysh_arena_strdup(&d->a, s);
}

const char *ysh_doc_printf(struct ysh_doc *d, const char *fmt, ...)
{
	/* a report prints thousands of numbers: one on the stack, no malloc */
	char small[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(small))
		return ysh_arena_strndup(&d->a, small, (size_t)n);
	struct ysh_buf b = {0};
	va_start(ap, fmt);
	ysh_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *s = ysh_arena_strndup(&d->a, b.p ? b.p : "", b.len);
	ysh_buf_free(&b);
	return s;
}

static struct ysh_block *add_block(struct ysh_doc *d, enum ysh_block_kind kind)
{
	d->v = ysh_grow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	struct ysh_block *b = &d->v[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

void ysh_doc_heading(struct ysh_doc *d, int level, const char *text)
{
	struct ysh_block *b = add_block(d, YSH_B_HEADING);
	b->level = level;
	b->text = text;
}

void ysh_doc_line(struct ysh_doc *d, const char *text)
{
	add_block(d, YSH_B_LINE)->text = text;
}

struct ysh_doc_table *ysh_doc_table(struct ysh_doc *d, const char *name, const char *title, size_t ncols,
				    const char *const *keys, const char *const *labels)
{
	struct ysh_doc_table *t = ysh_arena_alloc(&d->a, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->title = title;
	t->ncols = ncols;
	t->keys = keys;
	t->labels = labels;
	add_block(d, YSH_B_TABLE)->t = t;
	return t;
}

static void add_row(struct ysh_doc *d, struct ysh_doc_table *t, const char *const *cells, bool copy)
{
	if (t->flushed)
		abort(); /* a caller's bug: a table flushed (ysh_doc_flush) takes no more rows */
	t->cells = ysh_grow(t->cells, &t->cap, (t->nrows + 1) * t->ncols, sizeof(*t->cells));
	for (size_t i = 0; i < t->ncols; i++) {
		const char *v = cells[i] ? cells[i] : "";
		t->cells[t->nrows * t->ncols + i] = copy ? ysh_arena_strdup(&d->rows, v) : v;
	}
	t->nrows++;
}

void ysh_doc_row(struct ysh_doc *d, struct ysh_doc_table *t, const char *const *cells)
{
	add_row(d, t, cells, true);
}

void ysh_doc_row_kept(struct ysh_doc *d, struct ysh_doc_table *t, const char *const *cells)
{
	add_row(d, t, cells, false);
}

static void writer_stop(struct ysh_doc *d);

void ysh_doc_free(struct ysh_doc *d)
{
	writer_stop(d); /* a document freed before its sink's end */
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].kind == YSH_B_TABLE)
			free(d->v[i].t->cells);
	free(d->v);
	ysh_arena_free(&d->a);
	ysh_arena_free(&d->rows);
	ysh_arena_free(&d->rows_written);
}

const char *ysh_doc_cell(const struct ysh_doc_table *t, size_t row, size_t col)
{
	return t->cells[row * t->ncols + col];
}

void ysh_doc_types(struct ysh_doc_table *t, const char *types)
{
	t->types = types;
}

enum ysh_cell_type ysh_doc_col_type(const struct ysh_doc_table *t, size_t col)
{
	/* no strlen: this runs for every cell a renderer prints */
	if (!t->types || memchr(t->types, '\0', col + 1))
		return YSH_CELL_TEXT;
	switch (t->types[col]) {
	case 'n': return YSH_CELL_COUNT;
	case 'r': return YSH_CELL_RATE;
	case 'm': return YSH_CELL_MONEY;
	default: return YSH_CELL_TEXT;
	}
}

/* ==== numbers as reports print them ==== */

const char *ysh_doc_rate(struct ysh_doc *d, long num, long den)
{
	if (!den)
		return "";
	/* every digit of the double: each renderer rounds it once, its way */
	return ysh_doc_printf(d, "%.17g", (double)num / (double)den);
}

/* A cell as text and md show it: a rate as a percentage ("-": none). */
static char *shown_value(const struct ysh_doc_table *t, size_t r, size_t c)
{
	const char *v = ysh_doc_cell(t, r, c);
	if (ysh_doc_col_type(t, c) == YSH_CELL_RATE)
		return *v ? ysh_xasprintf("%.1f%%", 100.0 * strtod(v, NULL)) : ysh_xstrdup("-");
	return ysh_escaped(v, YSH_ESC_FLAT);
}


const char *ysh_doc_ratio(struct ysh_doc *d, long num, long den)
{
	if (!den)
		return "-";
	return ysh_doc_printf(d, "%.1f%%", 100.0 * (double)num / (double)den);
}

const char *ysh_doc_yuan(struct ysh_doc *d, int64_t fen)
{
	return ysh_doc_printf(d, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

/* n in decimal, kept by a */
static const char *num_in(struct ysh_arena *a, long n)
{
	/* the counts of a report are thousands of cells: digits by hand */
	char b[24], *p = b + sizeof(b);
	unsigned long u = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		*--p = '-';
	return ysh_arena_strndup(a, p, (size_t)(b + sizeof(b) - p));
}

const char *ysh_doc_num(struct ysh_doc *d, long n)
{
	return num_in(&d->a, n);
}

const char *ysh_doc_row_num(struct ysh_doc *d, long n)
{
	return num_in(&d->rows, n);
}

const char *ysh_doc_row_str(struct ysh_doc *d, const char *s)
{
	return ysh_arena_strdup(&d->rows, s);
}

struct ysh_arena *ysh_doc_rows(struct ysh_doc *d)
{
	return &d->rows;
}

const char *ysh_doc_day(struct ysh_doc *d, ysh_day day)
{
	char b[11];
	ysh_format_date(day, b);
	return ysh_doc_str(d, b);
}

/* ==== widths ==== */

/* East Asian Wide and Fullwidth ranges (UAX #11), enough for Chinese
 * ledgers: CJK, Hangul, Kana, fullwidth forms, CJK punctuation. */
static int char_width(unsigned c)
{
	if (c == 0)
		return 0;
	if (c >= 0x4E00 && c <= 0x9FFF) /* the common case first: CJK ideographs */
		return 2;
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) || c == 0xFEFF)
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
	    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

/* The columns of the character at p (n > 0 bytes left), its length in
 * *len.  A byte that is not UTF-8 is one column and one byte: widths stay
 * defined for any text, and a stray byte never swallows the characters
 * after it. */
static size_t width_at(const unsigned char *p, size_t n, size_t *len)
{
	long c = ysh_utf8_decode(p, n, len);
	if (c < 0) {
		*len = 1;
		return 1;
	}
	return (size_t)char_width((unsigned)c);
}

/* A string's display width and length in bytes, and whether ysh_escape
 * leaves every character of it as it is: one pass, so that the text table
 * measures each cell once and copies none it need not. */
struct measure {
	size_t width, len;
	bool as_is;
};

static struct measure measure(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct measure m = {0, 0, true};
	size_t i = 0, len;
	while (p[i]) {
		if (p[i] < 0x80) { /* ASCII: one column, nothing to decode */
			m.as_is &= p[i] >= 0x20 && p[i] != 0x7F;
			m.width++;
			i++;
			continue;
		}
		/* U+5000..U+9FFF, most of a Chinese text: wide and shown, without
		 * decoding (the NUL is no continuation byte: nothing read past it) */
		if (p[i] >= 0xE5 && p[i] <= 0xE9 && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
			m.width += 2;
			i += 3;
			continue;
		}
		long c = ysh_utf8_decode(p + i, strnlen(s + i, 4), &len);
		if (c < 0) { /* not UTF-8: one column and one byte, escaped */
			m.as_is = false;
			m.width++;
			i++;
			continue;
		}
		m.as_is &= ysh_char_shown_as_is(c);
		m.width += (size_t)char_width((unsigned)c);
		i += len;
	}
	m.len = i;
	return m;
}

size_t ysh_display_width(const char *s)
{
	return measure(s).width;
}

/* ==== renderers ==== */

/* One line per cell in tables: line breaks inside a cell become spaces,
 * and control characters are shown, not sent to the terminal (safe.h). */
static char *flat(const char *s)
{
	return ysh_escaped(s, YSH_ESC_FLAT);
}

static void put_flat(FILE *out, const char *s)
{
	char *f = flat(s);
	fputs(f, out);
	free(f);
}

/* A cell's text cut into lines of at most w columns (a wide character is
 * never split); returns how many, *lines set (caller frees). */
static size_t wrap_cell(const char *s, size_t w, char ***lines)
{
	size_t n = 0, cap = 0;
	*lines = NULL;
	do {
		size_t used = 0, len = 0, left = strlen(s), clen;
		while (len < left) {
			size_t cw = width_at((const unsigned char *)s + len, left - len, &clen);
			if (used + cw > w && len)
				break;
			used += cw;
			len += clen;
		}
		*lines = ysh_grow(*lines, &cap, n + 1, sizeof(**lines));
		(*lines)[n++] = ysh_xstrndup(s, len);
		s += len;
	} while (*s);
	return n;
}

enum { TEXT_SEEN_BITS = 8 }; /* text_rows.seen: 256 cells measured last */

/* Columns [from, to) of a table with column 0 in front when from > 0:
 * the block of a table too wide for the terminal. */
struct block {
	size_t *cols, n;
};

/* What text_row needs again for every row of a table, made once: every
 * shown cell with its display width and length (measured for the column
 * widths already), which columns are right-aligned, and room for one
 * row's wrapped cells and its line. */
struct text_rows {
	/* the cells as printed, the labels as a last row: a cell itself, or
	 * the copy made of it (escaped, a rate), which is freed; its display
	 * width and length (a ledger's cell is at most 64 KiB, YSH_CSV_MAX_CELL;
	 * a report's own are short) */
	struct shown {
		const char *s;
		uint32_t width, len;
	} *shown;
	size_t *w;          /* the columns' widths */
	bool *right;        /* numbers: padded on the left (not in the labels' row) */
	char ***lines;      /* per column of the block: its wrapped lines, NULL when it fits */
	size_t *nl;
	struct ysh_buf line;
	const char **part;  /* per column of the block: what one line of the row prints */
	size_t *at, *plen;  /* where in the line, how many bytes */
	/* the cells measured last, by address: a report's cells are mostly the
	 * ledgers' own strings, kept once each (a unit, a date, a kind), so the
	 * same few addresses come back row after row */
	struct measured {
		const char *s;
		struct measure m;
	} seen[1 << TEXT_SEEN_BITS];
};

/* Line h of the block's k-th cell of row r (idx its index in shown), its
 * width and its length. */
static const char *cell_line(const struct text_rows *T, size_t k, size_t idx, size_t h, size_t *width,
			     size_t *len)
{
	if (!T->lines[k] && !h) {
		*width = T->shown[idx].width;
		*len = T->shown[idx].len;
		return T->shown[idx].s;
	}
	const char *v = T->lines[k] && h < T->nl[k] ? T->lines[k][h] : "";
	struct measure m = measure(v);
	*width = m.width;
	*len = m.len;
	return v;
}

/* Line h of row r laid out at the end of T->line: blanks, then each
 * cell's part copied at its place (numbers on the right of their column),
 * no trailing blanks, a newline. */
static void lay_out_line(const struct ysh_doc_table *t, struct text_rows *T, size_t r, const struct block *B,
			 bool head, size_t h)
{
	size_t total = 0;
	for (size_t k = 0; k < B->n; k++) {
		size_t c = B->cols[k], width;
		T->part[k] = cell_line(T, k, r * t->ncols + c, h, &width, &T->plen[k]);
		size_t gap = T->w[c] - width;
		bool right = !head && T->right[c];
		T->at[k] = total + 2 + (right ? gap : 0);
		total += 2 + gap + T->plen[k];
	}
	struct ysh_buf *b = &T->line;
	if (b->len + total + 2 > b->cap)
		b->p = ysh_grow(b->p, &b->cap, b->len + total + 2, 1);
	char *line = b->p + b->len;
	memset(line, ' ', total);
	for (size_t k = 0; k < B->n; k++)
		memcpy(line + T->at[k], T->part[k], T->plen[k]);
	while (total && line[total - 1] == ' ')
		total--;
	line[total++] = '\n';
	b->len += total;
}

/* The lines laid out so far, written: in runs of some 64 KiB, not a call
 * (and a lock of out) per line. */
static void flush_lines(FILE *out, struct text_rows *T, size_t at_least)
{
	if (T->line.len < at_least || !T->line.len)
		return;
	fwrite(T->line.p, 1, T->line.len, out);
	T->line.len = 0;
}

/* One row of a text table (row r of T's cells): each cell after two
 * spaces, padded to its column's width (numbers on the left), a long cell
 * over several lines; no trailing blanks.  A cell that fits its column,
 * the usual case, is printed as it is, neither copied nor measured again. */
static void text_row(FILE *out, const struct ysh_doc_table *t, struct text_rows *T, size_t r, const struct block *B,
		     bool head)
{
	size_t height = 1;
	for (size_t k = 0; k < B->n; k++) {
		size_t c = B->cols[k], idx = r * t->ncols + c;
		T->lines[k] = NULL;
		T->nl[k] = 1;
		if (T->shown[idx].width > T->w[c])
			T->nl[k] = wrap_cell(T->shown[idx].s, T->w[c], &T->lines[k]);
		if (T->nl[k] > height)
			height = T->nl[k];
	}
	for (size_t h = 0; h < height; h++)
		lay_out_line(t, T, r, B, head, h);
	flush_lines(out, T, 64 * 1024);
	for (size_t k = 0; k < B->n; k++)
		if (T->lines[k])
			ysh_free_list(T->lines[k], T->nl[k]);
}

static void text_rule(FILE *out, const size_t *w, const struct block *B)
{
	for (size_t k = 0; k < B->n; k++) {
		fputs("  ", out);
		for (size_t i = 0; i < w[B->cols[k]]; i++)
			fputc('-', out);
	}
	fputc('\n', out);
}

static struct measure measure_seen(struct text_rows *T, const char *v)
{
	struct measured *e = &T->seen[ysh_ptr_slot(v, TEXT_SEEN_BITS)];
	if (e->s != v) {
		e->s = v;
		e->m = measure(v);
	}
	return e->m;
}

/* Cell i of T as text shows it, measured: copy when the caller made the
 * text shown (T keeps it), else v itself when it is shown as it is (most
 * cells are), else its escaped copy. */
static void show_cell(struct text_rows *T, size_t i, const char *v, char *copy)
{
	if (copy)
		v = copy;
	struct measure m = copy ? measure(v) : measure_seen(T, v);
	if (!m.as_is && !copy) {
		v = ysh_escaped(v, YSH_ESC_FLAT);
		m = measure(v);
	}
	T->shown[i] = (struct shown){v, (uint32_t)m.width, (uint32_t)m.len};
}

/* The cells as text shows them, the labels as a last row: widths are
 * those of what is printed. */
static void shown_cells(const struct ysh_doc_table *t, struct text_rows *T)
{
	size_t ncells = t->nrows * t->ncols;
	T->shown = ysh_xmalloc((ncells + t->ncols) * sizeof(*T->shown));
	T->right = ysh_xcalloc(t->ncols, sizeof(*T->right));
	for (size_t c = 0; c < t->ncols; c++)
		T->right[c] = ysh_doc_col_type(t, c) != YSH_CELL_TEXT;
	for (size_t c = 0; c < t->ncols; c++) {
		bool rate = ysh_doc_col_type(t, c) == YSH_CELL_RATE;
		for (size_t r = 0; r < t->nrows; r++)
			show_cell(T, r * t->ncols + c, ysh_doc_cell(t, r, c), rate ? shown_value(t, r, c) : NULL);
	}
	for (size_t c = 0; c < t->ncols; c++)
		show_cell(T, ncells + c, NULL, flat(t->labels[c]));
}

/* Half the width, less the gaps: column 0 and any other fit side by side. */
#define TEXT_CELL_MAX ((YSH_TEXT_WIDTH - 4) / 2)

static size_t *column_widths(const struct shown *shown, size_t nrows, size_t ncols)
{
	size_t *w = ysh_xcalloc(ncols, sizeof(*w));
	for (size_t r = 0; r < nrows; r++)
		for (size_t c = 0; c < ncols; c++)
			if (shown[r * ncols + c].width > w[c])
				w[c] = shown[r * ncols + c].width;
	/* a table that fits is left whole; one that does not goes in blocks
	 * of columns, each long cell wrapped so that column 0 and any other fit */
	size_t total = 0;
	for (size_t c = 0; c < ncols; c++)
		total += 2 + w[c];
	for (size_t c = 0; total > YSH_TEXT_WIDTH && c < ncols; c++)
		if (w[c] > TEXT_CELL_MAX)
			w[c] = TEXT_CELL_MAX;
	return w;
}

/* The next block of columns from *next on: column 0 first, then as many
 * as fit in YSH_TEXT_WIDTH (at least one). */
static bool next_block(const size_t *w, size_t ncols, size_t *next, struct block *B)
{
	if (*next >= ncols)
		return false;
	B->n = 0;
	size_t used = 0;
	if (*next > 0) {
		B->cols[B->n++] = 0;
		used = 2 + w[0];
	}
	size_t fixed = B->n;
	while (*next < ncols && (B->n == fixed || used + 2 + w[*next] <= YSH_TEXT_WIDTH)) {
		used += 2 + w[*next];
		B->cols[B->n++] = (*next)++;
	}
	return true;
}

static void free_text_rows(const struct ysh_doc_table *t, struct text_rows *T)
{
	size_t ncells = t->nrows * t->ncols;
	for (size_t i = 0; i < ncells + t->ncols; i++)
		if (i >= ncells || T->shown[i].s != t->cells[i])
			free((char *)T->shown[i].s);
	free(T->shown);
	free(T->w);
	free(T->right);
	free(T->lines);
	free(T->nl);
	free(T->part);
	free(T->at);
	free(T->plen);
	ysh_buf_free(&T->line);
}

static void render_text_table(FILE *out, const struct ysh_doc_table *t)
{
	if (t->title) {
		put_flat(out, t->title);
		fputc('\n', out);
	}
	if (!t->nrows) {
		fprintf(out, "  %s\n\n", _("（无）"));
		return;
	}
	struct text_rows T = {
		.lines = ysh_xcalloc(t->ncols + 1, sizeof(*T.lines)),
		.nl = ysh_xcalloc(t->ncols + 1, sizeof(*T.nl)),
		.part = ysh_xcalloc(t->ncols + 1, sizeof(*T.part)),
		.at = ysh_xcalloc(t->ncols + 1, sizeof(*T.at)),
		.plen = ysh_xcalloc(t->ncols + 1, sizeof(*T.plen)),
	};
	shown_cells(t, &T);
	T.w = column_widths(T.shown, t->nrows + 1, t->ncols);
	struct block B = {ysh_xcalloc(t->ncols + 1, sizeof(size_t)), 0};
	size_t next = 0;
	for (bool first = true; next_block(T.w, t->ncols, &next, &B); first = false) {
		if (!first)
			fputc('\n', out);
		text_row(out, t, &T, t->nrows, &B, true); /* the labels: the last row of shown */
		flush_lines(out, &T, 0);
		text_rule(out, T.w, &B);
		for (size_t r = 0; r < t->nrows; r++)
			text_row(out, t, &T, r, &B, false);
		flush_lines(out, &T, 0);
	}
	fputc('\n', out);
	free(B.cols);
	free_text_rows(t, &T);
}

/* A line of text within YSH_TEXT_WIDTH columns, continued on the next. */
static void put_wrapped(FILE *out, const char *text)
{
	char *f = flat(text), **lines;
	size_t n = wrap_cell(f, YSH_TEXT_WIDTH, &lines);
	for (size_t i = 0; i < n; i++) {
		fputs(lines[i], out);
		fputc('\n', out);
	}
	ysh_free_list(lines, n);
	free(f);
}

static void underline(FILE *out, const char *text, char ch)
{
	char *f = flat(text);
	size_t n = ysh_display_width(f);
	free(f);
	while (n--)
		fputc(ch, out);
	fputc('\n', out);
}

static void text_blocks(struct ysh_doc_sink *s, const struct ysh_doc *d, size_t from, size_t to)
{
	FILE *out = s->out;
	for (size_t i = from; i < to; i++) {
		const struct ysh_block *b = &d->v[i];
		if (b->kind == YSH_B_HEADING) {
			if (i)
				fputc('\n', out);
			put_flat(out, b->text);
			fputc('\n', out);
			if (b->level < 3)
				underline(out, b->text, b->level == 1 ? '=' : '-');
		} else if (b->kind == YSH_B_LINE) {
			put_wrapped(out, b->text);
		} else {
			if (i && d->v[i - 1].kind == YSH_B_LINE)
				fputc('\n', out);
			render_text_table(out, b->t);
		}
	}
}

static void no_end(struct ysh_doc_sink *s)
{
	(void)s;
}

void ysh_doc_sink_text(struct ysh_doc_sink *s, FILE *out)
{
	*s = (struct ysh_doc_sink){out, text_blocks, no_end, false};
}

/* Blocks [from, to) of d through sink s, holding its stream's lock: the
 * renderers write a cell in a few calls, each of which would otherwise
 * take and give back the lock (a second thread, the writer, is running). */
static void sink_blocks(struct ysh_doc_sink *s, const struct ysh_doc *d, size_t from, size_t to)
{
	if (s->out)
		flockfile(s->out);
	s->blocks(s, d, from, to);
	if (s->out)
		funlockfile(s->out);
}

/* The whole of d through sink s, as made for it. */
static void render_whole(struct ysh_doc_sink *s, const struct ysh_doc *d)
{
	sink_blocks(s, d, 0, d->n);
	s->end(s);
}

void ysh_doc_render_text(FILE *out, const struct ysh_doc *d)
{
	struct ysh_doc_sink s;
	ysh_doc_sink_text(&s, out);
	render_whole(&s, d);
}

/* Markdown text: a cell's '|' would end it, and HTML passes through
 * Markdown: both escaped, control characters shown as in text.  The bytes
 * between them go out a run at a time, and a text shown as it is (most
 * are) is not copied first. */
static void put_md(FILE *out, const char *s)
{
	char *f = measure(s).as_is ? NULL : flat(s);
	for (const char *p = f ? f : s; *p;) {
		size_t run = strcspn(p, "|<>&");
		fwrite(p, 1, run, out);
		p += run;
		switch (*p) {
		case '|': fputs("\\|", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		default: continue; /* the end */
		}
		p++;
	}
	free(f);
}

static void md_cell(FILE *out, const char *s)
{
	fputs("| ", out);
	put_md(out, s);
	fputc(' ', out);
}

static void render_md_table(FILE *out, const struct ysh_doc_table *t)
{
	if (t->title) {
		fputs("**", out);
		put_md(out, t->title);
		fputs("**\n\n", out);
	}
	if (!t->nrows) {
		fprintf(out, "%s\n\n", _("（无）"));
		return;
	}
	for (size_t c = 0; c < t->ncols; c++)
		md_cell(out, t->labels[c]);
	fputs("|\n", out);
	for (size_t c = 0; c < t->ncols; c++)
		fputs(ysh_doc_col_type(t, c) == YSH_CELL_TEXT ? "|---" : "|--:", out);
	fputs("|\n", out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			if (ysh_doc_col_type(t, c) != YSH_CELL_RATE) { /* put_md shows it as text does */
				md_cell(out, ysh_doc_cell(t, r, c));
				continue;
			}
			char *v = shown_value(t, r, c);
			md_cell(out, v);
			free(v);
		}
		fputs("|\n", out);
	}
	fputc('\n', out);
}

static void md_blocks(struct ysh_doc_sink *s, const struct ysh_doc *d, size_t from, size_t to)
{
	FILE *out = s->out;
	for (size_t i = from; i < to; i++) {
		const struct ysh_block *b = &d->v[i];
		if (b->kind == YSH_B_HEADING) {
			for (int k = 0; k < b->level; k++)
				fputc('#', out);
			fputc(' ', out);
			put_md(out, b->text);
			fputs("\n\n", out);
		} else if (b->kind == YSH_B_LINE) {
			fputs("- ", out);
			put_md(out, b->text);
			fputc('\n', out);
			if (i + 1 == d->n || d->v[i + 1].kind != YSH_B_LINE)
				fputc('\n', out);
		} else {
			render_md_table(out, b->t);
		}
	}
}

void ysh_doc_sink_md(struct ysh_doc_sink *s, FILE *out)
{
	*s = (struct ysh_doc_sink){out, md_blocks, no_end, false};
}

void ysh_doc_render_md(FILE *out, const struct ysh_doc *d)
{
	struct ysh_doc_sink s;
	ysh_doc_sink_md(&s, out);
	render_whole(&s, d);
}

/* A cell a spreadsheet would run as a formula gets a leading apostrophe,
 * which Excel, WPS and LibreOffice show as text.  Quoted, its quotes
 * doubled, the runs between them written whole. */
static void put_csv(FILE *out, const char *s)
{
	bool formula = *s && strchr("=+-@\t\r", *s);
	if (!s[strcspn(s, ",\"\r\n")]) {
		if (formula)
			fputc('\'', out);
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (const char *q; (q = strchr(s, '"')); s = q + 1) {
		fwrite(s, 1, (size_t)(q - s) + 1, out);
		fputc('"', out);
	}
	fputs(s, out);
	fputc('"', out);
}

/* A rate as the fraction with 4 decimals (0.6667), as in JSON; an empty
 * figure as an empty cell: numbers a spreadsheet computes with. */
static void put_csv_cell(FILE *out, const struct ysh_doc_table *t, size_t r, size_t c)
{
	const char *v = ysh_doc_cell(t, r, c);
	if (ysh_doc_col_type(t, c) == YSH_CELL_RATE) {
		if (*v)
			fprintf(out, "%.4f", strtod(v, NULL));
		return;
	}
	put_csv(out, v);
}

static void csv_blocks(struct ysh_doc_sink *s, const struct ysh_doc *d, size_t from, size_t to)
{
	FILE *out = s->out;
	for (size_t i = from; i < to; i++) {
		const struct ysh_block *b = &d->v[i];
		if (b->kind != YSH_B_TABLE) {
			put_csv(out, b->text);
			fputs("\r\n", out);
			continue;
		}
		const struct ysh_doc_table *t = b->t;
		if (t->title) {
			put_csv(out, t->title);
			fputs("\r\n", out);
		}
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', out);
			put_csv(out, t->labels[c]);
		}
		fputs("\r\n", out);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				if (c)
					fputc(',', out);
				put_csv_cell(out, t, r, c);
			}
			fputs("\r\n", out);
		}
		fputs("\r\n", out);
	}
}

void ysh_doc_sink_csv(struct ysh_doc_sink *s, FILE *out, bool bom)
{
	*s = (struct ysh_doc_sink){out, csv_blocks, no_end, false};
	if (bom)
		fputs("\xef\xbb\xbf", out);
}

void ysh_doc_render_csv(FILE *out, const struct ysh_doc *d, bool bom)
{
	struct ysh_doc_sink s;
	ysh_doc_sink_csv(&s, out, bom);
	render_whole(&s, d);
}

void ysh_json_month(FILE *out, const char *month)
{
	fputs(",\"month\":", out);
	if (month)
		fprintf(out, "\"%s\"", month);
	else
		fputs("null", out);
}

/* Whether v is an integer as "%.0f" prints it: no sign but a minus, no
 * leading zero, at most 15 digits (exact in a double). */
static bool canonical_integer(const char *v)
{
	const char *p = v + (*v == '-');
	size_t n = strspn(p, "0123456789");
	return n && n <= 15 && !p[n] && (p[0] != '0' || (n == 1 && p == v));
}

/* A count, rate or money cell as a JSON number (null when empty: a rate
 * with nothing to divide, money not given), text as a string. */
static void json_cell(FILE *out, const struct ysh_doc_table *t, size_t r, size_t c)
{
	const char *v = ysh_doc_cell(t, r, c);
	char *end;
	enum ysh_cell_type type = ysh_doc_col_type(t, c);
	if (type == YSH_CELL_TEXT) {
		ysh_json_string(out, v);
		return;
	}
	if (type == YSH_CELL_COUNT && canonical_integer(v)) {
		fputs(v, out); /* what "%.0f" prints of it, without the conversions */
		return;
	}
	double x = strtod(v, &end);
	int64_t fen;
	if (type == YSH_CELL_MONEY && ysh_parse_money(v, &fen))
		fprintf(out, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
	else if (!*v || *end || type == YSH_CELL_MONEY)
		fputs("null", out);
	else if (type == YSH_CELL_RATE)
		fprintf(out, "%.4f", x);
	else
		fprintf(out, "%.0f", x);
}

/* Tables as arrays of objects keyed by English names, in one object. */
static void json_blocks(struct ysh_doc_sink *s, const struct ysh_doc *d, size_t from, size_t to)
{
	FILE *out = s->out;
	for (size_t i = from; i < to; i++) {
		const struct ysh_doc_table *t = d->v[i].t;
		if (d->v[i].kind != YSH_B_TABLE || !t->name)
			continue;
		fprintf(out, "%s\n{\"table\":\"%s\",\"lead\":", s->some ? "," : "", t->name);
		s->some = true;
		if (t->lead)
			ysh_json_string(out, t->lead);
		else
			fputs("null", out);
		fputs(",\"unit\":", out);
		if (t->unit)
			ysh_json_string(out, t->unit);
		else
			fputs("null", out);
		fputs(",\"rows\":[", out);
		for (size_t r = 0; r < t->nrows; r++) {
			fputs(r ? ",{" : "{", out);
			for (size_t c = 0; c < t->ncols; c++) {
				fputs(c ? ",\"" : "\"", out);
				fputs(t->keys[c], out);
				fputs("\":", out);
				json_cell(out, t, r, c);
			}
			fputc('}', out);
		}
		fputs("]}", out);
	}
}

static void json_end(struct ysh_doc_sink *s)
{
	fputs("\n]}\n", s->out);
}

void ysh_doc_sink_json(struct ysh_doc_sink *s, FILE *out, const char *report, const char *county, const char *month,
		       const char *period)
{
	*s = (struct ysh_doc_sink){out, json_blocks, json_end, false};
	fprintf(out, "{\"report\":\"%s\",\"name\":", report);
	ysh_json_string(out, county);
	ysh_json_month(out, month);
	fprintf(out, ",%s,\"tables\":[", period);
}

void ysh_doc_render_json(FILE *out, const struct ysh_doc *d, const char *report, const char *county,
			 const char *month, const char *period)
{
	struct ysh_doc_sink s;
	ysh_doc_sink_json(&s, out, report, county, month, period);
	render_whole(&s, d);
}

/* ==== a document written as it is built ==== */

/*
 * The writer: a thread that writes the blocks a flush hands over while the
 * caller builds the next ones (the unit report renders a unit while it
 * gathers the next), so that the two take both cores.  It is handed a copy
 * of the blocks (the caller's list grows and moves), with the block before
 * them, which a renderer looks back at; their tables and strings stay as
 * they are until the next flush or the end has waited for it, and only
 * then are the tables' rows and the strings of rows let go.  One job at a
 * time: the flush after waits for it.
 */
struct ysh_doc_writer {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct ysh_doc_sink *sink;
	struct ysh_block *v; /* the job: v[from..n) written, v[from - 1] looked back at */
	size_t n, cap, from;
	bool busy, quit;
};

static void *writer_main(void *arg)
{
	struct ysh_doc_writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->busy && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->busy)
			break;
		pthread_mutex_unlock(&w->mu);
		struct ysh_doc view = {.v = w->v, .n = w->n};
		sink_blocks(w->sink, &view, w->from, w->n);
		pthread_mutex_lock(&w->mu);
		w->busy = false;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* The writer for d's sink, started on the first flush when there is a
 * core for it; NULL (written at the flush) otherwise. */
static struct ysh_doc_writer *writer_for(struct ysh_doc *d)
{
	if (d->writer || d->flushed || !ysh_threads_wanted(true))
		return d->writer;
	struct ysh_doc_writer *w = ysh_xcalloc(1, sizeof(*w));
	w->sink = d->sink;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	if (ysh_thread_spawn(&w->th, writer_main, w) != 0) {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL; /* no thread: written at the flush, the same bytes */
	}
	return d->writer = w;
}

/* The rows of the tables in v[from..to), written: let go. */
static void let_go_rows(const struct ysh_block *v, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (v[i].kind == YSH_B_TABLE) {
			free(v[i].t->cells);
			v[i].t->cells = NULL;
			v[i].t->cap = 0;
		}
}

/* The writer's job done, and what it wrote let go. */
static void writer_wait(struct ysh_doc *d)
{
	struct ysh_doc_writer *w = d->writer;
	pthread_mutex_lock(&w->mu);
	while (w->busy)
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
	let_go_rows(w->v, w->from, w->n);
	w->n = w->from = 0;
	ysh_arena_clear(&d->rows_written);
}

/* d's blocks [d->flushed, to) handed to the writer; the strings of their
 * rows go with them, new rows take the other arena. */
static void writer_post(struct ysh_doc *d, size_t to)
{
	struct ysh_doc_writer *w = d->writer;
	size_t first = d->flushed ? d->flushed - 1 : 0;
	w->v = ysh_grow(w->v, &w->cap, to - first, sizeof(*w->v));
	memcpy(w->v, d->v + first, (to - first) * sizeof(*w->v));
	w->n = to - first;
	w->from = d->flushed - first;
	struct ysh_arena swap = d->rows;
	d->rows = d->rows_written;
	d->rows_written = swap;
	pthread_mutex_lock(&w->mu);
	w->busy = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

static void writer_stop(struct ysh_doc *d)
{
	struct ysh_doc_writer *w = d->writer;
	if (!w)
		return;
	writer_wait(d);
	pthread_mutex_lock(&w->mu);
	w->quit = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w->v);
	free(w);
	d->writer = NULL;
}

/* Whether blocks [d->flushed, to) are worth a job of the writer's: cells
 * enough that its work outweighs waking it (a unit of a small county is a
 * few dozen rows: handed over a unit at a time, the wake-ups cost what
 * the second core saved) and few enough that the two jobs in memory, the
 * one written and the one built, are a small part of a large county's
 * report (on the sample copied 300 times, 14.7 MiB at 8,192 cells, 15.1
 * at 32,768, 19.5 held whole). */
static bool enough_to_post(const struct ysh_doc *d, size_t to)
{
	size_t cells = 0;
	for (size_t i = d->flushed; i < to; i++)
		if (d->v[i].kind == YSH_B_TABLE)
			cells += d->v[i].t->nrows * d->v[i].t->ncols;
	return cells >= 8 * 1024;
}

void ysh_doc_flush(struct ysh_doc *d)
{
	if (!d->sink)
		return;
	size_t to = d->n;
	while (to > d->flushed && d->v[to - 1].kind == YSH_B_LINE)
		to--;
	bool async = writer_for(d) != NULL;
	if (async && !enough_to_post(d, to))
		return; /* handed over with the next: waking a thread is not free */
	/* only lines are held back: every table up to `to` is handed over,
	 * and no row is left that holds a string of rows */
	for (size_t i = d->flushed; i < to; i++)
		if (d->v[i].kind == YSH_B_TABLE)
			d->v[i].t->flushed = true;
	if (async) {
		writer_wait(d);
		writer_post(d, to);
	} else {
		sink_blocks(d->sink, d, d->flushed, to);
		let_go_rows(d->v, d->flushed, to);
		ysh_arena_clear(&d->rows);
	}
	d->flushed = to;
}

void ysh_doc_sink_end(struct ysh_doc *d)
{
	writer_stop(d); /* what it was handed, written first */
	sink_blocks(d->sink, d, d->flushed, d->n);
	d->flushed = d->n;
	d->sink->end(d->sink);
}
