#include "xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

static lxw_format *bordered(lxw_workbook *wb)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_font_size(f, 11);
	return f;
}

/* A table's header cell: bold, centred, wrapped, shaded. */
static lxw_format *head(lxw_workbook *wb)
{
	lxw_format *f = bordered(wb);
	format_set_bold(f);
	format_set_text_wrap(f);
	format_set_align(f, LXW_ALIGN_CENTER);
	format_set_bg_color(f, 0xD9D9D9);
	return f;
}

static void make_formats(lxw_workbook *wb, struct ysh_xlsx_formats *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 16);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f->title);
	f->label = workbook_add_format(wb);
	format_set_font_size(f->label, 12);
	format_set_align(f->label, LXW_ALIGN_VERTICAL_CENTER);
	f->head = head(wb);
	f->head_required = head(wb);
	format_set_font_color(f->head_required, LXW_COLOR_RED);
	f->text = bordered(wb);
	format_set_text_wrap(f->text);
	f->integer = bordered(wb);
	format_set_num_format(f->integer, "0");
	f->rate = bordered(wb);
	format_set_num_format(f->rate, "0.0%");
	f->money = bordered(wb);
	format_set_num_format(f->money, "0.00");
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "yyyy-mm-dd");
	f->plain = workbook_add_format(wb);
	format_set_num_format(f->plain, "@");
	f->wrap = workbook_add_format(wb);
	format_set_text_wrap(f->wrap);
	format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
}

int ysh_xlsx_open(struct ysh_xlsx *x, ysh_day dated, char **err)
{
	memset(x, 0, sizeof(*x));
	const char *dir = getenv("TMPDIR");
	x->path = ysh_xasprintf("%s/ysh-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(x->path);
	if (fd < 0) {
		*err = ysh_xasprintf(_("%s: cannot create a temporary file for the workbook: %s"), x->path,
				     strerror(errno));
		free(x->path);
		x->path = NULL;
		return -1;
	}
	close(fd);
	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
	x->wb = workbook_new_opt(x->path, &opt);
	if (!x->wb) {
		*err = ysh_xasprintf(_("%s: cannot start the workbook"), x->path);
		unlink(x->path);
		free(x->path);
		x->path = NULL;
		return -1;
	}
	if (dated > 0) {
		lxw_doc_properties props = {.created = (time_t)dated * 86400};
		workbook_set_properties(x->wb, &props);
	}
	make_formats(x->wb, &x->f);
	return 0;
}

void ysh_xlsx_ok(struct ysh_xlsx *x, lxw_error e)
{
	if (e != LXW_NO_ERROR)
		x->failed = true;
}

int ysh_xlsx_finish(struct ysh_xlsx *x, FILE *out, const char *what, char **err)
{
	int rc = 0;
	lxw_error e = workbook_close(x->wb); /* frees it, whatever happened */
	if (x->failed) {
		*err = ysh_xasprintf(_("%s could not be written: libxlsxwriter refused a value"), what);
		rc = -1;
	} else if (e != LXW_NO_ERROR) {
		*err = ysh_xasprintf(_("%s: the workbook could not be written: %s"), x->path, lxw_strerror(e));
		rc = -1;
	} else {
		size_t n;
		char *bytes = ysh_slurp(x->path, &n);
		if (!bytes) {
			*err = ysh_xasprintf("%s: %s", x->path, strerror(errno));
			rc = -1;
		} else if (fwrite(bytes, 1, n, out) != n) {
			*err = ysh_xasprintf(_("%s: the workbook could not be copied: %s"), x->path, strerror(errno));
			rc = -1;
		}
		free(bytes);
	}
	unlink(x->path);
	free(x->path);
	memset(x, 0, sizeof(*x));
	return rc;
}

double ysh_xlsx_width(size_t display_width, double lo, double hi)
{
	/* a Chinese character is about 2.1 of Excel's units in the default font */
	double w = (double)display_width * 1.1 + 2;
	return w < lo ? lo : w > hi ? hi : w;
}

/* Bytes of the first n UTF-8 characters of s. */
static size_t utf8_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (s[i] && n) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		n--;
	}
	return i;
}

lxw_worksheet *ysh_xlsx_add_sheet(struct ysh_xlsx *x, const char *want, char **name)
{
	struct ysh_buf b = {0};
	for (const char *p = want; *p; p++)
		ysh_buf_addc(&b, strchr("[]:*?/\\'", *p) ? '_' : *p);
	if (!b.len)
		ysh_buf_addc(&b, '_');
	const char *all = ysh_buf_str(&b);
	char *base = ysh_xstrndup(all, utf8_prefix(all, 28));
	ysh_buf_free(&b);
	char *given = ysh_xstrdup(base);
	/* libxlsxwriter knows Excel's rules, the case-blind comparison too */
	for (int k = 2; workbook_validate_sheet_name(x->wb, given) != LXW_NO_ERROR && k < 10000; k++) {
		free(given);
		given = ysh_xasprintf("%s%d", base, k);
	}
	free(base);
	lxw_worksheet *ws = workbook_add_worksheet(x->wb, given);
	if (!ws) { /* no name of ours was taken: libxlsxwriter's own, SheetN */
		x->failed = true;
		ws = workbook_add_worksheet(x->wb, NULL);
	}
	if (name)
		*name = given;
	else
		free(given);
	return ws;
}

void ysh_xlsx_print_form(lxw_worksheet *ws, bool landscape, int first, int repeat)
{
	worksheet_set_paper(ws, 9); /* A4 */
	if (landscape)
		worksheet_set_landscape(ws);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	worksheet_fit_to_pages(ws, 1, 0);
	if (repeat > 0)
		worksheet_repeat_rows(ws, (lxw_row_t)first, (lxw_row_t)(first + repeat - 1));
}
