/* Reading a ledger directory: headers, misshapen files, which files. */
#include "fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvpipe.h"
#include "idindex.h"

#define ACT_ROW "A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n"

static void test_header_titles_any_order(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	/* Chinese titles, shuffled, with a BOM and CRLF */
	fx_write(&f, "activities.csv",
		 "\xef\xbb\xbf活动类型,编号,单位,活动日期,参与人,职务,体验方式,参与环节,体验事项,报备日期\r\n"
		 "处投诉,A2026-0001,县市场监管局,2026-11-02,张三,局长,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\r\n");
	fx_check(&f, "2026-11-23");
	assert_int_equal(f.L->findings.n, 0);
	const struct ysh_table *t = ysh_ledgers_table(f.L, "activities");
	assert_int_equal(t->nrec, 1);
	assert_string_equal(ysh_rec_get(t, &t->recs[0], "unit"), "县市场监管局");
	assert_string_equal(ysh_rec_get(t, &t->recs[0], "kind"), "处投诉");
	fx_free(&f);
}

static void test_header_problems(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	/* unknown column 3, duplicate column 4 (date again), no unit, no steps */
	fx_write(&f, "activities.csv",
		 "id,date,colour,活动日期,participant,position,kind,mode,items\n"
		 "A2026-0001,2026-11-02,red,2026-11-02,张三,局长,处投诉,定期,工单\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 1, 3, "header");
	assert_finding(&f, "activities.csv", 1, 4, "header");
	assert_finding(&f, "activities.csv", 1, 0, "header");
	assert_int_equal(fx_count(&f, "header"), 4); /* unit and steps missing */
	fx_free(&f);
}

static void test_empty_and_header_only(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", "");
	fx_write(&f, "callbacks.csv", CB_HEADER);
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 1, 0, "header");
	/* a ledger with a header and no rows is a valid, empty ledger */
	assert_int_equal(f.L->findings.n, 1);
	fx_free(&f);
}

static void test_field_count_and_repeated_header(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv",
		 ACT_HEADER ACT_ROW
		 "A2026-0002,2026-11-02,县市场监管局\n"
		 "A2026-0003,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,extra\n"
		 ACT_HEADER
		 "A2026-0004,2026-11-02,县市场监管局,李四,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n");
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 3, 0, "csv-syntax");
	assert_finding(&f, "activities.csv", 4, 11, "csv-syntax");
	assert_finding(&f, "activities.csv", 5, 0, "header");
	assert_int_equal(f.L->findings.n, 3);
	assert_int_equal(ysh_ledgers_table(f.L, "activities")->nrows, 5);
	fx_free(&f);
}

static void test_broken_file_does_not_hide_others(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", ACT_HEADER "A2026-0001,\"unterminated\n");
	fx_write(&f, "filings.csv",
		 FIL_HEADER "F2026-0001,县市场监管局,某公司,,2026-11-20,甲,检查,依据,例行,2026-11-19,刘某,2026-11-19,,,\n");
	static const char gbk[] = "id,date\n\xd3\xaa\xc9\xcc,2026-11-02\n";
	fx_write_bytes(&f, "callbacks.csv", gbk, sizeof(gbk) - 1);
	fx_check(&f, "2026-11-23");
	assert_finding(&f, "activities.csv", 2, 2, "csv-syntax");
	assert_finding(&f, "callbacks.csv", 2, 1, "csv-syntax");
	assert_finding(&f, "filings.csv", 2, 10, "filing-late");
	fx_free(&f);
}

