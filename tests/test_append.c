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
#include <sys/wait.h>
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
	/* the facts no default states */
	"delegated=否", "mode=定期",
};

/* Each add is another participant's activity: the same one twice would be
 * a record-duplicate warning, which these tests are not about. */
static int participant_no;

/* Add one activity through the library as of `today`, dated `day` (NULL:
 * 2026-11-03); returns ysh_add's result. */
static bool dry_run; /* the next add is a dry run (ysh-add --dry-run) */

static int add_activity_at(const char *dir, const char *today, const char *day, char **id, char **err)
{
	struct ysh_check_opts co;
	ysh_check_opts_init(&co);
	ysh_parse_date(today, &co.today);
	*err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_load(dir, &co, err);
	assert_non_null(L);
	struct ysh_table *t = ysh_ledgers_table(L, "activities");
	struct ysh_add_row row;
	ysh_add_row_init(&row, t->schema);
	for (size_t i = 0; i < sizeof(activity_words) / sizeof(activity_words[0]); i++) {
		char word[128];
		if (day && !strncmp(activity_words[i], "date=", 5))
			snprintf(word, sizeof(word), "date=%s", day);
		else if (day && !strncmp(activity_words[i], "reported_on=", 12))
			snprintf(word, sizeof(word), "reported_on=%s", day);
		else
			snprintf(word, sizeof(word), "%s", activity_words[i]);
		assert_int_equal(ysh_add_row_set(&row, t->schema, word, err), 0);
	}
	char who[32];
	if (++participant_no == 1)
		snprintf(who, sizeof(who), "participant=张三");
	else
		snprintf(who, sizeof(who), "participant=张三%d", participant_no);
	assert_int_equal(ysh_add_row_set(&row, t->schema, who, err), 0);
	struct ysh_add_opts o = {.today = co.today, .user = "tester",
				 .timestamp = "2026-11-23T10:00:00+08:00", .lock_timeout_ms = 200, .dry_run = dry_run};
	struct ysh_add_result res;
	int rc = ysh_add(L, t, &row, 1, &o, &res, err);
	if (id)
		*id = rc == 0 && res.nids ? ysh_xstrdup(res.ids[0]) : NULL;
	ysh_add_result_free(&res);
	ysh_add_row_free(&row);
	ysh_ledgers_free(L);
	return rc;
}

static int add_activity(const char *dir, char **id, char **err)
{
	return add_activity_at(dir, "2026-11-23", NULL, id, err);
}

