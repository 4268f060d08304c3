#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "campaign.h"
#include "i18n.h"
#include "ini.h"
#include "schema.h"

static const struct {
	const char *name;
	unsigned bit;
} role_names[] = {
	{"审批服务", YSH_ROLE_APPROVAL},
	{"行政执法", YSH_ROLE_ENFORCEMENT},
	{"镇街", YSH_ROLE_TOWN},
	{"公共服务企业", YSH_ROLE_UTILITY},
};

#define NROLES (sizeof(role_names) / sizeof(role_names[0]))

/* The role of a name (its bit), or 0. */
static unsigned role_bit(const char *name)
{
	for (size_t k = 0; k < NROLES; k++)
		if (!strcmp(name, role_names[k].name))
			return role_names[k].bit;
	return 0;
}

static size_t role_pos(unsigned bit)
{
	size_t k = 0;
	while (k < NROLES && role_names[k].bit != bit)
		k++;
	return k;
}

/* The documents' values (SPEC §2). */
static const struct {
	const char *kind;
	long n;
} default_min_steps[] = {{"走流程", 4}, {"坐窗口", 4}, {"跟执法", 3}, {"处投诉", 3}};

struct loader {
	dictionary *d;
	const char *path;
	struct ysh_config *c;
	char *err;
	bool window_days_given, window_given; /* the old and the new callback key */
};

static void fail(struct loader *L, const char *section, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "ysh.ini:LINE: [section] key: message", the line where iniparser found
 * the key (none when it is not there). */
static char *located(const char *path, const char *section, const char *key, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));

static char *located(const char *path, const char *section, const char *key, const char *fmt, va_list ap)
{
	struct ysh_buf b = {0};
	size_t line = key ? ysh_ini_line_of(path, section, key) : 0;
	if (line)
		ysh_buf_printf(&b, "%s:%zu: ", path, line);
	else
		ysh_buf_printf(&b, "%s: ", path);
	if (key)
		ysh_buf_printf(&b, "[%s] %s: ", section, key);
	else if (section)
		ysh_buf_printf(&b, "[%s]: ", section);
	ysh_buf_vprintf(&b, fmt, ap);
	ysh_buf_str(&b);
	return b.p;
}

static void fail(struct loader *L, const char *section, const char *key, const char *fmt, ...)
{
	if (L->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	L->err = located(L->path, section, key, fmt, ap);
	va_end(ap);
}

static const char *get(struct loader *L, const char *section, const char *key)
{
	char full[1024];
	snprintf(full, sizeof(full), "%s:%s", section, key);
	/* NULL for a section entry that iniparser lists among the keys */
	const char *v = iniparser_getstring(L->d, full, NULL);
	return v ? v : "";
}

static bool parse_roles(struct loader *L, const char *unit, const char *v, unsigned *roles)
{
	char **items;
	size_t n = ysh_split_list(v, &items);
	*roles = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned bit = role_bit(items[i]);
		if (!bit) {
			fail(L, "units", unit, _("unknown role '%s' (allowed: 审批服务, 行政执法, 镇街, 公共服务企业)"),
			     items[i]);
			ysh_free_list(items, n);
			return false;
		}
		*roles |= bit;
	}
	ysh_free_list(items, n);
	return true;
}

static void load_units(struct loader *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "units", &n);
	if (!n) {
		fail(L, "units", NULL, _("no units: list every unit as 'name = roles'"));
		return;
	}
	struct ysh_config *c = L->c;
	c->units = ysh_xcalloc(n, sizeof(*c->units));
	for (size_t i = 0; i < n && !L->err; i++) {
		struct ysh_unit *u = &c->units[c->nunits];
		if (!parse_roles(L, keys[i], get(L, "units", keys[i]), &u->roles))
			break;
		u->name = ysh_xstrdup(keys[i]);
		ysh_map_put(&c->unit_index, u->name, c->nunits);
		c->nunits++;
	}
	free(keys);
}

static void names_add(struct ysh_names *n, const char *v)
{
	n->v = ysh_xrealloc(n->v, (n->n + 1) * sizeof(*n->v));
	n->v[n->n++] = ysh_xstrdup(v);
	n->set = true;
}

static void names_free(struct ysh_names *n)
{
	ysh_free_list(n->v, n->n);
	memset(n, 0, sizeof(*n));
}

static bool names_has(const struct ysh_names *n, const char *v)
{
	for (size_t i = 0; i < n->n; i++)
		if (!strcmp(n->v[i], v))
			return true;
	return false;
}

/* A list value, given anew (a key given twice keeps its last value). */
static void parse_names(const char *v, struct ysh_names *out)
{
	names_free(out);
	out->n = ysh_split_list(v, &out->v);
	out->set = true;
}

/* Remember a key that names an activity kind: ysh_config_apply checks the
 * kind against the schema, which is not loaded yet. */
static void kind_key(struct loader *L, const char *section, const char *key)
{
	char *k = ysh_xasprintf("%s:%s", section, key);
	names_add(&L->c->kind_keys, k);
	free(k);
}

