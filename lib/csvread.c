#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "utf8.h"
#include "util.h"

/* libcsv keeps its state machine in the public struct but not the names of
 * the states: 0 is "no row begun", 3 "a quote seen inside a quoted field". */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

/*
 * After a syntax error libcsv cannot go on, and the rest of the broken record
 * is skipped.  Where that record ends is decided by the quoting rules of RFC
 * 4180 (a quote opens a quoted cell only at the start of a field), so that a
 * line break inside a quoted cell never counts as the end of the record: text
 * inside one bad cell cannot pass for records of its own.
 */
enum skip_state {
	SKIP_FIELD_START, /* at the start of a field */
	SKIP_UNQUOTED,    /* inside an unquoted field (a quote there is data) */
	SKIP_QUOTED,      /* inside a quoted cell */
	SKIP_QUOTE_SEEN,  /* a quote inside a quoted cell: its end, or "" */
};

enum { CHUNK = 64 * 1024 };

struct ysh_csv_reader {
	struct csv_parser p;
	ysh_csv_record_fn on_record;
	ysh_csv_error_fn on_error;
	void *ctx;

	size_t line;       /* line of the next byte fed to libcsv */
	size_t row_line;   /* line the record being parsed started on */
	bool cr_pending;   /* last byte was a CR ending a record */
	bool skipping;     /* after a syntax error: drop bytes to the record's end */
	bool spaces_kept;  /* libcsv has never_space (the segment has a space or a tab) */
	enum skip_state skip;
	bool open_quote;   /* the input ended inside a quoted cell */
	unsigned long long offset;     /* bytes fed so far */
	unsigned long long row_offset; /* where the record being parsed started */
	bool stopped;
	bool lenient;
	bool last_was_newline;
	bool bare_cr_reported;
	const char *newline;

	/* BOM detection at the very start of input */
	unsigned char head[3];
	size_t nhead;
	bool head_done;

	/* the record being assembled: one byte buffer, offsets per field */
	struct ysh_buf data;
	size_t *offs, *lens;
	char **ptrs;
	size_t nf, cap;
	bool rec_bad;
	bool too_many_reported;

	size_t nrecords, nerrors;

	/* The byte checks run once per chunk fed (scan_chunk); only a record
	 * that began before dirty_end, the end of the last chunk holding a NUL,
	 * invalid UTF-8 or a U+FEFF, has its cells checked one by one, for the
	 * exact field and offset.  carry holds the start of a sequence cut at
	 * the chunk's end, completed by the next chunk. */
	unsigned long long dirty_end;
	unsigned char carry[4];
	size_t ncarry;
};

static void *bounded_realloc(void *p, size_t n)
{
	/* Refusing to grow makes libcsv fail with CSV_ENOMEM, which is how an
	 * oversized cell reaches us without the whole cell being buffered.  The
	 * buffer holds a cell, the closing quote libcsv keeps until it knows it
	 * is one, a NUL, and the one free byte libcsv wants before it reads the
	 * next character: on_field then applies the exact limit, the same for
	 * quoted and unquoted cells. */
	if (n > YSH_CSV_MAX_CELL + 3)
		return NULL;
	return realloc(p, n);
}

static int never_space(unsigned char c)
{
	/* RFC 4180: spaces are part of the field; libcsv trims them by default. */
	(void)c;
	return 0;
}

/* libcsv asks its space function of every byte of a field: a call for each
 * byte.  A segment with no space and no tab in it is parsed the same
 * without one (libcsv then compares with ' ' and '\t' itself), so the
 * function is there only for segments that have one. */
static void keep_spaces(struct ysh_csv_reader *r, bool blanks)
{
	if (blanks == r->spaces_kept)
		return;
	csv_set_space_func(&r->p, blanks ? never_space : NULL);
	r->spaces_kept = blanks;
}

static void parser_init(struct ysh_csv_reader *r)
{
	unsigned char opts = CSV_APPEND_NULL;
	if (!r->lenient)
		opts |= CSV_STRICT | CSV_STRICT_FINI;
	if (csv_init(&r->p, opts) != 0)
		abort();
	csv_set_realloc_func(&r->p, bounded_realloc);
	csv_set_space_func(&r->p, never_space);
	r->spaces_kept = true;
}

