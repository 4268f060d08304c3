/*
 * Appending: every I/O operation of an add failed in turn, once and for
 * good, leaves the ledger as it was or with the whole record; ids never
 * repeat; line endings, final newlines, modes and links are respected.
 */
#define _GNU_SOURCE
#include "fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "add.h"
#include "append.h"

/* ---- the failing seam ---- */

enum op { OP_PWRITE, OP_FSYNC, OP_FTRUNCATE, OP_FLOCK, OP_RENAME, OP_COUNT };
static const char *const op_names[OP_COUNT] = {"pwrite", "fsync", "ftruncate", "flock", "rename"};

static struct {
	enum op op;
	int fail_at;   /* 1-based call number to fail; 0: never */
	bool forever;  /* keep failing after the first failure */
	bool short_write;
	int calls[OP_COUNT];
} seam;

static bool should_fail(enum op op)
{
	int n = ++seam.calls[op];
	return seam.op == op && seam.fail_at && (n == seam.fail_at || (seam.forever && n > seam.fail_at));
}

static ssize_t f_pwrite(int fd, const void *b, size_t n, off_t off)
{
	if (should_fail(OP_PWRITE)) {
		if (seam.short_write && n > 1)
			return pwrite(fd, b, n / 2, off) < 0 ? -1 : (errno = ENOSPC, -1);
		errno = ENOSPC;
		return -1;
	}
	/* a short write now and then, which the writer must carry on from */
	if (n > 8 && seam.calls[OP_PWRITE] % 2)
		n = n / 2;
	return pwrite(fd, b, n, off);
}

static int f_fsync(int fd)
{
	if (should_fail(OP_FSYNC)) {
		errno = EIO;
		return -1;
	}
	return fsync(fd);
}

static int f_ftruncate(int fd, off_t len)
{
	if (should_fail(OP_FTRUNCATE)) {
		errno = EINTR; /* interrupted: the writer must try again */
		return -1;
	}
	return ftruncate(fd, len);
}

static int f_flock(int fd, int op)
{
	if (should_fail(OP_FLOCK)) {
		errno = ENOLCK;
		return -1;
	}
	return flock(fd, op);
}

static int f_rename(const char *a, const char *b)
{
	if (should_fail(OP_RENAME)) {
		errno = EIO;
		return -1;
	}
	return rename(a, b);
}

static const struct ysh_io failing_io = {f_pwrite, f_fsync, f_ftruncate, f_flock, f_rename};

/* ---- helpers ---- */

static char *slurp(const char *dir, const char *name, size_t *n)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return fx_slurp(path, n);
}

static const char *const activity_words[] = {
	"date=2026-11-03", "unit=县市场监管局", "kind=跟执法", "steps=执法检查、案件处理、案卷评查",
	"position=局长", "items=食品检查", "reported_on=2026-11-04",
};

/* Each add is another participant's activity: the same one twice would be
 * a record-duplicate warning, which these tests are not about. */
static int participant_no;

/* Add one activity through the library; returns ysh_add's result. */
static int add_activity(const char *dir, char **id, char **err)
{
	struct ysh_check_opts co;
	ysh_check_opts_init(&co);
	ysh_parse_date("2026-11-23", &co.today);
	*err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_load(dir, &co, err);
	assert_non_null(L);
	struct ysh_table *t = ysh_ledgers_table(L, "activities");
	struct ysh_add_row row;
	ysh_add_row_init(&row, t->schema);
	for (size_t i = 0; i < sizeof(activity_words) / sizeof(activity_words[0]); i++)
		assert_int_equal(ysh_add_row_set(&row, t->schema, activity_words[i], err), 0);
	char who[32];
	if (++participant_no == 1)
		snprintf(who, sizeof(who), "participant=张三");
	else
		snprintf(who, sizeof(who), "participant=张三%d", participant_no);
	assert_int_equal(ysh_add_row_set(&row, t->schema, who, err), 0);
	struct ysh_add_opts o = {.today = co.today, .user = "tester",
				 .timestamp = "2026-11-23T10:00:00+08:00", .lock_timeout_ms = 200};
	struct ysh_add_result res;
	int rc = ysh_add(L, t, &row, 1, &o, &res, err);
	if (id)
		*id = rc == 0 && res.nids ? ysh_xstrdup(res.ids[0]) : NULL;
	ysh_add_result_free(&res);
	ysh_add_row_free(&row);
	ysh_ledgers_free(L);
	return rc;
}

static void expect_clean(struct fx *f)
{
	fx_check(f, "2026-11-23");
	if (f->L->findings.n)
		fx_dump(f);
	assert_int_equal(f->L->findings.n, 0);
}

/* ---- tests ---- */

