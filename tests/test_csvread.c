/* The streaming reader: csv-spectrum, line numbers, and hostile bytes. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "csvpipe.h"
#include "csvread.h"
#include "fixture.h"
#include "util.h"

/* Everything one parse produced, flattened for assertions. */
struct got {
	size_t nrec;
	size_t lines[64];
	size_t nfields[64];
	bool bad[64];
	char *cells[64][8];
	size_t nerr;
	size_t err_line[16], err_col[16];
	char err_msg[16][256];
};

static int collect(const struct ysh_csv_record *rec, void *ctx)
{
	struct got *g = ctx;
	if (g->nrec < 64) {
		g->lines[g->nrec] = rec->line;
		g->nfields[g->nrec] = rec->nfields;
		g->bad[g->nrec] = rec->bad;
		for (size_t i = 0; i < rec->nfields && i < 8; i++)
			g->cells[g->nrec][i] = ysh_xstrndup(rec->fields[i], rec->lens[i]);
	}
	g->nrec++;
	return 0;
}

static void collect_error(size_t line, size_t col, const char *msg, void *ctx)
{
	struct got *g = ctx;
	if (g->nerr < 16) {
		g->err_line[g->nerr] = line;
		g->err_col[g->nerr] = col;
		snprintf(g->err_msg[g->nerr], sizeof(g->err_msg[0]), "%s", msg);
	}
	g->nerr++;
}

static void got_free(struct got *g)
{
	for (size_t r = 0; r < 64; r++)
		for (size_t i = 0; i < 8; i++)
			free(g->cells[r][i]);
	memset(g, 0, sizeof(*g));
}

/* Parse in chunks of `chunk` bytes: results must not depend on where the
 * chunks are cut. */
static void parse_mode(struct got *g, const char *s, size_t n, size_t chunk, bool strict)
{
	memset(g, 0, sizeof(*g));
	struct ysh_csv_reader *r = ysh_csv_new(collect, collect_error, g);
	ysh_csv_set_strict(r, strict);
	for (size_t i = 0; i < n; i += chunk)
		ysh_csv_feed(r, s + i, i + chunk > n ? n - i : chunk);
	ysh_csv_finish(r);
	ysh_csv_free(r);
}

static void parse(struct got *g, const char *s, size_t n, size_t chunk)
{
	parse_mode(g, s, n, chunk, true);
}

static void parse_str(struct got *g, const char *s)
{
	parse(g, s, strlen(s), strlen(s) ? strlen(s) : 1);
}


/* csv-spectrum's expected value, except where its JSON disagrees with its
 * own CSV (location_coordinates: the JSON says 1234567890, the CSV holds
 * 2095257564); there the CSV's bytes are what a reader must return. */
static const char *expected_value(const char *name, const char *key, const char *json_value)
{
	if (!strcmp(name, "location_coordinates") && !strcmp(key, "Contact Phone Number"))
		return "2095257564";
	return json_value;
}

static void check_spectrum_case(const char *dir, const char *name, size_t chunk)
{
	char path[4096]; /* dir and name are paths: PATH_MAX, not a guess */
	size_t n = 0;
	assert_true(snprintf(path, sizeof(path), "%s/csvs/%s.csv", dir, name) < (int)sizeof(path));
	char *csv = fx_slurp(path, &n);
	assert_non_null(csv);
	assert_true(snprintf(path, sizeof(path), "%s/json/%s.json", dir, name) < (int)sizeof(path));
	json_error_t jerr;
	json_t *want = json_load_file(path, 0, &jerr);
	assert_non_null(want);
	if (json_is_object(want)) { /* the suite's one-object quirk */
		json_t *arr = json_array();
		json_array_append(arr, want);
		json_decref(want);
		want = arr;
	}
	struct got g;
	parse_mode(&g, csv, n, chunk, false);
	if (g.nerr)
		fail_msg("%s (chunk %zu): line %zu: %s", name, chunk, g.err_line[0], g.err_msg[0]);
	assert_int_equal(g.nrec, json_array_size(want) + 1);
	for (size_t r = 0; r < json_array_size(want); r++) {
		json_t *obj = json_array_get(want, r);
		assert_int_equal(g.nfields[r + 1], json_object_size(obj));
		for (size_t c = 0; c < g.nfields[0]; c++) {
			const char *key = g.cells[0][c];
			json_t *v = json_object_get(obj, key);
			if (!v)
				fail_msg("%s: no key '%s' in the JSON", name, key);
			const char *want_s = expected_value(name, key, json_string_value(v));
			if (strcmp(g.cells[r + 1][c], want_s))
				fail_msg("%s row %zu %s: got '%s', want '%s'", name, r + 1, key,
					 g.cells[r + 1][c], want_s);
		}
	}
	json_decref(want);
	got_free(&g);
	free(csv);
}