static void test_only_some_files(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", ACT_HEADER "A2026-0001,bad-date,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03\n");
	fx_write(&f, "callbacks.csv",
		 CB_HEADER "C2026-0001,A2026-0001,2026-11-05,王女士,13812345678,2026-10-20,好,好,是,是,好,满意,是\n"
		 "C2026-0002,A2026-0404,2026-11-05,王女士,13812345678,2026-10-20,好,好,是,是,好,满意,是\n");
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	char *only[] = {"callbacks.csv"};
	char *err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_open(f.dir, &o, only, 1, &err);
	assert_non_null(L);
	ysh_ledgers_finish_check(L);
	/* activities were read (the reference resolves) but not reported */
	assert_int_equal(L->findings.n, 1);
	assert_string_equal(L->findings.v[0].code, "ref-missing");
	assert_int_equal(L->findings.v[0].line, 3);
	ysh_ledgers_free(L);

	char *missing[] = {"problems.csv"};
	assert_null(ysh_ledgers_open(f.dir, &o, missing, 1, &err));
	assert_non_null(strstr(err, "problems.csv"));
	free(err);
	char *stranger[] = {"notes.csv"};
	assert_null(ysh_ledgers_open(f.dir, &o, stranger, 1, &err));
	assert_non_null(strstr(err, "not a ledger"));
	free(err);
	fx_free(&f);
}

static void test_unreadable_things(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	char path[256];
	snprintf(path, sizeof(path), "%s/activities.csv", f.dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	const char *err = fx_open_error(&f);
	assert_non_null(strstr(err, "not a regular file"));
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	err = fx_open_error(&f);
	assert_non_null(strstr(err, "activities.csv"));
	rmdir(path);
	fx_free(&f);

	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	char *e = NULL;
	assert_null(ysh_ledgers_open("/nonexistent/ysh", &o, NULL, 0, &e));
	assert_non_null(strstr(e, "/nonexistent/ysh"));
	free(e);
	assert_null(ysh_ledgers_open("/etc/passwd", &o, NULL, 0, &e));
	assert_non_null(strstr(e, "not a directory"));
	free(e);
}

static void test_revisions_fold(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv",
		 PROB_HEADER
		 "P2026-0001,2026-11-02,县市场监管局,,自我查,问题,事项,张三,描述,2,措施,挂账销号,2026-12-20,未整改,\n"
		 "P2026-0002,2026-11-02,县市场监管局,,自我查,问题,事项二,张三,描述,2,措施,立行立改,,已销号,2026-11-02\n"
		 "P2026-0001,,,,,,,,,,新措施,,,整改中,\n"
		 "P2026-0001,,,,,,,,,,,,,已销号,2026-11-20\n");
	fx_check(&f, "2026-11-23");
	assert_int_equal(f.L->findings.n, 0);
	const struct ysh_table *t = ysh_ledgers_table(f.L, "problems");
	assert_int_equal(t->nrec, 2);
	assert_int_equal(t->nrows, 4);
	const struct ysh_rec *r = ysh_table_find(t, "P2026-0001");
	assert_non_null(r);
	assert_int_equal(r->line, 2);
	assert_int_equal(r->last_line, 5);
	assert_string_equal(ysh_rec_get(t, r, "status"), "已销号");
	assert_string_equal(ysh_rec_get(t, r, "measure"), "新措施");
	assert_string_equal(ysh_rec_get(t, r, "closed_on"), "2026-11-20");
	assert_string_equal(ysh_rec_get(t, r, "deadline"), "2026-12-20");
	assert_int_equal(t->max_seq, 2);
	fx_free(&f);
}

/* ---- the ledgers read on threads (readall.c) ---- */

/* The functions threads were started with, and how many starts. */
static void *(*started_fn[8])(void *);
static atomic_int nstarted, nkinds;
static pthread_mutex_t started_mu = PTHREAD_MUTEX_INITIALIZER;

static int counting_spawn(pthread_t *th, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	pthread_mutex_lock(&started_mu);
	int k = 0;
	while (k < nkinds && started_fn[k] != fn)
		k++;
	if (k == nkinds && k < 8)
		started_fn[nkinds++] = fn;
	nstarted++;
	pthread_mutex_unlock(&started_mu);
	return pthread_create(th, a, fn, arg);
}

static int no_spawn(pthread_t *th, const pthread_attr_t *a, void *(*fn)(void *), void *arg)
{
	(void)th, (void)a, (void)fn, (void)arg;
	return EAGAIN;
}

/* What checking dir says, read with YSH_READ_THREADS=threads and threads
 * started by spawn: every finding, and each table's rows and records. */
