/*
 * xlsx.h - what the Excel template and the xlsx reports share over
 * libxlsxwriter: a workbook written into a private temporary file and handed
 * back as bytes (so that the caller replaces its target atomically, as every
 * report is), the cell formats of a printed form, and column widths that
 * fit Chinese text.
 */
#ifndef YSH_XLSX_H
#define YSH_XLSX_H

#include <stdbool.h>
#include <stdio.h>

#include <xlsxwriter.h>

#include "value.h"

/* The formats every workbook of ysh uses. */
struct ysh_xlsx_formats {
	lxw_format *title;   /* a form's title: large, bold, centred */
	lxw_format *label;   /* a line above or below a table (单位（盖章）: ...) */
	lxw_format *head;    /* a table's header row: bold, bordered, wrapped, shaded */
	lxw_format *head_required; /* the template's header of a required column */
	lxw_format *text;    /* a bordered, wrapped text cell */
	lxw_format *integer; /* a bordered whole number */
	lxw_format *rate;    /* a bordered rate, 0.0% */
	lxw_format *money;   /* a bordered amount of yuan, 0.00 */
	lxw_format *date;    /* yyyy-mm-dd (the template's date columns) */
	lxw_format *plain;   /* text typed as text (@): phone numbers, codes */
	lxw_format *wrap;    /* unbordered wrapped text (instructions) */
};

struct ysh_xlsx {
	lxw_workbook *wb;
	char *path; /* the temporary file libxlsxwriter writes */
	struct ysh_xlsx_formats f;
	bool failed; /* a call refused a value (ysh_xlsx_ok) */
};

/* A workbook in a fresh temporary file, its creation date `dated` (a
 * report's period end, so that the same report is the same bytes; 0: now);
 * 0, or -1 with *err. */
int ysh_xlsx_open(struct ysh_xlsx *x, ysh_day dated, char **err);
/* Notes the result of a libxlsxwriter call: one that refused a value (a
 * string too long for a cell) fails the workbook. */
void ysh_xlsx_ok(struct ysh_xlsx *x, lxw_error e);
/* Closes the workbook (libxlsxwriter writes and frees it), copies its bytes
 * to out and removes the temporary; 0, or -1 with *err (naming `what` when
 * a call failed: then nothing is copied).  Always frees x. */
int ysh_xlsx_finish(struct ysh_xlsx *x, FILE *out, const char *what, char **err);

/* A column width (Excel's units: about one Latin character) that shows
 * text of this display width (a Chinese character is two), between lo and
 * hi. */
double ysh_xlsx_width(size_t display_width, double lo, double hi);

/* A new worksheet named after `want` as Excel allows: at most 31
 * characters, none of []:*?/\', unique in the workbook (Excel compares
 * names without case; a suffix 2, 3 ... when taken).  *name (unless NULL)
 * is the name given (caller frees). */
lxw_worksheet *ysh_xlsx_add_sheet(struct ysh_xlsx *x, const char *want, char **name);

/* Prints on A4, landscape, fitted to one page wide, the first `repeat`
 * rows (when > 0) repeated on every page from `first`. */
void ysh_xlsx_print_form(lxw_worksheet *ws, bool landscape, int first, int repeat);

#endif
