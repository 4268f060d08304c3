#include "schema.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "ini.h"
#include "ruleids.h"
#include "value.h"
#include "util.h"

#ifndef YSH_DATADIR
#define YSH_DATADIR "/usr/local/share/ysh"
#endif

static const struct {
	const char *name;
	enum ysh_type type;
} type_names[] = {
	{"text", YSH_T_TEXT},       {"date", YSH_T_DATE},   {"timestamp", YSH_T_TIMESTAMP},
	{"integer", YSH_T_INTEGER}, {"money", YSH_T_MONEY}, {"bool", YSH_T_BOOL},
	{"id", YSH_T_ID},           {"ref", YSH_T_REF},     {"phone", YSH_T_PHONE},
	{"creditcode", YSH_T_CREDIT}, {"unit", YSH_T_UNIT},
};

static bool parse_type(const char *s, enum ysh_type *t)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++) {
		if (!strcmp(type_names[i].name, s)) {
			*t = type_names[i].type;
			return true;
		}
	}
	return false;
}

/* Enum values are '|'-separated: ';' would start an ini comment. */
static char **split_bar(const char *s, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	while (*s) {
		size_t len = strcspn(s, "|");
		const char *a = s, *b = s + len;
		while (a < b && *a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (b > a) {
			v = ysh_grow(v, &cap, *n + 1, sizeof(*v));
			v[(*n)++] = ysh_xstrndup(a, (size_t)(b - a));
		}
		s += len;
		if (*s)
			s++;
	}
	return v;
}

static const char *const column_keys[] = {"title", "type",    "required", "list",    "happened",
					  "immutable", "forward", "system", "enum", "enum_by",
					  "ref",   "min",     "max",      "default", "help",
					  "later", "required_if", "frozen", "reopens", "reopen_to",
					  "overdue", "done_when", "labels", "due_from", "due_workdays", "long"};

static bool known_column_key(const char *k)
{
	for (size_t i = 0; i < sizeof(column_keys) / sizeof(column_keys[0]); i++)
		if (!strcmp(k, column_keys[i]))
			return true;
	return strncmp(k, "enum_", 5) == 0;
}

static char *getstr(dictionary *d, const char *sec, const char *key)
{
	char full[512];
	snprintf(full, sizeof(full), "%s:%s", sec, key);
	const char *v = iniparser_getstring(d, full, NULL);
	return v && *v ? ysh_xstrdup(v) : NULL;
}

static bool getbool(dictionary *d, const char *sec, const char *key)
{
	char full[512];
	snprintf(full, sizeof(full), "%s:%s", sec, key);
	return iniparser_getboolean(d, full, 0) == 1;
}

static bool getlong(dictionary *d, const char *sec, const char *key, long *out)
{
	char full[512];
	snprintf(full, sizeof(full), "%s:%s", sec, key);
	const char *v = iniparser_getstring(d, full, NULL);
	if (!v || !*v)
		return false;
	*out = strtol(v, NULL, 10);
	return true;
}

static char *load_column(dictionary *d, const char *path, const char *sec, struct ysh_column *c)
{
	size_t nk;
	const char **keys = ysh_ini_keys(d, sec, &nk);
	for (size_t i = 0; i < nk; i++) {
		if (!known_column_key(keys[i])) {
			char *e = ysh_xasprintf(_("%s:%zu: [%s] unknown key '%s'"), path,
						ysh_ini_line_of(path, sec, keys[i]), sec, keys[i]);
			free(keys);
			return e;
		}
	}
	c->name = ysh_xstrdup(sec);
	c->title = getstr(d, sec, "title");
	char *type = getstr(d, sec, "type");
	c->type = YSH_T_TEXT;
	if (type && !parse_type(type, &c->type)) {
		char *e = ysh_xasprintf(_("%s:%zu: [%s] unknown type '%s'"), path,
					ysh_ini_line_of(path, sec, "type"), sec, type);
		free(type);
		free(keys);
		return e;
	}
	free(type);
	c->required = getbool(d, sec, "required");
	{
		char full[512];
		snprintf(full, sizeof(full), "%s:required", sec);
		const char *rq = iniparser_getstring(d, full, NULL);
		c->required_new = rq && !strcmp(rq, "new");
		c->required |= c->required_new;
	}
	c->list = getbool(d, sec, "list");
	c->happened = getbool(d, sec, "happened");
	c->immutable = getbool(d, sec, "immutable");
	c->forward = getbool(d, sec, "forward");
	c->system = getbool(d, sec, "system");
	c->later = getbool(d, sec, "later");
	c->frozen = getbool(d, sec, "frozen");
	c->long_text = getbool(d, sec, "long");
	c->reopens = getstr(d, sec, "reopens");
	c->reopen_to = getstr(d, sec, "reopen_to");
	c->required_if = getstr(d, sec, "required_if");
	c->required_if_col = -1;
	c->overdue = getstr(d, sec, "overdue");
	c->done_when = getstr(d, sec, "done_when");
	c->due_from = getstr(d, sec, "due_from");
	c->due_workdays = getstr(d, sec, "due_workdays");
	c->due_from_col = -1;
	c->overdue_rule = c->done_col = -1;
	c->ref = getstr(d, sec, "ref");
	c->ref_ix = -1; /* known once the whole set is loaded */
	c->dflt = getstr(d, sec, "default");
	c->help = getstr(d, sec, "help");
	c->has_min = getlong(d, sec, "min", &c->min);
	c->has_max = getlong(d, sec, "max", &c->max);
	c->enum_by = getstr(d, sec, "enum_by");
	c->enum_by_col = -1;
	char *labels = getstr(d, sec, "labels");
	if (labels) {
		c->labels = split_bar(labels, &c->nlabels);
		free(labels);
	}
	char *en = getstr(d, sec, "enum");
	if (en) {
		c->enums = split_bar(en, &c->nenums);
		free(en);
	}
	for (size_t i = 0; i < nk; i++) {
		if (strncmp(keys[i], "enum_", 5) != 0 || !strcmp(keys[i], "enum_by"))
			continue;
		c->sets = ysh_xrealloc(c->sets, (c->nsets + 1) * sizeof(*c->sets));
		struct ysh_enum_set *set = &c->sets[c->nsets++];
		set->when = ysh_xstrdup(keys[i] + 5);
		char *v = getstr(d, sec, keys[i]);
		set->vals = v ? split_bar(v, &set->n) : NULL;
		if (!v)
			set->n = 0;
		free(v);
	}
	free(keys);
	if (!c->title)
		return ysh_xasprintf(_("%s: [%s] has no title"), path, sec);
	if (c->type == YSH_T_REF && !c->ref)
		return ysh_xasprintf(_("%s: [%s] is a ref without 'ref ='"), path, sec);
	if (c->long_text && (c->type != YSH_T_TEXT || c->list || c->nenums || c->nsets || c->reopens || c->reopen_to))
		return ysh_xasprintf(_("%s: [%s] is long, which is for free text: no type, no list, no enum, no reopens or reopen_to"), path, sec);
	if (c->nsets && !c->enum_by)
		return ysh_xasprintf(_("%s: [%s] has enum_<value> sets but no enum_by"), path, sec);
	if (c->nlabels && (c->type != YSH_T_INTEGER || !c->has_min || !c->has_max ||
			   c->max - c->min + 1 != (long)c->nlabels))
		return ysh_xasprintf(_("%s: [%s] has labels but is not an integer with one label for each number from min to max"),
				     path, sec);
	return NULL;
}

static char *load_ledger_section(dictionary *d, const char *path, struct ysh_schema *s)
{
	s->name = getstr(d, "ledger", "name");
	s->title = getstr(d, "ledger", "title");
	s->file = getstr(d, "ledger", "file");
	s->record = getstr(d, "ledger", "record");
	char *prefix = getstr(d, "ledger", "id_prefix");
	s->id_prefix = prefix ? prefix[0] : '\0';
	free(prefix);
	s->revisions = getbool(d, "ledger", "revisions");
	s->date_name = getstr(d, "ledger", "date");
	s->key_names = getstr(d, "ledger", "key");
	s->approval_names = getstr(d, "ledger", "approval");
	s->handover_names = getstr(d, "ledger", "handover");
	if (!s->name || !s->title || !s->file || !s->record || !s->id_prefix)
		return ysh_xasprintf(_("%s: [ledger] needs name, title, file, record and id_prefix"),
				     path);
	return NULL;
}

/* A column named in the schema's own keys, or an error naming the key. */
static char *named_col(const struct ysh_schema *s, const char *path, const char *key, const char *name,
		       int *out)
{
	*out = ysh_schema_col(s, name);
	if (*out < 0)
		return ysh_xasprintf(_("%s: %s names no column '%s'"), path, key, name);
	return NULL;
}

/* Comma-separated column names of a [ledger] key into indexes. */
static char *resolve_list(const struct ysh_schema *s, const char *path, const char *key, const char *names_,
			  int **cols, size_t *n)
{
	char **names;
	size_t k = ysh_split_list(names_, &names);
	char *e = NULL;
	*cols = ysh_xcalloc(k ? k : 1, sizeof(**cols));
	*n = 0;
	for (size_t i = 0; i < k && !e; i++)
		e = named_col(s, path, key, names[i], &(*cols)[(*n)++]);
	ysh_free_list(names, k);
	return e;
}

/* handover = owner,to,on: a unit column, the unit column a revision passes
 * the record to, and the date column of the hand-over. */
static char *resolve_handover(struct ysh_schema *s, const char *path)
{
	s->handover[0] = s->handover[1] = s->handover[2] = -1;
	if (!s->handover_names)
		return NULL;
	int *cols;
	size_t n;
	char *e = resolve_list(s, path, "[ledger] handover", s->handover_names, &cols, &n);
	if (!e && (n != 3 || s->cols[cols[0]].type != YSH_T_UNIT || s->cols[cols[1]].type != YSH_T_UNIT ||
		   s->cols[cols[2]].type != YSH_T_DATE))
		e = ysh_xasprintf(_("%s: [ledger] handover names a unit column, the unit column it passes to "
				    "and a date column"),
				  path);
	for (size_t i = 0; !e && i < 3; i++)
		s->handover[i] = cols[i];
	free(cols);
	return e;
}

/* due_from = COLUMN with due_workdays = KEY: an empty date is that many
 * working days (ysh.ini's [rules] KEY) after the other date. */
static char *resolve_due(struct ysh_schema *s, const char *path, struct ysh_column *c)
{
	if (!c->due_from && !c->due_workdays)
		return NULL;
	char *e = NULL;
	if (!c->due_from || !c->due_workdays || c->type != YSH_T_DATE)
		return ysh_xasprintf(_("%s: [%s] due_from and due_workdays go together, on a date column"), path,
				     c->name);
	e = named_col(s, path, "due_from", c->due_from, &c->due_from_col);
	if (!e && s->cols[c->due_from_col].type != YSH_T_DATE)
		e = ysh_xasprintf(_("%s: [%s] due_from names %s, not a date column"), path, c->name, c->due_from);
	return e;
}

/* overdue = RULE with done_when = COLUMN or COLUMN=VALUE. */
static char *resolve_lifecycle(struct ysh_schema *s, const char *path, struct ysh_column *c)
{
	if (!c->overdue && !c->done_when)
		return NULL;
	if (!c->overdue || !c->done_when || c->type != YSH_T_DATE)
		return ysh_xasprintf(_("%s: [%s] overdue and done_when go together, on a date column"), path,
				     c->name);
	c->overdue_rule = ysh_rule_by_code(c->overdue);
	if (c->overdue_rule < 0)
		return ysh_xasprintf(_("%s: [%s] overdue names no rule '%s'"), path, c->name, c->overdue);
	char *name = ysh_xstrdup(c->done_when), *eq = strchr(name, '=');
	if (eq) {
		*eq = '\0';
		c->done_val = ysh_xstrdup(eq + 1);
	}
	char *e = named_col(s, path, "done_when", name, &c->done_col);
	free(name);
	return e;
}

static char *resolve_ledger_columns(struct ysh_schema *s, const char *path)
{
	char *e = NULL;
	s->date_col = s->voided_col = -1;
	if (s->date_name && (e = named_col(s, path, "[ledger] date", s->date_name, &s->date_col)))
		return e;
	s->voided_col = ysh_schema_col(s, "voided");
	s->void_reason_col = ysh_schema_col(s, "void_reason");
	s->unit_col = ysh_schema_col(s, "unit");
	s->recorded_at_col = ysh_schema_col(s, "recorded_at");
	s->recorded_by_col = ysh_schema_col(s, "recorded_by");
	if (s->key_names) {
		char **names;
		size_t n = ysh_split_list(s->key_names, &names);
		s->key_cols = ysh_xcalloc(n ? n : 1, sizeof(*s->key_cols));
		for (size_t i = 0; i < n && !e; i++)
			e = named_col(s, path, "[ledger] key", names[i], &s->key_cols[s->nkey++]);
		ysh_free_list(names, n);
	}
	for (size_t i = 0; i < s->ncols && !e; i++) {
		struct ysh_column *c = &s->cols[i];
		if (c->required_if)
			e = named_col(s, path, c->name, c->required_if, &c->required_if_col);
		if (!e && c->reopen_to && (!c->forward || ysh_enum_index(c, c->reopen_to) < 0))
			e = ysh_xasprintf(_("%s: [%s] reopen_to '%s' is not a value of this forward column"), path,
					  c->name, c->reopen_to);
		if (!e)
			e = resolve_lifecycle(s, path, c);
		if (!e)
			e = resolve_due(s, path, c);
	}
	if (!e && s->approval_names)
		e = resolve_list(s, path, "[ledger] approval", s->approval_names, &s->approval_cols, &s->napproval);
	if (!e)
		e = resolve_handover(s, path);
	return e;
}

static char *resolve_columns(struct ysh_schema *s, const char *path)
{
	s->id_col = -1;
	for (size_t i = 0; i < s->ncols; i++) {
		struct ysh_column *c = &s->cols[i];
		if (!ysh_map_put(&s->by_name, c->name, i) || !ysh_map_put(&s->by_name, c->title, i))
			return ysh_xasprintf(_("%s: [%s]: its name or title '%s' is already another column's"),
					     path, c->name, c->title);
	}
	for (size_t i = 0; i < s->ncols; i++) {
		struct ysh_column *c = &s->cols[i];
		if (c->type == YSH_T_ID)
			s->id_col = (int)i;
		if (c->enum_by) {
			c->enum_by_col = ysh_schema_col(s, c->enum_by);
			if (c->enum_by_col < 0)
				return ysh_xasprintf(_("%s: [%s] enum_by names no column '%s'"), path,
						     c->name, c->enum_by);
		}
	}
	if (s->id_col < 0)
		return ysh_xasprintf(_("%s: no column of type id"), path);
	return resolve_ledger_columns(s, path);
}

struct ysh_schema *ysh_schema_load(const char *path, char **err)
{
	dictionary *d = ysh_ini_load(path, err);
	if (!d)
		return NULL;
	struct ysh_schema *s = ysh_xcalloc(1, sizeof(*s));
	*err = load_ledger_section(d, path, s);
	int nsec = iniparser_getnsec(d);
	for (int i = 0; i < nsec && !*err; i++) {
		const char *sec = iniparser_getsecname(d, i);
		if (!strcmp(sec, "ledger"))
			continue;
		s->cols = ysh_xrealloc(s->cols, (s->ncols + 1) * sizeof(*s->cols));
		memset(&s->cols[s->ncols], 0, sizeof(s->cols[0]));
		*err = load_column(d, path, sec, &s->cols[s->ncols++]);
	}
	if (!*err)
		*err = resolve_columns(s, path);
	iniparser_freedict(d);
	if (*err) {
		ysh_schema_free(s);
		return NULL;
	}
	return s;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void ysh_schema_free(struct ysh_schema *s)
{
	if (!s)
		return;
	free(s->cell_plan);
	for (size_t i = 0; i < s->ncols; i++) {
		struct ysh_column *c = &s->cols[i];
		free(c->name);
		free(c->title);
		free(c->overdue);
		free(c->done_when);
		free(c->due_from);
		free(c->due_workdays);
		free(c->done_val);
		free(c->ref);
		free(c->dflt);
		free(c->help);
		free(c->enum_by);
		free(c->required_if);
		free(c->reopens);
		free(c->reopen_to);
		free_strv(c->enums, c->nenums);
		free_strv(c->labels, c->nlabels);
		for (size_t k = 0; k < c->nsets; k++) {
			free(c->sets[k].when);
			free_strv(c->sets[k].vals, c->sets[k].n);
		}
		free(c->sets);
	}
	free(s->cols);
	ysh_map_free(&s->by_name);
	free(s->name);
	free(s->title);
	free(s->file);
	free(s->record);
	free(s->date_name);
	free(s->key_names);
	free(s->key_cols);
	free(s->approval_names);
	free(s->approval_cols);
	free(s->handover_names);
	free(s);
}

int ysh_schema_col(const struct ysh_schema *s, const char *key)
{
	size_t i;
	return ysh_map_get(&s->by_name, key, &i) ? (int)i : -1;
}

char *const *ysh_column_enums(const struct ysh_column *c, const char *const *cells, size_t *n)
{
	if (c->nsets && cells && c->enum_by_col >= 0) {
		const char *sel = cells[c->enum_by_col];
		for (size_t i = 0; sel && i < c->nsets; i++) {
			if (!strcmp(c->sets[i].when, sel)) {
				*n = c->sets[i].n;
				return c->sets[i].vals;
			}
		}
		/* the selecting value is itself wrong: that is its own finding */
		*n = 0;
		return NULL;
	}
	*n = c->nenums;
	return c->nenums ? c->enums : NULL;
}

bool ysh_column_moves_back(const struct ysh_column *c, const char *was, const char *now)
{
	if (!c->forward)
		return false;
	if (c->type == YSH_T_BOOL)
		return ysh_parse_bool(was) == 1 && ysh_parse_bool(now) == 0;
	int a = ysh_enum_index(c, was), b = ysh_enum_index(c, now);
	return a >= 0 && b >= 0 && b < a;
}

bool ysh_column_may_become(const struct ysh_column *c, const char *was, const char *now)
{
	return !(c->immutable && strcmp(was, now)) && !ysh_column_moves_back(c, was, now);
}

bool ysh_schema_asks_new(const struct ysh_schema *s, size_t c)
{
	const struct ysh_column *col = &s->cols[c];
	return !col->system && !col->later && (int)c != s->id_col;
}

bool ysh_schema_approved(const struct ysh_schema *s, const char *const *state)
{
	return s->napproval && *state[s->approval_cols[s->napproval - 1]];
}

static bool in_list(char *const *items, size_t n, const char *v)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(items[i], v))
			return true;
	return false;
}