static void load_leads(struct loader *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "leads", &n);
	struct ysh_config *c = L->c;
	c->leads = ysh_xcalloc(n ? n : 1, sizeof(*c->leads));
	for (size_t i = 0; i < n && !L->err; i++) {
		const char *office = get(L, "leads", keys[i]);
		if (!ysh_config_unit(c, office)) {
			fail(L, "leads", keys[i], _("lead office '%s' is not listed in [units]"), office);
			break;
		}
		c->leads[c->nleads].key = ysh_xstrdup(keys[i]);
		c->leads[c->nleads++].val = ysh_xstrdup(office);
		kind_key(L, "leads", keys[i]);
	}
	free(keys);
}

static bool is_lead_office(const struct ysh_config *c, const char *office)
{
	for (size_t i = 0; i < c->nleads; i++)
		if (!strcmp(c->leads[i].val, office))
			return true;
	return false;
}

/* [scope] office = roles and units, in any mix: a role's name stands for
 * its units, a unit's for itself. */
static void load_scope(struct loader *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "scope", &n);
	struct ysh_config *c = L->c;
	c->scopes = ysh_xcalloc(n ? n : 1, sizeof(*c->scopes));
	for (size_t i = 0; i < n && !L->err; i++) {
		if (!is_lead_office(c, keys[i])) {
			fail(L, "scope", keys[i], _("'%s' is not a lead office in [leads]"), keys[i]);
			break;
		}
		struct ysh_scope *sc = &c->scopes[c->nscopes++];
		sc->office = ysh_xstrdup(keys[i]);
		char **items;
		size_t ni = ysh_split_list(get(L, "scope", keys[i]), &items);
		for (size_t k = 0; k < ni && !L->err; k++) {
			unsigned bit = role_bit(items[k]);
			if (bit)
				sc->roles |= bit;
			else if (ysh_config_unit(c, items[k]))
				names_add(&sc->units, items[k]);
			else
				fail(L, "scope", keys[i],
				     _("'%s' is neither a role (审批服务, 行政执法, 镇街, 公共服务企业) nor a unit listed in [units]"),
				     items[k]);
		}
		ysh_free_list(items, ni);
		if (!ni && !L->err)
			fail(L, "scope", keys[i], _("name the roles or units the office looks after"));
	}
	free(keys);
}

static bool parse_count(struct loader *L, const char *key, const char *v, long lo, long hi, long *out)
{
	char *end;
	long x = strtol(v, &end, 10);
	if (!*v || *end || x < lo || x > hi) {
		fail(L, "rules", key, _("'%s' is not a whole number from %ld to %ld"), v, lo, hi);
		return false;
	}
	*out = x;
	return true;
}

static bool parse_windows(struct loader *L, const char *v)
{
	struct ysh_rules *r = &L->c->rules;
	char **items;
	size_t n = ysh_split_list(v, &items);
	r->windows = ysh_xcalloc(n ? n : 1, sizeof(*r->windows));
	for (size_t i = 0; i < n; i++) {
		int a, b;
		char extra;
		if (sscanf(items[i], "%d-%d%c", &a, &b, &extra) != 2 || a < 1 || a > 12 || b < 1 ||
		    b > 12) {
			fail(L, "rules", "enforcement_windows",
			     _("'%s' is not a month range like 08-09 or 12-01"), items[i]);
			ysh_free_list(items, n);
			return false;
		}
		r->windows[r->nwindows].from = a;
		r->windows[r->nwindows++].to = b;
	}
	ysh_free_list(items, n);
	return true;
}

static void set_default_rules(struct ysh_rules *r)
{
	size_t n = sizeof(default_min_steps) / sizeof(default_min_steps[0]);
	r->min_steps = ysh_xcalloc(n, sizeof(*r->min_steps));
	for (size_t i = 0; i < n; i++) {
		r->min_steps[i].key = ysh_xstrdup(default_min_steps[i].kind);
		r->min_steps[i].val = default_min_steps[i].n;
	}
	r->nmin_steps = n;
	r->report_within_days = 5;
	r->min_callbacks = 3;
	r->callback_window_days = 30;
	r->callback_window = (struct ysh_callback_window){YSH_WINDOW_DAYS, 30};
	r->monthly_min = 1;
	r->unit_report_day = 20;
	r->summary_report_day = 22;
	r->lead_days_routine = 7;
	r->lead_workdays_adhoc = 1;
	r->reply_workdays = 5;
	r->complaint_open_days = 30;
	r->roster_size = 3;
}

static void set_min_steps(struct ysh_rules *r, const char *kind, long n)
{
	for (size_t i = 0; i < r->nmin_steps; i++) {
		if (!strcmp(r->min_steps[i].key, kind)) {
			r->min_steps[i].val = n;
			return;
		}
	}
	r->min_steps = ysh_xrealloc(r->min_steps, (r->nmin_steps + 1) * sizeof(*r->min_steps));
	r->min_steps[r->nmin_steps].key = ysh_xstrdup(kind);
	r->min_steps[r->nmin_steps++].val = n;
}

static struct ysh_kind_rules *kind_rules(struct ysh_rules *r, const char *kind)
{
	for (size_t i = 0; i < r->nkinds; i++)
		if (!strcmp(r->kinds[i].kind, kind))
			return &r->kinds[i];
	r->kinds = ysh_xrealloc(r->kinds, (r->nkinds + 1) * sizeof(*r->kinds));
	struct ysh_kind_rules *k = &r->kinds[r->nkinds++];
	memset(k, 0, sizeof(*k));
	k->kind = ysh_xstrdup(kind);
	return k;
}