static void test_csv_spectrum(void **state)
{
	(void)state;
	const char *shared = getenv("YSH_SHARED_DIR");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/csv-spectrum", shared ? shared : "../shared");
	char csvs[600];
	snprintf(csvs, sizeof(csvs), "%s/csvs", dir);
	DIR *d = opendir(csvs);
	if (!d) {
		print_message("csv-spectrum not found at %s: skipped\n", dir);
		skip();
	}
	struct dirent *de;
	size_t cases = 0;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 5 || strcmp(de->d_name + len - 4, ".csv"))
			continue;
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(len - 4), de->d_name);
		check_spectrum_case(dir, name, 1 << 16);
		check_spectrum_case(dir, name, 1);
		check_spectrum_case(dir, name, 3);
		cases++;
	}
	closedir(d);
	assert_int_equal(cases, 12);

	/* Strict, as ledgers are read: the one case with a bare quote in an
	 * unquoted field (37°36'37.8"N) is a syntax error, and only that. */
	char path[700];
	size_t n = 0;
	snprintf(path, sizeof(path), "%s/csvs/location_coordinates.csv", dir);
	char *csv = fx_slurp(path, &n);
	assert_non_null(csv);
	struct got g;
	parse(&g, csv, n, n);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err_line[0], 2);
	assert_int_equal(g.err_col[0], 2);
	got_free(&g);
	free(csv);
}

static void test_line_numbers_multiline(void **state)
{
	(void)state;
	struct got g;
	const char *s = "a,b\n\n1,\"x\ny\nz\"\n\n\n2,3\r\n4,\"p\r\nq\"\r\n5,6";
	for (size_t chunk = 1; chunk <= strlen(s); chunk += 5) {
		parse(&g, s, strlen(s), chunk);
		assert_int_equal(g.nerr, 0);
		assert_int_equal(g.nrec, 5);
		assert_int_equal(g.lines[0], 1);
		assert_int_equal(g.lines[1], 3);
		assert_string_equal(g.cells[1][1], "x\ny\nz");
		assert_int_equal(g.lines[2], 8);
		assert_int_equal(g.lines[3], 9);
		assert_string_equal(g.cells[3][1], "p\r\nq");
		assert_int_equal(g.lines[4], 11);
		got_free(&g);
	}
}

static void test_bom_and_spaces(void **state)
{
	(void)state;
	struct got g;
	parse_str(&g, "\xef\xbb\xbfid, name \n1,  two  \n");
	assert_int_equal(g.nerr, 0);
	assert_string_equal(g.cells[0][0], "id");
	assert_string_equal(g.cells[0][1], " name ");
	assert_string_equal(g.cells[1][1], "  two  ");
	got_free(&g);
	/* split across chunks */
	const char *s = "\xef\xbb\xbfid\n1\n";
	parse(&g, s, strlen(s), 1);
	assert_int_equal(g.nerr, 0);
	assert_string_equal(g.cells[0][0], "id");
	got_free(&g);
	/* a lone partial BOM is data, and not valid UTF-8 */
	parse_str(&g, "\xef\xbbid\n");
	assert_int_equal(g.nerr, 1);
	got_free(&g);
	/* a BOM in the middle: files joined */
	parse_str(&g, "id,x\n1,\xef\xbb\xbfy\n");
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err_line[0], 2);
	assert_int_equal(g.err_col[0], 2);
	assert_non_null(strstr(g.err_msg[0], "byte-order mark"));
	assert_true(g.bad[1]);
	got_free(&g);
}

