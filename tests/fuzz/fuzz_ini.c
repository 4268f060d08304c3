/* ysh.ini from arbitrary bytes: loaded or refused with a message, never a
 * crash or a leak. */
#include <stdlib.h>

#include "common.h"
#include "config.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_write("ysh.ini", data, size);
	char *err = NULL;
	struct ysh_config *c = ysh_config_load(fuzz_dir(), &err);
	if (c) {
		/* use what was loaded: the calendar and the lookups */
		ysh_day d;
		ysh_parse_date("2026-10-12", &d);
		ysh_workdays_before(c, d, c->rules.lead_workdays_adhoc % 30);
		for (size_t i = 0; i < c->nunits; i++)
			ysh_config_unit(c, c->units[i].name);
		ysh_config_min_steps(c, "跟执法");
		/* and the county profile: kinds, scope, report and callback rules */
		ysh_day due, first, last;
		struct ysh_buf allowed = {0}, keys = {0};
		ysh_config_due_day(c, "坐窗口", d, &due);
		ysh_config_callback_span(c, d, &first, &last);
		for (size_t i = 0; i < c->nunits; i++) {
			ysh_config_kind_allowed(c, &c->units[i], "跟执法", &allowed, &keys);
			for (size_t k = 0; k < c->nleads; k++)
				ysh_config_in_scope(c, c->leads[k].val, &c->units[i]);
		}
		ysh_buf_free(&allowed);
		ysh_buf_free(&keys);
		ysh_config_free(c);
	} else if (!err || !*err) {
		abort(); /* a refusal always says why */
	}
	free(err);
	return 0;
}
