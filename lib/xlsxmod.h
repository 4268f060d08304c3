/*
 * xlsxmod.h - the xlsx writers as a module libysh loads when a workbook is
 * asked for (xlsxload.c), not a library every command loads.
 *
 * libxlsxwriter brings OpenSSL's libcrypto, zlib and minizip with it: some
 * 1.8 MiB of every process's resident memory before it reads a byte (the
 * loader reads libcrypto's relocations and symbol tables), a tenth of what
 * checking a county of 29 MiB holds.  ysh-check, ysh-add and the reports
 * in text, csv, json and md never write a workbook; ysh-report --format
 * xlsx and ysh-add --template load lib/ysh/ysh-xlsx.so beside libysh, whose
 * functions it calls back.
 */
#ifndef YSH_XLSXMOD_H
#define YSH_XLSXMOD_H

#include <stdio.h>

#include "ledger.h"
#include "xlsxdoc.h"

/* The module's file, in the directory "ysh" beside libysh (build/lib/ysh
 * uninstalled, LIBDIR/ysh installed), or in $YSH_MODULE_DIR. */
#define YSH_XLSX_MODULE_FILE "ysh-xlsx.so"
#define YSH_XLSX_MODULE_SYMBOL "ysh_xlsx_module"
/* Bumped when the table below, or a struct it hands over (ysh_doc,
 * ysh_xlsx_doc_opts), changes: a module of another build is refused, not
 * called through the wrong pointers or fields.  2: ysh_doc's rows arena. */
#define YSH_XLSX_MODULE_ABI 2u

/* abi and version stay the first two members in every ABI: a module of
 * another build is read that far to be refused with its version. */
struct ysh_xlsx_module {
	unsigned abi;
	const char *version; /* the build's, for the refusal's message */
	int (*render_doc)(FILE *out, const struct ysh_doc *d, const struct ysh_xlsx_doc_opts *o, char **err);
	int (*write_template)(const struct ysh_ledgers *L, const struct ysh_schema *s, FILE *out, char **err);
};

/* In the module: ysh_doc_render_xlsx and ysh_template_write's work. */
int ysh_xlsx_render_doc(FILE *out, const struct ysh_doc *d, const struct ysh_xlsx_doc_opts *o, char **err);
int ysh_xlsx_write_template(const struct ysh_ledgers *L, const struct ysh_schema *s, FILE *out, char **err);

#endif