static void test_every_operation_failing(void **state)
{
	(void)state;
	static const char seed[] =
		"id,date,unit,participant,position,kind,mode,steps,items,reported_on\n"
		"A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n";
	int points = 0;
	for (int forever = 0; forever <= 1; forever++) {
		for (int shortw = 0; shortw <= 1; shortw++) {
			for (int op = 0; op < OP_COUNT; op++) {
				for (int at = 1; at <= 4; at++) {
					struct fx f;
					fx_init(&f, NULL);
					fx_write(&f, "activities.csv", seed);
					memset(&seam, 0, sizeof(seam));
					seam.op = (enum op)op;
					seam.fail_at = at;
					seam.forever = forever;
					seam.short_write = shortw;
					ysh_io_set(&failing_io);
					char *err, *id;
					int rc = add_activity(f.dir, &id, &err);
					ysh_io_set(NULL);
					size_t n;
					char *after = slurp(f.dir, "activities.csv", &n);
					if (rc == 0) {
						/* written: the whole record, after the old bytes */
						assert_true(n > sizeof(seed) - 1);
						assert_memory_equal(after, seed, sizeof(seed) - 1);
						assert_string_equal(id, "A2026-0002");
						assert_non_null(strstr(after + sizeof(seed) - 1, "A2026-0002,2026-11-03,"));
					} else {
						/* refused or failed: byte for byte as before */
						if (n != sizeof(seed) - 1 || memcmp(after, seed, n))
							fail_msg("%s #%d (forever %d): ledger changed: %s", op_names[op], at,
								 forever, after);
						assert_non_null(err);
					}
					expect_clean(&f);
					/* and the next add, with the real calls, works and gets a fresh id */
					char *id2, *err2;
					assert_int_equal(add_activity(f.dir, &id2, &err2), 0);
					assert_string_equal(id2, rc == 0 ? "A2026-0003" : "A2026-0002");
					expect_clean(&f);
					free(id);
					free(id2);
					free(err);
					free(err2);
					free(after);
					fx_free(&f);
					points++;
				}
			}
		}
	}
	assert_int_equal(points, 2 * 2 * OP_COUNT * 4);
}

static void test_new_ledger_failure_leaves_no_file(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	memset(&seam, 0, sizeof(seam));
	seam.op = OP_FSYNC;
	seam.fail_at = 1;
	ysh_io_set(&failing_io);
	char *err, *id;
	assert_int_equal(add_activity(f.dir, &id, &err), -1);
	ysh_io_set(NULL);
	assert_non_null(strstr(err, "fsync failed"));
	char path[256];
	snprintf(path, sizeof(path), "%s/activities.csv", f.dir);
	assert_int_equal(access(path, F_OK), -1);
	free(err);
	/* a refused record creates nothing either */
	struct ysh_check_opts co;
	ysh_check_opts_init(&co);
	struct ysh_ledgers *L = ysh_ledgers_load(f.dir, &co, &err);
	struct ysh_table *t = ysh_ledgers_table(L, "activities");
	struct ysh_add_row row;
	ysh_add_row_init(&row, t->schema);
	assert_int_equal(ysh_add_row_set(&row, t->schema, "kind=跳舞", &err), 0);
	struct ysh_add_opts o = {.today = co.today, .user = "t", .lock_timeout_ms = 100};
	struct ysh_add_result res;
	assert_int_equal(ysh_add(L, t, &row, 1, &o, &res, &err), 1);
	assert_true(L->findings.errors > 0);
	ysh_add_result_free(&res);
	ysh_add_row_free(&row);
	ysh_ledgers_free(L);
	assert_int_equal(access(path, F_OK), -1);
	fx_free(&f);
}

static void test_ids_never_repeat(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *id, *err;
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	assert_string_equal(id, "A2026-0001");
	free(id);
	/* someone appends by hand without touching the sidecar */
	char path[256];
	snprintf(path, sizeof(path), "%s/activities.csv", f.dir);
	FILE *fp = fopen(path, "a");
	fputs("A2026-0041,2026-11-02,县市场监管局,张三,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,,,,,\n", fp);
	fclose(fp);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	assert_string_equal(id, "A2026-0042");
	free(id);
	/* the sidecar is lost */
	snprintf(path, sizeof(path), "%s/.ysh/activities.csv.seq", f.dir);
	unlink(path);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	assert_string_equal(id, "A2026-0043");
	free(id);
	/* the sidecar lies (claims more bytes than the file has) */
	fp = fopen(path, "w");
	fputs("ysh-seq 1 1 999999 2026 7\n", fp);
	fclose(fp);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	assert_string_equal(id, "A2026-0044");
	free(id);
	expect_clean(&f);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.ysh/activities.csv.lock", f.dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/.ysh", f.dir);
	rmdir(path);
	fx_free(&f);
}

static void test_line_endings_and_final_newline(void **state)
{
	(void)state;
	participant_no = 0;
	struct fx f;
	fx_init(&f, NULL);
	/* CRLF, and no final line break after the last row */
	fx_write(&f, "activities.csv",
		 "id,date,unit,participant,position,kind,mode,steps,items,reported_on\r\n"
		 "A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03");
	char *id, *err;
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	size_t n;
	char *s = slurp(f.dir, "activities.csv", &n);
	assert_non_null(strstr(s, "2026-11-03\r\nA2026-0002,2026-11-03,县市场监管局,张三,局长,跟执法,定期,"));
	assert_int_equal(s[n - 2], '\r');
	assert_int_equal(s[n - 1], '\n');
	free(s);
	free(id);
	expect_clean(&f);
	fx_free(&f);
}