static char *checked(const char *dir, const char *threads, ysh_csv_spawn_fn spawn)
{
	setenv("YSH_READ_THREADS", threads, 1);
	ysh_csv_pipe_set_spawn(spawn);
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	assert_true(ysh_parse_date("2026-11-23", &o.today));
	char *err = NULL, *text = NULL;
	struct ysh_ledgers *L = ysh_ledgers_open(dir, &o, NULL, 0, &err);
	if (!L)
		fail_msg("%s: %s", dir, err);
	ysh_ledgers_finish_check(L);
	size_t len;
	FILE *f = open_memstream(&text, &len);
	for (size_t i = 0; i < L->findings.n; i++)
		ysh_finding_print_text(f, &L->findings, &L->findings.v[i]);
	for (size_t i = 0; i < L->ntables; i++)
		fprintf(f, "%s: %zu rows, %zu records\n", L->tables[i].schema->name, L->tables[i].nrows,
			L->tables[i].nrec);
	fclose(f);
	ysh_ledgers_free(L);
	ysh_csv_pipe_set_spawn(NULL);
	unsetenv("YSH_READ_THREADS");
	return text;
}

/* Every sample county read and judged on threads says what it says read
 * and judged in turn, and so does a machine that gives no thread; the
 * threaded run did start each kind of thread. */
static void test_ledgers_read_on_threads(void **state)
{
	(void)state;
	const char *src = getenv("YSH_SOURCE_DIR");
	static const char *const counties[] = {"data", "tests/samples/violations", "tests/samples/supervision",
					       "examples/紫阳"};
	for (size_t i = 0; i < sizeof(counties) / sizeof(counties[0]); i++) {
		char dir[512];
		snprintf(dir, sizeof(dir), "%s/%s", src ? src : ".", counties[i]);
		char *in_turn = checked(dir, "1", counting_spawn);
		assert_int_equal(nstarted, 0); /* in turn: no thread at all */
		char *threaded = checked(dir, "2", counting_spawn);
		/* the ledgers' readers, the parsers (csvpipe.c) and the record
		 * rules' thread (rules.c) */
		assert_int_equal(nkinds, 3);
		assert_true(nstarted >= 2);
		char *threadless = checked(dir, "2", no_spawn);
		assert_true(strstr(in_turn, " records\n") != NULL);
		assert_string_equal(threaded, in_turn);
		assert_string_equal(threadless, in_turn);
		free(in_turn);
		free(threaded);
		free(threadless);
		nstarted = nkinds = 0;
	}
}

/* The violations sample, opened (read and folded, not judged). */
static struct ysh_ledgers *violations_opened(void)
{
	const char *src = getenv("YSH_SOURCE_DIR");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/tests/samples/violations", src ? src : ".");
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	char *err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_open(dir, &o, NULL, 0, &err);
	if (!L)
		fail_msg("%s: %s", dir, err);
	return L;
}

/* A callback's activity and a problem's, read whole or on threads, are the
 * activities' own id cells, not copies; one naming no activity keeps its
 * own copy and reads back the same. */
static void test_references_are_the_records_ids(void **state)
{
	(void)state;
	static const char *const threads[] = {"1", "2"};
	for (size_t n = 0; n < 2; n++) {
		setenv("YSH_READ_THREADS", threads[n], 1);
		struct ysh_ledgers *L = violations_opened();
		const struct ysh_table *acts = ysh_ledgers_table(L, "activities");
		size_t shared = 0, own = 0;
		static const char *const referring[] = {"callbacks", "problems"};
		for (size_t k = 0; k < 2; k++) {
			const struct ysh_table *t = ysh_ledgers_table(L, referring[k]);
			int c = ysh_schema_col(t->schema, "activity");
			assert_true(c >= 0);
			for (size_t i = 0; i < t->nrec; i++) {
				const char *v = ysh_rec_cell(t, &t->recs[i], (size_t)c);
				const struct ysh_rec *a = *v ? ysh_table_find(acts, v) : NULL;
				if (a) {
					assert_ptr_equal(v, ysh_rec_cell(acts, a, (size_t)acts->schema->id_col));
					shared++;
				} else if (*v) {
					own++;
				}
			}
		}
		/* the sample's callbacks and problems: ten name an activity there,
		 * one (C2026-0007) A2026-0404, which is not */
		assert_int_equal(shared, 10);
		assert_int_equal(own, 1);
		ysh_ledgers_free(L);
	}
	unsetenv("YSH_READ_THREADS");
}