/* A list widens when it gains an item (dropping one narrows); any other
 * value, when it changes: free text cannot say which way it went. */
static bool widens(const struct ysh_column *c, const char *was, const char *now)
{
	if (!c->list)
		return strcmp(was, now) != 0;
	char **a, **b;
	size_t na = ysh_split_list(was, &a), nb = ysh_split_list(now, &b);
	bool wider = false;
	for (size_t i = 0; i < nb && !wider; i++)
		wider = !in_list(a, na, b[i]);
	ysh_free_list(a, na);
	ysh_free_list(b, nb);
	return wider;
}

bool ysh_revision_widens(const struct ysh_schema *s, const char *const *state, const char *const *row, size_t c)
{
	if (!s->cols[c].frozen || !*row[c] || !ysh_schema_approved(s, state))
		return false;
	bool reapproved = true;
	for (size_t i = 0; i < s->napproval; i++)
		reapproved = reapproved && *row[s->approval_cols[i]];
	return !reapproved && widens(&s->cols[c], state[c], row[c]);
}

bool ysh_row_reopens(const struct ysh_schema *s, const char *const *row)
{
	for (size_t c = 0; c < s->ncols; c++)
		if (s->cols[c].reopens && !strcmp(row[c], s->cols[c].reopens))
			return true;
	return false;
}

