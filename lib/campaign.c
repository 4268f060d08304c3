/* campaign.c - [campaign], [lines], [deadlines] and [supervision] of ysh.ini (campaign.h). */
#include "campaign.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"
#include "util.h"

struct sload {
	dictionary *d;
	const char *path;
	const struct ysh_config *c;
	struct ysh_supervision *s;
	char *err;
};

static void sfail(struct sload *L, const char *section, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The first problem only: one wrong setting at a time, with its line. */
static void sfail(struct sload *L, const char *section, const char *key, const char *fmt, ...)
{
	if (L->err)
		return;
	va_list ap;
	va_start(ap, fmt);
	L->err = ysh_config_verror(L->path, section, key, fmt, ap);
	va_end(ap);
}

static const char *sget(struct sload *L, const char *section, const char *key)
{
	char full[1024];
	snprintf(full, sizeof(full), "%s:%s", section, key);
	const char *v = iniparser_getstring(L->d, full, NULL);
	return v ? v : "";
}

/* "2020-01-15..2020-01-31" */
static bool parse_span(const char *v, ysh_day *first, ysh_day *last)
{
	const char *dots = strstr(v, "..");
	char a[16];
	if (!dots || (size_t)(dots - v) >= sizeof(a))
		return false;
	memcpy(a, v, (size_t)(dots - v));
	a[dots - v] = '\0';
	return ysh_parse_date(a, first) && ysh_parse_date(dots + 2, last);
}

static int cmp_phase(const void *a, const void *b)
{
	const struct ysh_phase *x = a, *y = b;
	return (x->first > y->first) - (x->first < y->first);
}

static int phase_index(const struct ysh_supervision *s, const char *name)
{
	for (size_t i = 0; i < s->nphases; i++)
		if (!strcmp(s->phases[i].name, name))
			return (int)i;
	return -1;
}

static void add_phase(struct sload *L, const char *key)
{
	struct ysh_supervision *s = L->s;
	const char *v = sget(L, "campaign", key);
	ysh_day a, b;
	if (!parse_span(v, &a, &b)) {
		sfail(L, "campaign", key, _("'%s' is not a phase's dates (YYYY-MM-DD..YYYY-MM-DD)"), v);
		return;
	}
	if (b < a) {
		sfail(L, "campaign", key, _("the phase '%s' ends (%s) before it starts"), key, v);
		return;
	}
	s->phases = ysh_xrealloc(s->phases, (s->nphases + 1) * sizeof(*s->phases));
	s->phases[s->nphases++] = (struct ysh_phase){ysh_xstrdup(key), a, b};
}

/* find_phase / fix_phase: a phase by name, else the first / second by date. */
static int named_phase(struct sload *L, const char *key, int dflt)
{
	const char *v = sget(L, "campaign", key);
	if (!*v)
		return dflt < (int)L->s->nphases ? dflt : -1;
	int i = phase_index(L->s, v);
	if (i < 0)
		sfail(L, "campaign", key, _("'%s' is not a phase of [campaign]"), v);
	return i;
}

static void load_campaign(struct sload *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "campaign", &n);
	struct ysh_supervision *s = L->s;
	for (size_t i = 0; i < n && !L->err; i++) {
		if (!strcmp(keys[i], "name"))
			s->campaign = ysh_xstrdup(sget(L, "campaign", "name"));
		else if (strcmp(keys[i], "find_phase") && strcmp(keys[i], "fix_phase"))
			add_phase(L, keys[i]);
	}
	free(keys);
	if (L->err || !n)
		return;
	if (!s->campaign || !*s->campaign) {
		sfail(L, "campaign", NULL, _("missing 'name = ' (the campaign's name)"));
		return;
	}
	if (!s->nphases) {
		sfail(L, "campaign", NULL, _("no phases: give each as 'name = YYYY-MM-DD..YYYY-MM-DD'"));
		return;
	}
	qsort(s->phases, s->nphases, sizeof(*s->phases), cmp_phase);
	for (size_t i = 1; i < s->nphases && !L->err; i++)
		if (s->phases[i].first <= s->phases[i - 1].last)
			sfail(L, "campaign", s->phases[i].name, _("the phase '%s' begins before '%s' ends"),
			      s->phases[i].name, s->phases[i - 1].name);
	s->find_phase = named_phase(L, "find_phase", 0);
	s->fix_phase = named_phase(L, "fix_phase", 1);
}

static struct ysh_line *line_of(struct ysh_supervision *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->nlines; i++)
		if (strlen(s->lines[i].name) == len && !strncmp(s->lines[i].name, name, len))
			return &s->lines[i];
	s->lines = ysh_xrealloc(s->lines, (s->nlines + 1) * sizeof(*s->lines));
	struct ysh_line *l = &s->lines[s->nlines++];
	memset(l, 0, sizeof(*l));
	l->name = ysh_xstrndup(name, len);
	return l;
}

static void set_line_unit(struct sload *L, const char *key, const char *v, char **slot)
{
	if (!ysh_config_unit(L->c, v))
		sfail(L, "lines", key, _("'%s' is not listed in [units]"), v);
	else
		*slot = ysh_xstrdup(v);
}

