#include "xlsxmod.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "xlsx.h"

#define MIN_WIDTH 6.0
#define MAX_WIDTH 40.0
#define LINE_HEIGHT 15.0

struct writer {
	struct ysh_xlsx x;
	const struct ysh_doc *d;
	const struct ysh_xlsx_doc_opts *o;
	lxw_format *group; /* a form's 问题清单 / 需求清单 row */
	lxw_format *heading;
};

static void check(struct writer *W, lxw_error e)
{
	ysh_xlsx_ok(&W->x, e);
}

/* ---- cells ---- */

/* One cell of a table as its column's type says: a number, a rate, money
 * (an empty figure stays an empty bordered cell), or text. */
static void put_cell(struct writer *W, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const struct ysh_doc_table *t,
		     size_t row, size_t col)
{
	const char *v = ysh_doc_cell(t, row, col);
	enum ysh_cell_type type = ysh_doc_col_type(t, col);
	const struct ysh_xlsx_formats *f = &W->x.f;
	char *end;
	double n = *v ? strtod(v, &end) : 0;
	if (type == YSH_CELL_TEXT || !*v || *end) {
		lxw_format *fmt = type == YSH_CELL_TEXT ? f->text : type == YSH_CELL_RATE ? f->rate
								    : type == YSH_CELL_MONEY ? f->money : f->integer;
		if (*v)
			check(W, worksheet_write_string(ws, r, c, v, f->text));
		else
			check(W, worksheet_write_blank(ws, r, c, fmt));
		return;
	}
	lxw_format *fmt = type == YSH_CELL_RATE ? f->rate : type == YSH_CELL_MONEY ? f->money : f->integer;
	check(W, worksheet_write_number(ws, r, c, n, fmt));
}

/* A line of text across `ncols` columns whose widths add up to `span`,
 * tall enough for its wrapped lines. */
static void put_line(struct writer *W, lxw_worksheet *ws, lxw_row_t r, lxw_col_t ncols, double span,
		     const char *text, lxw_format *fmt)
{
	double lines = ((double)ysh_display_width(text) * 1.1 + 1) / (span > 1 ? span : 1);
	if (ncols > 1)
		check(W, worksheet_merge_range(ws, r, 0, r, ncols - 1, text, fmt));
	else
		check(W, worksheet_write_string(ws, r, 0, text, fmt));
	if (lines > 1)
		check(W, worksheet_set_row(ws, r, LINE_HEIGHT * (double)(int)(lines + 0.999) + 3, NULL));
}

/* ---- a section of the document on its own sheet ---- */

/* Blocks [from, to) of a section, and the widths its tables' columns need. */
struct section {
	size_t from, to;
	size_t ncols;  /* the widest table's */
	double *width; /* per column */
	double span;
};

static void measure(struct section *S, const struct ysh_doc *d)
{
	S->ncols = 6;
	for (size_t i = S->from; i < S->to; i++)
		if (d->v[i].kind == YSH_B_TABLE && d->v[i].t->ncols > S->ncols)
			S->ncols = d->v[i].t->ncols;
	S->width = ysh_xcalloc(S->ncols, sizeof(*S->width));
	for (size_t c = 0; c < S->ncols; c++)
		S->width[c] = MIN_WIDTH;
	for (size_t i = S->from; i < S->to; i++) {
		const struct ysh_doc_table *t = d->v[i].t;
		if (d->v[i].kind != YSH_B_TABLE)
			continue;
		for (size_t c = 0; c < t->ncols; c++) {
			size_t w = ysh_display_width(t->labels[c]);
			for (size_t r = 0; r < t->nrows; r++) {
				size_t cw = ysh_display_width(ysh_doc_cell(t, r, c));
				if (cw > w)
					w = cw;
			}
			double x = ysh_xlsx_width(w, MIN_WIDTH, MAX_WIDTH);
			if (x > S->width[c])
				S->width[c] = x;
		}
	}
	S->span = 0;
	for (size_t c = 0; c < S->ncols; c++)
		S->span += S->width[c];
}

static lxw_row_t put_table(struct writer *W, lxw_worksheet *ws, lxw_row_t r, const struct ysh_doc_table *t,
			   const struct section *S, lxw_row_t *first_head)
{
	if (t->title)
		put_line(W, ws, r++, (lxw_col_t)S->ncols, S->span, t->title, W->heading);
	for (size_t c = 0; c < t->ncols; c++)
		check(W, worksheet_write_string(ws, r, (lxw_col_t)c, t->labels[c], W->x.f.head));
	if (*first_head == (lxw_row_t)-1)
		*first_head = r;
	r++;
	if (!t->nrows)
		check(W, worksheet_write_string(ws, r++, 0, _("（无）"), W->x.f.text));
	for (size_t row = 0; row < t->nrows; row++, r++)
		for (size_t c = 0; c < t->ncols; c++)
			put_cell(W, ws, r, (lxw_col_t)c, t, row, c);
	return r + 1;
}