void ysh_column_set_enum(struct ysh_column *c, const char *when, char *const *vals, size_t n)
{
	for (size_t i = 0; i < c->nsets; i++) {
		struct ysh_enum_set *set = &c->sets[i];
		if (strcmp(set->when, when))
			continue;
		free_strv(set->vals, set->n);
		set->vals = ysh_xcalloc(n ? n : 1, sizeof(*set->vals));
		for (size_t k = 0; k < n; k++)
			set->vals[k] = ysh_xstrdup(vals[k]);
		set->n = n;
		return;
	}
}

int ysh_enum_index(const struct ysh_column *c, const char *v)
{
	for (size_t i = 0; i < c->nenums; i++)
		if (!strcmp(c->enums[i], v))
			return (int)i;
	return -1;
}

/* ---- the set of schemas ---- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool refers_to_pending(const struct ysh_schema *s, struct ysh_schema **pending, size_t n)
{
	for (size_t i = 0; i < s->ncols; i++) {
		if (s->cols[i].type != YSH_T_REF)
			continue;
		for (size_t k = 0; k < n; k++)
			if (pending[k] && pending[k] != s && !strcmp(pending[k]->name, s->cols[i].ref))
				return true;
	}
	return false;
}

/* Referenced ledgers first, so that references are checked while streaming. */
static char *order_by_reference(struct ysh_schema_set *set)
{
	struct ysh_schema **pending = set->v;
	struct ysh_schema **out = ysh_xcalloc(set->n, sizeof(*out));
	size_t done = 0;
	while (done < set->n) {
		size_t before = done;
		for (size_t i = 0; i < set->n; i++) {
			if (pending[i] && !refers_to_pending(pending[i], pending, set->n)) {
				out[done++] = pending[i];
				pending[i] = NULL;
			}
		}
		if (done == before) {
			for (size_t i = 0; i < set->n; i++)
				if (pending[i])
					out[done++] = pending[i];
			free(pending);
			set->v = out;
			return ysh_xasprintf(_("schemas refer to each other in a cycle"));
		}
	}
	free(pending);
	set->v = out;
	return NULL;
}

