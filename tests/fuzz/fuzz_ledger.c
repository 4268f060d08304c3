/*
 * The reader, schema binding, every rule and every report on arbitrary
 * bytes.  The first byte picks the ledger the rest is read as (any of the
 * schemas' ledgers); the other ledgers are the sample's small
 * ones, so references and state rules have something to meet.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "ledger.h"
#include "rules.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct ysh_check_opts o;
	ysh_check_opts_init(&o);
	ysh_parse_date("2026-11-23", &o.today);
	char *err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_load(fuzz_dir(), &o, &err);
	if (!L)
		abort(); /* the fixed ysh.ini must load */
	struct ysh_table *t = &L->tables[data[0] % L->ntables];
	ysh_ledgers_read_mem(L, t, data + 1, size - 1);
	ysh_ledgers_finish_check(L);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	for (size_t i = 0; i < L->findings.n; i++)
		ysh_finding_print_json(out, &L->findings, &L->findings.v[i]);
	/* every report kind in every format but xlsx (a workbook is a zip
	 * written through a temporary file: tested end to end instead) */
	for (int k = YSH_REPORT_UNIT; k <= YSH_REPORT_CAMPAIGN; k++) {
		for (int f = 0; f < 4; f++) {
			struct ysh_report_opts r = {.kind = (enum ysh_report_kind)k, .format = (enum ysh_format)f};
			ysh_parse_month("2026-11", &r.month);
			/* a report is written, or refused with a message (tasks,
			 * complaints and roster need their ledger): never -1 in silence */
			if (ysh_report_write(L, &r, out, &err) != 0) {
				if (!err || !*err)
					abort();
				free(err);
				err = NULL;
			}
		}
	}
	fclose(out);
	free(buf);
	ysh_ledgers_free(L);
	return 0;
}
