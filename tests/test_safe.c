/*
 * The guards of safe.h: control characters made visible, the values a
 * ledger may take (exactly what the reader accepts), time zones that cannot
 * be used, and the paths ysh-report -o may replace.
 */
#define _GNU_SOURCE
#include "fixture.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "append.h"
#include "csvread.h"
#include "safe.h"

static void expect_escaped(const char *in, enum ysh_escape_mode mode, const char *want)
{
	char *got = ysh_escaped(in, mode);
	if (strcmp(got, want))
		fail_msg("escape of '%s': '%s', expected '%s'", in, got, want);
	/* the renderers' shortcut: shown as is exactly when escaping changes nothing */
	if (ysh_shown_as_is(in, mode) != !strcmp(got, in))
		fail_msg("ysh_shown_as_is('%s') is %d, but its escape is '%s'", in, ysh_shown_as_is(in, mode), got);
	free(got);
}

static void test_escape(void **state)
{
	(void)state;
	expect_escaped("plain 营商环境", YSH_ESC_ALL, "plain 营商环境");
	expect_escaped("\x1b[31mred\x1b[0m", YSH_ESC_ALL, "\\x1b[31mred\\x1b[0m");
	expect_escaped("\x1b]0;title\x07", YSH_ESC_ALL, "\\x1b]0;title\\x07");
	expect_escaped("a\tb\r\nc", YSH_ESC_ALL, "a\\tb\\r\\nc");
	expect_escaped("a\tb\r\nc", YSH_ESC_FLAT, "a b  c");
	expect_escaped("del\x7f", YSH_ESC_ALL, "del\\x7f");
	expect_escaped("c1 \xc2\x9b csi", YSH_ESC_ALL, "c1 \\u009b csi");
	expect_escaped("rlo \xe2\x80\xae gnp.exe", YSH_ESC_ALL, "rlo \\u202e gnp.exe");
	expect_escaped("bad \xff\xc0\xaf", YSH_ESC_ALL, "bad \\xff\\xc0\\xaf");
	expect_escaped("trunc \xe8\x90", YSH_ESC_ALL, "trunc \\xe8\\x90");
	expect_escaped("", YSH_ESC_ALL, "");
	expect_escaped("a\\x1b", YSH_ESC_ALL, "a\\x1b"); /* backslashes stay */
	/* three-byte characters: CJK and the fast path's edges (E2 holds the
	 * bidi marks, ED the surrogates) */
	expect_escaped("€ 한글 ㄱ", YSH_ESC_FLAT, "€ 한글 ㄱ");
	expect_escaped("lri \xe2\x81\xa6 x", YSH_ESC_FLAT, "lri \\u2066 x");
	expect_escaped("sur \xed\xa0\x80", YSH_ESC_FLAT, "sur \\xed\\xa0\\x80");
	expect_escaped("cut \xe8\x90", YSH_ESC_FLAT, "cut \\xe8\\x90");
}

static void expect_writable(const char *v, const char *why)
{
	char *got = ysh_value_unwritable(v);
	if (!why && got)
		fail_msg("'%s' refused: %s", v, got);
	if (why && (!got || !strstr(got, why)))
		fail_msg("'%s': expected '%s', got '%s'", v, why, got ? got : "(accepted)");
	free(got);
}

/* What ysh-add may write is exactly what the reader reads back, cell for
 * cell, without a finding. */
static int one_cell(const struct ysh_csv_record *rec, void *ctx)
{
	char **cell = ctx;
	if (rec->nfields == 1 && !rec->bad)
		*cell = strndup(rec->fields[0], rec->lens[0]);
	return 0;
}

static void count_error(size_t line, size_t col, const char *msg, void *ctx)
{
	(void)line;
	(void)col;
	(void)msg;
	(void)ctx;
	fail_msg("the reader refused a value the writer accepts: %s", msg);
}

static void round_trip(const char *v)
{
	struct ysh_buf b = {0};
	ysh_csv_quote(&b, v);
	ysh_buf_adds(&b, "\n");
	char *cell = NULL;
	struct ysh_csv_reader *r = ysh_csv_new(one_cell, count_error, &cell);
	ysh_csv_feed(r, b.p, b.len);
	ysh_csv_finish(r);
	ysh_csv_free(r);
	assert_non_null(cell);
	assert_string_equal(cell, v);
	free(cell);
	ysh_buf_free(&b);
}