/* The report's title and the lines under it, atop every sheet. */
static lxw_row_t put_preamble(struct writer *W, lxw_worksheet *ws, const struct section *S, size_t preamble_end)
{
	const struct ysh_doc *d = W->d;
	lxw_row_t r = 0;
	for (size_t i = 0; i < preamble_end; i++) {
		const struct ysh_block *b = &d->v[i];
		if (b->kind == YSH_B_HEADING && b->level == 1) {
			put_line(W, ws, r, (lxw_col_t)S->ncols, S->span / 1.6, b->text, W->x.f.title);
			check(W, worksheet_set_row(ws, r++, 30, NULL));
		} else if (b->kind == YSH_B_LINE) {
			put_line(W, ws, r++, (lxw_col_t)S->ncols, S->span, b->text, W->x.f.label);
		}
	}
	return r + 1;
}

static void section_sheet(struct writer *W, struct section *S, const char *name, size_t preamble_end)
{
	const struct ysh_doc *d = W->d;
	measure(S, d);
	lxw_worksheet *ws = ysh_xlsx_add_sheet(&W->x, name, NULL);
	for (size_t c = 0; c < S->ncols; c++)
		check(W, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, S->width[c], NULL));
	lxw_row_t r = put_preamble(W, ws, S, preamble_end), first_head = (lxw_row_t)-1;
	for (size_t i = S->from; i < S->to; i++) {
		const struct ysh_block *b = &d->v[i];
		if (b->kind == YSH_B_TABLE)
			r = put_table(W, ws, r, b->t, S, &first_head);
		else
			put_line(W, ws, r++, (lxw_col_t)S->ncols, S->span, b->text,
				 b->kind == YSH_B_HEADING ? W->heading : W->x.f.label);
	}
	/* a section with one table repeats its header; with several, none
	 * is the header of every page */
	size_t tables = 0;
	for (size_t i = S->from; i < S->to; i++)
		tables += d->v[i].kind == YSH_B_TABLE;
	ysh_xlsx_print_form(ws, true, (int)first_head, tables == 1 && first_head != (lxw_row_t)-1 ? 1 : 0);
	free(S->width);
}

/* Where the preamble (title and the lines under it) ends: the first
 * section heading or table. */
static size_t preamble_end(const struct ysh_doc *d)
{
	size_t i = 0;
	while (i < d->n && !(d->v[i].kind == YSH_B_HEADING && d->v[i].level >= 2) && d->v[i].kind != YSH_B_TABLE)
		i++;
	return i;
}

static void section_sheets(struct writer *W)
{
	const struct ysh_doc *d = W->d;
	size_t pre = preamble_end(d);
	if (pre == d->n) {
		struct section S = {pre, pre, 0, NULL, 0};
		section_sheet(W, &S, _("报告"), pre);
		return;
	}
	for (size_t i = pre; i < d->n;) {
		struct section S = {i, i + 1, 0, NULL, 0};
		while (S.to < d->n && !(d->v[S.to].kind == YSH_B_HEADING && d->v[S.to].level <= 2))
			S.to++;
		const struct ysh_block *b = &d->v[i];
		section_sheet(W, &S, b->kind == YSH_B_HEADING ? b->text : _("报告"), pre);
		i = S.to;
	}
}

/* ---- the annex forms of the unit report ---- */

static const struct ysh_doc_table *find_table(const struct ysh_doc *d, size_t from, size_t to, const char *name)
{
	for (size_t i = from; i < to; i++)
		if (d->v[i].kind == YSH_B_TABLE && d->v[i].t->name && !strcmp(d->v[i].t->name, name))
			return d->v[i].t;
	return NULL;
}

/* The kinds an office leads, as "走流程、坐窗口". */
static char *kinds_of(const struct ysh_config *cfg, const char *office)
{
	struct ysh_buf b = {0};
	ysh_config_lead_kinds(cfg, office, &b);
	return b.p;
}

static const double form_widths[] = {6, 20, 18, 42, 36, 30};
#define FORM_COLS 6

static lxw_row_t form_group(struct writer *W, lxw_worksheet *ws, lxw_row_t r, const char *label,
			    const struct ysh_doc_table *t)
{
	check(W, worksheet_merge_range(ws, r, 0, r, FORM_COLS - 1, label, W->group));
	r++;
	if (!t || !t->nrows) {
		check(W, worksheet_merge_range(ws, r, 0, r, FORM_COLS - 1, _("（无）"), W->x.f.text));
		return r + 1;
	}
	for (size_t row = 0; row < t->nrows; row++, r++)
		for (size_t c = 0; c < FORM_COLS && c < t->ncols; c++)
			put_cell(W, ws, r, (lxw_col_t)c, t, row, c);
	return r;
}