static const struct ysh_kind_rules *find_kind(const struct ysh_rules *r, const char *kind)
{
	for (size_t i = 0; i < r->nkinds; i++)
		if (!strcmp(r->kinds[i].kind, kind))
			return &r->kinds[i];
	return NULL;
}

/* report_within_days_KIND = N, report_by_day_KIND = D, or either empty:
 * the kind has no report rule.  One rule a kind. */
static void load_due(struct loader *L, const char *key, const char *kind, const char *v,
		     enum ysh_due_rule rule)
{
	struct ysh_kind_rules *k = kind_rules(&L->c->rules, kind);
	long n = 0;
	if (k->has_due) {
		fail(L, "rules", key,
		     _("%s already has a report rule: give report_within_days_%s or report_by_day_%s, not both"),
		     kind, kind, kind);
		return;
	}
	if (*v && !(rule == YSH_DUE_BY_DAY ? parse_count(L, key, v, 1, 28, &n)
					   : parse_count(L, key, v, 0, 366, &n)))
		return;
	k->has_due = true;
	k->due.rule = *v ? rule : YSH_DUE_NONE;
	k->due.n = n;
	kind_key(L, "rules", key);
}

/* callback_window = 上月 | N个月 | N天 */
static void load_callback_window(struct loader *L, const char *key, const char *v)
{
	struct ysh_rules *r = &L->c->rules;
	char *end;
	long n = strtol(v, &end, 10);
	if (L->window_days_given) {
		fail(L, "rules", key, _("give callback_window or callback_window_days, not both"));
		return;
	}
	L->window_given = true;
	if (!strcmp(v, "上月")) {
		r->callback_window = (struct ysh_callback_window){YSH_WINDOW_LAST_MONTH, 1};
	} else if (end != v && !strcmp(end, "个月") && n >= 1 && n <= 120) {
		r->callback_window = (struct ysh_callback_window){YSH_WINDOW_MONTHS, n};
	} else if (end != v && !strcmp(end, "天") && n >= 0 && n <= 3660) {
		r->callback_window = (struct ysh_callback_window){YSH_WINDOW_DAYS, n};
		r->callback_window_days = n;
	} else {
		fail(L, "rules", key,
		     _("'%s' is not 上月 (the previous calendar month), N个月 (the last N calendar months) or N天 (N days), e.g. 3个月 or 30天"),
		     v);
	}
}

/* Keys that carry a kind or a role after a prefix. */
static bool load_named_rule(struct loader *L, const char *key, const char *v)
{
	struct ysh_rules *r = &L->c->rules;
	static const char MIN[] = "min_steps_", STEPS[] = "steps_", KINDS[] = "kinds_",
			  WITHIN[] = "report_within_days_", BYDAY[] = "report_by_day_";
	long n;
	if (!strncmp(key, MIN, sizeof(MIN) - 1) && key[sizeof(MIN) - 1]) {
		if (parse_count(L, key, v, 0, 100, &n))
			set_min_steps(r, key + sizeof(MIN) - 1, n);
		kind_key(L, "rules", key);
	} else if (!strncmp(key, STEPS, sizeof(STEPS) - 1) && key[sizeof(STEPS) - 1]) {
		struct ysh_kind_rules *k = kind_rules(r, key + sizeof(STEPS) - 1);
		parse_names(v, &k->steps);
		if (!k->steps.n)
			fail(L, "rules", key, _("name the kind's steps (e.g. 执法检查,案件处理,案卷评查), or leave the key out"));
		kind_key(L, "rules", key);
	} else if (!strncmp(key, KINDS, sizeof(KINDS) - 1) && key[sizeof(KINDS) - 1]) {
		unsigned bit = role_bit(key + sizeof(KINDS) - 1);
		if (!bit)
			fail(L, "rules", key, _("'%s' is not a role (审批服务, 行政执法, 镇街, 公共服务企业)"),
			     key + sizeof(KINDS) - 1);
		else
			parse_names(v, &r->role_kinds[role_pos(bit)]);
		kind_key(L, "rules", key);
	} else if (!strncmp(key, WITHIN, sizeof(WITHIN) - 1) && key[sizeof(WITHIN) - 1]) {
		load_due(L, key, key + sizeof(WITHIN) - 1, v, YSH_DUE_WITHIN_DAYS);
	} else if (!strncmp(key, BYDAY, sizeof(BYDAY) - 1) && key[sizeof(BYDAY) - 1]) {
		load_due(L, key, key + sizeof(BYDAY) - 1, v, YSH_DUE_BY_DAY);
	} else {
		return false;
	}
	return true;
}