static void test_writable(void **state)
{
	(void)state;
	static const char *const good[] = {"", "张三", "two\nlines", "tab\there", "crlf\r\nline", "\"quoted\", comma",
					   "€𝄞", "=1+1"};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		expect_writable(good[i], NULL);
		if (*good[i]) /* an empty line is no record */
			round_trip(good[i]);
	}
	expect_writable("esc \x1b[31m", "U+001B");
	expect_writable("bel \x07", "U+0007");
	expect_writable("lone cr\rhere", "U+000D");
	expect_writable("del \x7f", "U+007F");
	expect_writable("c1 \xc2\x85", "U+0085");
	expect_writable("bom \xef\xbb\xbf", "byte-order mark");
	expect_writable("\xef\xbb\xbf" "bom first", "byte-order mark");
	expect_writable("gbk \xd3\xaa\xc9\xcc", "not valid UTF-8");
	expect_writable("overlong \xc0\xaf", "not valid UTF-8");
	expect_writable("surrogate \xed\xa0\x80", "not valid UTF-8");

	/* the size limit: the largest cell goes through, one byte more does not */
	for (int quoted = 0; quoted <= 1; quoted++) {
		char *big = malloc(YSH_CSV_MAX_CELL + 2);
		memset(big, 'x', YSH_CSV_MAX_CELL + 1);
		if (quoted)
			big[10] = ',';
		big[YSH_CSV_MAX_CELL] = '\0';
		expect_writable(big, NULL);
		round_trip(big);
		big[YSH_CSV_MAX_CELL] = 'x';
		big[YSH_CSV_MAX_CELL + 1] = '\0';
		expect_writable(big, "a cell holds at most 65536");
		free(big);
	}

	/* a row: the field is named, and the line of --batch input */
	struct fx f;
	fx_init(&f, NULL);
	struct ysh_schema_set set;
	char *err = NULL;
	assert_int_equal(ysh_schemas_load(ysh_schema_dir(), &set, &err), 0);
	const struct ysh_schema *s = ysh_schemas_find(&set, "activity");
	char **cells = calloc(s->ncols, sizeof(*cells));
	cells[ysh_schema_col(s, "note")] = "ok";
	assert_int_equal(ysh_row_writable(s, cells, 0, &err), 0);
	cells[ysh_schema_col(s, "participant")] = "张\x1b[2J三";
	assert_int_equal(ysh_row_writable(s, cells, 7, &err), -1);
	assert_non_null(strstr(err, "<stdin>:7: participant (参与人) holds the control character U+001B"));
	free(err);
	free(cells);
	ysh_schemas_free(&set);
	fx_free(&f);
}

static bool tz_usable(const char *tz)
{
	if (tz)
		setenv("TZ", tz, 1);
	else
		unsetenv("TZ");
	tzset();
	return ysh_tz_usable();
}