/* The form of one unit for one lead office (NULL: the problems of other
 * sources): blocks [from, to) are its section of the document. */
static void form_sheet(struct writer *W, const char *unit, const char *lead, bool suffix,
		       const struct ysh_doc_table *problems, const struct ysh_doc_table *needs)
{
	const struct ysh_config *cfg = W->o->cfg;
	char *kinds = kinds_of(cfg, lead);
	char *want = suffix ? ysh_xasprintf("%s（%s）", unit, lead ? kinds : _("其他来源")) : ysh_xstrdup(unit);
	lxw_worksheet *ws = ysh_xlsx_add_sheet(&W->x, want, NULL);
	for (lxw_col_t c = 0; c < FORM_COLS; c++)
		check(W, worksheet_set_column(ws, c, c, form_widths[c], NULL));
	char *title = lead ? ysh_xasprintf(_("%s“一把手”%s活动发现问题整改清单（%s）"), cfg->county, kinds, W->o->period)
			   : ysh_xasprintf(_("%s其他来源发现问题整改清单（%s）"), cfg->county, W->o->period);
	check(W, worksheet_merge_range(ws, 0, 0, 0, FORM_COLS - 1, title, W->x.f.title));
	check(W, worksheet_set_row(ws, 0, 36, NULL));
	char *stamp = ysh_xasprintf(_("单位（盖章）：%s"), unit);
	const char *above[] = {stamp, _("主要负责人（签字）："), _("日期：　　　　年　　月　　日")};
	for (lxw_row_t r = 0; r < 3; r++) {
		check(W, worksheet_merge_range(ws, r + 1, 0, r + 1, FORM_COLS - 1, above[r], W->x.f.label));
		check(W, worksheet_set_row(ws, r + 1, 22, NULL));
	}
	const struct ysh_doc_table *t = problems ? problems : needs;
	for (lxw_col_t c = 0; t && c < FORM_COLS; c++)
		check(W, worksheet_write_string(ws, 4, c, t->labels[c], W->x.f.head));
	lxw_row_t r = form_group(W, ws, 5, _("问题清单"), problems);
	r = form_group(W, ws, r, _("需求清单"), needs);
	const char *below[] = {_("联系人："), _("联系电话：")};
	for (lxw_row_t k = 0; k < 2; k++) {
		check(W, worksheet_merge_range(ws, r + 1 + k, 0, r + 1 + k, FORM_COLS - 1, below[k], W->x.f.label));
		check(W, worksheet_set_row(ws, r + 1 + k, 22, NULL));
	}
	ysh_xlsx_print_form(ws, true, 4, 1);
	free(stamp);
	free(title);
	free(want);
	free(kinds);
}

/* How many sections (lead offices) list the unit: a unit with forms for
 * two offices names each sheet by the office's kinds. */
static size_t sections_of(const struct ysh_doc *d, const char *unit)
{
	size_t n = 0;
	for (size_t i = 0; i < d->n; i++)
		n += d->v[i].kind == YSH_B_HEADING && d->v[i].level == 3 && !strcmp(d->v[i].text, unit);
	return n;
}

static void form_sheets(struct writer *W)
{
	const struct ysh_doc *d = W->d;
	for (size_t i = 0; i < d->n; i++) {
		const struct ysh_block *b = &d->v[i];
		if (b->kind != YSH_B_HEADING || b->level != 3)
			continue;
		size_t to = i + 1;
		while (to < d->n && d->v[to].kind != YSH_B_HEADING)
			to++;
		const struct ysh_doc_table *p = find_table(d, i, to, "problems"), *n = find_table(d, i, to, "needs");
		if (!p && !n)
			continue;
		form_sheet(W, b->text, p ? p->lead : n->lead, sections_of(d, b->text) > 1, p, n);
	}
}

int ysh_xlsx_render_doc(FILE *out, const struct ysh_doc *d, const struct ysh_xlsx_doc_opts *o, char **err)
{
	struct writer W = {.d = d, .o = o};
	if (ysh_xlsx_open(&W.x, o->dated, err) != 0)
		return -1;
	W.group = workbook_add_format(W.x.wb);
	format_set_bold(W.group);
	format_set_border(W.group, LXW_BORDER_THIN);
	format_set_align(W.group, LXW_ALIGN_VERTICAL_CENTER);
	W.heading = workbook_add_format(W.x.wb);
	format_set_bold(W.heading);
	format_set_font_size(W.heading, 12);
	format_set_text_wrap(W.heading);
	format_set_align(W.heading, LXW_ALIGN_VERTICAL_CENTER);
	if (o->forms)
		form_sheets(&W);
	section_sheets(&W);
	return ysh_xlsx_finish(&W.x, out, _("the report"), err);
}