/* Clean but for n rows added by hand, which the hash chain does not list. */
static void expect_clean_but_unchained(struct fx *f, size_t n)
{
	fx_check(f, "2026-11-23");
	if (f->L->findings.n != n || fx_count(f, "record-unchained") != n)
		fx_dump(f);
	assert_int_equal(f->L->findings.n, n);
	assert_int_equal(fx_count(f, "record-unchained"), n);
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
		"id,date,unit,participant,position,delegated,kind,mode,steps,items,reported_on\n"
		"A2026-0001,2026-11-02,县市场监管局,张三,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n";
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
	char *err, *id;
	char path[256];
	snprintf(path, sizeof(path), "%s/activities.csv", f.dir);
	/* the fsyncs: the intent, the .ysh directory, the ledger */
	static const char *const why[] = {"intent", NULL, "fsync failed"};
	for (int at = 1; at <= 3; at += 2) {
		memset(&seam, 0, sizeof(seam));
		seam.op = OP_FSYNC;
		seam.fail_at = at;
		ysh_io_set(&failing_io);
		assert_int_equal(add_activity(f.dir, &id, &err), -1);
		ysh_io_set(NULL);
		assert_non_null(strstr(err, why[at - 1]));
		assert_int_equal(access(path, F_OK), -1);
		free(err);
	}
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
	expect_clean_but_unchained(&f, 1); /* the row appended by hand */
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
	static const char crlf[] = "id,date,unit,participant,position,delegated,kind,mode,steps,items,reported_on\r\n"
				   "A2026-0001,2026-11-02,县市场监管局,张三,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03";
	struct fx f;
	fx_init(&f, NULL);
	/* CRLF, cut between the CR and the LF of the last line: completed */
	char *cut = ysh_xasprintf("%s\r", crlf);
	fx_write(&f, "activities.csv", cut);
	free(cut);
	char *id, *err;
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	size_t n;
	char *s = slurp(f.dir, "activities.csv", &n);
	assert_non_null(strstr(s, "2026-11-03\r\nA2026-0002,2026-11-03,县市场监管局,张三,局长,否,跟执法,定期,"));
	assert_null(strstr(s, "\r\r"));
	assert_int_equal(s[n - 2], '\r');
	assert_int_equal(s[n - 1], '\n');
	free(s);
	free(id);
	expect_clean(&f);
	fx_free(&f);

	/* no line ending at all after the last row: refused, nothing written,
	 * and the message says how to repair it */
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", crlf);
	assert_int_equal(add_activity(f.dir, &id, &err), 1);
	assert_non_null(strstr(err, "has no line ending"));
	assert_non_null(strstr(err, "printf '\\r\\n' >>"));
	char *want = ysh_xasprintf("truncate -s %zu %s/activities.csv", strlen("id,date,unit,participant,position,delegated,kind,mode,steps,items,reported_on\r\n"), f.dir);
	assert_non_null(strstr(err, want));
	free(want);
	free(err);
	s = slurp(f.dir, "activities.csv", &n);
	assert_string_equal(s, crlf);
	free(s);
	/* repaired as the message says, the add lands */
	char path[256];
	snprintf(path, sizeof(path), "%s/activities.csv", f.dir);
	FILE *fp = fopen(path, "a");
	fputs("\r\n", fp);
	fclose(fp);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	assert_string_equal(id, "A2026-0002");
	free(id);
	expect_clean(&f);
	fx_free(&f);

	/* an open quote at the end: refused, the record would vanish into it */
	fx_init(&f, NULL);
	static const char open[] = ACT_HEADER_STATED
		"A2026-0001,2026-11-02,县市场监管局,张三,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"
		"A2026-0002,2026-11-02,县市场监管局,\"张\n三";
	fx_write(&f, "activities.csv", open);
	assert_int_equal(add_activity(f.dir, &id, &err), 1);
	assert_non_null(strstr(err, "line 3"));
	assert_non_null(strstr(err, "inside a quoted cell"));
	want = ysh_xasprintf("truncate -s %zu ", strlen(open) - strlen("A2026-0002,2026-11-02,县市场监管局,\"张\n三"));
	assert_non_null(strstr(err, want));
	free(want);
	free(err);
	s = slurp(f.dir, "activities.csv", &n);
	assert_string_equal(s, open);
	free(s);
	fx_free(&f);
}

static void test_header_order_is_kept(void **state)
{
	(void)state;
	participant_no = 0;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", "活动类型,编号,单位,活动日期,参与人,职务,是否委托,体验方式,参与环节,体验事项,报备日期\n");
	char *id, *err;
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	size_t n;
	char *s = slurp(f.dir, "activities.csv", &n);
	assert_non_null(strstr(s, "\n跟执法,A2026-0001,县市场监管局,2026-11-03,张三,局长,否,定期,执法检查;案件处理;案卷评查,食品检查,2026-11-04\n"));
	free(s);
	free(id);
	fx_free(&f);

	/* a ledger whose header lacks a column the record fills: refused */
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", "id,date,unit,participant,position,delegated,kind,mode,steps,items\n");
	assert_int_equal(add_activity(f.dir, &id, &err), -1);
	assert_non_null(strstr(err, "has no column reported_on"));
	free(err);
	s = slurp(f.dir, "activities.csv", &n);
	assert_string_equal(s, "id,date,unit,participant,position,delegated,kind,mode,steps,items\n");
	free(s);
	fx_free(&f);
}