static void test_newline_detection(void **state)
{
	(void)state;
	struct got g;
	memset(&g, 0, sizeof(g));
	struct ysh_csv_reader *r = ysh_csv_new(collect, collect_error, &g);
	ysh_csv_feed(r, "a\r\nb", 4);
	ysh_csv_finish(r);
	assert_string_equal(ysh_csv_newline(r), "\r\n");
	assert_false(ysh_csv_ended_with_newline(r));
	ysh_csv_free(r);
	got_free(&g);
	r = ysh_csv_new(collect, collect_error, &g);
	ysh_csv_feed(r, "a\nb\n", 4);
	ysh_csv_finish(r);
	assert_string_equal(ysh_csv_newline(r), "\n");
	assert_true(ysh_csv_ended_with_newline(r));
	ysh_csv_free(r);
	got_free(&g);
}

static void test_unterminated_quote(void **state)
{
	(void)state;
	struct got g;
	parse_str(&g, "a,b\n1,2\n3,\"open\nstill open\n");
	assert_int_equal(g.nrec, 2);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err_line[0], 3);
	assert_int_equal(g.err_col[0], 2);
	assert_non_null(strstr(g.err_msg[0], "unterminated"));
	got_free(&g);
}

static void test_stray_quote_recovers(void **state)
{
	(void)state;
	struct got g;
	parse_str(&g, "a,b\n1,x\"y\n2,\"ok\"tail\n3,fine\n");
	assert_int_equal(g.nerr, 2);
	assert_int_equal(g.err_line[0], 2);
	assert_int_equal(g.err_col[0], 2);
	assert_int_equal(g.err_line[1], 3);
	assert_int_equal(g.nrec, 2); /* header and the last row */
	assert_int_equal(g.lines[1], 4);
	assert_string_equal(g.cells[1][1], "fine");
	got_free(&g);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	struct got g;
	/* "营商" in GBK */
	parse_str(&g, "a,b\n1,\xd3\xaa\xc9\xcc\n");
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err_line[0], 2);
	assert_int_equal(g.err_col[0], 2);
	assert_non_null(strstr(g.err_msg[0], "iconv -f GBK -t UTF-8"));
	assert_true(g.bad[1]);
	got_free(&g);
	static const char *const bad[] = {
		"\xc0\xaf",         /* overlong '/' */
		"\xe0\x80\xaf",     /* overlong, 3 bytes */
		"\xed\xa0\x80",     /* surrogate D800 */
		"\xe8\x90",         /* truncated */
		"\xf4\x90\x80\x80", /* above U+10FFFF */
		"\xff",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(ysh_utf8_valid(bad[i], strlen(bad[i]), NULL));
		char buf[32];
		snprintf(buf, sizeof(buf), "x\n%s\n", bad[i]);
		parse_str(&g, buf);
		assert_int_equal(g.nerr, 1);
		got_free(&g);
	}
	assert_true(ysh_utf8_valid("营商环境 €𝄞", strlen("营商环境 €𝄞"), NULL));
}

/* The byte checks run once per chunk fed: every cut of the input, through
 * a character, a bad sequence, a BOM or a CRLF, must report the same
 * errors on the same records as one chunk does. */
/* Spaces and tabs are the cells' own (RFC 4180), in lines that have them
 * beside lines that do not (libcsv is given its space function only for
 * segments with a space or a tab: csvread.c keep_spaces), within a quoted
 * cell across lines, and however the input is cut into chunks. */
static void test_spaces_kept_any_cut(void **state)
{
	(void)state;
	static const char in[] = "id,a,b\n1,x,y\n2, x ,\ty\t\n3,\"m\n  n \",z\n4,p,q\n5,  ,\t\n6,r,s";
	static const char *const want[][3] = {
		{"id", "a", "b"}, {"1", "x", "y"}, {"2", " x ", "\ty\t"}, {"3", "m\n  n ", "z"},
		{"4", "p", "q"}, {"5", "  ", "\t"}, {"6", "r", "s"},
	};
	size_t n = sizeof(in) - 1;
	for (size_t chunk = 1; chunk <= n; chunk++) {
		struct got g;
		parse(&g, in, n, chunk);
		assert_int_equal(g.nerr, 0);
		assert_int_equal(g.nrec, 7);
		for (size_t r = 0; r < 7; r++)
			for (size_t c = 0; c < 3; c++)
				assert_string_equal(g.cells[r][c], want[r][c]);
		got_free(&g);
	}
}