struct ysh_csv_reader *ysh_csv_new(ysh_csv_record_fn on_record, ysh_csv_error_fn on_error,
				   void *ctx)
{
	struct ysh_csv_reader *r = ysh_xcalloc(1, sizeof(*r));
	parser_init(r);
	r->on_record = on_record;
	r->on_error = on_error;
	r->ctx = ctx;
	r->line = 1;
	r->row_line = 1;
	r->last_was_newline = true;
	return r;
}

void ysh_csv_set_strict(struct ysh_csv_reader *r, bool strict)
{
	r->lenient = !strict;
	csv_free(&r->p);
	parser_init(r);
}

void ysh_csv_set_first_line(struct ysh_csv_reader *r, size_t line)
{
	r->line = line;
	r->row_line = line;
	r->head_done = true; /* a BOM only counts at the very start of a file */
}

static void report(struct ysh_csv_reader *r, size_t line, size_t col, const char *msg)
{
	r->nerrors++;
	if (r->nerrors > YSH_CSV_MAX_ERRORS || !r->on_error)
		return;
	if (r->nerrors == YSH_CSV_MAX_ERRORS) {
		char buf[160];
		snprintf(buf, sizeof(buf), _("too many syntax errors; the rest of this file is not reported"));
		r->on_error(line, 0, buf, r->ctx);
		return;
	}
	r->on_error(line, col, msg, r->ctx);
}

/* Validates, and notes a U+FEFF (a byte-order mark) on the way: one pass. */
static bool utf8_scan(const char *str, size_t n, size_t *bad, bool *bom)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		if (s[i] < 0x80) { /* the common case, without a call */
			i++;
			continue;
		}
		size_t len;
		long cp = ysh_utf8_decode(s + i, n - i, &len);
		if (cp < 0) {
			if (bad)
				*bad = i;
			return false;
		}
		if (cp == 0xFEFF && bom)
			*bom = true;
		i += len;
	}
	return true;
}

bool ysh_utf8_valid(const char *str, size_t n, size_t *bad)
{
	return utf8_scan(str, n, bad, NULL);
}

/* The byte checks that RFC 4180 leaves to us. */
static void check_cell_bytes(struct ysh_csv_reader *r, const char *s, size_t len, size_t col)
{
	char msg[256];
	size_t bad;
	bool bom = false;
	if (memchr(s, '\0', len)) {
		snprintf(msg, sizeof(msg), _("NUL byte in field %zu (binary data is not a ledger)"), col);
		report(r, r->row_line, col, msg);
		r->rec_bad = true;
	} else if (!utf8_scan(s, len, &bad, &bom)) {
		snprintf(msg, sizeof(msg),
			 _("invalid UTF-8 (byte 0x%02X at offset %zu of field %zu); if the file is GBK, "
			   "convert it with: iconv -f GBK -t UTF-8"),
			 (unsigned char)s[bad], bad, col);
		report(r, r->row_line, col, msg);
		r->rec_bad = true;
	} else if (bom) {
		snprintf(msg, sizeof(msg), _("byte-order mark inside field %zu (files were joined?)"), col);
		report(r, r->row_line, col, msg);
		r->rec_bad = true;
	}
}

static void on_field(void *s, size_t len, void *ctx)
{
	struct ysh_csv_reader *r = ctx;
	if (r->nf == YSH_CSV_MAX_FIELDS) {
		if (!r->too_many_reported) {
			char msg[128];
			snprintf(msg, sizeof(msg), _("more than %d fields in one record"), YSH_CSV_MAX_FIELDS);
			report(r, r->row_line, 0, msg);
			r->too_many_reported = true;
		}
		r->rec_bad = true;
		return;
	}
	if (!s)
		len = 0;
	if (len > YSH_CSV_MAX_CELL) {
		char msg[128];
		snprintf(msg, sizeof(msg), _("field %zu is larger than %d bytes"), r->nf + 1,
			 YSH_CSV_MAX_CELL);
		report(r, r->row_line, r->nf + 1, msg);
		r->rec_bad = true;
		len = 0; /* the record is bad anyway: keep none of it */
	}
	if (r->row_offset < r->dirty_end)
		check_cell_bytes(r, s ? s : "", len, r->nf + 1);
	if (r->nf == r->cap) {
		size_t c = r->cap;
		r->offs = ysh_grow(r->offs, &c, r->nf + 1, sizeof(*r->offs));
		c = r->cap;
		r->lens = ysh_grow(r->lens, &c, r->nf + 1, sizeof(*r->lens));
		c = r->cap;
		r->ptrs = ysh_grow(r->ptrs, &c, r->nf + 1, sizeof(*r->ptrs));
		r->cap = c;
	}
	r->offs[r->nf] = r->data.len;
	r->lens[r->nf] = len;
	ysh_buf_add(&r->data, s, len);
	r->data.p[r->data.len++] = '\0'; /* ysh_buf_add keeps room for it */
	r->nf++;
}