static void test_modes_links_and_locks(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *id, *err, path[256], target[256];
	mode_t old = umask(022);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	free(id);
	struct stat st;
	snprintf(path, sizeof(path), "%s/activities.csv", f.dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	/* a new ledger in its place: its old chain goes too (else the add is
	 * refused: a ledger replaced under its chain is the auditor's business) */
	unlink(path);
	snprintf(target, sizeof(target), "%s/.ysh/activities.csv.chain", f.dir);
	assert_int_equal(add_activity(f.dir, &id, &err), -1);
	assert_non_null(strstr(err, "cut or replaced"));
	free(err);
	unlink(target);
	umask(077);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	free(id);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	umask(old);

	/* the ledger as a symlink: refused, the target untouched */
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
	snprintf(target, sizeof(target), "%s/.ysh/activities.csv.chain", f.dir);
	unlink(target); /* the ledger is gone for good: so is its chain */

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


/* ---- a writer killed at a chosen moment ---- */

/* The seam of a writer that dies (as if by SIGKILL) at the Nth call of an
 * operation, after writing half its bytes when it is a pwrite. */
static struct {
	enum op op;
	int at;
	int calls[OP_COUNT];
} death;

static void die_here(enum op op)
{
	if (++death.calls[op] == death.at && death.op == op)
		_exit(9);
}

static ssize_t d_pwrite(int fd, const void *b, size_t n, off_t off)
{
	if (death.op == OP_PWRITE && death.calls[OP_PWRITE] + 1 == death.at) {
		if (pwrite(fd, b, n / 2, off) < 0)
			_exit(8);
		_exit(9);
	}
	death.calls[OP_PWRITE]++;
	return pwrite(fd, b, n, off);
}

static int d_fsync(int fd)
{
	die_here(OP_FSYNC);
	return fsync(fd);
}

static int d_ftruncate(int fd, off_t len)
{
	die_here(OP_FTRUNCATE);
	return ftruncate(fd, len);
}

static int d_flock(int fd, int op)
{
	die_here(OP_FLOCK);
	return flock(fd, op);
}

static int d_rename(const char *a, const char *b)
{
	die_here(OP_RENAME);
	return rename(a, b);
}

static const struct ysh_io dying_io = {d_pwrite, d_fsync, d_ftruncate, d_flock, d_rename};

/* An add in a child process that dies at the given call. */
static void add_and_die(const char *dir, enum op op, int at)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		memset(&death, 0, sizeof(death));
		death.op = op;
		death.at = at;
		ysh_io_set(&dying_io);
		char *id, *err;
		add_activity(dir, &id, &err);
		_exit(0);
	}
	/* the child's activity had the next participant: the next is another */
	participant_no++;
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 9);
}

static char notice[512];

static void keep_notice(const char *msg)
{
	snprintf(notice, sizeof(notice), "%s", msg);
}

/*
 * A writer killed at each step of an append: the intent's write, its
 * rename, the ledger's write half done, before the ledger's fsync, the
 * sidecar.  A reader sees the ledger whole up to the interrupted append
 * (and says so with write-interrupted), and changes nothing; the next
 * writer rolls back what is torn, keeps what is whole, and its own record
 * lands with the next id.
 */