/* The [rules] counts: a key, where it goes, its bounds. */
static const struct {
	const char *key;
	size_t off;
	long lo, hi;
} counts[] = {
	{"min_callbacks", offsetof(struct ysh_rules, min_callbacks), 0, 1000},
	{"monthly_min", offsetof(struct ysh_rules, monthly_min), 0, 1000},
	{"unit_report_day", offsetof(struct ysh_rules, unit_report_day), 0, 28},
	{"summary_report_day", offsetof(struct ysh_rules, summary_report_day), 0, 28},
	{"lead_days_例行", offsetof(struct ysh_rules, lead_days_routine), 0, 366},
	{"lead_workdays_临时", offsetof(struct ysh_rules, lead_workdays_adhoc), 0, 366},
	{"review_after_days", offsetof(struct ysh_rules, review_after_days), 0, 3660},
	{"reply_workdays", offsetof(struct ysh_rules, reply_workdays), 1, 366},
	{"complaint_open_days", offsetof(struct ysh_rules, complaint_open_days), 0, 3660},
	{"roster_size", offsetof(struct ysh_rules, roster_size), 0, 1000},
	{"roster_min_orders", offsetof(struct ysh_rules, roster_min_orders), 0, 100000},
};

bool ysh_config_count(const struct ysh_config *c, const char *key, long *n)
{
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (!strcmp(key, counts[i].key)) {
			*n = *(const long *)((const char *)&c->rules + counts[i].off);
			return true;
		}
	return false;
}

static void load_rule(struct loader *L, const char *key, const char *v)
{
	struct ysh_rules *r = &L->c->rules;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		if (!strcmp(key, counts[i].key)) {
			parse_count(L, key, v, counts[i].lo, counts[i].hi,
				    (long *)((char *)r + counts[i].off));
			return;
		}
	}
	if (!strcmp(key, "report_within_days")) {
		/* empty: no report rule for the kinds without their own */
		if (!*v)
			r->report_within_days = -1;
		else
			parse_count(L, key, v, 0, 366, &r->report_within_days);
	} else if (!strcmp(key, "callback_window_days")) {
		if (L->window_given) {
			fail(L, "rules", key, _("give callback_window or callback_window_days, not both"));
			return;
		}
		L->window_days_given = true;
		if (parse_count(L, key, v, 0, 3660, &r->callback_window_days))
			r->callback_window = (struct ysh_callback_window){YSH_WINDOW_DAYS, r->callback_window_days};
	} else if (!strcmp(key, "callback_window")) {
		load_callback_window(L, key, v);
	} else if (!strcmp(key, "kinds")) {
		parse_names(v, &r->county_kinds);
		if (!r->county_kinds.n)
			fail(L, "rules", key, _("name the kinds the county records (e.g. 跟执法), or leave the key out"));
		kind_key(L, "rules", key);
	} else if (!strcmp(key, "enforcement_windows")) {
		parse_windows(L, v);
	} else if (!load_named_rule(L, key, v)) {
		fail(L, "rules", key, _("unknown rule parameter (see ysh.ini(5))"));
	}
}

static void load_rules(struct loader *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "rules", &n);
	for (size_t i = 0; i < n && !L->err; i++)
		load_rule(L, keys[i], get(L, "rules", keys[i]));
	free(keys);
	if (!L->c->rules.windows)
		L->c->rules.windows = ysh_xcalloc(1, sizeof(*L->c->rules.windows));
}

/* [clerks]: login = units it records for, or *; each unit listed in [units]. */
static void load_clerks(struct loader *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "clerks", &n);
	L->c->clerks = ysh_xcalloc(n ? n : 1, sizeof(*L->c->clerks));
	for (size_t i = 0; i < n && !L->err; i++) {
		struct ysh_clerk *k = &L->c->clerks[L->c->nclerks++];
		k->login = ysh_xstrdup(keys[i]);
		const char *v = get(L, "clerks", keys[i]);
		k->all = !strcmp(v, "*");
		if (k->all)
			continue;
		k->nunits = ysh_split_list(v, &k->units);
		if (!k->nunits)
			fail(L, "clerks", keys[i], _("no units: list the units this login records for, or *"));
		for (size_t u = 0; u < k->nunits && !L->err; u++)
			if (!ysh_config_unit(L->c, k->units[u]))
				fail(L, "clerks", keys[i], _("'%s' is not listed in [units]"), k->units[u]);
	}
	free(keys);
}

/* One month's roster: its units, each listed in [units]. */
static void load_roster(struct loader *L, const char *key, const char *v)
{
	int month;
	if (!ysh_parse_month(key, &month)) {
		fail(L, "roster", key, _("not a month YYYY-MM"));
		return;
	}
	struct ysh_roster *r = &L->c->rosters[L->c->nrosters++];
	r->month = month;
	parse_names(v, &r->units);
	for (size_t u = 0; u < r->units.n && !L->err; u++)
		if (!ysh_config_unit(L->c, r->units.v[u]))
			fail(L, "roster", key, _("'%s' is not listed in [units]"), r->units.v[u]);
}

static void load_rosters(struct loader *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "roster", &n);
	L->c->rosters = ysh_xcalloc(n ? n : 1, sizeof(*L->c->rosters));
	for (size_t i = 0; i < n && !L->err; i++)
		load_roster(L, keys[i], get(L, "roster", keys[i]));
	free(keys);
}

const struct ysh_names *ysh_config_roster(const struct ysh_config *c, int month)
{
	for (size_t i = 0; i < c->nrosters; i++)
		if (c->rosters[i].month == month)
			return &c->rosters[i].units;
	return NULL;
}