static void reset_record(struct ysh_csv_reader *r)
{
	r->nf = 0;
	r->data.len = 0;
	r->rec_bad = false;
	r->too_many_reported = false;
}

static void on_record_end(int c, void *ctx)
{
	struct ysh_csv_reader *r = ctx;
	(void)c;
	if (r->stopped) {
		reset_record(r);
		return;
	}
	for (size_t i = 0; i < r->nf; i++)
		r->ptrs[i] = r->data.p + r->offs[i];
	struct ysh_csv_record rec = {
		.line = r->row_line,
		.offset = r->row_offset,
		.nfields = r->nf,
		.fields = r->ptrs,
		.lens = r->lens,
		.bad = r->rec_bad,
	};
	r->nrecords++;
	if (r->on_record(&rec, r->ctx))
		r->stopped = true;
	reset_record(r);
}

static void parse_error(struct ysh_csv_reader *r, int status)
{
	char msg[160];
	/* where in the broken record libcsv stopped: the skipping starts there */
	if (status == CSV_ENOMEM && r->p.pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED)
		r->skip = SKIP_QUOTE_SEEN;
	else if (status == CSV_ENOMEM && r->p.quoted)
		r->skip = SKIP_QUOTED;
	else
		r->skip = SKIP_UNQUOTED; /* a stray quote, or text after a closing one */
	if (status == CSV_ENOMEM)
		snprintf(msg, sizeof(msg), _("field %zu is larger than %d bytes"), r->nf + 1,
			 YSH_CSV_MAX_CELL);
	else
		snprintf(msg, sizeof(msg),
			 _("malformed quoting in field %zu (a quote inside an unquoted field, or text "
			   "after a closing quote)"),
			 r->nf + 1);
	report(r, r->row_line, r->nf + 1, msg);
	/* libcsv cannot resume after an error: start afresh after this record. */
	csv_free(&r->p);
	parser_init(r);
	reset_record(r);
	r->skipping = true;
}

/* One byte of a broken record; true when it ends the record. */
static bool skip_byte(enum skip_state *st, unsigned char c)
{
	if (*st == SKIP_QUOTED) {
		if (c == '"')
			*st = SKIP_QUOTE_SEEN;
		return false;
	}
	if (c == '"' && (*st == SKIP_QUOTE_SEEN || *st == SKIP_FIELD_START)) {
		*st = SKIP_QUOTED; /* "" inside a quoted cell, or a quoted cell begins */
		return false;
	}
	if (c == '\n' || c == '\r')
		return true;
	*st = c == ',' ? SKIP_FIELD_START : SKIP_UNQUOTED;
	return false;
}

static bool skip_bytes(struct ysh_csv_reader *r, const char *s, size_t n)
{
	bool ended = false;
	for (size_t i = 0; i < n; i++)
		ended = skip_byte(&r->skip, (unsigned char)s[i]);
	return ended;
}

static void note_newline(struct ysh_csv_reader *r, const char *nl)
{
	if (!r->newline)
		r->newline = nl;
}

/*
 * Feed one segment: bytes up to and including at most one CR or LF.  Cutting
 * the input at line breaks is what lets us know the line of every record
 * while libcsv does the parsing.
 */
static void feed_segment(struct ysh_csv_reader *r, const char *s, size_t n, bool blanks)
{
	unsigned char last = (unsigned char)s[n - 1];
	bool has_break = last == '\n' || last == '\r';

	if (r->cr_pending) {
		r->cr_pending = false;
		if (s[0] == '\n') {
			/* the LF of a CRLF whose CR already ended the record */
			note_newline(r, "\r\n");
			r->line++;
			r->offset++;
			r->last_was_newline = true;
			return;
		}
		if (!r->bare_cr_reported) {
			report(r, r->line, 0, _("bare CR line ending (old Mac format); use LF or CRLF"));
			r->bare_cr_reported = true;
		}
		r->line++;
	}

	if (!r->skipping && r->p.pstate == LIBCSV_ROW_NOT_BEGUN) {
		r->row_line = r->line;
		r->row_offset = r->offset;
	}

	/* ended: the segment's line break ends the broken record being skipped */
	bool ended = false;
	if (!r->skipping) {
		keep_spaces(r, blanks);
		size_t done = csv_parse(&r->p, s, n, on_field, on_record_end, r);
		if (done < n) {
			parse_error(r, csv_error(&r->p));
			ended = skip_bytes(r, s + done, n - done);
		}
	} else {
		ended = skip_bytes(r, s, n);
	}
	r->offset += n;
	r->last_was_newline = has_break;
	if (!has_break)
		return;
	if (last == '\n') {
		/* an LF inside a quoted cell is still a physical line */
		note_newline(r, "\n");
		r->line++;
		if (ended)
			r->skipping = false;
	} else if (r->skipping ? ended : r->p.pstate == LIBCSV_ROW_NOT_BEGUN) {
		/* a CR that ended a record; whether it is CRLF shows next byte */
		r->cr_pending = true;
		r->skipping = false;
	}
}