static void test_header_order_is_kept(void **state)
{
	(void)state;
	participant_no = 0;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", "活动类型,编号,单位,活动日期,参与人,职务,体验方式,参与环节,体验事项,报备日期\n");
	char *id, *err;
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	size_t n;
	char *s = slurp(f.dir, "activities.csv", &n);
	assert_non_null(strstr(s, "\n跟执法,A2026-0001,县市场监管局,2026-11-03,张三,局长,定期,执法检查;案件处理;案卷评查,食品检查,2026-11-04\n"));
	free(s);
	free(id);
	fx_free(&f);

	/* a ledger whose header lacks a column the record fills: refused */
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", "id,date,unit,participant,position,kind,mode,steps,items\n");
	assert_int_equal(add_activity(f.dir, &id, &err), -1);
	assert_non_null(strstr(err, "has no column reported_on"));
	free(err);
	s = slurp(f.dir, "activities.csv", &n);
	assert_string_equal(s, "id,date,unit,participant,position,kind,mode,steps,items\n");
	free(s);
	fx_free(&f);
}

static void test_modes_links_and_locks(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *id, *err, path[256];
	mode_t old = umask(022);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	free(id);
	struct stat st;
	snprintf(path, sizeof(path), "%s/activities.csv", f.dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	unlink(path);
	umask(077);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	free(id);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	umask(old);

	/* the ledger as a symlink: refused, the target untouched */
	char target[256];
	snprintf(target, sizeof(target), "%s/elsewhere.csv", f.dir);
	rename(path, target);
	assert_int_equal(symlink("elsewhere.csv", path), 0);
	size_t n0, n1;
	char *before = slurp(f.dir, "elsewhere.csv", &n0);
	assert_int_equal(add_activity(f.dir, &id, &err), -1);
	assert_non_null(strstr(err, "symbolic link"));
	free(err);
	char *after = slurp(f.dir, "elsewhere.csv", &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	free(before);
	free(after);
	unlink(path);
	unlink(target);

	/* held lock: a second writer gives up after its timeout */
	char lock[256];
	snprintf(lock, sizeof(lock), "%s/.ysh/activities.csv.lock", f.dir);
	int fd = open(lock, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(add_activity(f.dir, &id, &err), -1);
	assert_non_null(strstr(err, "still locked"));
	free(err);
	close(fd);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	free(id);
	fx_free(&f);
}

static void test_quoting(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"plain", "plain"},     {"a,b", "\"a,b\""},           {"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"two\nlines", "\"two\nlines\""}, {"cr\rhere", "\"cr\rhere\""}, {"=1+1", "=1+1"},
		{"", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ysh_buf b = {0};
		ysh_csv_quote(&b, cases[i][0]);
		assert_string_equal(ysh_buf_str(&b), cases[i][1]);
		ysh_buf_free(&b);
	}
}

/* ysh-report -o: every failing operation keeps the old report, and leaves
 * no temporary behind. */
static void test_replace_file_failing(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char path[256];
	snprintf(path, sizeof(path), "%s/summary.txt", f.dir);
	static const char old[] = "old report\n";
	static const char fresh[] = "蓝田县 2026-11 月度工作总结\n参与人次 40\n";
	int points = 0;
	for (int op = 0; op < OP_COUNT; op++) {
		for (int at = 1; at <= 3; at++) {
			fx_write(&f, "summary.txt", old);
			memset(&seam, 0, sizeof(seam));
			seam.op = (enum op)op;
			seam.fail_at = at;
			seam.forever = true;
			ysh_io_set(&failing_io);
			char *err = NULL;
			int rc = ysh_replace_file(path, fresh, sizeof(fresh) - 1, &err);
			ysh_io_set(NULL);
			size_t n;
			char *now = fx_slurp(path, &n);
			assert_string_equal(now, rc == 0 ? fresh : old);
			free(now);
			free(err);
			/* only summary.txt and ysh.ini in the directory */
			char cmd[512];
			snprintf(cmd, sizeof(cmd), "test $(ls %s | wc -l) -eq 2", f.dir);
			assert_int_equal(system(cmd), 0);
			points++;
		}
	}
	assert_int_equal(points, OP_COUNT * 3);
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_operation_failing),
		cmocka_unit_test(test_new_ledger_failure_leaves_no_file),
		cmocka_unit_test(test_ids_never_repeat),
		cmocka_unit_test(test_line_endings_and_final_newline),
		cmocka_unit_test(test_header_order_is_kept),
		cmocka_unit_test(test_modes_links_and_locks),
		cmocka_unit_test(test_quoting),
		cmocka_unit_test(test_replace_file_failing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