static void load_reports(struct loader *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "reports", &n);
	for (size_t i = 0; i < n && !L->err; i++) {
		const char *v = get(L, "reports", keys[i]);
		char *end;
		long x = strtol(v, &end, 10);
		if (strcmp(keys[i], "period_end_day"))
			fail(L, "reports", keys[i], _("unknown key (allowed: period_end_day)"));
		else if (!*v || *end || x < 0 || x > 28)
			fail(L, "reports", keys[i],
			     _("'%s' is not 0 (periods are calendar months) or a day from 1 to 28"), v);
		else
			L->c->period_end_day = x;
	}
	free(keys);
}

static int cmp_day(const void *a, const void *b)
{
	ysh_day x = *(const ysh_day *)a, y = *(const ysh_day *)b;
	return (x > y) - (x < y);
}

/* "2026-10-01..2026-10-07, 2026-12-31" */
static ysh_day *parse_days(struct loader *L, const char *key, size_t *count)
{
	const char *v = get(L, "calendar", key);
	ysh_day *days = NULL;
	size_t n = 0, cap = 0;
	char **items;
	size_t ni = ysh_split_list(v, &items);
	for (size_t i = 0; i < ni && !L->err; i++) {
		char *dots = strstr(items[i], "..");
		ysh_day a, b;
		if (dots) {
			*dots = '\0';
			if (!ysh_parse_date(items[i], &a) || !ysh_parse_date(dots + 2, &b) || b < a ||
			    b - a > 366) {
				fail(L, "calendar", key, _("'%s..%s' is not a date range (YYYY-MM-DD..YYYY-MM-DD)"),
				     items[i], dots + 2);
				break;
			}
		} else if (ysh_parse_date(items[i], &a)) {
			b = a;
		} else {
			fail(L, "calendar", key, _("'%s' is not a date (YYYY-MM-DD)"), items[i]);
			break;
		}
		for (ysh_day d = a; d <= b; d++) {
			days = ysh_grow(days, &cap, n + 1, sizeof(*days));
			days[n++] = d;
		}
	}
	ysh_free_list(items, ni);
	if (n)
		qsort(days, n, sizeof(*days), cmp_day);
	*count = n;
	return days;
}

static void load_calendar(struct loader *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "calendar", &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(keys[i], "holidays") && strcmp(keys[i], "workdays"))
			fail(L, "calendar", keys[i], _("unknown key (allowed: holidays, workdays)"));
	free(keys);
	L->c->holidays = parse_days(L, "holidays", &L->c->nholidays);
	L->c->workdays = parse_days(L, "workdays", &L->c->nworkdays);
}

static void check_sections(struct loader *L)
{
	static const char *const known[] = {"county", "units", "leads", "scope", "rules", "reports", "clerks",
					    "roster", "calendar",
					    "campaign", "lines", "deadlines", "supervision"};
	int n = iniparser_getnsec(L->d);
	for (int i = 0; i < n; i++) {
		const char *s = iniparser_getsecname(L->d, i);
		size_t k;
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (!strcmp(s, known[k]))
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			fail(L, s, NULL, _("unknown section (allowed: county, units, leads, scope, rules, reports, clerks, roster, calendar, "
			       "campaign, lines, deadlines, supervision)"));
	}
	/* iniparser joins section and key with ':', so a [units:x] section or an
	 * "a:b" key would land among another section's keys */
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		size_t nk;
		const char **keys = ysh_ini_keys(L->d, known[k], &nk);
		for (size_t j = 0; j < nk; j++)
			if (strchr(keys[j], ':'))
				fail(L, known[k], NULL, _("'%s': ':' may not appear in a section or key name"), keys[j]);
		free(keys);
	}
	size_t nk;
	const char **keys = ysh_ini_keys(L->d, "county", &nk);
	for (size_t i = 0; i < nk; i++)
		if (strcmp(keys[i], "name"))
			fail(L, "county", keys[i], _("unknown key (allowed: name)"));
	free(keys);
	const char *name = get(L, "county", "name");
	if (!*name)
		fail(L, "county", NULL, _("missing 'name = ' (the county's name)"));
	else
		L->c->county = ysh_xstrdup(name);
}

struct ysh_config *ysh_config_load(const char *dir, char **err)
{
	struct loader L = {0};
	char *path = ysh_xasprintf("%s/ysh.ini", dir);
	struct stat st;
	if (stat(path, &st) != 0 && errno == ENOENT) {
		/* most often a command run outside the ledger directory: say how to name it */
		*err = ysh_xasprintf(_("%s: not found; run in the ledger directory, or name it "
				       "with -C DIR or YSH_DIR=DIR"),
				     path);
		free(path);
		return NULL;
	}
	L.path = path;
	L.d = ysh_ini_load(path, err);
	if (!L.d) {
		free(path);
		return NULL;
	}
	L.c = ysh_xcalloc(1, sizeof(*L.c));
	L.c->path = path;
	set_default_rules(&L.c->rules);
	check_sections(&L);
	if (!L.err)
		load_units(&L);
	if (!L.err)
		load_leads(&L);
	if (!L.err)
		load_scope(&L);
	if (!L.err)
		load_rules(&L);
	if (!L.err)
		load_reports(&L);
	if (!L.err)
		load_clerks(&L);
	if (!L.err)
		load_rosters(&L);
	if (!L.err)
		load_calendar(&L);
	if (!L.err)
		L.err = ysh_supervision_load(L.d, path, L.c, &L.c->sup);
	iniparser_freedict(L.d);
	if (L.err) {
		*err = L.err;
		ysh_config_free(L.c);
		return NULL;
	}
	return L.c;
}

