/*
 * xlsxdoc.h - a report's document (doc.h) as an Excel workbook, to print
 * and to send: A4 landscape, fitted to one page wide, each table's header
 * row repeated on every page, borders, wrapped text, widths for Chinese
 * text; counts as numbers, rates as percentages (0.0%), money as 0.00.
 *
 * Every section of the document (a level-2 heading: a lead office, the
 * county, the ledgers' digest) is a sheet, under the report's title and
 * preamble.  The unit report puts first, for each unit and lead office, its
 * form in the layout of the documents' annex (seed 000, 附件3): the title,
 * 单位（盖章）, 主要负责人（签字）and 日期 above; 序号, 事项名称, 参与人员及职务
 * (跟执法人员及职务 for 跟执法), 问题描述, 改进或优化措施, 意见建议 for its
 * 问题清单 and 需求清单; 联系人 and 联系电话 below.
 */
#ifndef YSH_XLSXDOC_H
#define YSH_XLSXDOC_H

#include <stdbool.h>
#include <stdio.h>

#include "config.h"
#include "doc.h"

struct ysh_xlsx_doc_opts {
	const struct ysh_config *cfg;
	bool forms;         /* the unit report: the annex forms first */
	const char *period; /* the period's label, for the forms' titles */
	ysh_day dated;      /* the workbook's date: the period's last day */
};

/* Writes the workbook's bytes to out; 0, or -1 with *err. */
int ysh_doc_render_xlsx(FILE *out, const struct ysh_doc *d, const struct ysh_xlsx_doc_opts *o, char **err);

#endif
