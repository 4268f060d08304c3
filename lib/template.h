/*
 * template.h - the Excel workbook a clerk fills in instead of typing CSV
 * (ysh-add --template LEDGER -o FILE.xlsx): one sheet whose header row is
 * the ledger's Chinese titles, with drop-down lists for every enum, yes/no
 * column and the county's units, date columns formatted yyyy-mm-dd and the
 * others as text; a sheet of instructions (each column: title, required,
 * allowed values, help); and, hidden, the lists too long for Excel's
 * 255-character limit on an inline list.  What Excel or WPS saves from its
 * first sheet as CSV is what ysh-add --batch reads.
 */
#ifndef YSH_TEMPLATE_H
#define YSH_TEMPLATE_H

#include <stdio.h>

#include "ledger.h"

/* The rows of the data sheet that carry drop-downs and validation. */
#define YSH_TEMPLATE_ROWS 1000

/* Writes the workbook for ledger s of L's county to out; 0, or -1 with *err. */
int ysh_template_write(const struct ysh_ledgers *L, const struct ysh_schema *s, FILE *out, char **err);

#endif
