#include "report.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "i18n.h"
#include "rules.h"
#include "safe.h"

/* ==== the document: headings, lines and tables of strings ==== */

struct rtable {
	const char *name;     /* stable English key for JSON: activities, problems ... */
	const char *title;
	const char *lead, *unit;
	size_t ncols;
	const char *const *keys;   /* English, for JSON */
	const char *const *labels; /* Chinese, for people */
	char **cells;
	size_t nrows, cap;
};

enum { B_HEADING, B_LINE, B_TABLE };

struct rblock {
	int kind, level;
	const char *text;
	struct rtable *t;
};

struct doc {
	struct rblock *v;
	size_t n, cap;
	struct ysh_arena a;
};

static const char *dstr(struct doc *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static const char *dstr(struct doc *d, const char *fmt, ...)
{
	struct ysh_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	ysh_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char *s = ysh_arena_strndup(&d->a, b.p ? b.p : "", b.len);
	ysh_buf_free(&b);
	return s;
}

static struct rblock *add_block(struct doc *d, int kind)
{
	d->v = ysh_grow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	struct rblock *b = &d->v[d->n++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	return b;
}

static void heading(struct doc *d, int level, const char *text)
{
	struct rblock *b = add_block(d, B_HEADING);
	b->level = level;
	b->text = text;
}

static void line(struct doc *d, const char *text)
{
	add_block(d, B_LINE)->text = text;
}

static struct rtable *table(struct doc *d, const char *name, const char *title, size_t ncols,
			    const char *const *keys, const char *const *labels)
{
	struct rtable *t = ysh_arena_alloc(&d->a, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->title = title;
	t->ncols = ncols;
	t->keys = keys;
	t->labels = labels;
	add_block(d, B_TABLE)->t = t;
	return t;
}

/* Appends one row; the strings are copied. */
static void row(struct doc *d, struct rtable *t, const char *const *cells)
{
	t->cells = ysh_grow(t->cells, &t->cap, (t->nrows + 1) * t->ncols, sizeof(*t->cells));
	for (size_t i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = ysh_arena_strdup(&d->a, cells[i] ? cells[i] : "");
	t->nrows++;
}

static void doc_free(struct doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].kind == B_TABLE)
			free(d->v[i].t->cells);
	free(d->v);
	ysh_arena_free(&d->a);
}

/* ==== widths ==== */

static unsigned decode_utf8(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned c = s[0];
	int n = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
	if (n)
		c &= 0x3F >> n;
	for (int i = 1; i <= n && s[i]; i++)
		c = (c << 6) | (s[i] & 0x3F);
	*p = s + 1;
	while (n-- && (**p & 0xC0) == 0x80)
		(*p)++;
	return c;
}

/* East Asian Wide and Fullwidth ranges (UAX #11), enough for Chinese
 * ledgers: CJK, Hangul, Kana, fullwidth forms, CJK punctuation. */
static int char_width(unsigned c)
{
	if (c == 0)
		return 0;
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) || c == 0xFEFF)
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
	    (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
	    (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

size_t ysh_display_width(const char *s)
{
	size_t w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p)
		w += (size_t)char_width(decode_utf8(&p));
	return w;
}

/* ==== renderers ==== */

/* One line per cell in tables: line breaks inside a cell become spaces,
 * and control characters are shown, not sent to the terminal (safe.h). */
static char *flat(const char *s)
{
	return ysh_escaped(s, YSH_ESC_FLAT);
}

static void put_flat(FILE *out, const char *s)
{
	char *f = flat(s);
	fputs(f, out);
	free(f);
}

static void pad(FILE *out, size_t n)
{
	while (n--)
		fputc(' ', out);
}

static void render_text_table(FILE *out, const struct rtable *t)
{
	if (t->title) {
		put_flat(out, t->title);
		fputc('\n', out);
	}
	if (!t->nrows) {
		fprintf(out, "  %s\n\n", _("（无）"));
		return;
	}
	/* widths are those of what is printed: the cells as put_flat shows them */
	size_t ncells = t->nrows * t->ncols;
	char **shown = ysh_xcalloc(ncells + t->ncols, sizeof(*shown));
	for (size_t i = 0; i < ncells; i++)
		shown[i] = flat(t->cells[i]);
	for (size_t c = 0; c < t->ncols; c++)
		shown[ncells + c] = flat(t->labels[c]);
	size_t *w = ysh_xcalloc(t->ncols, sizeof(*w));
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = ysh_display_width(shown[ncells + c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = ysh_display_width(shown[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	}
	for (size_t c = 0; c < t->ncols; c++) {
		fputs("  ", out);
		fputs(shown[ncells + c], out);
		if (c + 1 < t->ncols)
			pad(out, w[c] - ysh_display_width(shown[ncells + c]));
	}
	fputc('\n', out);
	for (size_t c = 0; c < t->ncols; c++) {
		fputs("  ", out);
		for (size_t k = 0; k < w[c]; k++)
			fputc('-', out);
	}
	fputc('\n', out);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = shown[r * t->ncols + c];
			fputs("  ", out);
			fputs(v, out);
			if (c + 1 < t->ncols)
				pad(out, w[c] - ysh_display_width(v));
		}
		fputc('\n', out);
	}
	fputc('\n', out);
	for (size_t i = 0; i < ncells + t->ncols; i++)
		free(shown[i]);
	free(shown);
	free(w);
}

static void underline(FILE *out, const char *text, char ch)
{
	char *f = flat(text);
	size_t n = ysh_display_width(f);
	free(f);
	while (n--)
		fputc(ch, out);
	fputc('\n', out);
}

static void render_text(FILE *out, const struct doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct rblock *b = &d->v[i];
		if (b->kind == B_HEADING) {
			if (i)
				fputc('\n', out);
			put_flat(out, b->text);
			fputc('\n', out);
			if (b->level < 3)
				underline(out, b->text, b->level == 1 ? '=' : '-');
		} else if (b->kind == B_LINE) {
			put_flat(out, b->text);
			fputc('\n', out);
		} else {
			if (i && d->v[i - 1].kind == B_LINE)
				fputc('\n', out);
			render_text_table(out, b->t);
		}
	}
}

/* Markdown text: a cell's '|' would end it, and HTML passes through
 * Markdown: both escaped, control characters shown as in text. */
static void put_md(FILE *out, const char *s)
{
	char *f = flat(s);
	for (const char *p = f; *p; p++) {
		switch (*p) {
		case '|': fputs("\\|", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		default: fputc(*p, out);
		}
	}
	free(f);
}

static void render_md(FILE *out, const struct doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct rblock *b = &d->v[i];
		if (b->kind == B_HEADING) {
			for (int k = 0; k < b->level; k++)
				fputc('#', out);
			fputc(' ', out);
			put_md(out, b->text);
			fputs("\n\n", out);
		} else if (b->kind == B_LINE) {
			fputs("- ", out);
			put_md(out, b->text);
			fputc('\n', out);
			if (i + 1 == d->n || d->v[i + 1].kind != B_LINE)
				fputc('\n', out);
		} else {
			const struct rtable *t = b->t;
			if (t->title) {
				fputs("**", out);
				put_md(out, t->title);
				fputs("**\n\n", out);
			}
			if (!t->nrows) {
				fprintf(out, "%s\n\n", _("（无）"));
				continue;
			}
			for (size_t c = 0; c < t->ncols; c++) {
				fputs("| ", out);
				put_md(out, t->labels[c]);
				fputc(' ', out);
			}
			fputs("|\n", out);
			for (size_t c = 0; c < t->ncols; c++)
				fputs("|---", out);
			fputs("|\n", out);
			for (size_t r = 0; r < t->nrows; r++) {
				for (size_t c = 0; c < t->ncols; c++) {
					fputs("| ", out);
					put_md(out, t->cells[r * t->ncols + c]);
					fputc(' ', out);
				}
				fputs("|\n", out);
			}
			fputc('\n', out);
		}
	}
}

/* A cell a spreadsheet would run as a formula gets a leading apostrophe,
 * which Excel, WPS and LibreOffice show as text. */
static void put_csv(FILE *out, const char *s)
{
	struct ysh_buf b = {0};
	if (*s && strchr("=+-@\t\r", *s))
		ysh_buf_addc(&b, '\'');
	ysh_buf_adds(&b, s);
	ysh_buf_str(&b);
	const char *v = b.p;
	if (v[strcspn(v, ",\"\r\n")]) {
		fputc('"', out);
		for (; *v; v++) {
			if (*v == '"')
				fputc('"', out);
			fputc(*v, out);
		}
		fputc('"', out);
	} else {
		fputs(v, out);
	}
	ysh_buf_free(&b);
}

static void render_csv(FILE *out, const struct doc *d, bool bom)
{
	if (bom)
		fputs("\xef\xbb\xbf", out);
	for (size_t i = 0; i < d->n; i++) {
		const struct rblock *b = &d->v[i];
		if (b->kind != B_TABLE) {
			put_csv(out, b->text);
			fputs("\r\n", out);
			continue;
		}
		const struct rtable *t = b->t;
		if (t->title) {
			put_csv(out, t->title);
			fputs("\r\n", out);
		}
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', out);
			put_csv(out, t->labels[c]);
		}
		fputs("\r\n", out);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				if (c)
					fputc(',', out);
				put_csv(out, t->cells[r * t->ncols + c]);
			}
			fputs("\r\n", out);
		}
		fputs("\r\n", out);
	}
}