/* ysh_ledgers_drop_unnamed_ids lets go the id maps of the ledgers no
 * column names, keeps the activities' (callbacks and problems name them)
 * and the references read through it, and a lookup in a map let go
 * aborts rather than answer "no such record". */
static void test_unnamed_ids_dropped(void **state)
{
	(void)state;
	struct ysh_ledgers *L = violations_opened();
	const struct ysh_table *acts = ysh_ledgers_table(L, "activities");
	const struct ysh_table *cbs = ysh_ledgers_table(L, "callbacks");
	const char *cb_id = ysh_rec_cell(cbs, &cbs->recs[0], (size_t)cbs->schema->id_col);
	assert_non_null(ysh_table_find(cbs, cb_id)); /* before: found */
	int c = ysh_schema_col(cbs->schema, "activity");
	size_t named = 0, idx;
	for (size_t i = 0; i < cbs->nrec; i++)
		named += ysh_rec_names(cbs, &cbs->recs[i], c, acts, &idx);
	assert_true(named > 0 && named < cbs->nrec); /* C2026-0007 names none there */
	ysh_ledgers_drop_unnamed_ids(L);
	assert_false(acts->ids_gone);
	assert_true(cbs->ids_gone);
	assert_int_equal(cbs->ids.cap, 0);
	const char *act_id = ysh_rec_cell(acts, &acts->recs[0], (size_t)acts->schema->id_col);
	assert_ptr_equal(ysh_table_find(acts, act_id), &acts->recs[0]);
	size_t after = 0;
	for (size_t i = 0; i < cbs->nrec; i++)
		after += ysh_rec_names(cbs, &cbs->recs[i], c, acts, &idx);
	assert_int_equal(after, named);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* the child's abort is the finding; its output is not wanted */
		(void)!freopen("/dev/null", "w", stderr);
		(void)ysh_table_find(cbs, cb_id);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
	ysh_ledgers_free(L);
}

/* The long texts of a problem (ysh-ledgers(5), long = yes): quotes, commas
 * and a line break in one, a revision's new text in place of the first. */
#define FAR_DESC1 "窗口收件后未一次性告知材料清单，群众反映\"\"多次跑\"\",经核查涉及 12 件,\n其中加急件 3 件，已逐一回访并说明依据"
#define FAR_DESC2 "复核后确认：窗口收件后未一次性告知材料清单共 14 件，第 7 次回访时群众仍反映多次跑，已约谈窗口负责人并限期整改"
#define FAR_MEASURE "建立一次性告知清单并在窗口公示，收件时当面核对材料，缺件的当场出具书面告知书，每周抽查十件工单，月底通报"

/* The text a ledger's cell holds: its quotes undoubled. */
static void undoubled(char *dst, const char *src)
{
	for (; *src; src++, dst++) {
		*dst = *src;
		if (src[0] == '"' && src[1] == '"')
			src++;
	}
	*dst = '\0';
}

/* Reading record r's long cell c back, in a child, ends it with exit
 * status 2 and a message naming the ledger and saying `why`; unreadable:
 * the ledger's descriptor made one that cannot be read. */
static void far_read_dies(struct ysh_table *t, const struct ysh_rec *r, size_t c, bool unreadable, const char *why)
{
	char err[] = "/tmp/ysh-far-err-XXXXXX";
	int efd = mkstemp(err);
	assert_true(efd >= 0);
	fflush(NULL); /* the child's exit flushes nothing of the parent's twice */
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(efd, 2);
		if (unreadable)
			dup2(open("/dev/null", O_WRONLY), t->far_fd);
		(void)ysh_rec_cell(t, r, c);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	size_t n;
	char *msg = fx_slurp(err, &n);
	assert_non_null(msg);
	if (!strstr(msg, t->path) || !strstr(msg, why))
		fail_msg("the message names %s and says %s: %s", t->path, why, msg);
	free(msg);
	close(efd);
	unlink(err);
}