/* Each reference by its index: the rules follow one for every cell. */
static void index_references(struct ysh_schema_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		for (size_t c = 0; c < set->v[i]->ncols; c++) {
			struct ysh_column *col = &set->v[i]->cols[c];
			col->ref_ix = -1;
			for (size_t j = 0; col->ref && j < set->n; j++)
				if (!strcmp(set->v[j]->name, col->ref))
					col->ref_ix = (int)j;
		}
}

int ysh_schemas_load(const char *dir, struct ysh_schema_set *out, char **err)
{
	memset(out, 0, sizeof(*out));
	DIR *dp = opendir(dir);
	if (!dp) {
		*err = ysh_xasprintf(_("schema directory %s: %s"), dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);
		if (len > 4 && !strcmp(de->d_name + len - 4, ".ini")) {
			names = ysh_grow(names, &cap, n + 1, sizeof(*names));
			names[n++] = ysh_xasprintf("%s/%s", dir, de->d_name);
		}
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	*err = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!*err) {
			struct ysh_schema *s = ysh_schema_load(names[i], err);
			if (s) {
				out->v = ysh_xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
				out->v[out->n++] = s;
			}
		}
		free(names[i]);
	}
	free(names);
	if (!*err && out->n == 0)
		*err = ysh_xasprintf(_("schema directory %s holds no *.ini schema"), dir);
	if (!*err)
		*err = order_by_reference(out);
	if (*err) {
		ysh_schemas_free(out);
		return -1;
	}
	index_references(out);
	return 0;
}