void ysh_config_free(struct ysh_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nunits; i++)
		free(c->units[i].name);
	free(c->units);
	ysh_map_free(&c->unit_index);
	for (size_t i = 0; i < c->nleads; i++) {
		free(c->leads[i].key);
		free(c->leads[i].val);
	}
	free(c->leads);
	for (size_t i = 0; i < c->rules.nmin_steps; i++)
		free(c->rules.min_steps[i].key);
	free(c->rules.min_steps);
	for (size_t i = 0; i < c->rules.nkinds; i++) {
		free(c->rules.kinds[i].kind);
		names_free(&c->rules.kinds[i].steps);
	}
	free(c->rules.kinds);
	names_free(&c->rules.county_kinds);
	for (size_t i = 0; i < NROLES; i++)
		names_free(&c->rules.role_kinds[i]);
	for (size_t i = 0; i < c->nscopes; i++) {
		free(c->scopes[i].office);
		names_free(&c->scopes[i].units);
	}
	free(c->scopes);
	names_free(&c->kind_keys);
	free(c->rules.windows);
	for (size_t i = 0; i < c->nclerks; i++) {
		free(c->clerks[i].login);
		ysh_free_list(c->clerks[i].units, c->clerks[i].nunits);
	}
	free(c->clerks);
	for (size_t i = 0; i < c->nrosters; i++)
		names_free(&c->rosters[i].units);
	free(c->rosters);
	free(c->holidays);
	free(c->workdays);
	free(c->county);
	free(c->path);
	ysh_supervision_free(c->sup);
	free(c);
}

const struct ysh_unit *ysh_config_unit(const struct ysh_config *c, const char *name)
{
	size_t i;
	if (!name || !ysh_map_get(&c->unit_index, name, &i))
		return NULL;
	return &c->units[i];
}

const char *ysh_config_lead(const struct ysh_config *c, const char *kind)
{
	for (size_t i = 0; i < c->nleads; i++)
		if (!strcmp(c->leads[i].key, kind))
			return c->leads[i].val;
	return NULL;
}

void ysh_config_lead_kinds(const struct ysh_config *c, const char *office, struct ysh_buf *out)
{
	size_t start = out->len;
	for (size_t i = 0; office && i < c->nleads; i++)
		if (!strcmp(c->leads[i].val, office))
			ysh_buf_printf(out, "%s%s", out->len > start ? "、" : "", c->leads[i].key);
	ysh_buf_str(out);
}

long ysh_config_min_steps(const struct ysh_config *c, const char *kind)
{
	for (size_t i = 0; i < c->rules.nmin_steps; i++)
		if (!strcmp(c->rules.min_steps[i].key, kind))
			return c->rules.min_steps[i].val;
	return 0;
}

static bool in_days(const ysh_day *v, size_t n, ysh_day d)
{
	return n && bsearch(&d, v, n, sizeof(*v), cmp_day) != NULL;
}

bool ysh_is_workday(const struct ysh_config *c, ysh_day d)
{
	if (in_days(c->workdays, c->nworkdays, d))
		return true;
	if (in_days(c->holidays, c->nholidays, d))
		return false;
	return ysh_weekday(d) < 5;
}

ysh_day ysh_workdays_before(const struct ysh_config *c, ysh_day d, long n)
{
	while (n > 0) {
		d--;
		if (ysh_is_workday(c, d))
			n--;
	}
	return d;
}

ysh_day ysh_workdays_after(const struct ysh_config *c, ysh_day d, long n)
{
	while (n > 0) {
		d++;
		if (ysh_is_workday(c, d))
			n--;
	}
	return d;
}

bool ysh_config_clerk_may(const struct ysh_config *c, const char *login, const char *unit)
{
	if (!c->nclerks)
		return true;
	for (size_t i = 0; i < c->nclerks; i++) {
		const struct ysh_clerk *k = &c->clerks[i];
		if (strcasecmp(k->login, login))
			continue;
		if (k->all)
			return true;
		for (size_t u = 0; u < k->nunits; u++)
			if (!strcmp(k->units[u], unit))
				return true;
		return false;
	}
	return false;
}

void ysh_config_period(const struct ysh_config *c, int month, ysh_day *first, ysh_day *last)
{
	if (!c->period_end_day) {
		*first = ysh_month_first(month);
		*last = ysh_month_last(month);
		return;
	}
	*first = ysh_month_first(month - 1) + (ysh_day)c->period_end_day;
	*last = ysh_month_first(month) + (ysh_day)c->period_end_day - 1;
}

int ysh_config_last_period(const struct ysh_config *c, ysh_day today)
{
	int m = ysh_month_of(today);
	ysh_day first, last;
	ysh_config_period(c, m, &first, &last);
	/* a period has ended when its last day is over */
	return last < today ? m : m - 1;
}

