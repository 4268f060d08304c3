/*
 * xlsxmod.c - what the xlsx module hands libysh (xlsxmod.h).
 */
#include "xlsxmod.h"

#ifndef YSH_VERSION
#define YSH_VERSION "?"
#endif

/* visible: dlsym finds it by name */
__attribute__((visibility("default"))) const struct ysh_xlsx_module ysh_xlsx_module = {
	.abi = YSH_XLSX_MODULE_ABI,
	.version = YSH_VERSION,
	.render_doc = ysh_xlsx_render_doc,
	.write_template = ysh_xlsx_write_template,
};