static void test_killed_writer(void **state)
{
	(void)state;
	static const char seed[] = ACT_HEADER_STATED
		"A2026-0001,2026-11-02,县市场监管局,张三,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n";
	/* the calls of an add to an existing ledger: pwrite 1 the intent,
	 * fsync 1 the intent, fsync 2 .ysh, rename 1 the intent, pwrite 2
	 * the ledger, fsync 3 the ledger, pwrite 3 and rename 2 the sidecar */
	static const struct {
		enum op op;
		int at;
		bool torn, whole;
	} points[] = {
		{OP_PWRITE, 1, false, false}, {OP_FSYNC, 1, false, false}, {OP_RENAME, 1, false, false},
		{OP_PWRITE, 2, true, false},  {OP_FSYNC, 3, false, true},  {OP_PWRITE, 3, false, true},
		{OP_RENAME, 2, false, true},
	};
	ysh_set_notice(keep_notice);
	for (size_t i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
		struct fx f;
		fx_init(&f, NULL);
		fx_write(&f, "activities.csv", seed);
		char *id, *err;
		assert_int_equal(add_activity(f.dir, &id, &err), 0); /* a sidecar to start from */
		free(id);
		size_t n0;
		char *before = slurp(f.dir, "activities.csv", &n0);
		add_and_die(f.dir, points[i].op, points[i].at);
		size_t n1;
		char *crashed = slurp(f.dir, "activities.csv", &n1);
		assert_memory_equal(crashed, before, n0);
		assert_true(points[i].torn ? n1 > n0 : n1 >= n0);

		fx_check(&f, "2026-11-23");
		if (points[i].torn) {
			assert_int_equal(f.L->findings.n, 1);
			assert_finding(&f, "activities.csv", 4, 0, "write-interrupted");
		} else if (f.L->findings.n) {
			fx_dump(&f);
			fail_msg("point %zu: findings after a harmless kill", i);
		}
		size_t n2;
		char *checked = slurp(f.dir, "activities.csv", &n2);
		assert_int_equal(n2, n1); /* the reader changed nothing */
		free(checked);

		notice[0] = '\0';
		assert_int_equal(add_activity(f.dir, &id, &err), 0);
		assert_string_equal(id, points[i].whole ? "A2026-0004" : "A2026-0003");
		if (points[i].torn)
			assert_non_null(strstr(notice, "rolled back"));
		if (points[i].whole && points[i].op == OP_FSYNC)
			assert_non_null(strstr(notice, "whole and kept"));
		size_t n3;
		char *after = slurp(f.dir, "activities.csv", &n3);
		/* what was there, then exactly one new line: the record just added */
		size_t base = points[i].whole ? n1 : n0;
		assert_memory_equal(after, points[i].whole ? crashed : before, base);
		assert_int_equal(strchr(after + base, '\n') - after, (long)n3 - 1);
		assert_int_equal(strncmp(after + base, id, strlen(id)), 0);
		expect_clean(&f);
		char path[256];
		snprintf(path, sizeof(path), "%s/.ysh/activities.csv.intent", f.dir);
		assert_int_equal(access(path, F_OK), -1);
		free(id);
		free(before);
		free(crashed);
		free(after);
		fx_free(&f);
	}

	/* an intent that no longer matches the ledger is ignored, never acted
	 * on: a copy restored from before the append (shorter), and a ledger
	 * edited before the append's start (its check differs) */
	for (int k = 0; k < 2; k++) {
		struct fx f;
		fx_init(&f, NULL);
		fx_write(&f, "activities.csv", seed);
		char *id, *err;
		assert_int_equal(add_activity(f.dir, &id, &err), 0);
		free(id);
		size_t n0;
		char *before = slurp(f.dir, "activities.csv", &n0);
		add_and_die(f.dir, OP_PWRITE, 2);
		size_t n1;
		char *crashed = slurp(f.dir, "activities.csv", &n1);
		char path[256];
		snprintf(path, sizeof(path), "%s/activities.csv", f.dir);
		FILE *fp = fopen(path, "r+"); /* in place: the inode stays */
		if (k == 0) {
			assert_int_equal(ftruncate(fileno(fp), (off_t)(sizeof(seed) - 1)), 0);
		} else {
			crashed[sizeof(seed) + 10] = '7'; /* a digit of the record before the append */
			fwrite(crashed, 1, n1, fp);
		}
		fclose(fp);
		size_t n2;
		char *edited = slurp(f.dir, "activities.csv", &n2);
		fx_check(&f, "2026-11-23");
		assert_int_equal(fx_count(&f, "write-interrupted"), 0);
		notice[0] = '\0';
		int rc = add_activity(f.dir, &id, &err);
		assert_non_null(strstr(notice, "no longer matches"));
		size_t n3;
		char *after = slurp(f.dir, "activities.csv", &n3);
		assert_memory_equal(after, edited, n2); /* nothing cut */
		if (k == 0) {
			/* the copy lacks a row its hash chain lists: not appended to
			 * until an auditor has looked (ysh-check says chain-broken) */
			assert_int_equal(rc, -1);
			assert_non_null(strstr(err, "cut or replaced"));
			free(err);
		} else {
			assert_int_equal(rc, 1); /* the torn end is still there: refused */
			free(err);
		}
		free(before);
		free(crashed);
		free(edited);
		free(after);
		fx_free(&f);
	}

	/* a new ledger cut in its first write: no ledger afterwards, then the
	 * next add makes it afresh */
	struct fx f;
	fx_init(&f, NULL);
	add_and_die(f.dir, OP_PWRITE, 2);
	fx_check(&f, "2026-11-23");
	assert_int_equal(f.L->findings.n, 1);
	assert_finding(&f, "activities.csv", 1, 0, "write-interrupted");
	char *id, *err;
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	assert_string_equal(id, "A2026-0001");
	free(id);
	expect_clean(&f);
	fx_free(&f);
	ysh_set_notice(NULL);
}