/* Whether the eight bytes at s are ASCII other than NUL. */
static bool ascii8(const unsigned char *s)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t w;
	memcpy(&w, s, 8);
	return !((w & highs) | ((w - ones) & ~w & highs));
}

/* Whether s[0..n) is the start of a UTF-8 sequence that more bytes could
 * complete: a lead byte and continuation bytes only, fewer than it needs. */
static bool utf8_prefix(const unsigned char *s, size_t n)
{
	size_t need = s[0] >= 0xC2 && s[0] <= 0xDF ? 2 : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
						       : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : 0;
	if (n >= need)
		return false;
	for (size_t k = 1; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return false;
	return true;
}

/* One character at s[0..n): its length if it is neither NUL nor U+FEFF
 * and valid UTF-8, 0 if it is bad. */
static size_t clean_char(const unsigned char *s, size_t n)
{
	size_t len;
	long cp = ysh_utf8_decode(s, n, &len);
	return cp <= 0 || cp == 0xFEFF ? 0 : len;
}

/* The sequence cut at the last chunk's end, completed by this one's first
 * bytes: whether it is clean, and how many bytes of s it took. */
static bool complete_carry(struct ysh_csv_reader *r, const unsigned char *s, size_t n, size_t *took)
{
	unsigned char seq[8];
	size_t have = r->ncarry, more = n < 4 ? n : 4;
	memcpy(seq, r->carry, have);
	memcpy(seq + have, s, more);
	*took = 0;
	if (utf8_prefix(seq, have + more)) { /* still cut (a tiny chunk) */
		memcpy(r->carry, seq, have + more);
		r->ncarry = have + more;
		*took = more;
		return true;
	}
	r->ncarry = 0;
	size_t len = clean_char(seq, have + more);
	if (!len || len <= have)
		return false;
	*took = len - have;
	return true;
}

/* Whether the bytes fed next are free of NUL, invalid UTF-8 and U+FEFF;
 * a sequence cut at the end is kept in carry for the next chunk. */
static bool scan_chunk(struct ysh_csv_reader *r, const unsigned char *s, size_t n)
{
	size_t i = 0;
	if (r->ncarry && !complete_carry(r, s, n, &i))
		return false;
	while (i < n) {
		/* the common cases inline: ASCII by words and bytes, then CJK */
		if (n - i >= 8 && ascii8(s + i)) {
			i += 8;
			continue;
		}
		if (s[i] && s[i] < 0x80) {
			i++;
			continue;
		}
		if (n - i >= 3 && ysh_utf8_cjk3(s + i)) {
			i += 3;
			continue;
		}
		size_t len = clean_char(s + i, n - i);
		if (!len) {
			if (s[i] && utf8_prefix(s + i, n - i)) {
				memcpy(r->carry, s + i, n - i);
				r->ncarry = n - i;
				return true;
			}
			return false;
		}
		i += len;
	}
	return true;
}

/* Whether a byte of the word w is b. */
static uint64_t has_byte(uint64_t w, unsigned char b)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t x = w ^ (ones * b);
	return (x - ones) & ~x & highs;
}

/* The index of the first CR or LF in s[0..n), or n: eight bytes at a time
 * (lines are a few hundred bytes); *blanks whether a space or a tab may be
 * before it (true too when one only follows it in the same word). */
static size_t line_end(const char *s, size_t n, bool *blanks)
{
	size_t i = 0;
	uint64_t spaces = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		spaces |= has_byte(w, ' ') | has_byte(w, '\t');
		if (has_byte(w, '\n') | has_byte(w, '\r'))
			break;
	}
	for (; i < n && s[i] != '\n' && s[i] != '\r'; i++)
		spaces |= s[i] == ' ' || s[i] == '\t';
	*blanks = spaces != 0;
	return i;
}