static void test_byte_checks_any_cut(void **state)
{
	(void)state;
#define IN(s) {s, sizeof(s) - 1}
	static const struct {
		const char *s;
		size_t n;
	} inputs[] = {
		IN("a,b\n营商,环境\n1,\xe8\x90\n2,ok\n"),       /* truncated mid-file */
		IN("a,b\r\n\"营\n商\",x\xff\r\n3,境\r\n"), /* bad byte beside a quoted cell */
		IN("a,b\n1,\xef\xbb\xbf\n2,是\n"),             /* a BOM inside a cell */
		IN("\xef\xbb\xbf" "a,b\n1,\xed\xa0\x80\n"),    /* a BOM at the start, a surrogate */
		IN("\xef\xbb,b\n1,\xf0\x9d\x84\x9e\n"),         /* a cut BOM (bad), a 4-byte character */
		IN("a,b\n1,\xe8\x90\xa5\xe5"),                  /* ends inside a character */
		IN("a,b\n1,x\0y\n2,\"\xe5\"\"\xa2\x83\"\n"),  /* NUL; bytes joined across "" */
	};
#undef IN
	for (size_t k = 0; k < sizeof(inputs) / sizeof(inputs[0]); k++) {
		size_t n = inputs[k].n;
		struct got whole;
		parse(&whole, inputs[k].s, n, n);
		assert_true(whole.nerr > 0);
		for (size_t chunk = 1; chunk < n; chunk++) {
			struct got g;
			parse(&g, inputs[k].s, n, chunk);
			assert_int_equal(g.nerr, whole.nerr);
			assert_int_equal(g.nrec, whole.nrec);
			for (size_t e = 0; e < g.nerr && e < 16; e++) {
				assert_int_equal(g.err_line[e], whole.err_line[e]);
				assert_int_equal(g.err_col[e], whole.err_col[e]);
				assert_string_equal(g.err_msg[e], whole.err_msg[e]);
			}
			for (size_t r = 0; r < g.nrec && r < 64; r++)
				assert_int_equal(g.bad[r], whole.bad[r]);
			got_free(&g);
		}
		got_free(&whole);
	}
}

static void test_nul_bytes(void **state)
{
	(void)state;
	struct got g;
	static const char s[] = "a,b\n1,x\0y\n2,z\n";
	parse(&g, s, sizeof(s) - 1, sizeof(s) - 1);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err_line[0], 2);
	assert_non_null(strstr(g.err_msg[0], "NUL"));
	assert_int_equal(g.nrec, 3);
	assert_true(g.bad[1]);
	assert_false(g.bad[2]);
	got_free(&g);
}

static void test_huge_cell(void **state)
{
	(void)state;
	struct got g;
	size_t big = 1024 * 1024;
	struct ysh_buf b = {0};
	ysh_buf_adds(&b, "a,b\n1,");
	for (size_t i = 0; i < big; i++)
		ysh_buf_addc(&b, 'x');
	ysh_buf_adds(&b, "\n2,ok\n");
	parse(&g, b.p, b.len, 65536);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err_line[0], 2);
	assert_int_equal(g.err_col[0], 2);
	assert_non_null(strstr(g.err_msg[0], "larger than"));
	assert_int_equal(g.nrec, 2);
	assert_int_equal(g.lines[1], 3);
	ysh_buf_free(&b);
	got_free(&g);
}

static void test_many_columns(void **state)
{
	(void)state;
	struct got g;
	struct ysh_buf b = {0};
	for (size_t i = 0; i < 100000; i++)
		ysh_buf_adds(&b, i ? ",c" : "c");
	ysh_buf_adds(&b, "\n");
	parse(&g, b.p, b.len, 4096);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err_line[0], 1);
	assert_non_null(strstr(g.err_msg[0], "more than"));
	assert_true(g.bad[0]);
	assert_int_equal(g.nfields[0], YSH_CSV_MAX_FIELDS);
	ysh_buf_free(&b);
	got_free(&g);
}

static void test_bare_cr(void **state)
{
	(void)state;
	struct got g;
	parse_str(&g, "a,b\r1,2\r3,4\r");
	assert_int_equal(g.nerr, 1);
	assert_non_null(strstr(g.err_msg[0], "bare CR"));
	assert_int_equal(g.nrec, 3);
	assert_int_equal(g.lines[1], 2);
	assert_int_equal(g.lines[2], 3);
	got_free(&g);
}