/* ---- ids ---- */

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void expect_add(const char *dir, const char *today, const char *want)
{
	char *id, *err;
	int rc = add_activity_at(dir, today, today, &id, &err);
	if (rc != 0)
		fail_msg("add on %s: %s", today, err);
	assert_string_equal(id, want);
	free(id);
}

/* Where the scan for ids began, as the next writer would do it. */
static off_t scan_start(const char *dir)
{
	struct ysh_schema_set set;
	char *err = NULL;
	assert_int_equal(ysh_schemas_load(ysh_schema_dir(), &set, &err), 0);
	struct ysh_ledger_file lf;
	assert_int_equal(ysh_ledger_lock(dir, ysh_schemas_find(&set, "activity"), 100, &lf, &err), 0);
	off_t from = lf.scanned_from;
	assert_true(from <= lf.size);
	ysh_ledger_unlock(&lf);
	ysh_schemas_free(&set);
	return from;
}

static void test_ids_across_years_and_tampering(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	expect_add(f.dir, "2026-11-20", "A2026-0001");
	expect_add(f.dir, "2026-11-21", "A2026-0002");
	/* an add dated in another year, then this year again */
	expect_add(f.dir, "2025-12-30", "A2025-0001");
	expect_add(f.dir, "2026-11-22", "A2026-0003");
	expect_add(f.dir, "2025-12-31", "A2025-0002");
	expect_add(f.dir, "2027-01-02", "A2027-0001");
	expect_add(f.dir, "2026-11-22", "A2026-0004");

	/* the normal case reads only what was appended since the sidecar */
	char path[256];
	snprintf(path, sizeof(path), "%s/activities.csv", f.dir);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(scan_start(f.dir), st.st_size);

	/* a hand-edited sidecar: the right inode and size, a lower sequence */
	char seq[256];
	snprintf(seq, sizeof(seq), "%s/.ysh/activities.csv.seq", f.dir);
	size_t n;
	char *side = fx_slurp(seq, &n);
	char *p = strstr(side, "2026:4");
	assert_non_null(p);
	p[5] = '1';
	write_file(f.dir, ".ysh/activities.csv.seq", side);
	free(side);
	assert_int_equal(scan_start(f.dir), 0); /* it does not match: a full scan */
	expect_add(f.dir, "2026-11-22", "A2026-0005");

	/* a forged one, in the old format */
	char *forged = ysh_xasprintf("ysh-seq 1 %llu %lld 2026 1\n", (unsigned long long)st.st_ino,
				     (long long)st.st_size);
	write_file(f.dir, ".ysh/activities.csv.seq", forged);
	free(forged);
	expect_add(f.dir, "2026-11-22", "A2026-0006");

	/* a stale one: kept from before the last two adds */
	char *old = fx_slurp(seq, &n);
	expect_add(f.dir, "2026-11-22", "A2026-0007");
	expect_add(f.dir, "2026-11-22", "A2026-0008");
	write_file(f.dir, ".ysh/activities.csv.seq", old);
	free(old);
	assert_true(scan_start(f.dir) > 0); /* still true of the file: the tail is read */
	expect_add(f.dir, "2026-11-22", "A2026-0009");

	/* a sidecar that is a symbolic link: not followed, its target untouched */
	char target[256];
	snprintf(target, sizeof(target), "%s/elsewhere", f.dir);
	write_file(f.dir, "elsewhere", "ysh-seq 2 0 0 0 0 0000000000000000\n");
	unlink(seq);
	assert_int_equal(symlink(target, seq), 0);
	expect_add(f.dir, "2026-11-22", "A2026-0010");
	char *t = fx_slurp(target, &n);
	assert_string_equal(t, "ysh-seq 2 0 0 0 0 0000000000000000\n");
	free(t);
	struct stat lst;
	assert_int_equal(lstat(seq, &lst), 0);
	assert_true(S_ISREG(lst.st_mode)); /* replaced by a real sidecar */

	/* a sidecar from another ledger directory */
	struct fx g;
	fx_init(&g, NULL);
	expect_add(g.dir, "2026-11-22", "A2026-0001");
	char gseq[256];
	snprintf(gseq, sizeof(gseq), "%s/.ysh/activities.csv.seq", g.dir);
	char *other = fx_slurp(gseq, &n);
	write_file(f.dir, ".ysh/activities.csv.seq", other);
	free(other);
	expect_add(f.dir, "2026-11-22", "A2026-0011");
	fx_free(&g);

	/* a row appended by hand with the highest id there can be: the
	 * sequence is used up, nothing is written, other years go on */
	FILE *fp = fopen(path, "a");
	fputs("A2026-999999999,2026-11-02,县市场监管局,张三,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,,,\n", fp);
	fclose(fp);
	size_t n0, n1;
	char *before = fx_slurp(path, &n0);
	char *id, *err;
	/* refused: the id's own check (no id has ten digits) or the append's */
	int rc = add_activity_at(f.dir, "2026-11-22", "2026-11-22", &id, &err);
	assert_true(rc != 0);
	if (rc < 0)
		assert_non_null(strstr(err, "used up"));
	free(err);
	char *after = fx_slurp(path, &n1);
	assert_int_equal(n0, n1);
	free(before);
	free(after);
	expect_add(f.dir, "2027-01-03", "A2027-0002");

	/* and every id in the ledger is distinct */
	fx_check(&f, "2027-01-03");
	assert_no_code(&f, "id-duplicate");
	fx_free(&f);
}