void ysh_schemas_free(struct ysh_schema_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		ysh_schema_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

struct ysh_schema *ysh_schemas_find(const struct ysh_schema_set *set, const char *key)
{
	for (size_t i = 0; i < set->n; i++) {
		struct ysh_schema *s = set->v[i];
		if (!strcmp(s->name, key) || !strcmp(s->record, key) || !strcmp(s->file, key) ||
		    !strcmp(s->title, key))
			return s;
	}
	return NULL;
}

static bool is_dir(const char *p)
{
	DIR *d = opendir(p);
	if (!d)
		return false;
	closedir(d);
	return true;
}

const char *ysh_schema_dir(void)
{
	/* per thread: a city's counties load their schemas at once (city.c) */
	static _Thread_local char found[PATH_MAX];
	const char *env = getenv("YSH_SCHEMA_DIR");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			/* works both installed (prefix/bin) and in the build tree (build/bin) */
			snprintf(found, sizeof(found), "%.*s/../share/ysh/schemas", PATH_MAX - 40, exe);
			if (is_dir(found))
				return found;
		}
	}
	return YSH_DATADIR "/schemas";
}

/* ---- header binding ---- */

static void add_problem(struct ysh_header_problem **v, size_t *n, size_t col, char *msg)
{
	*v = ysh_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].file_col = col;
	(*v)[*n].missing = -1;
	(*v)[(*n)++].msg = msg;
}