static void test_empty_and_blank(void **state)
{
	(void)state;
	struct got g;
	parse(&g, "", 0, 1);
	assert_int_equal(g.nrec, 0);
	assert_int_equal(g.nerr, 0);
	got_free(&g);
	parse_str(&g, "\n\n\r\n");
	assert_int_equal(g.nrec, 0);
	assert_int_equal(g.nerr, 0);
	got_free(&g);
}

static void test_error_cap(void **state)
{
	(void)state;
	struct got g;
	struct ysh_buf b = {0};
	for (int i = 0; i < 500; i++)
		ysh_buf_adds(&b, "x\"y\n");
	parse(&g, b.p, b.len, b.len);
	/* counted all, reported at most the cap (the last one says so) */
	assert_int_equal(g.nerr, YSH_CSV_MAX_ERRORS);
	ysh_buf_free(&b);
	got_free(&g);
}

static void test_read_fd_and_first_line(void **state)
{
	(void)state;
	char path[] = "/tmp/ysh-csv-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *s = "x,y\n1,2\n";
	assert_int_equal(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	lseek(fd, 0, SEEK_SET);
	struct got g;
	memset(&g, 0, sizeof(g));
	struct ysh_csv_reader *r = ysh_csv_new(collect, collect_error, &g);
	ysh_csv_set_first_line(r, 100);
	assert_int_equal(ysh_csv_read_fd(r, fd), 0);
	assert_int_equal(g.nrec, 2);
	assert_int_equal(g.lines[0], 100);
	assert_int_equal(g.lines[1], 101);
	assert_int_equal(ysh_csv_records(r), 2);
	ysh_csv_free(r);
	got_free(&g);
	close(fd);
	unlink(path);
}


/* The text of one cell must never come out as records of its own: after an
 * oversized quoted cell, or a broken one, reading resumes after the record
 * the cell belongs to, never inside it. */
static void test_no_smuggled_records(void **state)
{
	(void)state;
	static const char forged[] = "A2026-9999,2026-11-02,forged\n";
	struct got g;
	/* 1: a quoted cell over the limit, a forged record inside it */
	struct ysh_buf b = {0};
	ysh_buf_adds(&b, "id,date,unit\nA2026-0001,2026-11-02,\"");
	for (size_t i = 0; i < YSH_CSV_MAX_CELL + 10; i++)
		ysh_buf_addc(&b, 'x');
	ysh_buf_adds(&b, "\n");
	ysh_buf_adds(&b, forged);
	ysh_buf_adds(&b, "and \"\"quoted\"\" more\n\"\nA2026-0002,2026-11-03,real\n");
	for (size_t chunk = 1; chunk <= 65536; chunk *= 16) {
		parse(&g, b.p, b.len, chunk);
		assert_int_equal(g.nerr, 1);
		assert_int_equal(g.err_line[0], 2);
		assert_non_null(strstr(g.err_msg[0], "larger than"));
		assert_int_equal(g.nrec, 2); /* the header and the real record */
		assert_string_equal(g.cells[1][0], "A2026-0002");
		assert_int_equal(g.lines[1], 6);
		got_free(&g);
	}
	ysh_buf_free(&b);

	/* 2: text after a closing quote, then a quoted cell holding a record */
	const char *s2 = "id,date,unit\nA2026-0001,\"2026-11-02\"x,\"\nA2026-9999,2026-11-02,forged\n\"\n"
			 "A2026-0002,2026-11-03,real\n";
	parse_str(&g, s2);
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.err_line[0], 2);
	assert_int_equal(g.nrec, 2);
	assert_string_equal(g.cells[1][0], "A2026-0002");
	assert_int_equal(g.lines[1], 5);
	got_free(&g);

	/* 3: a stray quote in an unquoted field is data, not a quoted cell */
	parse_str(&g, "id,x\n1,a\"b,\"c\nforged,1\n\"\n2,ok\n");
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.nrec, 2);
	assert_string_equal(g.cells[1][0], "2");
	got_free(&g);

	/* 4: a broken cell whose quote never closes hides everything after
	 * it (one error), rather than letting its text through */
	parse_str(&g, "id,x\n1,\"a\"b,\"\nforged,1\n");
	assert_int_equal(g.nerr, 1);
	assert_int_equal(g.nrec, 1);
	got_free(&g);
}

/* The limit is exact and the same whether a cell is quoted or not: what
 * ysh-add may write is exactly what the reader takes. */