/* Modes follow the umask for the owner and the group, never for others;
 * files take the group of a setgid directory. */
static void test_shared_modes(void **state)
{
	(void)state;
	static const struct {
		mode_t umask, file, dir;
	} cases[] = {{002, 0660, 0770}, {022, 0640, 0750}, {027, 0640, 0750}, {077, 0600, 0700}, {0, 0660, 0770}};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx f;
		fx_init(&f, NULL);
		mode_t old = umask(cases[i].umask);
		char *id, *err;
		for (int k = 0; k < 2; k++) { /* the second one writes a sidecar over the first */
			assert_int_equal(add_activity(f.dir, &id, &err), 0);
			free(id);
		}
		umask(old);
		static const char *const files[] = {"activities.csv", ".ysh/activities.csv.lock",
						    ".ysh/activities.csv.seq"};
		for (size_t k = 0; k < 3; k++) {
			char path[256];
			struct stat st;
			snprintf(path, sizeof(path), "%s/%s", f.dir, files[k]);
			assert_int_equal(stat(path, &st), 0);
			if ((st.st_mode & 0777) != cases[i].file)
				fail_msg("umask %03o: %s is %03o, expected %03o", cases[i].umask, files[k],
					 st.st_mode & 0777, cases[i].file);
		}
		char path[256];
		struct stat st;
		snprintf(path, sizeof(path), "%s/.ysh", f.dir);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, cases[i].dir);
		fx_free(&f);
	}

	/* a setgid directory of another group: everything takes its group */
	if (geteuid() != 0) {
		print_message("setgid group: skipped, needs root to give the directory another group\n");
		return;
	}
	struct fx f;
	fx_init(&f, NULL);
	gid_t group = 4242;
	assert_int_equal(chown(f.dir, (uid_t)-1, group), 0);
	assert_int_equal(chmod(f.dir, 02770), 0);
	char *id, *err;
	for (int k = 0; k < 2; k++) {
		assert_int_equal(add_activity(f.dir, &id, &err), 0);
		free(id);
	}
	static const char *const all[] = {"activities.csv", ".ysh", ".ysh/activities.csv.lock",
					  ".ysh/activities.csv.seq"};
	for (size_t k = 0; k < 4; k++) {
		char path[256];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", f.dir, all[k]);
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_gid, group);
	}
	fx_free(&f);
}

/* Every file under dir, with its size, time and contents' checksum. */
static char *tree(const char *dir)
{
	char out[300], cmd[1024];
	snprintf(out, sizeof(out), "%s.tree", dir);
	snprintf(cmd, sizeof(cmd),
		 "(cd %s && find . -printf '%%p %%y %%s %%T@ %%m\\n' | sort && find . -type f -exec sha256sum {} + | sort -k2) >%s",
		 dir, out);
	assert_int_equal(system(cmd), 0);
	size_t n;
	char *t = fx_slurp(out, &n);
	unlink(out);
	return t;
}

/*
 * A dry run writes nothing: after a writer killed half-way through its
 * append (an intent in .ysh, the ledger ending in part of a row), it
 * repairs nothing and builds no id index, yet answers as the real add
 * then does: the id that follows the rows that are whole.  On a directory
 * no writer has been to, it makes no .ysh (no lock file).
 */