/* ==== the county profile ==== */

const struct ysh_names *ysh_config_steps(const struct ysh_config *c, const char *kind)
{
	const struct ysh_kind_rules *k = find_kind(&c->rules, kind);
	return k && k->steps.set ? &k->steps : NULL;
}

/* The kinds a role's units may record: kinds_ROLE, else `kinds`; NULL:
 * every kind. */
static const struct ysh_names *kinds_of_role(const struct ysh_config *c, size_t pos)
{
	if (pos < NROLES && c->rules.role_kinds[pos].set)
		return &c->rules.role_kinds[pos];
	return c->rules.county_kinds.set ? &c->rules.county_kinds : NULL;
}

static void list_add_once(struct ysh_buf *b, struct ysh_map *seen, const struct ysh_names *n)
{
	for (size_t i = 0; i < n->n; i++)
		if (ysh_map_put(seen, n->v[i], 0))
			ysh_buf_printf(b, "%s%s", b->len ? "、" : "", n->v[i]);
}

bool ysh_config_kind_allowed(const struct ysh_config *c, const struct ysh_unit *u, const char *kind,
			     struct ysh_buf *allowed, struct ysh_buf *keys)
{
	const struct ysh_names *lists[NROLES + 1];
	size_t pos[NROLES + 1], nl = 0;
	for (size_t k = 0; k < NROLES; k++)
		if (u->roles & role_names[k].bit)
			pos[nl++] = k;
	if (!nl)
		pos[nl++] = NROLES;
	for (size_t i = 0; i < nl; i++) {
		lists[i] = kinds_of_role(c, pos[i]);
		if (!lists[i] || names_has(lists[i], kind))
			return true;
	}
	struct ysh_map seen = {0};
	for (size_t i = 0; allowed && i < nl; i++)
		list_add_once(allowed, &seen, lists[i]);
	for (size_t i = 0; keys && i < nl; i++) {
		bool own = pos[i] < NROLES && c->rules.role_kinds[pos[i]].set;
		char *key = own ? ysh_xasprintf("kinds_%s", role_names[pos[i]].name) : ysh_xstrdup("kinds");
		if (ysh_map_put(&seen, key, 0))
			ysh_buf_printf(keys, "%s%s", keys->len ? ", " : "", key);
		free(key);
	}
	ysh_map_free(&seen);
	return false;
}

struct ysh_due ysh_config_due(const struct ysh_config *c, const char *kind)
{
	const struct ysh_kind_rules *k = find_kind(&c->rules, kind);
	if (k && k->has_due)
		return k->due;
	if (c->rules.report_within_days < 0)
		return (struct ysh_due){YSH_DUE_NONE, 0};
	return (struct ysh_due){YSH_DUE_WITHIN_DAYS, c->rules.report_within_days};
}

int ysh_config_period_of(const struct ysh_config *c, ysh_day d)
{
	int y, m, day;
	ysh_split_day(d, &y, &m, &day);
	int month = ysh_month_of(d);
	return c->period_end_day && day > c->period_end_day ? month + 1 : month;
}

bool ysh_config_due_day(const struct ysh_config *c, const char *kind, ysh_day date, ysh_day *due)
{
	struct ysh_due r = ysh_config_due(c, kind);
	if (r.rule == YSH_DUE_WITHIN_DAYS) {
		*due = date + (ysh_day)r.n;
		return true;
	}
	if (r.rule != YSH_DUE_BY_DAY)
		return false;
	/* the first day N after the activity's report period: the report that
	 * covers it (an activity of October, by 20 November) */
	ysh_day first, last;
	ysh_config_period(c, ysh_config_period_of(c, date), &first, &last);
	int m = ysh_month_of(last);
	*due = ysh_month_first(m) + (ysh_day)r.n - 1;
	if (*due <= last)
		*due = ysh_month_first(m + 1) + (ysh_day)r.n - 1;
	return true;
}

void ysh_config_callback_span(const struct ysh_config *c, ysh_day date, ysh_day *first, ysh_day *last)
{
	const struct ysh_callback_window *w = &c->rules.callback_window;
	int m = ysh_month_of(date);
	*last = date;
	switch (w->unit) {
	case YSH_WINDOW_DAYS: *first = date - (ysh_day)w->n; break;
	case YSH_WINDOW_MONTHS: *first = ysh_month_first(m - (int)w->n); break;
	case YSH_WINDOW_LAST_MONTH:
		*first = ysh_month_first(m - 1);
		*last = ysh_month_last(m - 1);
		break;
	}
}

bool ysh_config_in_scope(const struct ysh_config *c, const char *office, const struct ysh_unit *u)
{
	for (size_t i = 0; i < c->nscopes; i++)
		if (!strcmp(c->scopes[i].office, office))
			return (c->scopes[i].roles & u->roles) || names_has(&c->scopes[i].units, u->name);
	for (size_t i = 0; i < c->nleads; i++)
		if (!strcmp(c->leads[i].val, office) && strcmp(c->leads[i].key, "跟执法"))
			return true;
	return (u->roles & YSH_ROLE_ENFORCEMENT) != 0;
}

/* ---- the profile against the schemas ---- */

