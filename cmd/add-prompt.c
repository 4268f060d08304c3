/*
 * add-prompt.c - ysh-add's dialogue on a terminal: it asks only what a new
 * record needs, judges each answer as soon as the fields a rule needs are
 * known, shows the whole record and asks for a confirmation before it is
 * written.  A refused answer is asked again; nothing typed is lost.
 */
#include "add-prompt.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "i18n.h"

struct dialogue {
	struct ysh_ledgers *L;
	struct ysh_table *t;
	struct ysh_add_row *r;
	const char *today;
	bool *answered;      /* per schema column: given or typed */
	char **units;        /* the county's unit names, to pick by number */
	struct ysh_map shown; /* findings already shown, so each is said once */
	char *line;
	size_t cap;
};

static const char *default_of(const struct dialogue *D, size_t col)
{
	const struct ysh_column *c = &D->t->schema->cols[col];
	if (c->dflt)
		return c->dflt;
	/* today is a fact only about the record's own date */
	if ((int)col == D->t->schema->date_col)
		return D->today;
	return "";
}

/* Columns a terminal takes: two for a CJK character, one for ASCII (the
 * names listed are Chinese or ASCII). */
static size_t display_width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (!((unsigned char)*s & 0x80))
			w++;
		else if (((unsigned char)*s & 0xC0) == 0xC0)
			w += 2;
	return w;
}

/* The values a column offers to pick from by number: its enum values in
 * force (a kind's steps), the county's units, or an integer's labels (the
 * twelve problem categories, whose numbers are the values themselves). */
static char *const *choices_of(const struct dialogue *D, const struct ysh_column *c, size_t *n)
{
	if (c->nlabels) {
		*n = c->nlabels;
		return c->labels;
	}
	if (c->type == YSH_T_UNIT) {
		*n = D->L->cfg->nunits;
		return D->units;
	}
	return ysh_column_enums(c, (const char *const *)D->r->cells, n);
}

/* "  1 走流程  2 坐窗口 ...", as many a line as fit in 78 columns; labels
 * (long ones) one a line. */
static void show_numbered(char *const *vals, size_t n, bool one_a_line)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		char num[24];
		snprintf(num, sizeof(num), "%*zu ", n >= 10 ? 2 : 1, i + 1);
		size_t w = strlen(num) + display_width(vals[i]);
		if (col && (one_a_line || col + 2 + w > 78)) {
			fputc('\n', stderr);
			col = 0;
		}
		fprintf(stderr, "%s%s%s", col ? "  " : "    ", num, vals[i]);
		col += (col ? 2 : 4) + w;
	}
	if (n)
		fputc('\n', stderr);
}

static void show_choices(const struct dialogue *D, const struct ysh_column *c)
{
	size_t n = 0;
	char *const *vals = choices_of(D, c, &n);
	if (!vals && c->type == YSH_T_BOOL)
		fprintf(stderr, "    是|否\n");
	if (vals && n) {
		show_numbered(vals, n, c->nlabels > 0);
		fprintf(stderr, c->list ? _("    (the numbers or the names, separated by 、 or ;)\n")
					: _("    (the number or the name)\n"));
	} else if (c->list) {
		fprintf(stderr, _("    (several: separate them with 、 or ;)\n"));
	}
	if (c->help) /* the schemas' help texts are in the catalogue too (po/make-pot.sh) */
		fprintf(stderr, "    %s\n", _(c->help));
}

/* An answer's numbers become the names they stand for (what is not a
 * number of the list stays as typed, for the rules to judge); a label's
 * number is the value itself. */
static char *pick(const struct dialogue *D, const struct ysh_column *c, const char *answer)
{
	size_t n = 0;
	char *const *vals = c->nlabels ? NULL : choices_of(D, c, &n);
	if (!vals || !n)
		return ysh_xstrdup(answer);
	char **items;
	size_t k = c->list ? ysh_split_list(answer, &items) : 1;
	if (!c->list) {
		items = ysh_xcalloc(1, sizeof(*items));
		items[0] = ysh_xstrdup(answer);
	}
	struct ysh_buf b = {0};
	for (size_t i = 0; i < k; i++) {
		char *end;
		long v = strtol(items[i], &end, 10);
		bool number = *items[i] >= '0' && *items[i] <= '9' && !*end && v >= 1 && (size_t)v <= n;
		ysh_buf_printf(&b, "%s%s", i ? ";" : "", number ? vals[v - 1] : items[i]);
	}
	ysh_free_list(items, k);
	char *out = ysh_xstrdup(ysh_buf_str(&b));
	ysh_buf_free(&b);
	return out;
}

/* Reads one line without its line ending; -1 at end of input. */
static int read_answer(struct dialogue *D)
{
	fprintf(stderr, "> ");
	fflush(stderr);
	ssize_t n = getline(&D->line, &D->cap, stdin);
	if (n < 0)
		return -1;
	while (n && (D->line[n - 1] == '\n' || D->line[n - 1] == '\r'))
		D->line[--n] = '\0';
	/* a GBK terminal types GBK; what is not text in it is judged as typed */
	const char *codeset = nl_langinfo(CODESET);
	char *utf8 = ysh_codeset_converts(codeset) ? ysh_to_utf8(D->line, codeset) : NULL;
	if (utf8) {
		free(D->line);
		D->line = utf8;
		D->cap = strlen(utf8) + 1;
	}
	return 0;
}

/*
 * Judges the record as typed so far and says what is new about the
 * columns answered.  Returns the schema column of a refusal to ask again
 * (the one just answered first), or -1.
 */
