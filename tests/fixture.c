#define _GNU_SOURCE
#include "fixture.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char base_ini[] =
	"[county]\n"
	"name = 测试县\n"
	"[units]\n"
	"县市场监管局 = 审批服务,行政执法\n"
	"县行政审批局 = 审批服务\n"
	"县司法局 = 审批服务,行政执法\n"
	"玉山镇 = 镇街\n"
	"[leads]\n"
	"走流程 = 县行政审批局\n"
	"坐窗口 = 县行政审批局\n"
	"处投诉 = 县行政审批局\n"
	"跟执法 = 县司法局\n"
	"[calendar]\n"
	"holidays = 2026-10-01..2026-10-07\n"
	"workdays = 2026-10-10\n";

void fx_init(struct fx *f, const char *ini_extra)
{
	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/ysh-test-XXXXXX");
	if (!mkdtemp(f->dir))
		fail_msg("mkdtemp failed");
	struct ysh_buf b = {0};
	ysh_buf_adds(&b, base_ini);
	if (ini_extra)
		ysh_buf_adds(&b, ini_extra);
	fx_write(f, "ysh.ini", ysh_buf_str(&b));
	ysh_buf_free(&b);
}

void fx_write_bytes(struct fx *f, const char *name, const void *content, size_t n)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	FILE *fp = fopen(path, "wb");
	if (!fp)
		fail_msg("cannot write %s", path);
	if (n && fwrite(content, 1, n, fp) != n)
		fail_msg("short write on %s", path);
	fclose(fp);
}

void fx_write(struct fx *f, const char *name, const char *content)
{
	fx_write_bytes(f, name, content, strlen(content));
}

void fx_check_opts(struct fx *f, struct ysh_check_opts *o)
{
	if (f->L)
		ysh_ledgers_free(f->L);
	f->L = ysh_ledgers_open(f->dir, o, NULL, 0, &f->err);
	if (!f->L)
		fail_msg("check of %s failed to open: %s", f->dir, f->err);
	ysh_ledgers_finish_check(f->L);
}

void fx_check(struct fx *f, const char *today)
{
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	if (!ysh_parse_date(today, &o.today))
		fail_msg("bad date %s in test", today);
	fx_check_opts(f, &o);
}

const char *fx_open_error(struct fx *f)
{
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	free(f->err);
	f->err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_open(f->dir, &o, NULL, 0, &f->err);
	if (L) {
		ysh_ledgers_free(L);
		fail_msg("expected %s not to open", f->dir);
	}
	return f->err;
}

static void remove_files(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) != 0) {
			remove_files(path);
			rmdir(path);
		}
	}
	closedir(d);
}

void fx_free(struct fx *f)
{
	ysh_ledgers_free(f->L);
	f->L = NULL;
	free(f->err);
	f->err = NULL;
	remove_files(f->dir);
	rmdir(f->dir);
}

char *fx_slurp(const char *path, size_t *n)
{
	*n = 0;
	return ysh_slurp(path, n);
}

size_t fx_count(const struct fx *f, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < f->L->findings.n; i++)
		n += !strcmp(f->L->findings.v[i].code, code);
	return n;
}

int fx_has(const struct fx *f, const char *name, size_t line, size_t col, const char *code)
{
	const struct ysh_findings *fs = &f->L->findings;
	for (size_t i = 0; i < fs->n; i++) {
		const struct ysh_finding *x = &fs->v[i];
		const char *file = fs->files[x->file];
		const char *base = strrchr(file, '/');
		base = base ? base + 1 : file;
		if (!strcmp(base, name) && x->line == line && x->col == col && !strcmp(x->code, code))
			return 1;
	}
	return 0;
}

void fx_dump(const struct fx *f)
{
	for (size_t i = 0; i < f->L->findings.n; i++)
		ysh_finding_print_text(stderr, &f->L->findings, &f->L->findings.v[i]);
}

static char edited_dir[] = "/tmp/ysh-schemas-XXXXXX";
static const char *const schema_files[] = {"activities.ini", "callbacks.ini", "problems.ini", "filings.ini",
					    "complaints.ini"};