/* NAME.domain, NAME.leader, NAME.office (a unit), NAME.units (units). */
static void line_key(struct sload *L, const char *key)
{
	const char *dot = strrchr(key, '.'), *v = sget(L, "lines", key);
	if (!dot || dot == key) {
		sfail(L, "lines", key, _("name a line's setting as LINE.domain, LINE.leader, LINE.office or LINE.units"));
		return;
	}
	struct ysh_line *l = line_of(L->s, key, (size_t)(dot - key));
	const char *what = dot + 1;
	if (!strcmp(what, "domain"))
		l->domain = ysh_xstrdup(v);
	else if (!strcmp(what, "leader"))
		l->leader = ysh_xstrdup(v);
	else if (!strcmp(what, "office"))
		set_line_unit(L, key, v, &l->office);
	else if (!strcmp(what, "units")) {
		ysh_free_list(l->units, l->nunits);
		l->nunits = ysh_split_list(v, &l->units);
		for (size_t i = 0; i < l->nunits; i++)
			if (!ysh_config_unit(L->c, l->units[i]))
				sfail(L, "lines", key, _("'%s' is not listed in [units]"), l->units[i]);
	} else
		sfail(L, "lines", key, _("unknown setting '%s' (allowed: domain, leader, office, units)"), what);
}

static void load_lines(struct sload *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "lines", &n);
	for (size_t i = 0; i < n && !L->err; i++)
		line_key(L, keys[i]);
	free(keys);
	for (size_t i = 0; i < L->s->nlines && !L->err; i++)
		if (!L->s->lines[i].office)
			sfail(L, "lines", NULL, _("the line '%s' has no office (%s.office = its lead office)"),
			      L->s->lines[i].name, L->s->lines[i].name);
}

static void load_deadlines(struct sload *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "deadlines", &n);
	for (size_t i = 0; i < n && !L->err; i++) {
		const char *v = sget(L, "deadlines", keys[i]);
		int w = ysh_deadline_word(keys[i]);
		char *end;
		long day = strtol(v, &end, 10);
		if (w < 0)
			sfail(L, "deadlines", keys[i], _("unknown word (allowed: 月初, 上旬, 中旬, 下旬, 月底)"));
		else if (!*v || *end || day < 0 || day > 31)
			sfail(L, "deadlines", keys[i], _("'%s' is not a day from 1 to 31, or 0 (the month's last day)"), v);
		else
			L->s->deadlines.day[w] = (int)day;
	}
	free(keys);
}

static void load_case_units(struct sload *L, const char *key, const char *v)
{
	L->s->ncase_units = ysh_split_list(v, &L->s->case_units);
	for (size_t i = 0; i < L->s->ncase_units; i++)
		if (!ysh_config_unit(L->c, L->s->case_units[i]))
			sfail(L, "supervision", key, _("'%s' is not listed in [units]"), L->s->case_units[i]);
}

static void load_supervision(struct sload *L)
{
	size_t n;
	const char **keys = ysh_ini_keys(L->d, "supervision", &n);
	for (size_t i = 0; i < n && !L->err; i++) {
		const char *k = keys[i], *v = sget(L, "supervision", k);
		if (!strcmp(k, "survey_organiser")) {
			if (!ysh_config_unit(L->c, v))
				sfail(L, "supervision", k, _("'%s' is not listed in [units]"), v);
			else
				L->s->survey_organiser = ysh_xstrdup(v);
		} else if (!strcmp(k, "case_units"))
			load_case_units(L, k, v);
		else if (!strcmp(k, "since") || !strcmp(k, "until")) {
			if (!ysh_parse_date(v, !strcmp(k, "since") ? &L->s->since : &L->s->until))
				sfail(L, "supervision", k, _("'%s' is not a date (YYYY-MM-DD)"), v);
		} else
			sfail(L, "supervision", k, _("unknown key (allowed: survey_organiser, case_units, since, until)"));
	}
	free(keys);
	if (!L->err && L->s->since && L->s->until && L->s->until < L->s->since)
		sfail(L, "supervision", "until", _("until is before since"));
}

char *ysh_supervision_load(dictionary *d, const char *path, const struct ysh_config *c,
			   struct ysh_supervision **out)
{
	struct sload L = {d, path, c, ysh_xcalloc(1, sizeof(*L.s)), NULL};
	L.s->find_phase = L.s->fix_phase = -1;
	ysh_deadline_defaults(&L.s->deadlines);
	load_campaign(&L);
	if (!L.err)
		load_lines(&L);
	if (!L.err)
		load_deadlines(&L);
	if (!L.err)
		load_supervision(&L);
	if (L.err) {
		ysh_supervision_free(L.s);
		*out = NULL;
		return L.err;
	}
	*out = L.s;
	return NULL;
}

void ysh_supervision_free(struct ysh_supervision *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nphases; i++)
		free(s->phases[i].name);
	free(s->phases);
	for (size_t i = 0; i < s->nlines; i++) {
		struct ysh_line *l = &s->lines[i];
		free(l->name);
		free(l->domain);
		free(l->leader);
		free(l->office);
		ysh_free_list(l->units, l->nunits);
	}
	free(s->lines);
	ysh_free_list(s->case_units, s->ncase_units);
	free(s->survey_organiser);
	free(s->campaign);
	free(s);
}

const struct ysh_line *ysh_line_find(const struct ysh_supervision *s, const char *name)
{
	for (size_t i = 0; i < s->nlines; i++)
		if (!strcmp(s->lines[i].name, name))
			return &s->lines[i];
	return NULL;
}

bool ysh_campaign_span(const struct ysh_supervision *s, ysh_day *first, ysh_day *last)
{
	if (!s->nphases)
		return false;
	*first = s->phases[0].first;
	*last = s->phases[s->nphases - 1].last;
	return true;
}

bool ysh_owes_cases(const struct ysh_supervision *s, const char *unit)
{
	if (s->ncase_units) {
		for (size_t i = 0; i < s->ncase_units; i++)
			if (!strcmp(s->case_units[i], unit))
				return true;
		return false;
	}
	for (size_t i = 0; i < s->nlines; i++)
		if (!strcmp(s->lines[i].office, unit))
			return true;
	return false;
}