static char *key_error(const struct ysh_config *c, const char *section, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static char *key_error(const struct ysh_config *c, const char *section, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *e = located(c->path, section, key, fmt, ap);
	va_end(ap);
	return e;
}

static const struct ysh_enum_set *set_of(const struct ysh_column *steps, const char *kind)
{
	for (size_t i = 0; steps && i < steps->nsets; i++)
		if (!strcmp(steps->sets[i].when, kind))
			return &steps->sets[i];
	return NULL;
}

static char *joined(char *const *v, size_t n)
{
	struct ysh_buf b = {0};
	for (size_t i = 0; i < n; i++)
		ysh_buf_printf(&b, "%s%s", i ? "、" : "", v[i]);
	ysh_buf_str(&b);
	return b.p;
}

/* The kind a key names: the suffix after its prefix, or, for kinds and
 * kinds_ROLE, its value's items. */
static char *check_kind_key(const struct ysh_config *c, const char *entry, const struct ysh_column *kind)
{
	char *section = ysh_xstrdup(entry), *key = strchr(section, ':'), *err = NULL;
	*key++ = '\0';
	static const char *const prefixes[] = {"min_steps_", "steps_", "report_within_days_", "report_by_day_"};
	char **items = NULL;
	size_t n = 0;
	if (!strcmp(section, "leads")) {
		n = ysh_split_list(key, &items);
	} else if (!strcmp(key, "kinds") || !strncmp(key, "kinds_", 6)) {
		const struct ysh_names *v = !strcmp(key, "kinds") ? &c->rules.county_kinds
								  : &c->rules.role_kinds[role_pos(role_bit(key + 6))];
		for (size_t i = 0; i < v->n; i++) {
			items = ysh_xrealloc(items, (n + 1) * sizeof(*items));
			items[n++] = ysh_xstrdup(v->v[i]);
		}
	} else {
		for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]) && !n; p++)
			if (!strncmp(key, prefixes[p], strlen(prefixes[p])))
				n = ysh_split_list(key + strlen(prefixes[p]), &items);
	}
	for (size_t i = 0; i < n && !err; i++) {
		if (ysh_enum_index(kind, items[i]) < 0) {
			char *all = joined(kind->enums, kind->nenums);
			err = key_error(c, section, key, _("'%s' is not an activity kind (%s)"), items[i], all);
			free(all);
		}
	}
	ysh_free_list(items, n);
	free(section);
	return err;
}

static char *check_steps(const struct ysh_config *c, const struct ysh_kind_rules *k, const struct ysh_column *steps)
{
	const struct ysh_enum_set *set = set_of(steps, k->kind);
	char key[256];
	snprintf(key, sizeof(key), "steps_%s", k->kind);
	if (!set)
		return key_error(c, "rules", key, _("the activities schema names no steps for %s"), k->kind);
	for (size_t i = 0; i < k->steps.n; i++) {
		size_t j = 0;
		while (j < set->n && strcmp(set->vals[j], k->steps.v[i]))
			j++;
		if (j == set->n) {
			char *all = joined(set->vals, set->n);
			char *err = key_error(c, "rules", key, _("'%s' is not a step of %s (the schema's: %s)"),
					      k->steps.v[i], k->kind, all);
			free(all);
			return err;
		}
	}
	return NULL;
}

/* Every due_workdays of the schemas names a count of [rules]. */
static char *check_due_keys(const struct ysh_config *c, const struct ysh_schema_set *schemas)
{
	for (size_t i = 0; i < schemas->n; i++) {
		const struct ysh_schema *s = schemas->v[i];
		for (size_t k = 0; k < s->ncols; k++) {
			long n;
			const char *key = s->cols[k].due_workdays;
			if (key && !ysh_config_count(c, key, &n))
				return ysh_xasprintf(_("schema %s: [%s] due_workdays names no [rules] parameter '%s'"),
						     s->name, s->cols[k].name, key);
		}
	}
	return NULL;
}

char *ysh_config_apply(const struct ysh_config *c, struct ysh_schema_set *schemas)
{
	char *due = check_due_keys(c, schemas);
	if (due)
		return due;
	struct ysh_schema *acts = ysh_schemas_find(schemas, "activities");
	int kc = acts ? ysh_schema_col(acts, "kind") : -1, sc = acts ? ysh_schema_col(acts, "steps") : -1;
	if (kc < 0 || !acts->cols[kc].nenums)
		return NULL; /* a schema without kinds: nothing to hold the keys against */
	char *err = NULL;
	for (size_t i = 0; i < c->kind_keys.n && !err; i++)
		err = check_kind_key(c, c->kind_keys.v[i], &acts->cols[kc]);
	struct ysh_column *steps = sc >= 0 ? &acts->cols[sc] : NULL;
	for (size_t i = 0; i < c->rules.nkinds && !err; i++) {
		const struct ysh_kind_rules *k = &c->rules.kinds[i];
		if (!k->steps.set)
			continue;
		err = check_steps(c, k, steps);
		if (!err)
			ysh_column_set_enum(steps, k->kind, k->steps.v, k->steps.n);
	}
	return err;
}

char *ysh_config_verror(const char *path, const char *section, const char *key, const char *fmt, va_list ap)
{
	return located(path, section, key, fmt, ap);
}