static int judge(struct dialogue *D, size_t just)
{
	struct ysh_findings f = {0};
	ysh_add_check_partial(D->L, D->t, D->r, &f);
	int again = -1;
	for (size_t i = 0; i < f.n; i++) {
		const struct ysh_finding *x = &f.v[i];
		if (!x->col || !D->answered[x->col - 1])
			continue; /* about a field not asked yet: judged when it is */
		bool refuse = ysh_rule_info[x->rule].act == YSH_REFUSE;
		char *key = ysh_xasprintf("%zu\x1f%s\x1f%s", x->col, x->code, x->msg);
		bool fresh = ysh_map_put(&D->shown, key, 0);
		free(key);
		/* whole lines to translate: a word glued to an ASCII colon reads
		 * badly in Chinese */
		if (fresh || refuse)
			fprintf(stderr, refuse ? _("  refused: %s [%s]\n") : _("  warning: %s [%s]\n"),
				x->msg, x->code);
		if (refuse && (again < 0 || x->col - 1 == just))
			again = (int)x->col - 1;
	}
	ysh_findings_free(&f);
	return again;
}

static int ask(struct dialogue *D, size_t col);

/* Asks col until its answer is accepted, then any earlier field a rule
 * now refuses because of it. */
static int ask(struct dialogue *D, size_t col)
{
	const struct ysh_column *c = &D->t->schema->cols[col];
	for (;;) {
		const char *dflt = default_of(D, col);
		fprintf(stderr, "%s (%s)%s", c->title, c->name, c->required ? " *" : "");
		if (*dflt)
			fprintf(stderr, " [%s]", dflt);
		fprintf(stderr, ":\n");
		show_choices(D, c);
		if (read_answer(D) != 0)
			return -1;
		char **cell = &D->r->cells[col];
		free(*cell);
		*cell = pick(D, c, *D->line ? D->line : dflt);
		if (!**cell && c->required) {
			fprintf(stderr, _("  %s is required\n"), c->title);
			continue;
		}
		D->answered[col] = true;
		int again = judge(D, col);
		if (again < 0)
			return 0;
		if ((size_t)again != col)
			return ask(D, (size_t)again);
	}
}

static void show_record(const struct dialogue *D)
{
	const struct ysh_schema *s = D->t->schema;
	fprintf(stderr, _("The record to write in %s:\n"), D->t->path);
	for (size_t c = 0; c < s->ncols; c++) {
		const char *v = D->r->cells[c];
		if (!ysh_schema_asks_new(s, c) && !(v && *v))
			continue;
		/* a category's number with its name, as the clerk picked it */
		char *end;
		long k = v && *v ? strtol(v, &end, 10) : 0;
		const char *label = v && *v && !*end ? ysh_column_label(&s->cols[c], k) : NULL;
		fprintf(stderr, "  %2zu  %s (%s): %s%s%s%s\n", c + 1, s->cols[c].title, s->cols[c].name,
			v ? v : "", label ? " (" : "", label ? label : "", label ? ")" : "");
	}
}

/* 1 to write, 0 to stop, or a column to ask again. */
static int confirm(struct dialogue *D, int *col)
{
	for (;;) {
		show_record(D);
		fprintf(stderr, _("Write it? 是 writes, 否 stops, a field's number asks it again [是]:\n"));
		if (read_answer(D) != 0)
			return 0;
		char *end;
		long k = strtol(D->line, &end, 10);
		if (!*D->line || ysh_parse_bool(D->line) == 1)
			return 1;
		if (ysh_parse_bool(D->line) == 0)
			return 0;
		if (!*end && k >= 1 && (size_t)k <= D->t->schema->ncols &&
		    ysh_schema_asks_new(D->t->schema, (size_t)k - 1)) {
			*col = (int)k - 1;
			return 2;
		}
		fprintf(stderr, _("  answer 是, 否 or the number of a field\n"));
	}
}

/* A dialogue about r; the columns already given count as answered. */
static void dialogue_init(struct dialogue *D, struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *r,
			  const char *today)
{
	*D = (struct dialogue){.L = L, .t = t, .r = r, .today = today};
	D->answered = ysh_xcalloc(t->schema->ncols, sizeof(bool));
	D->units = ysh_xcalloc(L->cfg->nunits + 1, sizeof(*D->units));
	for (size_t i = 0; i < L->cfg->nunits; i++)
		D->units[i] = L->cfg->units[i].name;
	for (size_t c = 0; c < t->schema->ncols; c++)
		D->answered[c] = r->cells[c] && *r->cells[c];
}

static void dialogue_free(struct dialogue *D)
{
	free(D->line);
	free(D->answered);
	free(D->units);
	ysh_map_free(&D->shown);
}

int ysh_prompt_record(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *r, ysh_day today)
{
	const struct ysh_schema *s = t->schema;
	char day[11];
	ysh_format_date(today, day);
	struct dialogue D;
	dialogue_init(&D, L, t, r, day);
	fprintf(stderr, _("New %s for %s (%s); Ctrl-D or Ctrl-C aborts, nothing is written.\n"),
		s->record, t->path, s->title);
	int rc = 0;
	for (size_t c = 0; c < s->ncols && rc == 0; c++)
		if (!D.answered[c] && ysh_schema_asks_new(s, c))
			rc = ask(&D, c);
	int col;
	while (rc == 0) {
		int verdict = confirm(&D, &col);
		if (verdict == 1)
			break;
		rc = verdict == 0 ? -1 : ask(&D, (size_t)col);
	}
	dialogue_free(&D);
	return rc;
}

int ysh_prompt_again(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *r, ysh_day today,
		     size_t col)
{
	char day[11];
	ysh_format_date(today, day);
	struct dialogue D;
	dialogue_init(&D, L, t, r, day);
	int rc = ask(&D, col);
	dialogue_free(&D);
	return rc;
}