static void test_time_zones(void **state)
{
	(void)state;
	const char *was = getenv("TZ");
	char *saved = was ? strdup(was) : NULL;
	assert_true(tz_usable(NULL));
	assert_true(tz_usable(""));
	assert_true(tz_usable("UTC"));
	assert_true(tz_usable("CST-8"));
	assert_true(tz_usable("<+0530>-5:30"));
	assert_true(tz_usable("EST5EDT,M3.2.0,M11.1.0"));
	if (access("/usr/share/zoneinfo/Asia/Shanghai", R_OK) == 0) {
		assert_true(tz_usable("Asia/Shanghai"));
		assert_true(tz_usable(":Asia/Shanghai"));
	}
	assert_false(tz_usable("Nowhere/Bogus"));
	assert_false(tz_usable("garbage"));
	assert_false(tz_usable("A-14"));
	assert_false(tz_usable("XYZ-25"));    /* +25:00: no timestamp carries it */
	assert_false(tz_usable("XYZ-24:59"));
	assert_false(tz_usable("ABC+99"));
	assert_false(tz_usable("/etc/passwd"));
	assert_false(tz_usable("../../etc/passwd"));
	assert_false(tz_usable("\x1b[31m"));
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

static void expect_output(struct fx *f, const char *path, const char *why)
{
	char *target = NULL, *err = NULL;
	int rc = ysh_output_path(f->L, path, &target, &err);
	if (!why && rc != 0)
		fail_msg("-o %s refused: %s", path, err);
	if (why && (rc == 0 || !strstr(err, why)))
		fail_msg("-o %s: expected '%s', got %s", path, why, rc == 0 ? "(accepted)" : err);
	free(target);
	free(err);
}

static void test_output_paths(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", ACT_HEADER);
	char p[512], q[512];
	snprintf(p, sizeof(p), "%s/.ysh", f.dir);
	assert_int_equal(mkdir(p, 0770), 0);
	fx_write(&f, ".ysh/activities.csv.lock", "");
	fx_check(&f, "2026-11-23");

	snprintf(p, sizeof(p), "%s/summary.txt", f.dir);
	expect_output(&f, p, NULL); /* a new path */
	fx_write(&f, "summary.txt", "old\n");
	expect_output(&f, p, NULL); /* a regular file */
	/* a symlink to a report: the report is the target */
	snprintf(q, sizeof(q), "%s/latest.txt", f.dir);
	assert_int_equal(symlink("summary.txt", q), 0);
	char *target = NULL, *err = NULL;
	assert_int_equal(ysh_output_path(f.L, q, &target, &err), 0);
	assert_non_null(strstr(target, "/summary.txt"));
	free(target);

	snprintf(p, sizeof(p), "%s/fifo", f.dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	expect_output(&f, p, "a FIFO");
	snprintf(q, sizeof(q), "%s/to-fifo", f.dir);
	assert_int_equal(symlink(p, q), 0);
	expect_output(&f, q, "a symbolic link to a FIFO");
	expect_output(&f, "/dev/null", "a device");
	snprintf(q, sizeof(q), "%s/to-null", f.dir);
	assert_int_equal(symlink("/dev/null", q), 0);
	expect_output(&f, q, "a symbolic link to a device");
	snprintf(q, sizeof(q), "%s/dangling", f.dir);
	assert_int_equal(symlink("nowhere/at/all", q), 0);
	expect_output(&f, q, "a symbolic link to nothing");
	expect_output(&f, f.dir, "a directory");

	/* the ledger directory's own files, by name, by link, by hard link */
	snprintf(p, sizeof(p), "%s/activities.csv", f.dir);
	expect_output(&f, p, "is the ledger");
	snprintf(p, sizeof(p), "%s/filings.csv", f.dir); /* not there yet */
	expect_output(&f, p, "is where the ledger directory keeps filings.csv");
	snprintf(p, sizeof(p), "%s/ysh.ini", f.dir);
	expect_output(&f, p, "ysh.ini");
	snprintf(p, sizeof(p), "%s/.ysh/activities.csv.lock", f.dir);
	expect_output(&f, p, "which belongs to ysh-add");
	snprintf(p, sizeof(p), "%s/.ysh/new-file", f.dir);
	expect_output(&f, p, "which belongs to ysh-add");
	snprintf(p, sizeof(p), "%s/../%s/.ysh/x", f.dir, strrchr(f.dir, '/') + 1);
	expect_output(&f, p, "which belongs to ysh-add");
	snprintf(p, sizeof(p), "%s/activities.csv", f.dir);
	snprintf(q, sizeof(q), "%s/hard.csv", f.dir);
	assert_int_equal(link(p, q), 0);
	expect_output(&f, q, "is the ledger");
	snprintf(q, sizeof(q), "%s/soft.txt", f.dir);
	assert_int_equal(symlink("activities.csv", q), 0);
	expect_output(&f, q, "is the ledger");
	fx_free(&f);
}

/* ysh_replace_file keeps an existing report's mode, and refuses what is
 * not a regular file even when called directly. */
static void test_replace_keeps_mode(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char p[512];
	snprintf(p, sizeof(p), "%s/report.txt", f.dir);
	fx_write(&f, "report.txt", "old\n");
	assert_int_equal(chmod(p, 0604), 0);
	char *err = NULL;
	assert_int_equal(ysh_replace_file(p, "new\n", 4, &err), 0);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0604);
	size_t n;
	char *s = fx_slurp(p, &n);
	assert_string_equal(s, "new\n");
	free(s);
	snprintf(p, sizeof(p), "%s/fifo", f.dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	assert_int_equal(ysh_replace_file(p, "x", 1, &err), -1);
	assert_non_null(strstr(err, "not a regular file"));
	free(err);
	assert_int_equal(lstat(p, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_writable),
		cmocka_unit_test(test_time_zones),
		cmocka_unit_test(test_output_paths),
		cmocka_unit_test(test_replace_keeps_mode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
