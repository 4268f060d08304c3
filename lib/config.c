#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "i18n.h"
#include "ini.h"

static const struct {
	const char *name;
	unsigned bit;
} role_names[] = {
	{"审批服务", YSH_ROLE_APPROVAL},
	{"行政执法", YSH_ROLE_ENFORCEMENT},
	{"镇街", YSH_ROLE_TOWN},
	{"公共服务企业", YSH_ROLE_UTILITY},
};

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
};

static void fail(struct loader *L, const char *section, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void fail(struct loader *L, const char *section, const char *key, const char *fmt, ...)
{
	if (L->err)
		return;
	struct ysh_buf b = {0};
	size_t line = key ? ysh_ini_line_of(L->path, section, key) : 0;
	if (line)
		ysh_buf_printf(&b, "%s:%zu: ", L->path, line);
	else
		ysh_buf_printf(&b, "%s: ", L->path);
	if (key)
		ysh_buf_printf(&b, "[%s] %s: ", section, key);
	else if (section)
		ysh_buf_printf(&b, "[%s]: ", section);
	va_list ap;
	va_start(ap, fmt);
	ysh_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ysh_buf_str(&b);
	L->err = b.p;
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
		size_t k;
		for (k = 0; k < sizeof(role_names) / sizeof(role_names[0]); k++)
			if (!strcmp(items[i], role_names[k].name))
				break;
		if (k == sizeof(role_names) / sizeof(role_names[0])) {
			fail(L, "units", unit, _("unknown role '%s' (allowed: 审批服务, 行政执法, 镇街, 公共服务企业)"),
			     items[i]);
			ysh_free_list(items, n);
			return false;
		}
		*roles |= role_names[k].bit;
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
	r->monthly_min = 1;
	r->unit_report_day = 20;
	r->summary_report_day = 22;
	r->lead_days_routine = 7;
	r->lead_workdays_adhoc = 1;
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

static void load_rule(struct loader *L, const char *key, const char *v)
{
	struct ysh_rules *r = &L->c->rules;
	static const struct {
		const char *key;
		size_t off;
		long lo, hi;
	} counts[] = {
		{"report_within_days", offsetof(struct ysh_rules, report_within_days), 0, 366},
		{"min_callbacks", offsetof(struct ysh_rules, min_callbacks), 0, 1000},
		{"callback_window_days", offsetof(struct ysh_rules, callback_window_days), 0, 3660},
		{"monthly_min", offsetof(struct ysh_rules, monthly_min), 0, 1000},
		{"unit_report_day", offsetof(struct ysh_rules, unit_report_day), 1, 28},
		{"summary_report_day", offsetof(struct ysh_rules, summary_report_day), 1, 28},
		{"lead_days_例行", offsetof(struct ysh_rules, lead_days_routine), 0, 366},
		{"lead_workdays_临时", offsetof(struct ysh_rules, lead_workdays_adhoc), 0, 366},
	};
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		if (!strcmp(key, counts[i].key)) {
			parse_count(L, key, v, counts[i].lo, counts[i].hi,
				    (long *)((char *)r + counts[i].off));
			return;
		}
	}
	if (!strncmp(key, "min_steps_", 10) && key[10]) {
		long n;
		if (parse_count(L, key, v, 0, 100, &n))
			set_min_steps(r, key + 10, n);
		return;
	}
	if (!strcmp(key, "enforcement_windows")) {
		parse_windows(L, v);
		return;
	}
	fail(L, "rules", key, _("unknown rule parameter (see ysh.ini(5))"));
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
	static const char *const known[] = {"county", "units", "leads", "rules", "reports", "clerks", "calendar"};
	int n = iniparser_getnsec(L->d);
	for (int i = 0; i < n; i++) {
		const char *s = iniparser_getsecname(L->d, i);
		size_t k;
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (!strcmp(s, known[k]))
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			fail(L, s, NULL, _("unknown section (allowed: county, units, leads, rules, reports, clerks, calendar)"));
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
		load_rules(&L);
	if (!L.err)
		load_reports(&L);
	if (!L.err)
		load_clerks(&L);
	if (!L.err)
		load_calendar(&L);
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
	free(c->rules.windows);
	for (size_t i = 0; i < c->nclerks; i++) {
		free(c->clerks[i].login);
		ysh_free_list(c->clerks[i].units, c->clerks[i].nunits);
	}
	free(c->clerks);
	free(c->holidays);
	free(c->workdays);
	free(c->county);
	free(c->path);
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
