/*
 * config.h - ysh.ini, read once: the county, its units and their roles, the
 * lead offices, the rule parameters and the working-day calendar.  Nothing
 * else calls iniparser for it.
 */
#ifndef YSH_CONFIG_H
#define YSH_CONFIG_H

#include <stdarg.h>
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

/* When an activity is reported to its lead office: within N days of it
 * (靖边: 5日内报县司法局), by day N of the month after its report period
 * (蓝田: 每月20日前报牵头单位), or no rule. */
enum ysh_due_rule { YSH_DUE_NONE, YSH_DUE_WITHIN_DAYS, YSH_DUE_BY_DAY };

struct ysh_due {
	enum ysh_due_rule rule;
	long n;
};

/* Whom a callback may reach: those served in the N days before it, in the
 * N calendar months before it (靖边: 过去3个月; the callback's own month
 * counts too, up to the callback), or in the previous calendar month (蓝田:
 * 上月内). */
enum ysh_window_unit { YSH_WINDOW_DAYS, YSH_WINDOW_MONTHS, YSH_WINDOW_LAST_MONTH };

struct ysh_callback_window {
	enum ysh_window_unit unit;
	long n;
};

/* A list of names from ysh.ini (steps, kinds); set tells an empty list
 * from one never given. */
struct ysh_names {
	char **v;
	size_t n;
	bool set;
};

/* One activity kind's profile: its steps by name and its report rule. */
struct ysh_kind_rules {
	char *kind;
	struct ysh_names steps; /* steps_KIND: each one required; also the only steps allowed */
	bool has_due;           /* report_within_days_KIND or report_by_day_KIND given */
	struct ysh_due due;
};

/* [scope]: the units a lead office looks after, by role or by name. */
struct ysh_scope {
	char *office;
	unsigned roles;
	struct ysh_names units;
};

struct ysh_rules {
	struct ysh_kint *min_steps; /* per activity kind */
	size_t nmin_steps;
	struct ysh_kind_rules *kinds; /* per activity kind, as given */
	size_t nkinds;
	struct ysh_names county_kinds;  /* kinds: the kinds the county records (not set: every kind) */
	struct ysh_names role_kinds[4]; /* kinds_ROLE, by role bit position */
	long report_within_days;        /* for kinds without their own rule; -1: none */
	long min_callbacks;
	long callback_window_days;      /* as given (the old key); callback_window is what counts */
	struct ysh_callback_window callback_window;
	long review_after_days;         /* 0: no review-missing */
	long monthly_min;
	struct ysh_window *windows;
	size_t nwindows;
	long unit_report_day;
	long summary_report_day;
	long lead_days_routine;   /* 例行: calendar days */
	long lead_workdays_adhoc; /* 临时: working days */
	long reply_workdays;      /* complaints: replied within this many working days of received_on */
	long complaint_open_days; /* complaints: closed within this many days of received_on; 0: no complaint-open */
	long roster_size;         /* the roster report names this many units for next month's 处投诉 */
	long roster_min_orders;   /* or, when set, every unit with at least this many work orders */
};

/* [roster]: the units a month's 处投诉 is fixed for (2026-11 = A,B). */
struct ysh_roster {
	int month;
	struct ysh_names units;
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
	struct ysh_scope *scopes;
	size_t nscopes;
	struct ysh_roster *rosters; /* in the order given */
	size_t nrosters;
	struct ysh_names kind_keys; /* "section:key" of each key that names a kind, for ysh_config_apply */
	long period_end_day; /* [reports]: a period ends on this day of its month; 0: at month end */
	ysh_day *holidays, *workdays; /* sorted */
	size_t nholidays, nworkdays;
	struct ysh_supervision *sup; /* [campaign], [lines], [deadlines], [supervision] (campaign.h) */
};

/* Loads DIR/ysh.ini.  NULL with *err on any problem: a wrong ysh.ini makes
 * every finding suspect, so nothing is checked with one. */
struct ysh_config *ysh_config_load(const char *dir, char **err);
void ysh_config_free(struct ysh_config *c);

const struct ysh_unit *ysh_config_unit(const struct ysh_config *c, const char *name);
/* The lead office of an activity kind, or NULL. */
const char *ysh_config_lead(const struct ysh_config *c, const char *kind);
/* Appends the kinds `office` leads to out, as "走流程、坐窗口、处投诉". */
void ysh_config_lead_kinds(const struct ysh_config *c, const char *office, struct ysh_buf *out);
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
/* The steps a kind requires by name (steps_KIND), or NULL when the county
 * only counts them. */
const struct ysh_names *ysh_config_steps(const struct ysh_config *c, const char *kind);
/* Whether a unit may record an activity of `kind`: a kind of one of its
 * roles (kinds_ROLE, else the county's `kinds`), or for a unit without a
 * role, one of the county's kinds.  When it may not and `allowed` is not
 * NULL, names the kinds it may record ("、"-separated) and the keys that
 * say so in `keys`. */
bool ysh_config_kind_allowed(const struct ysh_config *c, const struct ysh_unit *u, const char *kind,
			     struct ysh_buf *allowed, struct ysh_buf *keys);
/* The report rule of an activity kind: its own, else report_within_days. */
struct ysh_due ysh_config_due(const struct ysh_config *c, const char *kind);
/* The last day an activity of `kind` on `date` may be reported; false when
 * the kind has no report rule. */
bool ysh_config_due_day(const struct ysh_config *c, const char *kind, ysh_day date, ysh_day *due);
/* The days a callback on `date` may reach: served from *first to *last. */
void ysh_config_callback_span(const struct ysh_config *c, ysh_day date, ysh_day *first, ysh_day *last);
/* Whether a lead office looks after a unit: [scope] when the office has
 * one; else an office that leads only 跟执法 looks after the enforcement
 * units, any other office every unit. */
bool ysh_config_in_scope(const struct ysh_config *c, const char *office, const struct ysh_unit *u);
/* The label of the report period a day belongs to. */
int ysh_config_period_of(const struct ysh_config *c, ysh_day d);

struct ysh_schema_set;
/* Holds the profile against the schemas once both are loaded: every kind
 * a key names is an activity kind, every named step one of its kind's.
 * Then narrows the schema's steps of each kind with steps_KIND to those
 * steps, so that every reader of the schema (field-enum, the prompts)
 * allows the county's steps only.  NULL, or an error naming the file,
 * line and key. */
char *ysh_config_apply(const struct ysh_config *c, struct ysh_schema_set *schemas);

/* "ysh.ini:LINE: [section] key: message" (for the loaders of other sections). */
char *ysh_config_verror(const char *path, const char *section, const char *key, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

bool ysh_is_workday(const struct ysh_config *c, ysh_day d);
/* The day n working days before d (n >= 1). */
ysh_day ysh_workdays_before(const struct ysh_config *c, ysh_day d, long n);
/* The day n working days after d (n >= 1). */
ysh_day ysh_workdays_after(const struct ysh_config *c, ysh_day d, long n);
/* The value of a count of [rules] (reply_workdays ...); false: no such key. */
bool ysh_config_count(const struct ysh_config *c, const char *key, long *n);
/* The units fixed for 处投诉 in month (value.h month number), or NULL. */
const struct ysh_names *ysh_config_roster(const struct ysh_config *c, int month);

#endif
