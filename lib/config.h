/*
 * config.h - ysh.ini, read once: the county, its units and their roles, the
 * lead offices, the rule parameters and the working-day calendar.  Nothing
 * else calls iniparser for it.
 */
#ifndef YSH_CONFIG_H
#define YSH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"
#include "value.h"

enum ysh_role {
	YSH_ROLE_APPROVAL = 1 << 0,    /* 审批服务 */
	YSH_ROLE_ENFORCEMENT = 1 << 1, /* 行政执法 */
	YSH_ROLE_TOWN = 1 << 2,        /* 镇街 */
	YSH_ROLE_UTILITY = 1 << 3,     /* 公共服务企业 */
};

struct ysh_unit {
	char *name;
	unsigned roles;
};

struct ysh_kv {
	char *key;
	char *val;
};

struct ysh_kint {
	char *key;
	long val;
};

/* A window of months; from > to wraps the year (12-01). */
struct ysh_window {
	int from, to; /* 1..12 */
};

struct ysh_rules {
	struct ysh_kint *min_steps; /* per activity kind */
	size_t nmin_steps;
	long report_within_days;
	long min_callbacks;
	long callback_window_days;
	long monthly_min;
	struct ysh_window *windows;
	size_t nwindows;
	long unit_report_day;
	long summary_report_day;
	long lead_days_routine;   /* 例行: calendar days */
	long lead_workdays_adhoc; /* 临时: working days */
};

/* [clerks]: a login and the units it may record for (all: "*"). */
struct ysh_clerk {
	char *login;
	bool all;
	char **units;
	size_t nunits;
};

struct ysh_config {
	char *path;
	char *county;
	struct ysh_unit *units;
	size_t nunits;
	struct ysh_map unit_index;
	struct ysh_kv *leads; /* activity kind -> lead office */
	size_t nleads;
	struct ysh_rules rules;
	struct ysh_clerk *clerks; /* none: any login records for any unit */
	size_t nclerks;
	long period_end_day; /* [reports]: a period ends on this day of its month; 0: at month end */
	ysh_day *holidays, *workdays; /* sorted */
	size_t nholidays, nworkdays;
};

/* Loads DIR/ysh.ini.  NULL with *err on any problem: a wrong ysh.ini makes
 * every finding suspect, so nothing is checked with one. */
struct ysh_config *ysh_config_load(const char *dir, char **err);
void ysh_config_free(struct ysh_config *c);

const struct ysh_unit *ysh_config_unit(const struct ysh_config *c, const char *name);
/* The lead office of an activity kind, or NULL. */
const char *ysh_config_lead(const struct ysh_config *c, const char *kind);
/* The report period labelled `month` (value.h month number): the calendar
 * month, or with period_end_day D the (D+1)th of the month before to the
 * Dth of this one.  Consecutive labels tile time. */
void ysh_config_period(const struct ysh_config *c, int month, ysh_day *first, ysh_day *last);
/* The label of the last period that has ended before `today`: what a
 * scheduled run reports, so that scheduled runs tile time. */
int ysh_config_last_period(const struct ysh_config *c, ysh_day today);

/* With [clerks], whether login may record for unit (logins compare without
 * case: iniparser lower-cases keys); without it, always. */
bool ysh_config_clerk_may(const struct ysh_config *c, const char *login, const char *unit);

/* Minimum steps for an activity kind (0: no minimum). */
long ysh_config_min_steps(const struct ysh_config *c, const char *kind);

bool ysh_is_workday(const struct ysh_config *c, ysh_day d);
/* The day n working days before d (n >= 1). */
ysh_day ysh_workdays_before(const struct ysh_config *c, ysh_day d, long n);

#endif