/* A problem with a long description and a long measure. */
#define FAR_PROBLEM \
	"P2026-0001,2026-11-03,县市场监管局,,自我查,问题,许可,张三,\"" FAR_DESC1 "\",1,\"" FAR_MEASURE "\",立行立改,,整改中,\n"

/* Long values are kept as their place in the ledger and read back as they
 * were written, into the caller's arena or the table's; short ones kept.
 * Rewritten in place after it was read, the ledger no longer holds what
 * was read: asking for a long value then ends the process (exit 2) rather
 * than show a text no check judged. */
static void test_far_values_read_back(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv", PROB_HEADER
		 FAR_PROBLEM
		 "P2026-0002,2026-11-04,县市场监管局,,自我查,问题,许可,李四,材料清单未公示,1,,立行立改,,整改中,\n"
		 "P2026-0001,,,,,,,,\"" FAR_DESC2 "\",,,,,,\n");
	fx_check(&f, "2026-12-01");
	struct ysh_table *t = ysh_ledgers_table(f.L, "problems");
	size_t desc = (size_t)ysh_schema_col(t->schema, "description"), measure = (size_t)ysh_schema_col(t->schema, "measure");
	assert_int_equal(t->nrec, 2);
	assert_true(t->far_fd >= 0);
	assert_int_equal(t->cells.nfar, 3); /* both descriptions and the measure, none of the short */
	/* read, revised, judged, compared for duplicates: nothing kept read back */
	assert_int_equal(ysh_cells_far_kept(&t->cells), 0);
	char want[512];
	const struct ysh_rec *p1 = ysh_table_find(t, "P2026-0001"), *p2 = ysh_table_find(t, "P2026-0002");
	assert_true(ysh_cells_is_far(&t->cells.col[desc], ysh_cells_raw(&t->cells.col[desc], 0)));
	assert_false(ysh_cells_is_far(&t->cells.col[desc], ysh_cells_raw(&t->cells.col[desc], 1)));
	assert_string_equal(ysh_rec_cell(t, p1, desc), FAR_DESC2);
	assert_int_equal(ysh_cells_far_kept(&t->cells), 1); /* what a report shows: kept */
	assert_string_equal(ysh_rec_cell(t, p2, desc), "材料清单未公示");
	undoubled(want, FAR_MEASURE);
	assert_string_equal(ysh_rec_cell(t, p1, measure), want);
	const char *cells[32];
	struct ysh_arena a = {0};
	ysh_rec_cells(t, p1, cells, &a);
	assert_string_equal(cells[desc], FAR_DESC2);
	assert_string_equal(cells[measure], want);
	ysh_arena_free(&a);
	/* the first description, replaced, is still in the file and in the
	 * table's list: its place read back gives it (what a revision's state
	 * read while the ledger was read) */
	undoubled(want, FAR_DESC1);
	assert_string_equal(ysh_cells_far_str(&t->cells, desc, 0 | YSH_CELLS_FAR, NULL), want);
	/* one digit of the revision's text changed in place */
	char path[128];
	snprintf(path, sizeof(path), "%s/problems.csv", f.dir);
	size_t n;
	char *bytes = fx_slurp(path, &n);
	const char *seven = strstr(bytes, "第 7 次");
	assert_non_null(seven);
	int fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "8", 1, (off_t)(seven - bytes) + strlen("第 ")), 1);
	close(fd);
	free(bytes);
	assert_string_equal(ysh_rec_cell(t, p2, desc), "材料清单未公示"); /* kept: not read again */
	far_read_dies(t, p1, desc, false, "changed while it was read");
	far_read_dies(t, p1, desc, true, "Bad file descriptor");
	fx_free(&f);
}

/* A view and a revision's state leave a long value in the ledger until
 * it is asked for (ysh_row_cell, ysh_row_state), and tell whether it is
 * given without reading it; read without any rule, the fold reads back
 * what it compares itself. */
