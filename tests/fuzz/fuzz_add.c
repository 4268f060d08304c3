/*
 * ysh-add's input paths: the first byte picks the ledger and whether the
 * rest is key=value words (one per line) or --batch CSV; the record is then
 * checked and serialised as a dry run (nothing is written).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "add.h"
#include "common.h"
#include "rules.h"

static void run(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *rows, size_t n)
{
	struct ysh_add_opts o = {.user = "fuzz", .timestamp = "2026-11-23T10:00:00+08:00",
				 .dry_run = true, .lock_timeout_ms = 1000};
	ysh_parse_date("2026-11-23", &o.today);
	struct ysh_add_result res;
	char *err = NULL;
	if (ysh_add(L, t, rows, n, &o, &res, &err) < 0 && (!err || !*err))
		abort();
	free(err);
	ysh_add_result_free(&res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct ysh_check_opts co;
	ysh_check_opts_init(&co);
	char *err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_load(fuzz_dir(), &co, &err);
	if (!L)
		abort();
	struct ysh_table *t = &L->tables[data[0] % L->ntables];
	const struct ysh_schema *s = t->schema;
	if (data[0] & 0x80) {
		int fd = memfd_create("batch", 0);
		if (fd < 0 || write(fd, data + 1, size - 1) != (ssize_t)(size - 1))
			abort();
		lseek(fd, 0, SEEK_SET);
		struct ysh_add_row *rows = NULL;
		struct ysh_batch_io io = {.encoding = YSH_ENC_AUTO};
		long n = ysh_add_read_batch(L, t, fd, &io, &rows, &err);
		ysh_buf_free(&io.notes);
		close(fd);
		if (n > 0 && !L->findings.errors)
			run(L, t, rows, (size_t)n);
		for (long i = 0; i < n; i++)
			ysh_add_row_free(&rows[i]);
		free(rows);
	} else {
		struct ysh_add_row row;
		ysh_add_row_init(&row, s);
		char *text = strndup((const char *)data + 1, size - 1);
		bool ok = true;
		for (char *save = NULL, *w = strtok_r(text, "\n", &save); w && ok; w = strtok_r(NULL, "\n", &save)) {
			if (ysh_add_row_set(&row, s, w, &err) != 0) {
				ok = false;
				free(err);
				err = NULL;
			}
		}
		if (ok)
			run(L, t, &row, 1);
		free(text);
		ysh_add_row_free(&row);
	}
	free(err);
	ysh_ledgers_free(L);
	return 0;
}