static void test_dry_run_writes_nothing(void **state)
{
	(void)state;
	static const char seed[] = ACT_HEADER_STATED
		"A2026-0001,2026-11-02,县市场监管局,张三,局长,否,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n";
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", seed);
	char *id, *err;
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	free(id);
	add_and_die(f.dir, OP_PWRITE, 2); /* torn */
	char idx[300];
	snprintf(idx, sizeof(idx), "%s/.ysh/activities.csv.idx", f.dir);
	unlink(idx);
	char *before = tree(f.dir);
	dry_run = true;
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	dry_run = false;
	assert_string_equal(id, "A2026-0003");
	free(id);
	char *after = tree(f.dir);
	assert_string_equal(before, after);
	free(after);
	/* the real add: the same id, the torn part rolled back */
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	assert_string_equal(id, "A2026-0003");
	free(id);
	free(before);
	fx_free(&f);

	fx_init(&f, NULL);
	before = tree(f.dir);
	dry_run = true;
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	dry_run = false;
	assert_string_equal(id, "A2026-0001");
	free(id);
	after = tree(f.dir);
	assert_string_equal(before, after);
	free(before);
	free(after);
	fx_free(&f);
}

/* After a dry-run test, even one that failed half-way: the next tests add
 * for real, through the real system calls. */
static int dry_run_off(void **state)
{
	(void)state;
	dry_run = false;
	ysh_io_set(NULL);
	return 0;
}

/*
 * A dry run that cannot have the ledger's lock shared refuses, naming the
 * file: the ledger, when a writer holds the lock past the timeout (200 ms
 * here); the lock file, when it cannot be locked or opened (a symbolic
 * link, which no writer follows either).  Once the lock can be had, the
 * same dry run answers: it was the lock that stopped it.
 */
static void test_dry_run_refused_lock(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char *id, *err;
	assert_int_equal(add_activity(f.dir, &id, &err), 0); /* .ysh and its lock file made */
	free(id);
	char ledger[256], lock[256], moved[256], want[768];
	snprintf(ledger, sizeof(ledger), "%s/activities.csv", f.dir);
	snprintf(lock, sizeof(lock), "%s/.ysh/activities.csv.lock", f.dir);
	snprintf(moved, sizeof(moved), "%s/elsewhere.lock", f.dir);
	dry_run = true;

	/* another open of the lock file, as a writer's: flock conflicts
	 * across open files, in one process as across two */
	int fd = open(lock, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	assert_int_equal(add_activity(f.dir, &id, &err), -1);
	snprintf(want, sizeof(want), "%s: still locked by another writer after 200 ms", ledger);
	assert_string_equal(err, want);
	free(err);
	close(fd);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	assert_string_equal(id, "A2026-0002");
	free(id);

	/* flock itself failing */
	memset(&seam, 0, sizeof(seam));
	seam.op = OP_FLOCK;
	seam.fail_at = 1;
	ysh_io_set(&failing_io);
	int rc = add_activity(f.dir, &id, &err);
	ysh_io_set(NULL);
	assert_int_equal(rc, -1);
	snprintf(want, sizeof(want), "%s: cannot lock: %s", lock, strerror(ENOLCK));
	assert_string_equal(err, want);
	free(err);

	/* the lock file a symbolic link: not opened */
	assert_int_equal(rename(lock, moved), 0);
	assert_int_equal(symlink(moved, lock), 0);
	assert_int_equal(add_activity(f.dir, &id, &err), -1);
	snprintf(want, sizeof(want), "%s: %s", lock, strerror(ELOOP));
	assert_string_equal(err, want);
	free(err);
	assert_int_equal(unlink(lock), 0);
	assert_int_equal(rename(moved, lock), 0);
	assert_int_equal(add_activity(f.dir, &id, &err), 0);
	assert_string_equal(id, "A2026-0002");
	free(id);
	dry_run = false;
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
		cmocka_unit_test(test_killed_writer),
		cmocka_unit_test_teardown(test_dry_run_writes_nothing, dry_run_off),
		cmocka_unit_test_teardown(test_dry_run_refused_lock, dry_run_off),
		cmocka_unit_test(test_ids_across_years_and_tampering),
		cmocka_unit_test(test_shared_modes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