static void test_cell_limit_exact(void **state)
{
	(void)state;
	for (int quoted = 0; quoted <= 1; quoted++) {
		for (size_t len = YSH_CSV_MAX_CELL - 1; len <= YSH_CSV_MAX_CELL + 2; len++) {
			struct ysh_buf b = {0};
			ysh_buf_adds(&b, "a,b\n1,");
			if (quoted)
				ysh_buf_addc(&b, '"');
			for (size_t i = 0; i < len; i++)
				ysh_buf_addc(&b, i % 7 ? 'x' : ',');
			if (quoted)
				ysh_buf_addc(&b, '"');
			ysh_buf_adds(&b, "\n2,ok\n");
			if (!quoted) /* commas would split an unquoted cell */
				for (size_t i = 6; i < 6 + len; i++)
					b.p[i] = 'x';
			struct got g;
			parse(&g, b.p, b.len, 4096);
			bool fits = len <= YSH_CSV_MAX_CELL;
			if (g.nerr != (fits ? 0u : 1u))
				fail_msg("quoted %d, %zu bytes: %zu errors", quoted, len, g.nerr);
			/* refused: dropped, or handed over marked bad */
			assert_int_equal(g.nrec - (g.nrec == 3 && g.bad[1]), fits ? 3 : 2);
			if (fits)
				assert_int_equal(strlen(g.cells[1][1]), len);
			assert_string_equal(g.cells[g.nrec - 1][1], "ok");
			got_free(&g);
			ysh_buf_free(&b);
		}
	}
}

/* Offsets of records, an unfinished record at the end, a bounded read. */
static void test_offsets_and_open_record(void **state)
{
	(void)state;
	struct got g;
	memset(&g, 0, sizeof(g));
	const char *s = "\xef\xbb\xbfh\r\n1,\"a\r\nb\"\r\n2,\"open\r\nstill";
	struct ysh_csv_reader *r = ysh_csv_new(collect, collect_error, &g);
	ysh_csv_feed(r, s, strlen(s));
	ysh_csv_finish(r);
	size_t line;
	unsigned long long off;
	assert_true(ysh_csv_open_record(r, &line, &off));
	assert_int_equal(line, 4);
	assert_int_equal(off, strlen("\xef\xbb\xbfh\r\n1,\"a\r\nb\"\r\n"));
	assert_int_equal(g.nrec, 2);
	ysh_csv_free(r);
	got_free(&g);

	r = ysh_csv_new(collect, collect_error, &g);
	ysh_csv_feed(r, "a\n1,2\n", 6);
	ysh_csv_finish(r);
	assert_false(ysh_csv_open_record(r, NULL, NULL));
	assert_int_equal(ysh_csv_next_line(r), 3);
	ysh_csv_free(r);
	got_free(&g);

	char path[] = "/tmp/ysh-csv-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *t = "x,y\n1,2\n3,\"torn";
	assert_int_equal(write(fd, t, strlen(t)), (ssize_t)strlen(t));
	lseek(fd, 0, SEEK_SET);
	memset(&g, 0, sizeof(g));
	r = ysh_csv_new(collect, collect_error, &g);
	assert_int_equal(ysh_csv_read_fd_upto(r, fd, 8), 0);
	assert_int_equal(g.nrec, 2);
	assert_int_equal(g.nerr, 0);
	assert_int_equal(ysh_csv_next_line(r), 3);
	ysh_csv_free(r);
	got_free(&g);
	close(fd);
	unlink(path);
}

/* A transcript of every callback, for comparing two reads whole; the
 * callback asks to stop at record `stop_at` (0: never). */
struct transcript {
	struct ysh_buf b;
	size_t nrec, stop_at;
};

static int transcribe(const struct ysh_csv_record *rec, void *ctx)
{
	struct transcript *T = ctx;
	char head[96];
	snprintf(head, sizeof(head), "R %zu %llu %zu %d:", rec->line, rec->offset, rec->nfields, rec->bad);
	ysh_buf_adds(&T->b, head);
	for (size_t i = 0; i < rec->nfields; i++) {
		ysh_buf_add(&T->b, rec->fields[i], rec->lens[i]);
		ysh_buf_addc(&T->b, '|');
	}
	ysh_buf_addc(&T->b, '\n');
	return ++T->nrec == T->stop_at;
}

