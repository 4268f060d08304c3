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
		ysh_config_free(c);
	} else if (!err || !*err) {
		abort(); /* a refusal always says why */
	}
	free(err);
	return 0;
}