/* Tables as arrays of objects keyed by English names, in one object. */
/* "month": the period's label, or null for any other range. */
static void json_month(FILE *out, const char *month)
{
	fputs(",\"month\":", out);
	if (month)
		fprintf(out, "\"%s\"", month);
	else
		fputs("null", out);
}

static void render_json_tables(FILE *out, const struct doc *d, const char *report, const char *county,
			       const char *month, const char *period)
{
	fprintf(out, "{\"report\":\"%s\",\"name\":", report);
	ysh_json_string(out, county);
	json_month(out, month);
	fprintf(out, ",%s,\"tables\":[", period);
	bool first = true;
	for (size_t i = 0; i < d->n; i++) {
		const struct rtable *t = d->v[i].t;
		if (d->v[i].kind != B_TABLE || !t->name)
			continue;
		fprintf(out, "%s\n{\"table\":\"%s\",\"lead\":", first ? "" : ",", t->name);
		first = false;
		if (t->lead)
			ysh_json_string(out, t->lead);
		else
			fputs("null", out);
		fputs(",\"unit\":", out);
		if (t->unit)
			ysh_json_string(out, t->unit);
		else
			fputs("null", out);
		fputs(",\"rows\":[", out);
		for (size_t r = 0; r < t->nrows; r++) {
			fputs(r ? ",{" : "{", out);
			for (size_t c = 0; c < t->ncols; c++) {
				fprintf(out, "%s\"%s\":", c ? "," : "", t->keys[c]);
				ysh_json_string(out, t->cells[r * t->ncols + c]);
			}
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("\n]}\n", out);
}

/* ==== reading the ledgers ==== */

static const char *get(const struct ysh_table *t, const struct ysh_rec *r, const char *col)
{
	return ysh_rec_get(t, r, col);
}

static bool day_of(const struct ysh_table *t, const struct ysh_rec *r, const char *col, ysh_day *d)
{
	return ysh_parse_date(get(t, r, col), d);
}

struct span {
	ysh_day first, last;
};

static struct span period_span(const struct ysh_config *cfg, int month)
{
	struct span s;
	ysh_config_period(cfg, month, &s.first, &s.last);
	return s;
}

static bool in_span(struct span s, ysh_day d)
{
	return d >= s.first && d <= s.last;
}

static size_t count_items(const char *list)
{
	char **items;
	size_t n = ysh_split_list(list, &items);
	ysh_free_list(items, n);
	return n;
}

static bool unit_matches(const char *unit, const char *want)
{
	return !want || !strcmp(unit, want);
}

/* ==== lead offices ==== */

struct leads {
	const char **office;
	size_t n;
};

static struct leads lead_offices(const struct ysh_config *cfg)
{
	struct leads l = {ysh_xcalloc(cfg->nleads ? cfg->nleads : 1, sizeof(char *)), 0};
	for (size_t i = 0; i < cfg->nleads; i++) {
		size_t k;
		for (k = 0; k < l.n; k++)
			if (!strcmp(l.office[k], cfg->leads[i].val))
				break;
		if (k == l.n)
			l.office[l.n++] = cfg->leads[i].val;
	}
	return l;
}

/* The kinds an office leads, as "走流程、坐窗口". */
static const char *kinds_of(struct doc *d, const struct ysh_config *cfg, const char *office)
{
	struct ysh_buf b = {0};
	for (size_t i = 0; i < cfg->nleads; i++)
		if (!strcmp(cfg->leads[i].val, office))
			ysh_buf_printf(&b, "%s%s", b.len ? "、" : "", cfg->leads[i].key);
	const char *s = ysh_arena_strdup(&d->a, ysh_buf_str(&b));
	ysh_buf_free(&b);
	return s;
}


/* ==== one pass over the ledgers for a month ==== */

/* Record indexes of a table, in date-then-id order once sorted. */
struct picks {
	const struct ysh_table *t;
	const char *col;
	size_t *v;
	size_t n, cap;
};

static void pick_add(struct picks *p, size_t i)
{
	p->v = ysh_grow(p->v, &p->cap, p->n + 1, sizeof(*p->v));
	p->v[p->n++] = i;
}

static const struct picks *sort_ctx;

static int cmp_pick(const void *x, const void *y)
{
	const struct picks *p = sort_ctx;
	const struct ysh_rec *a = &p->t->recs[*(const size_t *)x], *b = &p->t->recs[*(const size_t *)y];
	int c = strcmp(get(p->t, a, p->col), get(p->t, b, p->col));
	return c ? c : strcmp(a->cells[p->t->schema->id_col], b->cells[p->t->schema->id_col]);
}

static void pick_sort(struct picks *p)
{
	sort_ctx = p;
	if (p->n)
		qsort(p->v, p->n, sizeof(*p->v), cmp_pick);
}

/*
 * Everything a report needs about one month, gathered in one pass over each
 * ledger: the figures of every (lead office, unit) pair with "all" rows and
 * columns, and the records of each unit in report order.  The reports then
 * only look things up, so their cost stays linear in the ledgers.
 */
struct month {
	struct ysh_ledgers *L;
	struct span m;
	struct leads leads;
	size_t nu;                /* units; index nu is "all units" */
	struct ysh_figures *fig;  /* (leads.n + 1) x (nu + 1); lead leads.n is "all kinds" */
	struct picks *acts;       /* leads.n x nu: the month's activities */
	struct picks *probs;      /* (leads.n + 1) x nu: problems; lead leads.n: sources no office leads */
	struct picks *cbs;        /* per activity record: its callbacks */
	bool *missing;            /* per unit: short of monthly_min (index_missing) */
	bool range;               /* any range, not one report period */
};

static struct ysh_figures *fig_at(struct month *M, size_t li, size_t ui)
{
	return &M->fig[li * (M->nu + 1) + ui];
}

static size_t lead_index(const struct month *M, const char *kind)
{
	const char *office = ysh_config_lead(M->L->cfg, kind);
	for (size_t i = 0; office && i < M->leads.n; i++)
		if (!strcmp(M->leads.office[i], office))
			return i;
	return M->leads.n;
}

static size_t unit_index(const struct month *M, const char *unit)
{
	const struct ysh_unit *u = ysh_config_unit(M->L->cfg, unit);
	return u ? (size_t)(u - M->L->cfg->units) : M->nu;
}

/* The cells a record counts in: its own (lead, unit), its lead's total, its
 * unit's all-kinds cell and the county's; fewer when the lead or the unit is
 * already "all".  Returns how many indexes into M->fig it wrote. */
static size_t cells_of(const struct month *M, size_t li, size_t ui, size_t out[4])
{
	size_t n = 0;
	for (int a = li == M->leads.n; a < 2; a++)
		for (int b = ui == M->nu; b < 2; b++)
			out[n++] = (a ? M->leads.n : li) * (M->nu + 1) + (b ? M->nu : ui);
	return n;
}

/* A voided record counts only as voided (in the cells it would have
 * counted in); returns whether r is voided. */
static bool count_voided(struct month *M, const struct ysh_table *t, const struct ysh_rec *r, const size_t *cells,
			 size_t nc)
{
	if (!ysh_rec_voided(t, r))
		return false;
	for (size_t k = 0; k < nc; k++)
		M->fig[cells[k]].voided++;
	return true;
}

static void index_activities(struct month *M)
{
	const struct ysh_table *a = ysh_ledgers_table(M->L, "activities");
	struct ysh_map people = {0};
	for (size_t i = 0; a && i < a->nrec; i++) {
		const struct ysh_rec *r = &a->recs[i];
		ysh_day d;
		if (!day_of(a, r, "date", &d) || !in_span(M->m, d))
			continue;
		size_t li = lead_index(M, get(a, r, "kind")), ui = unit_index(M, get(a, r, "unit"));
		size_t cells[4], nc = cells_of(M, li, ui, cells);
		if (count_voided(M, a, r, cells, nc))
			continue;
		long items = (long)count_items(get(a, r, "items"));
		for (size_t k = 0; k < nc; k++) {
			struct ysh_figures *f = &M->fig[cells[k]];
			f->activities++;
			f->items += items;
			char *who = ysh_xasprintf("%zu\x1f%s\x1f%s", cells[k], get(a, r, "unit"),
						  get(a, r, "participant"));
			if (ysh_map_put(&people, who, 0))
				f->participants++;
			free(who);
		}
		if (li < M->leads.n && ui < M->nu)
			pick_add(&M->acts[li * M->nu + ui], i);
	}
	ysh_map_free(&people);
	for (size_t k = 0; k < M->leads.n * M->nu; k++) {
		M->acts[k].t = a;
		M->acts[k].col = "date";
		pick_sort(&M->acts[k]);
	}
}

static void index_callbacks(struct month *M)
{
	const struct ysh_table *a = ysh_ledgers_table(M->L, "activities");
	const struct ysh_table *c = ysh_ledgers_table(M->L, "callbacks");
	if (!a || !c)
		return;
	M->cbs = ysh_xcalloc(a->nrec ? a->nrec : 1, sizeof(*M->cbs));
	for (size_t i = 0; i < c->nrec; i++) {
		const struct ysh_rec *r = &c->recs[i];
		size_t ai;
		/* a callback of a voided activity belongs to no office */
		if (!ysh_map_get(&a->ids, get(c, r, "activity"), &ai) || ysh_rec_voided(a, &a->recs[ai]))
			continue;
		const struct ysh_rec *act = &a->recs[ai];
		ysh_day d;
		if (!day_of(c, r, "date", &d) || !in_span(M->m, d)) {
			if (!ysh_rec_voided(c, r))
				pick_add(&M->cbs[ai], i);
			continue;
		}
		size_t li = lead_index(M, get(a, act, "kind")), ui = unit_index(M, get(a, act, "unit"));
		size_t cells[4], nc = cells_of(M, li, ui, cells);
		if (count_voided(M, c, r, cells, nc))
			continue;
		pick_add(&M->cbs[ai], i);
		bool valid = ysh_parse_bool(get(c, r, "valid")) == 1;
		const char *s = get(c, r, "satisfaction");
		bool satisfied = valid && (!strcmp(s, "满意") || !strcmp(s, "基本满意"));
		for (size_t k = 0; k < nc; k++) {
			struct ysh_figures *f = &M->fig[cells[k]];
			f->callbacks++;
			f->callbacks_valid += valid;
			f->satisfied += satisfied;
		}
	}
	for (size_t i = 0; i < a->nrec; i++) {
		M->cbs[i].t = c;
		M->cbs[i].col = "date";
		pick_sort(&M->cbs[i]);
	}
}

/* Adds one to a figure (a field of struct ysh_figures, by offset) in
 * every cell a record of (li, ui) counts in. */
static void bump(struct month *M, size_t li, size_t ui, size_t field)
{
	size_t cells[4], nc = cells_of(M, li, ui, cells);
	for (size_t k = 0; k < nc; k++)
		(*(long *)((char *)&M->fig[cells[k]] + field))++;
}

#define FIG(name) offsetof(struct ysh_figures, name)

/* Whether a problem was struck off by day d: closed_on by then, and not
 * reopened since by a look-back that found it back (反弹) after the
 * closure, by then.  The state keeps the closure of before a rebound, so
 * the periods before it still see the problem struck off. */
static bool struck_off_by(const struct ysh_table *p, const struct ysh_rec *r, ysh_day d)
{
	ysh_day closed, reviewed;
	if (!day_of(p, r, "closed_on", &closed) || closed > d)
		return false;
	return !(ysh_row_reopens(p->schema, r->cells) && day_of(p, r, "reviewed_on", &reviewed) &&
		 reviewed >= closed && reviewed <= d);
}

/* The unit (index) a problem belonged to on day d: hand-overs (转交) pass it
 * from unit to unit. */
static size_t owner_at(const struct month *M, const struct ysh_table *p, size_t i, ysh_day d)
{
	return unit_index(M, ysh_rec_owner(p, i, d));
}

/* One live problem's figures: each event (found, struck off, looked back
 * at) counts for the unit the problem belonged to on its day; what is open
 * at the period's end, for the unit it belongs to then. */
static void count_problem(struct month *M, const struct ysh_table *p, size_t i, size_t li, ysh_day found)
{
	const struct ysh_rec *r = &p->recs[i];
	ysh_day last = M->m.last, closed, reviewed, deadline;
	if (in_span(M->m, found))
		bump(M, li, owner_at(M, p, i, found), FIG(problems_found));
	if (day_of(p, r, "closed_on", &closed) && in_span(M->m, closed))
		bump(M, li, owner_at(M, p, i, closed), FIG(problems_closed));
	if (day_of(p, r, "reviewed_on", &reviewed) && in_span(M->m, reviewed)) {
		size_t ui = owner_at(M, p, i, reviewed);
		bump(M, li, ui, FIG(problems_reviewed));
		if (ysh_row_reopens(p->schema, r->cells))
			bump(M, li, ui, FIG(problems_rebounded));
	}
	if (found > last)
		return;
	size_t ui = owner_at(M, p, i, last);
	bump(M, li, ui, FIG(found_by_end));
	if (struck_off_by(p, r, last)) {
		bump(M, li, ui, FIG(closed_by_end));
		return;
	}
	bump(M, li, ui, FIG(problems_open));
	if (day_of(p, r, "deadline", &deadline) && deadline < last)
		bump(M, li, ui, FIG(problems_overdue));
}

/* A problem belongs to the office that leads its source; other sources
 * count in the county's totals (and the units' all-kinds cells) only.  It
 * is listed for the unit that found it and, when handed over, for the unit
 * it belongs to at the period's end. */
static void index_problems(struct month *M)
{
	const struct ysh_table *p = ysh_ledgers_table(M->L, "problems");
	for (size_t i = 0; p && i < p->nrec; i++) {
		const struct ysh_rec *r = &p->recs[i];
		ysh_day found;
		if (!day_of(p, r, "found_on", &found))
			continue;
		size_t li = lead_index(M, get(p, r, "source")), ui = unit_index(M, get(p, r, "unit"));
		if (ysh_rec_voided(p, r)) {
			size_t cells[4], nc = cells_of(M, li, ui, cells);
			if (in_span(M->m, found))
				count_voided(M, p, r, cells, nc);
			continue;
		}
		count_problem(M, p, i, li, found);
		size_t at_found = owner_at(M, p, i, found), at_end = owner_at(M, p, i, M->m.last);
		if (at_found < M->nu)
			pick_add(&M->probs[li * M->nu + at_found], i);
		if (at_end < M->nu && at_end != at_found)
			pick_add(&M->probs[li * M->nu + at_end], i);
	}
	for (size_t k = 0; k < (M->leads.n + 1) * M->nu; k++) {
		M->probs[k].t = p;
		M->probs[k].col = "found_on";
		pick_sort(&M->probs[k]);
	}
}

static bool filing_unapproved(const struct ysh_table *t, const struct ysh_rec *r, ysh_day planned)
{
	ysh_day approved;
	return !*get(t, r, "approved_by") || !day_of(t, r, "approved_on", &approved) || approved > planned;
}

/* The same judgement as filing-late: a filing is filed when it is recorded. */
static bool filing_on_time(struct ysh_ledgers *L, const struct ysh_table *t, const struct ysh_rec *r,
			   ysh_day planned)
{
	ysh_day filed;
	return day_of(t, r, "filed_on", &filed) &&
	       ysh_filing_on_time(L->cfg, get(t, r, "kind"), planned, filed, r->recorded, NULL);
}

static void add_filings(struct ysh_figures *to, const struct ysh_figures *f)
{
	to->filed += f->filed;
	to->on_time += f->on_time;
	to->unapproved += f->unapproved;
	to->joint += f->joint;
	to->not_punished += f->not_punished;
	to->lightened += f->lightened;
	to->fine_waived_fen += f->fine_waived_fen;
	to->voided += f->voided;
}

/* Filings belong to the county and to the filing unit: they are filed
 * with 营商办, not with a lead office (seed 002), so no office counts them. */
static void index_filings(struct month *M)
{
	struct ysh_ledgers *L = M->L;
	const struct ysh_table *t = ysh_ledgers_table(L, "filings");
	for (size_t i = 0; t && i < t->nrec; i++) {
		const struct ysh_rec *r = &t->recs[i];
		ysh_day planned;
		int64_t fen = 0;
		if (!day_of(t, r, "planned_on", &planned) || !in_span(M->m, planned))
			continue;
		size_t ui = unit_index(M, get(t, r, "unit"));
		if (ysh_rec_voided(t, r)) {
			struct ysh_figures v = {.voided = 1};
			add_filings(fig_at(M, M->leads.n, M->nu), &v);
			if (ui < M->nu)
				add_filings(fig_at(M, M->leads.n, ui), &v);
			continue;
		}
		struct ysh_figures one = {.filed = 1};
		one.on_time = filing_on_time(L, t, r, planned);
		one.unapproved = filing_unapproved(t, r, planned);
		one.joint = *get(t, r, "joint") != '\0';
		one.not_punished = !strcmp(get(t, r, "outcome"), "不予处罚");
		one.lightened = !strcmp(get(t, r, "outcome"), "从轻减轻");
		if (ysh_parse_money(get(t, r, "fine_waived"), &fen))
			one.fine_waived_fen = fen;
		add_filings(fig_at(M, M->leads.n, M->nu), &one);
		if (ui < M->nu)
			add_filings(fig_at(M, M->leads.n, ui), &one);
	}
}

ysh_day ysh_report_first_day(struct ysh_ledgers *L)
{
	ysh_day first = 0;
	for (size_t k = 0; k < L->ntables; k++) {
		const struct ysh_table *t = &L->tables[k];
		for (size_t c = 0; c < t->schema->ncols; c++) {
			if (t->schema->cols[c].type != YSH_T_DATE)
				continue;
			for (size_t i = 0; i < t->nrec; i++) {
				ysh_day d;
				if (ysh_parse_date(t->recs[i].cells[c], &d) && (!first || d < first))
					first = d;
			}
		}
	}
	return first;
}

/* The days a report covers: the period labelled o->month, or the range. */
static struct span report_span(struct ysh_ledgers *L, const struct ysh_report_opts *o)
{
	if (!o->to)
		return period_span(L->cfg, o->month);
	ysh_day first = o->from ? o->from : ysh_report_first_day(L);
	return (struct span){first && first <= o->to ? first : o->to, o->to};
}

/* Per unit, whether it fell short of monthly_min: in the period, or for a
 * range, in a calendar month wholly inside it (in the range itself when it
 * holds no whole month). */
static void index_missing(struct month *M)
{
	const struct ysh_config *cfg = M->L->cfg;
	M->missing = ysh_xcalloc(M->nu + 1, sizeof(*M->missing));
	int m0 = ysh_month_of(M->m.first), m1 = ysh_month_of(M->m.last);
	m0 += M->m.first != ysh_month_first(m0);
	m1 -= M->m.last != ysh_month_last(m1);
	if (!M->range || m0 > m1) {
		for (size_t ui = 0; ui < M->nu; ui++)
			M->missing[ui] = fig_at(M, M->leads.n, ui)->activities < cfg->rules.monthly_min;
		return;
	}
	size_t nm = (size_t)(m1 - m0 + 1);
	long *count = ysh_xcalloc(M->nu * nm + 1, sizeof(*count));
	const struct ysh_table *a = ysh_ledgers_table(M->L, "activities");
	for (size_t i = 0; a && i < a->nrec; i++) {
		ysh_day d;
		size_t ui = unit_index(M, get(a, &a->recs[i], "unit"));
		if (ui < M->nu && !ysh_rec_voided(a, &a->recs[i]) && day_of(a, &a->recs[i], "date", &d) &&
		    ysh_month_of(d) >= m0 && ysh_month_of(d) <= m1)
			count[ui * nm + (size_t)(ysh_month_of(d) - m0)]++;
	}
	for (size_t ui = 0; ui < M->nu; ui++)
		for (size_t k = 0; k < nm; k++)
			M->missing[ui] |= count[ui * nm + k] < cfg->rules.monthly_min;
	free(count);
}

static void month_init(struct month *M, struct ysh_ledgers *L, const struct ysh_report_opts *o)
{
	memset(M, 0, sizeof(*M));
	M->L = L;
	M->m = report_span(L, o);
	M->range = o->to != 0;
	M->leads = lead_offices(L->cfg);
	M->nu = L->cfg->nunits;
	M->fig = ysh_xcalloc((M->leads.n + 1) * (M->nu + 1), sizeof(*M->fig));
	M->acts = ysh_xcalloc(M->leads.n * M->nu + 1, sizeof(*M->acts));
	M->probs = ysh_xcalloc((M->leads.n + 1) * M->nu + 1, sizeof(*M->probs));
	index_activities(M);
	index_callbacks(M);
	index_problems(M);
	index_filings(M);
	index_missing(M);
}

static void month_free(struct month *M)
{
	const struct ysh_table *a = ysh_ledgers_table(M->L, "activities");
	for (size_t k = 0; k < M->leads.n * M->nu; k++)
		free(M->acts[k].v);
	for (size_t k = 0; k < (M->leads.n + 1) * M->nu; k++)
		free(M->probs[k].v);
	for (size_t i = 0; M->cbs && a && i < a->nrec; i++)
		free(M->cbs[i].v);
	free(M->cbs);
	free(M->missing);
	free(M->acts);
	free(M->probs);
	free(M->fig);
	free(M->leads.office);
}

static long activities_of_unit(struct month *M, size_t ui)
{
	return fig_at(M, M->leads.n, ui)->activities;
}

/* Short of monthly_min in the period (index_missing). */
static bool is_missing(const struct month *M, size_t ui)
{
	return M->missing[ui];
}

/* ==== number formatting ==== */

static const char *ratio(struct doc *d, long num, long den)
{
	if (!den)
		return "-";
	return dstr(d, "%.1f%%", 100.0 * (double)num / (double)den);
}

static const char *yuan(struct doc *d, int64_t fen)
{
	return dstr(d, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

static const char *num(struct doc *d, long n)
{
	return dstr(d, "%ld", n);
}

/* ==== what every report says first ==== */

static const char *day_str(struct doc *d, ysh_day day)
{
	char b[11];
	ysh_format_date(day, b);
	return dstr(d, "%s", b);
}

/* The report's name for what it covers: the period's label (2026-10), or
 * the range's (2026Q3, 2026, or first..last). */
static const char *period_label(struct doc *d, const struct month *M, const struct ysh_report_opts *o)
{
	if (!M->range) {
		char m[8];
		ysh_format_month(o->month, m);
		return dstr(d, "%s", m);
	}
	if (o->label)
		return dstr(d, "%s", o->label);
	return dstr(d, "%s..%s", day_str(d, M->m.first), day_str(d, M->m.last));
}

/* The period covered, and whether the ledgers it stands on have errors. */
static void report_preamble(struct doc *d, const struct month *M, const struct ysh_report_opts *o)
{
	line(d, dstr(d, _("统计期间：%s 至 %s"), day_str(d, M->m.first), day_str(d, M->m.last)));
	if (o->ledger_errors)
		line(d, dstr(d, _("注意：所依据的台账有 %zu 处错误（ysh-check 逐条列出），本表只统计能读出的记录。"),
			     o->ledger_errors));
}

/* ==== the 20th: unit report ==== */

static const char *const act_keys[] = {"no", "id", "date", "participant", "position", "kind", "mode", "steps", "items", "reported_on"};
static const char *const act_labels[] = {"序号", "编号", "活动日期", "参与人", "职务", "活动类型", "体验方式", "参与环节", "体验事项", "报备日期"};
static const char *const cb_keys[] = {"no", "id", "activity", "date", "contact", "phone", "satisfaction", "valid", "needs"};
static const char *const cb_labels[] = {"序号", "编号", "活动编号", "回访日期", "回访对象", "联系电话", "满意度", "有效回访", "现实需求"};
/* the columns of the documents' annex (问题清单、需求清单) */
static const char *const list_keys[] = {"no", "item", "finder", "description", "measure", "suggestion"};
static const char *const list_labels[] = {"序号", "事项名称", "跟执法人员及职务", "问题描述", "改进或优化措施", "意见建议"};
static const char *const measure_keys[] = {"no", "id", "item", "measure", "handling", "deadline", "status", "closed_on"};
static const char *const measure_labels[] = {"序号", "编号", "事项名称", "改进或优化措施", "处理方式", "完成时限", "状态", "销号日期"};

#define NCOLS(a) (sizeof(a) / sizeof(a[0]))

struct unit_ctx {
	struct month *M;
	struct doc *d;
	size_t li; /* lead office; leads.n: sources no office leads */
	size_t ui;
};

static struct rtable *unit_table(struct unit_ctx *u, const char *name, const char *title, size_t ncols,
				 const char *const *keys, const char *const *labels)
{
	struct rtable *t = table(u->d, name, title, ncols, keys, labels);
	t->lead = u->li < u->M->leads.n ? u->M->leads.office[u->li] : NULL;
	t->unit = u->M->L->cfg->units[u->ui].name;
	return t;
}

static void emit_activities(struct unit_ctx *u, const struct picks *acts)
{
	struct rtable *t = unit_table(u, "activities", _("活动情况"), NCOLS(act_keys), act_keys, act_labels);
	for (size_t i = 0; i < acts->n; i++) {
		const struct ysh_rec *r = &acts->t->recs[acts->v[i]];
		const char *cells[NCOLS(act_keys)] = {num(u->d, (long)i + 1), get(acts->t, r, "id"), get(acts->t, r, "date"),
			get(acts->t, r, "participant"), get(acts->t, r, "position"), get(acts->t, r, "kind"),
			get(acts->t, r, "mode"), get(acts->t, r, "steps"), get(acts->t, r, "items"),
			get(acts->t, r, "reported_on")};
		row(u->d, t, cells);
	}
}

/* The callbacks of the unit's activities of the month, masked. */
static void emit_callbacks(struct unit_ctx *u, const struct picks *acts)
{
	struct rtable *t = unit_table(u, "callbacks", _("服务回访"), NCOLS(cb_keys), cb_keys, cb_labels);
	long no = 0;
	for (size_t k = 0; u->M->cbs && k < acts->n; k++) {
		const struct picks *cbs = &u->M->cbs[acts->v[k]];
		for (size_t i = 0; i < cbs->n; i++) {
			const struct ysh_table *c = cbs->t;
			const struct ysh_rec *r = &c->recs[cbs->v[i]];
			char masked[64];
			ysh_mask_phone(get(c, r, "phone"), masked, sizeof(masked));
			const char *cells[NCOLS(cb_keys)] = {num(u->d, ++no), get(c, r, "id"), get(c, r, "activity"),
				get(c, r, "date"), get(c, r, "contact"), masked, get(c, r, "satisfaction"),
				get(c, r, "valid"), get(c, r, "needs")};
			row(u->d, t, cells);
		}
	}
}

/* Still being worked on in the period: found by its end, and not struck
 * off before it (or reopened since). */
static bool worked_on_in(const struct month *M, const struct ysh_table *p, const struct ysh_rec *r)
{
	ysh_day found;
	return day_of(p, r, "found_on", &found) && found <= M->m.last && !struck_off_by(p, r, M->m.first - 1);
}

/* A problem is in a unit's 问题清单 or 需求清单 when found in the period by
 * that unit (its owner then), and in its 解决措施清单 when still worked on in
 * the period and the unit's at its end: a problem handed over is found by
 * one unit and rectified by the other. */
static bool found_here(const struct unit_ctx *u, const struct ysh_table *p, size_t i)
{
	ysh_day found;
	return day_of(p, &p->recs[i], "found_on", &found) && in_span(u->M->m, found) &&
	       owner_at(u->M, p, i, found) == u->ui;
}

static bool worked_on_here(const struct unit_ctx *u, const struct ysh_table *p, size_t i)
{
	return worked_on_in(u->M, p, &p->recs[i]) && owner_at(u->M, p, i, u->M->m.last) == u->ui;
}

/* 问题清单 / 需求清单: found in the month; 解决措施清单: everything still
 * being worked on in the month (found by its end, not struck off before it). */
static void emit_lists(struct unit_ctx *u, const struct picks *probs)
{
	static const char *const types[2] = {"问题", "需求"};
	static const char *const names[2] = {"problems", "needs"};
	const char *titles[2] = {_("问题清单"), _("需求清单")};
	const struct ysh_table *p = probs->t;
	for (int k = 0; k < 2; k++) {
		struct rtable *t = unit_table(u, names[k], titles[k], NCOLS(list_keys), list_keys, list_labels);
		long no = 0;
		for (size_t i = 0; i < probs->n; i++) {
			const struct ysh_rec *r = &p->recs[probs->v[i]];
			if (strcmp(get(p, r, "type"), types[k]) || !found_here(u, p, probs->v[i]))
				continue;
			const char *cells[NCOLS(list_keys)] = {num(u->d, ++no), get(p, r, "item"), get(p, r, "finder"),
				get(p, r, "description"), get(p, r, "measure"), get(p, r, "suggestion")};
			row(u->d, t, cells);
		}
	}
	struct rtable *t = unit_table(u, "measures", _("解决措施清单"), NCOLS(measure_keys), measure_keys, measure_labels);
	long no = 0;
	for (size_t i = 0; i < probs->n; i++) {
		const struct ysh_rec *r = &p->recs[probs->v[i]];
		if (!worked_on_here(u, p, probs->v[i]))
			continue;
		const char *cells[NCOLS(measure_keys)] = {num(u->d, ++no), get(p, r, "id"), get(p, r, "item"),
			get(p, r, "measure"), get(p, r, "handling"), get(p, r, "deadline"), get(p, r, "status"),
			get(p, r, "closed_on")};
		row(u->d, t, cells);
	}
}

static bool has_worked_on(const struct unit_ctx *u, const struct picks *probs)
{
	for (size_t i = 0; i < probs->n; i++)
		if (found_here(u, probs->t, probs->v[i]) || worked_on_here(u, probs->t, probs->v[i]))
			return true;
	return false;
}

static const char *const handover_keys[] = {"no", "id", "item", "direction", "from", "to", "date"};
static const char *const handover_labels[] = {"序号", "编号", "事项名称", "转交", "转出单位", "转入单位", "转交日期"};

/* The period's hand-overs (转交) from or to the unit, of problems of the
 * section's office: a problem handed over shows in both units' reports, as
 * 转出 and 转入.  Rows go to t; returns how many (t NULL: only counts). */
static size_t emit_handovers(struct unit_ctx *u, struct rtable *t)
{
	const struct ysh_table *p = ysh_ledgers_table(u->M->L, "problems");
	const char *unit = u->M->L->cfg->units[u->ui].name;
	size_t n = 0;
	for (size_t k = 0; p && k < p->nhandovers; k++) {
		const struct ysh_handover *h = &p->handovers[k];
		const struct ysh_rec *r = &p->recs[h->rec];
		bool out = !strcmp(h->from, unit), in = !strcmp(h->to, unit);
		if ((!out && !in) || !in_span(u->M->m, h->day) || ysh_rec_voided(p, r) ||
		    lead_index(u->M, get(p, r, "source")) != u->li)
			continue;
		n++;
		if (!t)
			continue;
		const char *cells[NCOLS(handover_keys)] = {num(u->d, (long)n), get(p, r, "id"), get(p, r, "item"),
			out ? _("转出") : _("转入"), h->from, h->to, day_str(u->d, h->day)};
		row(u->d, t, cells);
	}
	return n;
}

static void unit_section(struct unit_ctx *u)
{
	struct month *M = u->M;
	static const struct picks none;
	const struct picks *acts = u->li < M->leads.n ? &M->acts[u->li * M->nu + u->ui] : &none;
	const struct picks *probs = &M->probs[u->li * M->nu + u->ui];
	size_t handovers = emit_handovers(u, NULL);
	if (!acts->n && !has_worked_on(u, probs) && !handovers)
		return;
	heading(u->d, 3, M->L->cfg->units[u->ui].name);
	if (u->li < M->leads.n) {
		emit_activities(u, acts);
		emit_callbacks(u, acts);
	}
	emit_lists(u, probs);
	/* only where there are any: the documents' lists have no such table */
	if (handovers)
		emit_handovers(u, unit_table(u, "handovers", _("转交情况"), NCOLS(handover_keys), handover_keys,
					     handover_labels));
}

static const char *const void_keys[] = {"ledger", "id", "date", "unit", "void_reason"};
static const char *const void_labels[] = {"台账", "编号", "日期", "单位", "作废原因"};

/* Records of the period (by their own date) voided since: listed with the
 * reason, as they count in no figure. */
static void emit_voided(struct month *M, const struct ysh_report_opts *o, struct doc *d)
{
	struct ysh_ledgers *L = M->L;
	heading(d, 2, _("本期作废的记录（不计入任何数字）"));
	struct rtable *t = table(d, "voided", NULL, NCOLS(void_keys), void_keys, void_labels);
	for (size_t k = 0; k < L->ntables; k++) {
		const struct ysh_table *lt = &L->tables[k];
		int dc = lt->schema->date_col, rc = ysh_schema_col(lt->schema, "void_reason");
		for (size_t i = 0; dc >= 0 && i < lt->nrec; i++) {
			const struct ysh_rec *r = &lt->recs[i];
			ysh_day day;
			const char *unit = ysh_cells_unit(L, lt, r->cells);
			if (!ysh_rec_voided(lt, r) || !ysh_parse_date(r->cells[dc], &day) || !in_span(M->m, day) ||
			    !unit_matches(unit, o->unit))
				continue;
			const char *cells[NCOLS(void_keys)] = {lt->schema->title, r->cells[lt->schema->id_col],
				r->cells[dc], unit, rc >= 0 ? r->cells[rc] : ""};
			row(d, t, cells);
		}
	}
}

static void build_unit_report(struct month *M, const struct ysh_report_opts *o, struct doc *d)
{
	const struct ysh_config *cfg = M->L->cfg;
	const char *label = period_label(d, M, o);
	heading(d, 1, M->range ? dstr(d, _("%s %s 单位报告（问题清单、需求清单和解决措施清单）"), cfg->county, label)
			       : dstr(d, _("%s %s 单位月报（问题清单、需求清单和解决措施清单）"), cfg->county, label));
	report_preamble(d, M, o);
	if (cfg->rules.unit_report_day)
		line(d, dstr(d, _("报送时限：每月%ld日前报牵头单位"), cfg->rules.unit_report_day));
	struct unit_ctx u = {.M = M, .d = d};
	for (u.li = 0; u.li <= M->leads.n; u.li++) {
		const char *lead = u.li < M->leads.n ? M->leads.office[u.li] : NULL;
		heading(d, 2, lead ? dstr(d, _("牵头单位：%s（%s）"), lead, kinds_of(d, cfg, lead))
				   : _("其他来源的问题（自我查、开门查、相互查、督查、投诉）"));
		for (u.ui = 0; u.ui < M->nu; u.ui++)
			if (unit_matches(cfg->units[u.ui].name, o->unit))
				unit_section(&u);
	}
	emit_voided(M, o, d);
	static const char *const keys[] = {"unit", "activities"};
	static const char *const labels[] = {"单位", "本期活动"};
	heading(d, 2, _("本期未开展活动的单位"));
	struct rtable *t = table(d, "units_missing", NULL, 2, keys, labels);
	for (size_t i = 0; i < M->nu; i++) {
		long n = activities_of_unit(M, i);
		if (unit_matches(cfg->units[i].name, o->unit) && is_missing(M, i)) {
			const char *cells[2] = {cfg->units[i].name, num(d, n)};
			row(d, t, cells);
		}
	}
}

/* ==== the 22nd: summary ==== */

/* A lead office's table: its figures per unit, each unit's activities of
 * every kind, and whether that makes it a unit with no activity, so the
 * table and the 未开展活动的单位 line say the same.  No filings: they are
 * the county's and the filing unit's (the filings report). */
static const char *const fig_keys[] = {"unit", "activities", "participants", "items", "problems_found",
	"problems_closed", "problems_open", "problems_overdue", "rectification_rate", "problems_reviewed",
	"problems_rebounded", "callbacks", "callbacks_valid", "satisfaction_rate", "voided", "activities_all",
	"missing"};
static const char *const fig_labels[] = {"单位", "参与人次", "参与人数", "体验事项", "发现问题", "销号",
	"未销号", "逾期", "整改率", "回头看", "反弹", "回访", "有效回访", "满意率", "作废", "各类活动", "未开展活动"};

static void figure_row(struct doc *d, struct rtable *t, const char *name, const struct ysh_figures *f,
		       long all, const char *missing)
{
	const char *cells[NCOLS(fig_keys)] = {name, num(d, f->activities), num(d, f->participants), num(d, f->items),
		num(d, f->problems_found), num(d, f->problems_closed), num(d, f->problems_open),
		num(d, f->problems_overdue), ratio(d, f->closed_by_end, f->found_by_end), num(d, f->problems_reviewed),
		num(d, f->problems_rebounded), num(d, f->callbacks),
		num(d, f->callbacks_valid), ratio(d, f->satisfied, f->callbacks_valid), num(d, f->voided),
		num(d, all), missing};
	row(d, t, cells);
}

/* The items experienced in activities the office leads, each once, in the
 * order of the activities. */
static const char *item_list(struct month *M, struct doc *d, size_t li)
{
	struct picks all = {0};
	for (size_t ui = 0; ui < M->nu; ui++) {
		const struct picks *p = &M->acts[li * M->nu + ui];
		for (size_t i = 0; i < p->n; i++)
			pick_add(&all, p->v[i]);
		all.t = p->t;
	}
	all.col = "date";
	if (all.t)
		pick_sort(&all);
	struct ysh_map seen = {0};
	struct ysh_buf b = {0};
	for (size_t i = 0; i < all.n; i++) {
		char **items;
		size_t n = ysh_split_list(get(all.t, &all.t->recs[all.v[i]], "items"), &items);
		for (size_t k = 0; k < n; k++)
			if (ysh_map_put(&seen, items[k], 0))
				ysh_buf_printf(&b, "%s%s", b.len ? "；" : "", items[k]);
		ysh_free_list(items, n);
	}
	const char *s = ysh_arena_strdup(&d->a, ysh_buf_str(&b));
	ysh_buf_free(&b);
	ysh_map_free(&seen);
	free(all.v);
	return s;
}

static void figure_lines(struct doc *d, const struct ysh_figures *f, const char *items)
{
	line(d, dstr(d, _("参与人次 %ld，参与人数 %ld，体验事项 %ld 项"), f->activities, f->participants, f->items));
	if (items && *items)
		line(d, dstr(d, _("体验事项：%s"), items));
	line(d, dstr(d, _("发现问题 %ld 个，本期销号 %ld 个，期末未销号 %ld 个（其中逾期 %ld 个），整改率 %s"),
		     f->problems_found, f->problems_closed, f->problems_open, f->problems_overdue,
		     ratio(d, f->closed_by_end, f->found_by_end)));
	if (f->problems_reviewed)
		line(d, dstr(d, _("回头看 %ld 个，其中巩固 %ld 个、反弹 %ld 个（反弹的重新整改）"), f->problems_reviewed,
			     f->problems_reviewed - f->problems_rebounded, f->problems_rebounded));
	line(d, dstr(d, _("服务回访 %ld 次，有效回访 %ld 次，满意率 %s"), f->callbacks, f->callbacks_valid,
		     ratio(d, f->satisfied, f->callbacks_valid)));
}

/* Whether office li looks after unit ui (li == leads.n: the county):
 * [scope] of ysh.ini, else by the kinds it leads. */
static bool in_scope(const struct month *M, size_t li, size_t ui)
{
	return li == M->leads.n || ysh_config_in_scope(M->L->cfg, M->leads.office[li], &M->L->cfg->units[ui]);
}

static bool has_figures(const struct ysh_figures *f)
{
	return f->activities || f->problems_found || f->problems_closed || f->found_by_end || f->callbacks ||
	       f->problems_reviewed || f->voided;
}

/* The rows of office li's table: the units it looks after, and any other
 * unit with figures for it (a 处投诉 the office scheduled, a problem handed
 * over), so that the rows add up to the office's total. */
static bool listed(struct month *M, size_t li, size_t ui)
{
	return in_scope(M, li, ui) || has_figures(fig_at(M, li, ui));
}


static const char *missing_list(struct month *M, struct doc *d, size_t li)
{
	struct ysh_buf b = {0};
	for (size_t ui = 0; ui < M->nu; ui++)
		if (in_scope(M, li, ui) && is_missing(M, ui))
			ysh_buf_printf(&b, "%s%s", b.len ? "、" : "", M->L->cfg->units[ui].name);
	const char *s = ysh_arena_strdup(&d->a, b.len ? ysh_buf_str(&b) : _("无"));
	ysh_buf_free(&b);
	return s;
}

static bool lead_wanted(const struct month *M, const struct ysh_report_opts *o, size_t li)
{
	return !o->lead || !strcmp(o->lead, M->leads.office[li]);
}

static void build_summary(struct month *M, const struct ysh_report_opts *o, struct doc *d)
{
	const struct ysh_config *cfg = M->L->cfg;
	const char *label = period_label(d, M, o);
	heading(d, 1, M->range ? dstr(d, _("%s %s 工作总结（报县营商办）"), cfg->county, label)
			       : dstr(d, _("%s %s 月度工作总结（报县营商办）"), cfg->county, label));
	report_preamble(d, M, o);
	if (cfg->rules.summary_report_day)
		line(d, dstr(d, _("报送时限：每月%ld日前"), cfg->rules.summary_report_day));
	for (size_t li = 0; li < M->leads.n; li++) {
		if (!lead_wanted(M, o, li))
			continue;
		const char *office = M->leads.office[li];
		heading(d, 2, dstr(d, _("牵头单位：%s（%s）"), office, kinds_of(d, cfg, office)));
		figure_lines(d, fig_at(M, li, M->nu), item_list(M, d, li));
		line(d, dstr(d, _("未开展活动的单位：%s"), missing_list(M, d, li)));
		struct rtable *t = table(d, "units", NULL, NCOLS(fig_keys), fig_keys, fig_labels);
		t->lead = office;
		long all = 0, missing = 0;
		for (size_t ui = 0; ui < M->nu; ui++) {
			if (!listed(M, li, ui))
				continue;
			/* a unit the office does not look after is never missing for it */
			bool miss = in_scope(M, li, ui) && is_missing(M, ui);
			figure_row(d, t, cfg->units[ui].name, fig_at(M, li, ui), activities_of_unit(M, ui),
				   !in_scope(M, li, ui) ? "-" : miss ? _("是") : _("否"));
			all += activities_of_unit(M, ui);
			missing += miss;
		}
		figure_row(d, t, _("合计"), fig_at(M, li, M->nu), all, num(d, missing));
	}
	heading(d, 2, _("全县"));
	const struct ysh_figures *c = fig_at(M, M->leads.n, M->nu);
	figure_lines(d, c, NULL);
	line(d, dstr(d, _("涉企行政执法检查 %ld 件（按时报备 %ld，未经批准 %ld，联合检查 %ld），不予处罚 %ld 件，从轻减轻 %ld 件，减免金额 %s 元"),
		     c->filed, c->on_time, c->unapproved, c->joint, c->not_punished, c->lightened,
		     yuan(d, c->fine_waived_fen)));
	line(d, dstr(d, _("作废记录 %ld 条（不计入以上数字）"), c->voided));
	line(d, dstr(d, _("未开展活动的单位：%s"), missing_list(M, d, M->leads.n)));
}

/* ---- summary as JSON: the figures named as SPEC §7 names them ---- */

static void json_rate(FILE *out, long num_, long den)
{
	if (!den)
		fputs("null", out);
	else
		fprintf(out, "%.4f", (double)num_ / (double)den);
}

/* The figures named as SPEC §7 names them; filings only for the county. */
static void json_figures(FILE *out, const struct ysh_figures *f, bool filings)
{
	fprintf(out, "\"activities\":%ld,\"participants\":%ld,\"items\":%ld,"
		     "\"problems_found\":%ld,\"problems_closed\":%ld,\"problems_open\":%ld,"
		     "\"problems_overdue\":%ld,\"rectification_rate\":",
		f->activities, f->participants, f->items, f->problems_found, f->problems_closed,
		f->problems_open, f->problems_overdue);
	json_rate(out, f->closed_by_end, f->found_by_end);
	fprintf(out, ",\"problems_reviewed\":%ld,\"problems_rebounded\":%ld", f->problems_reviewed,
		f->problems_rebounded);
	fprintf(out, ",\"callbacks\":%ld,\"callbacks_valid\":%ld,\"satisfaction_rate\":", f->callbacks,
		f->callbacks_valid);
	json_rate(out, f->satisfied, f->callbacks_valid);
	fprintf(out, ",\"voided\":%ld", f->voided);
	if (!filings)
		return;
	fprintf(out, ",\"filed\":%ld,\"on_time\":%ld,\"unapproved\":%ld,\"joint\":%ld,"
		     "\"not_punished\":%ld,\"lightened\":%ld,\"fine_waived\":%lld.%02lld",
		f->filed, f->on_time, f->unapproved, f->joint, f->not_punished, f->lightened,
		(long long)(f->fine_waived_fen / 100), (long long)(f->fine_waived_fen % 100));
}

/* "period":{"from":...,"to":...},"ledger_errors":N,"label":... */
static void json_period(FILE *out, const struct month *M, const struct ysh_report_opts *o)
{
	char a[11], b[11];
	struct doc scratch = {0};
	ysh_format_date(M->m.first, a);
	ysh_format_date(M->m.last, b);
	fprintf(out, "\"period\":{\"from\":\"%s\",\"to\":\"%s\"},\"ledger_errors\":%zu,\"label\":", a, b,
		o->ledger_errors);
	ysh_json_string(out, period_label(&scratch, M, o));
	doc_free(&scratch);
}

static void json_strings(FILE *out, const char *key, char **v, size_t n)
{
	fprintf(out, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		ysh_json_string(out, v[i]);
	}
	fputc(']', out);
}

static void json_missing(FILE *out, struct month *M, size_t li)
{
	char **names = ysh_xcalloc(M->nu + 1, sizeof(*names));
	size_t n = 0;
	for (size_t ui = 0; ui < M->nu; ui++)
		if (in_scope(M, li, ui) && is_missing(M, ui))
			names[n++] = M->L->cfg->units[ui].name;
	json_strings(out, "units_missing", names, n);
	free(names);
}

static void json_lead(FILE *out, struct month *M, size_t li, struct doc *scratch)
{
	const struct ysh_config *cfg = M->L->cfg;
	const char *office = M->leads.office[li];
	fputs("{\"lead\":", out);
	ysh_json_string(out, office);
	char **kinds = ysh_xcalloc(cfg->nleads + 1, sizeof(*kinds));
	size_t nk = 0;
	for (size_t i = 0; i < cfg->nleads; i++)
		if (!strcmp(cfg->leads[i].val, office))
			kinds[nk++] = cfg->leads[i].key;
	json_strings(out, "kinds", kinds, nk);
	free(kinds);
	fputs(",\"units\":[", out);
	bool first = true;
	for (size_t ui = 0; ui < M->nu; ui++) {
		if (!listed(M, li, ui))
			continue;
		fputs(first ? "\n {\"unit\":" : ",\n {\"unit\":", out);
		first = false;
		ysh_json_string(out, cfg->units[ui].name);
		fputc(',', out);
		json_figures(out, fig_at(M, li, ui), false);
		fprintf(out, ",\"activities_all\":%ld,\"missing\":%s}", activities_of_unit(M, ui),
			in_scope(M, li, ui) && is_missing(M, ui) ? "true" : "false");
	}
	fputs("],", out);
	json_figures(out, fig_at(M, li, M->nu), false);
	char **items;
	size_t n = ysh_split_list(item_list(M, scratch, li), &items);
	json_strings(out, "item_list", items, n);
	ysh_free_list(items, n);
	json_missing(out, M, li);
	fputc('}', out);
}

static void json_digest(FILE *out, const struct ysh_ledgers *L)
{
	fputs(",\"ledgers\":[", out);
	bool first = true;
	for (size_t i = 0; i < L->ntables; i++) {
		const struct ysh_table *lt = &L->tables[i];
		if (!lt->present)
			continue;
		char hex[YSH_CHAIN_HEX + 1];
		ysh_chain_head_hex(&lt->chain, hex);
		fputs(first ? "{\"file\":" : ",{\"file\":", out);
		first = false;
		ysh_json_string(out, lt->schema->file);
		fprintf(out, ",\"rows\":%zu,\"head\":\"blake2b:%s\"}", lt->chain.n, hex);
	}
	fputc(']', out);
}

static void write_summary_json(struct month *M, const struct ysh_report_opts *o, FILE *out)
{
	struct doc scratch = {0};
	fputs("{\"report\":\"summary\",\"name\":", out);
	ysh_json_string(out, M->L->cfg->county);
	json_month(out, M->range ? NULL : period_label(&scratch, M, o));
	fputc(',', out);
	json_period(out, M, o);
	fputs(",\"leads\":[", out);
	bool first = true;
	for (size_t li = 0; li < M->leads.n; li++) {
		if (!lead_wanted(M, o, li))
			continue;
		fputs(first ? "\n" : ",\n", out);
		first = false;
		json_lead(out, M, li, &scratch);
	}
	fputs("\n],\"county\":{", out);
	json_figures(out, fig_at(M, M->leads.n, M->nu), true);
	json_missing(out, M, M->leads.n);
	fputc('}', out);
	json_digest(out, M->L);
	fputs("}\n", out);
	doc_free(&scratch);
}

/* ==== filings ==== */

static const char *const fil_keys[] = {"no", "id", "unit", "enterprise", "credit_code", "planned_on", "kind",
	"filed_on", "on_time", "approved_by", "approved_on", "joint", "outcome", "fine_waived"};
static const char *const fil_labels[] = {"序号", "编号", "执法单位", "企业名称", "统一社会信用代码", "检查日期",
	"检查类型", "报备日期", "按时报备", "批准领导", "批准日期", "联合检查单位", "检查结果", "减免金额"};
static const char *const ffig_keys[] = {"unit", "filed", "on_time", "unapproved", "joint", "not_punished",
	"lightened", "fine_waived"};
static const char *const ffig_labels[] = {"执法单位", "检查", "按时报备", "未经批准", "联合检查", "不予处罚",
	"从轻减轻", "减免金额"};

static void ffig_row(struct doc *d, struct rtable *t, const char *name, const struct ysh_figures *f)
{
	const char *cells[NCOLS(ffig_keys)] = {name, num(d, f->filed), num(d, f->on_time), num(d, f->unapproved),
		num(d, f->joint), num(d, f->not_punished), num(d, f->lightened), yuan(d, f->fine_waived_fen)};
	row(d, t, cells);
}

static void build_filings(struct month *M, const struct ysh_report_opts *o, struct doc *d)
{
	struct ysh_ledgers *L = M->L;
	const struct ysh_config *cfg = L->cfg;
	heading(d, 1, dstr(d, _("%s %s 涉企行政执法检查备案情况"), cfg->county, period_label(d, M, o)));
	report_preamble(d, M, o);
	const struct ysh_figures *c = fig_at(M, M->leads.n, M->nu);
	line(d, dstr(d, _("本期计划涉企检查 %ld 件，按时报备 %ld 件，未经批准 %ld 件，联合检查 %ld 件。"),
		     c->filed, c->on_time, c->unapproved, c->joint));
	/* seed 002's statement; cumulative (--to alone) as it says it: 截至… */
	line(d, dstr(d, _("%s办理“免罚轻罚”案件 %ld 件，其中不予处罚 %ld 件、从轻减轻 %ld 件，减免金额 %s 元。"),
		     o->to && !o->from ? dstr(d, _("截至 %s，共"), day_str(d, o->to)) : "",
		     c->not_punished + c->lightened, c->not_punished, c->lightened, yuan(d, c->fine_waived_fen)));
	heading(d, 2, _("按执法单位"));
	struct rtable *t = table(d, "units", NULL, NCOLS(ffig_keys), ffig_keys, ffig_labels);
	for (size_t ui = 0; ui < M->nu; ui++)
		if (fig_at(M, M->leads.n, ui)->filed)
			ffig_row(d, t, cfg->units[ui].name, fig_at(M, M->leads.n, ui));
	ffig_row(d, t, _("合计"), c);
	heading(d, 2, _("备案明细"));
	const struct ysh_table *ft = ysh_ledgers_table(L, "filings");
	struct picks ps = {.t = ft, .col = "planned_on"};
	for (size_t i = 0; ft && i < ft->nrec; i++) {
		ysh_day planned;
		if (!ysh_rec_voided(ft, &ft->recs[i]) && day_of(ft, &ft->recs[i], "planned_on", &planned) &&
		    in_span(M->m, planned))
			pick_add(&ps, i);
	}
	pick_sort(&ps);
	t = table(d, "filings", NULL, NCOLS(fil_keys), fil_keys, fil_labels);
	for (size_t i = 0; i < ps.n; i++) {
		const struct ysh_rec *r = &ft->recs[ps.v[i]];
		ysh_day planned;
		day_of(ft, r, "planned_on", &planned);
		const char *cells[NCOLS(fil_keys)] = {num(d, (long)i + 1), get(ft, r, "id"), get(ft, r, "unit"),
			get(ft, r, "enterprise"), get(ft, r, "credit_code"), get(ft, r, "planned_on"), get(ft, r, "kind"),
			get(ft, r, "filed_on"), filing_on_time(L, ft, r, planned) ? "是" : "否", get(ft, r, "approved_by"),
			get(ft, r, "approved_on"), get(ft, r, "joint"), get(ft, r, "outcome"), get(ft, r, "fine_waived")};
		row(d, t, cells);
	}
	free(ps.v);
}

/* ==== entry point ==== */

static int check_names(struct ysh_ledgers *L, const struct ysh_report_opts *o, char **err)
{
	if (o->unit && !ysh_config_unit(L->cfg, o->unit)) {
		*err = ysh_xasprintf(_("--unit '%s' is not a unit listed in %s"), o->unit, L->cfg->path);
		return -1;
	}
	if (o->lead) {
		bool found = false;
		for (size_t i = 0; i < L->cfg->nleads; i++)
			found |= !strcmp(L->cfg->leads[i].val, o->lead);
		if (!found) {
			*err = ysh_xasprintf(_("--lead '%s' is not a lead office in [leads] of %s"), o->lead,
					     L->cfg->path);
			return -1;
		}
	}
	return 0;
}

/* ==== 台账校验码: what the report was made from ==== */

static const char *const digest_keys[] = {"file", "rows", "head"};
static const char *const digest_labels[] = {"台账", "已链行数", "校验码"};

/* Each ledger's chain head and the number of rows it covers: the ledgers
 * that still lead there are the ones this report counted (ysh-check
 * --verify-report). */
static void emit_digest(struct doc *d, const struct ysh_ledgers *L)
{
	heading(d, 2, _("台账校验码"));
	struct rtable *t = table(d, "ledgers", NULL, NCOLS(digest_keys), digest_keys, digest_labels);
	for (size_t i = 0; i < L->ntables; i++) {
		const struct ysh_table *lt = &L->tables[i];
		if (!lt->present)
			continue;
		char hex[YSH_CHAIN_HEX + 1];
		ysh_chain_head_hex(&lt->chain, hex);
		const char *cells[NCOLS(digest_keys)] = {lt->schema->file, num(d, (long)lt->chain.n),
			dstr(d, "blake2b:%s", hex)};
		row(d, t, cells);
	}
}

int ysh_report_write(struct ysh_ledgers *L, const struct ysh_report_opts *o, FILE *out, char **err)
{
	if (check_names(L, o, err) != 0)
		return -1;
	struct month M;
	month_init(&M, L, o);
	if (o->kind == YSH_REPORT_SUMMARY && o->format == YSH_FMT_JSON) {
		write_summary_json(&M, o, out);
		month_free(&M);
		return 0;
	}
	static const char *const names[] = {"unit", "summary", "filings"};
	struct doc d = {0};
	if (o->kind == YSH_REPORT_UNIT)
		build_unit_report(&M, o, &d);
	else if (o->kind == YSH_REPORT_SUMMARY)
		build_summary(&M, o, &d);
	else
		build_filings(&M, o, &d);
	emit_digest(&d, L);
	switch (o->format) {
	case YSH_FMT_TEXT: render_text(out, &d); break;
	case YSH_FMT_MD: render_md(out, &d); break;
	case YSH_FMT_CSV: render_csv(out, &d, o->bom); break;
	case YSH_FMT_JSON: {
		char *period = NULL;
		size_t n = 0;
		FILE *mem = open_memstream(&period, &n);
		json_period(mem, &M, o);
		fclose(mem);
		render_json_tables(out, &d, names[o->kind], L->cfg->county, M.range ? NULL : period_label(&d, &M, o),
				   period);
		free(period);
		break;
	}
	}
	doc_free(&d);
	month_free(&M);
	return 0;
}