size_t ysh_bind_header(const struct ysh_schema *s, char *const *cells, size_t n,
		       struct ysh_binding *b, struct ysh_header_problem **probs)
{
	size_t np = 0;
	*probs = NULL;
	b->schema = s;
	b->nfile = n;
	b->file_to_col = ysh_xcalloc(n, sizeof(int));
	b->col_to_file = ysh_xcalloc(s->ncols, sizeof(int));
	for (size_t i = 0; i < s->ncols; i++)
		b->col_to_file[i] = -1;
	for (size_t i = 0; i < n; i++) {
		int c = ysh_schema_col(s, cells[i]);
		b->file_to_col[i] = c;
		if (c < 0) {
			add_problem(probs, &np, i + 1,
				    ysh_xasprintf(_("unknown column '%s' (not in the %s schema)"), cells[i],
						  s->name));
		} else if (b->col_to_file[c] >= 0) {
			add_problem(probs, &np, i + 1,
				    ysh_xasprintf(_("duplicate column '%s' (also column %d)"), cells[i],
						  b->col_to_file[c] + 1));
			b->file_to_col[i] = -1;
		} else {
			b->col_to_file[c] = (int)i;
		}
	}
	for (size_t c = 0; c < s->ncols; c++) {
		if (b->col_to_file[c] < 0 && s->cols[c].required)
		{
			add_problem(probs, &np, 0,
				    ysh_xasprintf(_("missing required column '%s' (%s)"), s->cols[c].name,
						  s->cols[c].title));
			(*probs)[np - 1].missing = (int)c;
		}
	}
	return np;
}

void ysh_header_problems_free(struct ysh_header_problem *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].msg);
	free(p);
}

void ysh_binding_free(struct ysh_binding *b)
{
	free(b->file_to_col);
	free(b->col_to_file);
	b->file_to_col = b->col_to_file = NULL;
}

long ysh_column_label_value(const struct ysh_column *c, const char *v)
{
	for (size_t i = 0; i < c->nlabels; i++)
		if (!strcmp(c->labels[i], v))
			return c->min + (long)i;
	return -1;
}

const char *ysh_column_label(const struct ysh_column *c, long v)
{
	if (!c->nlabels || v < c->min || v > c->max)
		return NULL;
	return c->labels[v - c->min];
}