static int feed_body(struct ysh_csv_reader *r, const char *s, size_t n)
{
	size_t i = 0;
	if (!scan_chunk(r, (const unsigned char *)s, n))
		r->dirty_end = r->offset + n;
	while (i < n && !r->stopped) {
		bool blanks;
		size_t j = i + line_end(s + i, n - i, &blanks);
		size_t end = j < n ? j + 1 : n;
		feed_segment(r, s + i, end - i, blanks);
		i = end;
	}
	return r->stopped;
}

int ysh_csv_feed(struct ysh_csv_reader *r, const void *buf, size_t len)
{
	const char *s = buf;
	if (!r->head_done) {
		/* Hold back up to three bytes until we know whether they are a BOM. */
		static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
		while (len && r->nhead < 3 && (unsigned char)*s == bom[r->nhead]) {
			r->head[r->nhead++] = (unsigned char)*s++;
			len--;
		}
		if (r->nhead == 3) {
			r->head_done = true;
			r->offset = 3;
		} else if (len) {
			r->head_done = true;
			if (r->nhead && feed_body(r, (const char *)r->head, r->nhead))
				return 1;
		}
	}
	if (!len)
		return r->stopped;
	return feed_body(r, s, len);
}

int ysh_csv_finish(struct ysh_csv_reader *r)
{
	if (!r->head_done) {
		r->head_done = true;
		if (r->nhead != 3 && r->nhead && feed_body(r, (const char *)r->head, r->nhead))
			return 1;
	}
	if (r->stopped)
		return 1;
	if (r->ncarry) /* input ended inside a UTF-8 sequence */
		r->dirty_end = ~0ull;
	if (r->skipping) {
		r->open_quote = r->skip == SKIP_QUOTED;
	} else if (csv_fini(&r->p, on_field, on_record_end, r) != 0) {
		r->open_quote = true;
		char msg[128];
		snprintf(msg, sizeof(msg), _("unterminated quoted field %zu (missing closing quote)"),
			 r->nf + 1);
		report(r, r->row_line, r->nf + 1, msg);
		reset_record(r);
	}
	return r->stopped;
}

void ysh_csv_redirect(struct ysh_csv_reader *r, ysh_csv_record_fn on_record, ysh_csv_error_fn on_error, void *ctx)
{
	r->on_record = on_record;
	r->on_error = on_error;
	r->ctx = ctx;
}

int ysh_csv_read_fd(struct ysh_csv_reader *r, int fd)
{
	return ysh_csv_read_fd_upto(r, fd, -1);
}

int ysh_csv_read_fd_upto(struct ysh_csv_reader *r, int fd, long long limit)
{
	char *buf = ysh_xmalloc(CHUNK);
	int rc = 0;
	for (long long done = 0;;) {
		size_t want = CHUNK;
		if (limit >= 0 && limit - done < (long long)want)
			want = (size_t)(limit - done);
		ssize_t n = want ? read(fd, buf, want) : 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		if (n == 0) {
			rc = ysh_csv_finish(r);
			break;
		}
		done += n;
		if (ysh_csv_feed(r, buf, (size_t)n)) {
			rc = 1;
			break;
		}
	}
	int saved = errno;
	free(buf);
	errno = saved;
	return rc;
}

size_t ysh_csv_records(const struct ysh_csv_reader *r)
{
	return r->nrecords;
}

size_t ysh_csv_errors(const struct ysh_csv_reader *r)
{
	return r->nerrors;
}

const char *ysh_csv_newline(const struct ysh_csv_reader *r)
{
	return r->newline;
}

bool ysh_csv_ended_with_newline(const struct ysh_csv_reader *r)
{
	return r->last_was_newline;
}

bool ysh_csv_open_record(const struct ysh_csv_reader *r, size_t *line, unsigned long long *offset)
{
	if (line)
		*line = r->row_line;
	if (offset)
		*offset = r->row_offset;
	return r->open_quote;
}

size_t ysh_csv_next_line(const struct ysh_csv_reader *r)
{
	return r->line + r->cr_pending;
}

void ysh_csv_free(struct ysh_csv_reader *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	ysh_buf_free(&r->data);
	free(r->offs);
	free(r->lens);
	free(r->ptrs);
	free(r);
}
