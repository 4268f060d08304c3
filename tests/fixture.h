/*
 * fixture.h - ledger directories made on disk for a test, assertions on
 * the findings a check of them produces, and lookups in the JSON of the
 * reports written from them.
 */
#ifndef YSH_TEST_FIXTURE_H
#define YSH_TEST_FIXTURE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>

#include "ledger.h"
#include "report.h"
#include "rules.h"

struct fx {
	char dir[64];
	struct ysh_ledgers *L;
	char *err;
};

/* A temporary ledger directory with a small ysh.ini (units 县市场监管局,
 * 县行政审批局, 县司法局, 玉山镇; 2026-10-01..07 holidays, 2026-10-10 a
 * working day).  ini_extra is appended to it (may be NULL). */
void fx_init(struct fx *f, const char *ini_extra);
void fx_write(struct fx *f, const char *name, const char *content);
void fx_write_bytes(struct fx *f, const char *name, const void *content, size_t n);
/* Checks the directory as of `today` (YYYY-MM-DD); fails the test on a
 * configuration error. */
void fx_check(struct fx *f, const char *today);
/* Same, with an explicit option set (for --rule and ranges). */
void fx_check_opts(struct fx *f, struct ysh_check_opts *o);
/* Returns the error of a check that must fail to open (caller frees nothing). */
const char *fx_open_error(struct fx *f);
void fx_free(struct fx *f);

/* A copy of the schemas in a new temporary directory, with every line equal
 * to `from` in the file `file` replaced by `to` (both with their '\n');
 * returns the directory (static storage) for YSH_SCHEMA_DIR. */
const char *fx_schemas_edited(const char *file, const char *from, const char *to);
/* Removes that copy and unsets YSH_SCHEMA_DIR. */
void fx_schemas_remove(void);

/* A whole file (NUL-terminated, *n its length), or NULL. */
char *fx_slurp(const char *path, size_t *n);

/* Number of findings with this code (anywhere). */
size_t fx_count(const struct fx *f, const char *code);
/* Whether there is a finding of `code` in file `name` at line:col. */
int fx_has(const struct fx *f, const char *name, size_t line, size_t col, const char *code);
/* Prints every finding (for a failing test's log). */
void fx_dump(const struct fx *f);

#define assert_finding(f, name, line, col, code)                                         \
	do {                                                                             \
		if (!fx_has((f), (name), (line), (col), (code))) {                       \
			fx_dump(f);                                                      \
			fail_msg("expected %s:%d:%d [%s]", (name), (int)(line), (int)(col), \
				 (code));                                                \
		}                                                                        \
	} while (0)

#define assert_no_code(f, code)                                                       \
	do {                                                                          \
		if (fx_count((f), (code))) {                                          \
			fx_dump(f);                                                   \
			fail_msg("unexpected [%s]", (code));                          \
		}                                                                     \
	} while (0)

/* ---- reports, and their JSON ---- */

/* Report o of L, written to memory (caller frees); *len (may be NULL) its
 * length.  Fails the test when the report cannot be written. */
char *fx_render(struct ysh_ledgers *L, const struct ysh_report_opts *o, size_t *len);
/* Report text s parsed as JSON (s is freed; caller json_decref's); fails
 * the test when it does not parse. */
json_t *fx_json(char *s);
/* A text cell, or a count (a JSON number) as its digits (valid until eight
 * more such calls); a cell of another kind fails the test. */
const char *fx_cell(json_t *row, const char *key);
/* The integer of a cell; any other kind fails the test. */
long fx_int(json_t *o, const char *key);
/* The element of array rows whose cell key is val (fx_cell), or NULL. */
json_t *fx_row(json_t *rows, const char *key, const char *val);
/* The rows of a report's first table named name; fails the test without one. */
json_t *fx_table(json_t *j, const char *name);
/* The row of any of a report's tables named name whose cell key is val;
 * fails the test without one. */
json_t *fx_row_of(json_t *j, const char *name, const char *key, const char *val);

/* Headers of the four ledgers, for fixtures that write rows by hand. */
#define ACT_HEADER "id,date,unit,participant,position,kind,mode,steps,items,reported_on\n"
/* With 是否委托, which ysh-add asks of a new record (required = new): a ledger
 * ysh-add appends to must have the column for the fact stated. */
#define ACT_HEADER_STATED "id,date,unit,participant,position,delegated,kind,mode,steps,items,reported_on\n"
#define CB_HEADER "id,activity,date,contact,phone,served_on,attitude,ability,process_ok,channel_ok,experience,satisfaction,valid\n"
#define PROB_HEADER "id,found_on,unit,activity,source,type,item,finder,description,category,measure,handling,deadline,status,closed_on\n"
/* Filings with the moment each row was recorded (filing-late judges it). */
#define FIL_HEADER_RECORDED "id,unit,enterprise,planned_on,inspectors,content,basis,kind,filed_on,approved_by,approved_on,recorded_at\n"
#define FIL_HEADER "id,unit,enterprise,credit_code,planned_on,inspectors,content,basis,kind,filed_on,approved_by,approved_on,joint,outcome,fine_waived\n"

#endif
