#include "ruleids.h"

#include <string.h>

#include "i18n.h"

const struct ysh_rule_info ysh_rule_info[YSH_R_COUNT] = {
#define YSH_RULE_INFO(id, code, sev, act, when, summary) \
	[YSH_R_##id] = {code, YSH_SEV_##sev, YSH_##act, when, summary},
	YSH_RULE_LIST(YSH_RULE_INFO)
#undef YSH_RULE_INFO
};

int ysh_rule_by_code(const char *code)
{
	for (int i = 0; i < YSH_R_COUNT; i++)
		if (!strcmp(ysh_rule_info[i].code, code))
			return i;
	return -1;
}