const char *fx_schemas_edited(const char *file, const char *from, const char *to)
{
	strcpy(edited_dir, "/tmp/ysh-schemas-XXXXXX");
	assert_non_null(mkdtemp(edited_dir));
	const char *src = ysh_schema_dir();
	for (size_t i = 0; i < sizeof(schema_files) / sizeof(schema_files[0]); i++) {
		char in_path[600], out_path[128], line[1024];
		snprintf(in_path, sizeof(in_path), "%s/%s", src, schema_files[i]);
		snprintf(out_path, sizeof(out_path), "%s/%s", edited_dir, schema_files[i]);
		FILE *in = fopen(in_path, "r"), *out = fopen(out_path, "w");
		assert_non_null(in);
		assert_non_null(out);
		while (fgets(line, sizeof(line), in))
			fputs(!strcmp(schema_files[i], file) && !strcmp(line, from) ? to : line, out);
		fclose(in);
		fclose(out);
	}
	setenv("YSH_SCHEMA_DIR", edited_dir, 1);
	return edited_dir;
}

void fx_schemas_remove(void)
{
	for (size_t i = 0; i < sizeof(schema_files) / sizeof(schema_files[0]); i++) {
		char path[128];
		snprintf(path, sizeof(path), "%s/%s", edited_dir, schema_files[i]);
		unlink(path);
	}
	rmdir(edited_dir);
	unsetenv("YSH_SCHEMA_DIR");
}

/* ---- reports, and their JSON ---- */

char *fx_render(struct ysh_ledgers *L, const struct ysh_report_opts *o, size_t *len)
{
	char *buf = NULL, *err = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	assert_non_null(out);
	int rc = ysh_report_write(L, o, out, &err);
	fclose(out);
	if (rc != 0)
		fail_msg("the report is not written: %s", err ? err : "(no message)");
	if (len)
		*len = n;
	return buf;
}

json_t *fx_json(char *s)
{
	json_error_t e;
	json_t *j = json_loads(s, 0, &e);
	if (!j)
		fail_msg("JSON does not parse: %s at line %d: %s", e.text, e.line, s);
	free(s);
	return j;
}

const char *fx_cell(json_t *row, const char *key)
{
	/* a few at once: a test compares several cells in one expression */
	static char digits[8][24];
	static unsigned next;
	json_t *v = json_object_get(row, key);
	if (json_is_string(v))
		return json_string_value(v);
	if (!json_is_integer(v))
		fail_msg("cell %s is neither text nor a count", key);
	char *out = digits[next++ % 8];
	snprintf(out, sizeof(digits[0]), "%lld", (long long)json_integer_value(v));
	return out;
}

long fx_int(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return (long)json_integer_value(v);
}

json_t *fx_row(json_t *rows, const char *key, const char *val)
{
	for (size_t r = 0; r < json_array_size(rows); r++)
		if (!strcmp(fx_cell(json_array_get(rows, r), key), val))
			return json_array_get(rows, r);
	return NULL;
}

static bool is_table(json_t *t, const char *name)
{
	return !strcmp(json_string_value(json_object_get(t, "table")), name);
}

json_t *fx_table(json_t *j, const char *name)
{
	json_t *ts = json_object_get(j, "tables");
	for (size_t i = 0; i < json_array_size(ts); i++)
		if (is_table(json_array_get(ts, i), name))
			return json_object_get(json_array_get(ts, i), "rows");
	fail_msg("no table %s", name);
	return NULL;
}

json_t *fx_row_of(json_t *j, const char *name, const char *key, const char *val)
{
	/* a report may have several tables of one name (one a lead office or unit) */
	json_t *ts = json_object_get(j, "tables"), *row = NULL;
	for (size_t i = 0; i < json_array_size(ts) && !row; i++)
		if (is_table(json_array_get(ts, i), name))
			row = fx_row(json_object_get(json_array_get(ts, i), "rows"), key, val);
	if (!row)
		fail_msg("no row %s=%s in %s", key, val, name);
	return row;
}