static void test_far_values_read_when_asked(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "problems.csv", PROB_HEADER
		 FAR_PROBLEM
		 "P2026-0001,,,,,,,,\"" FAR_DESC2 "\",,,,,,\n"
		 "P2026-0001,,,,,,,,\"" FAR_DESC2 "\",,,,,,\n");
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	o.hooks = NULL; /* no rule reads the states: the fold alone */
	fx_check_opts(&f, &o);
	struct ysh_table *t = ysh_ledgers_table(f.L, "problems");
	size_t desc = (size_t)ysh_schema_col(t->schema, "description"), measure = (size_t)ysh_schema_col(t->schema, "measure");
	assert_int_equal(t->nrec, 1);
	assert_int_equal(ysh_cells_far_kept(&t->cells), 0);
	const char *cells[32];
	struct ysh_arena a = {0};
	struct ysh_row view;
	assert_true(ysh_table_view(f.L, t, 0, &view, cells, &a));
	assert_null(cells[desc]);
	assert_null(cells[measure]);
	assert_true(ysh_row_given(&view, desc));
	assert_null(a.head); /* nothing read back to tell */
	assert_string_equal(ysh_row_cell(&view, desc), FAR_DESC2);
	assert_ptr_equal(cells[desc], ysh_row_cell(&view, desc)); /* read once */
	assert_null(cells[measure]);
	char want[512];
	undoubled(want, FAR_MEASURE);
	assert_string_equal(ysh_row_cell(&view, measure), want);
	const char *st[32];
	struct ysh_row row = {.L = f.L, .t = t, .cells = cells};
	ysh_row_revises(&row, 0, st, &a);
	assert_null(st[desc]);
	assert_true(ysh_row_state_given(&row, desc));
	assert_string_equal(ysh_row_state(&row, desc), FAR_DESC2);
	assert_int_equal(ysh_cells_far_kept(&t->cells), 0); /* all into a, the caller's */
	ysh_arena_free(&a);
	fx_free(&f);
}

/* f's ledgers loaded (none read), *t their activities, *fd its ledger
 * open for reading, as ysh-add reads through an id index. */
static struct ysh_ledgers *activities_loaded(struct fx *f, struct ysh_table **t, int *fd)
{
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	char *err = NULL, path[256];
	struct ysh_ledgers *L = ysh_ledgers_load(f->dir, &o, &err);
	assert_non_null(L);
	*t = ysh_ledgers_table(L, "activities");
	assert_non_null(*t);
	snprintf(path, sizeof(path), "%s/activities.csv", f->dir);
	*fd = open(path, O_RDONLY);
	assert_true(*fd >= 0);
	return L;
}

/* A record keeps its line in 32 bits: a row past line 4294967295 (here
 * one an id index places there) is not read, and the ledger says so once;
 * a row on the last line that fits is read with it. */
static void test_lines_past_32_bits(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", ACT_HEADER ACT_ROW ACT_ROW);
	const uint64_t lines[] = {UINT32_MAX, (uint64_t)UINT32_MAX + 1, 5000000000ULL};
	for (size_t k = 0; k < 3; k++) {
		struct ysh_table *t;
		int fd;
		char *err = NULL;
		struct ysh_ledgers *L = activities_loaded(&f, &t, &fd);
		uint64_t off = strlen(ACT_HEADER);
		struct ysh_idx_entry e[2] = {
			{.key = ysh_idx_key(t->schema, "A2026-0001"), .off = off, .line = lines[k]},
			{.key = ysh_idx_key(t->schema, "A2026-0001"), .off = off + strlen(ACT_ROW), .line = lines[k] + 1},
		};
		assert_int_equal(ysh_table_read_indexed(L, t, fd, e, 2, &err), 0);
		close(fd);
		size_t syntax = 0;
		for (size_t i = 0; i < L->findings.n; i++)
			if (L->findings.v[i].rule == YSH_R_CSV_SYNTAX) {
				syntax++;
				assert_int_equal(L->findings.v[i].line, k ? lines[k] : lines[k] + 1);
			}
		assert_int_equal(syntax, 1);
		assert_int_equal(t->nrec, k ? 0 : 1);
		if (!k)
			assert_int_equal(t->recs[0].line, UINT32_MAX);
		ysh_ledgers_free(L);
	}
	fx_free(&f);
}