static void transcribe_error(size_t line, size_t col, const char *msg, void *ctx)
{
	struct transcript *T = ctx;
	char head[64];
	snprintf(head, sizeof(head), "E %zu %zu ", line, col);
	ysh_buf_adds(&T->b, head);
	ysh_buf_adds(&T->b, msg);
	ysh_buf_addc(&T->b, '\n');
}

/* The ways of reading a file that must say the same. */
enum read_way { PLAIN, PIPED, NO_THREAD };

static int fail_spawn(pthread_t *th, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	(void)th, (void)a, (void)fn, (void)arg;
	return EAGAIN;
}

/* Read fd from its start one way; the reader's own state after a whole
 * read is transcribed too (not after a stop: the piped read has run
 * ahead then, as csvpipe.h says). */
static int read_transcribed(int fd, enum read_way way, struct transcript *T)
{
	lseek(fd, 0, SEEK_SET);
	ysh_csv_pipe_set_spawn(way == NO_THREAD ? fail_spawn : NULL);
	struct ysh_csv_reader *r = ysh_csv_new(transcribe, transcribe_error, T);
	int rc = way == PLAIN ? ysh_csv_read_fd_upto(r, fd, -1)
			      : ysh_csv_read_fd_piped(r, fd, -1, transcribe, transcribe_error, T);
	ysh_csv_pipe_set_spawn(NULL);
	char tail[96];
	if (T->stop_at)
		snprintf(tail, sizeof(tail), "rc %d\n", rc);
	else
		snprintf(tail, sizeof(tail), "rc %d records %zu errors %zu next %zu\n", rc, ysh_csv_records(r),
			 ysh_csv_errors(r), ysh_csv_next_line(r));
	ysh_buf_adds(&T->b, tail);
	ysh_csv_free(r);
	return rc;
}

/* A file of many batches, broken here and there: the piped read hands the
 * same records and errors, in the same order, as the plain one, whether it
 * runs to the end or a callback stops it part-way. */
static void test_piped_read_is_the_plain_read(void **state)
{
	(void)state;
	char path[] = "/tmp/ysh-csv-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(dup(fd), "w");
	fputs("id,date,note\n", f);
	for (int i = 0; i < 60000; i++) {
		fprintf(f, "A%d,2026-11-%02d,\"note %d, with a comma\nand a line\"\n", i, i % 28 + 1, i);
		if (i % 9973 == 7)
			fprintf(f, "B%d,x\"y,z\n", i); /* a stray quote */
		if (i % 7919 == 3)
			fprintf(f, "C%d,%c,z\n", i, 0); /* a NUL */
	}
	fputs("D,\"open", f);
	fclose(f);
	for (size_t stop = 0; stop <= 50001; stop += 50001) {
		struct transcript plain = {.stop_at = stop};
		int rc1 = read_transcribed(fd, PLAIN, &plain);
		assert_int_equal(rc1, stop ? 1 : 0);
		assert_true(plain.nrec >= (stop ? stop : 60000));
		assert_non_null(strstr(ysh_buf_str(&plain.b), "\nE "));
		for (enum read_way way = PIPED; way <= NO_THREAD; way++) {
			struct transcript other = {.stop_at = stop};
			assert_int_equal(read_transcribed(fd, way, &other), rc1);
			assert_int_equal(other.nrec, plain.nrec);
			assert_int_equal(other.b.len, plain.b.len);
			assert_memory_equal(other.b.p, plain.b.p, plain.b.len);
			ysh_buf_free(&other.b);
		}
		ysh_buf_free(&plain.b);
	}
	close(fd);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_spectrum),
		cmocka_unit_test(test_line_numbers_multiline),
		cmocka_unit_test(test_bom_and_spaces),
		cmocka_unit_test(test_spaces_kept_any_cut),
		cmocka_unit_test(test_newline_detection),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_stray_quote_recovers),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_huge_cell),
		cmocka_unit_test(test_many_columns),
		cmocka_unit_test(test_bare_cr),
		cmocka_unit_test(test_empty_and_blank),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_read_fd_and_first_line),
		cmocka_unit_test(test_no_smuggled_records),
		cmocka_unit_test(test_cell_limit_exact),
		cmocka_unit_test(test_offsets_and_open_record),
		cmocka_unit_test(test_byte_checks_any_cut),
		cmocka_unit_test(test_piped_read_is_the_plain_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