/* A row an id index names that is not the record it says: nothing of the
 * reading stays, not the header's findings, nor their count. */
static void test_indexed_read_undone(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	/* a header with a column no schema has: a finding of its own */
	const char header[] = "id,date,unit,participant,position,kind,mode,steps,items,reported_on,extra\n";
	const char row[] = "A2026-0001,2026-11-02,县市场监管局,张三,局长,处投诉,定期,转办体验;投诉分析;投诉处理,工单,2026-11-03,x\n";
	char text[512];
	snprintf(text, sizeof(text), "%s%s", header, row);
	fx_write(&f, "activities.csv", text);
	struct ysh_table *t;
	int fd;
	char *err = NULL;
	struct ysh_ledgers *L = activities_loaded(&f, &t, &fd);
	struct ysh_idx_entry right = {.key = ysh_idx_key(t->schema, "A2026-0001"), .off = strlen(header), .line = 2};
	struct ysh_idx_entry wrong = right;
	wrong.key = ysh_idx_key(t->schema, "A2026-0002");
	assert_int_equal(ysh_table_read_indexed(L, t, fd, &wrong, 1, &err), 1);
	assert_int_equal(L->findings.n, 0);
	assert_int_equal(L->findings.errors + L->findings.warnings, 0);
	assert_false(t->read);
	/* read right, the header's finding is there once, and counted once */
	assert_int_equal(ysh_table_read_indexed(L, t, fd, &right, 1, &err), 0);
	close(fd);
	assert_true(L->findings.n >= 1);
	assert_int_equal(L->findings.errors + L->findings.warnings, L->findings.n);
	assert_int_equal(t->nrec, 1);
	ysh_ledgers_free(L);
	fx_free(&f);
}

/* A county two of whose ledgers cannot be read says the first of them
 * (in the ledgers' order) read on threads as in turn, and read on
 * threads tells no more than that. */
static void test_threads_first_error(void **state)
{
	(void)state;
	struct fx f;
	fx_init(&f, NULL);
	fx_write(&f, "activities.csv", ACT_HEADER ACT_ROW);
	char path[256];
	const char *broken[] = {"callbacks.csv", "problems.csv"};
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", f.dir, broken[i]);
		assert_int_equal(mkdir(path, 0700), 0);
	}
	for (int threaded = 0; threaded < 2; threaded++) {
		setenv("YSH_READ_THREADS", threaded ? "2" : "1", 1);
		char *err = NULL;
		struct ysh_check_opts o;
		ysh_check_opts_init(&o);
		assert_null(ysh_ledgers_open(f.dir, &o, NULL, 0, &err));
		assert_non_null(err);
		assert_non_null(strstr(err, "callbacks.csv"));
		assert_null(strstr(err, "problems.csv"));
		free(err);
	}
	unsetenv("YSH_READ_THREADS");
	for (size_t i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", f.dir, broken[i]);
		rmdir(path);
	}
	fx_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_titles_any_order),
		cmocka_unit_test(test_header_problems),
		cmocka_unit_test(test_empty_and_header_only),
		cmocka_unit_test(test_field_count_and_repeated_header),
		cmocka_unit_test(test_broken_file_does_not_hide_others),
		cmocka_unit_test(test_only_some_files),
		cmocka_unit_test(test_unreadable_things),
		cmocka_unit_test(test_revisions_fold),
		cmocka_unit_test(test_ledgers_read_on_threads),
		cmocka_unit_test(test_references_are_the_records_ids),
		cmocka_unit_test(test_unnamed_ids_dropped),
		cmocka_unit_test(test_far_values_read_back),
		cmocka_unit_test(test_far_values_read_when_asked),
		cmocka_unit_test(test_threads_first_error),
		cmocka_unit_test(test_lines_past_32_bits),
		cmocka_unit_test(test_indexed_read_undone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
