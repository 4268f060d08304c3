#include "template.h"
#include "xlsxmod.h"

#include <locale.h>
#include <string.h>

#include "i18n.h"
#include "report.h"
#include "xlsx.h"

/* Excel refuses an inline list longer than this (commas included). */
#define INLINE_LIST_MAX 255

/* ---- the values a column allows ---- */

/* A column's allowed values, each once: its enum (every set's values, in
 * order, for an enum chosen by another column), 是/否, or the units. */
struct choices {
	const char **v;
	size_t n, cap;
};

static void choice_add(struct choices *ch, const char *v)
{
	for (size_t i = 0; i < ch->n; i++)
		if (!strcmp(ch->v[i], v))
			return;
	ch->v = ysh_grow(ch->v, &ch->cap, ch->n + 2, sizeof(*ch->v));
	ch->v[ch->n++] = v;
	ch->v[ch->n] = NULL;
}

static struct choices choices_of(const struct ysh_config *cfg, const struct ysh_column *c)
{
	struct choices ch = {0};
	for (size_t i = 0; i < c->nenums; i++)
		choice_add(&ch, c->enums[i]);
	for (size_t k = 0; k < c->nsets; k++)
		for (size_t i = 0; i < c->sets[k].n; i++)
			choice_add(&ch, c->sets[k].vals[i]);
	if (c->type == YSH_T_BOOL) {
		choice_add(&ch, "是");
		choice_add(&ch, "否");
	}
	if (c->type == YSH_T_UNIT)
		for (size_t i = 0; i < cfg->nunits; i++)
			choice_add(&ch, cfg->units[i].name);
	return ch;
}

static size_t joined_length(const struct choices *ch)
{
	size_t n = 0;
	for (size_t i = 0; i < ch->n; i++)
		n += strlen(ch->v[i]) + (i > 0);
	return n;
}

/* ---- the workbook ---- */

struct tpl {
	struct ysh_xlsx x;
	const struct ysh_config *cfg;
	const struct ysh_schema *s;
	lxw_worksheet *data, *help, *lists;
	lxw_col_t nlists; /* columns used on the hidden sheet */
	struct ysh_map listed; /* a list already there (joined) -> its column */
	char *lists_name; /* the hidden sheet's */
};

static void check(struct tpl *T, lxw_error e)
{
	ysh_xlsx_ok(&T->x, e);
}

/* The drop-down of data column dc: inline when Excel takes it, else a
 * range of the hidden sheet.  A list column (several values separated by
 * 、) only suggests: any text passes after a notice. */
static void add_dropdown(struct tpl *T, lxw_col_t dc, const struct ysh_column *c, const struct choices *ch)
{
	lxw_data_validation v = {0};
	char *formula = NULL;
	v.validate = LXW_VALIDATION_TYPE_LIST;
	if (joined_length(ch) <= INLINE_LIST_MAX) {
		v.value_list = (char **)ch->v;
	} else {
		if (!T->lists) {
			T->lists = ysh_xlsx_add_sheet(&T->x, "选项", &T->lists_name);
			worksheet_hide(T->lists);
		}
		struct ysh_buf key = {0};
		for (size_t i = 0; i < ch->n; i++)
			ysh_buf_printf(&key, "%s\x1f", ch->v[i]);
		size_t lc = T->nlists;
		if (ysh_map_put(&T->listed, ysh_buf_str(&key), lc)) {
			T->nlists++;
			for (size_t i = 0; i < ch->n; i++)
				check(T, worksheet_write_string(T->lists, (lxw_row_t)i, (lxw_col_t)lc, ch->v[i], NULL));
		} else {
			ysh_map_get(&T->listed, key.p, &lc);
		}
		ysh_buf_free(&key);
		char from[16], to[16];
		lxw_rowcol_to_cell_abs(from, 0, (lxw_col_t)lc, 1, 1);
		lxw_rowcol_to_cell_abs(to, (lxw_row_t)(ch->n - 1), (lxw_col_t)lc, 1, 1);
		formula = ysh_xasprintf("='%s'!%s:%s", T->lists_name, from, to);
		v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
		/* libxlsxwriter 1.1.4 loses one copy of a list formula (20 bytes
		 * a workbook here): tests/valgrind.supp names that leak alone */
		v.value_formula = formula;
	}
	if (c->list) {
		v.error_type = LXW_VALIDATION_ERROR_TYPE_INFORMATION;
		v.input_title = (char *)c->title;
		v.input_message = (char *)_("可从列表中选一项；多项请用“、”分隔后直接输入。");
	} else {
		v.error_title = (char *)c->title;
		v.error_message = (char *)_("请从下拉列表中选择。");
	}
	check(T, worksheet_data_validation_range(T->data, 1, dc, YSH_TEMPLATE_ROWS, dc, &v));
	free(formula);
}

static void add_date_rule(struct tpl *T, lxw_col_t dc, const struct ysh_column *c)
{
	lxw_data_validation v = {0};
	v.validate = LXW_VALIDATION_TYPE_DATE;
	v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
	v.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
	v.maximum_datetime = (lxw_datetime){2099, 12, 31, 0, 0, 0};
	v.error_title = (char *)c->title;
	v.error_message = (char *)_("请输入日期，如 2026-11-03。");
	check(T, worksheet_data_validation_range(T->data, 1, dc, YSH_TEMPLATE_ROWS, dc, &v));
}

static void add_number_rule(struct tpl *T, lxw_col_t dc, const struct ysh_column *c)
{
	lxw_data_validation v = {0};
	v.validate = c->type == YSH_T_MONEY ? LXW_VALIDATION_TYPE_DECIMAL : LXW_VALIDATION_TYPE_INTEGER;
	v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
	v.minimum_number = c->has_min ? (double)c->min : 0;
	v.maximum_number = c->has_max ? (double)c->max : 1e12;
	v.error_title = (char *)c->title;
	v.error_message = (char *)(c->type == YSH_T_MONEY ? _("请输入金额（元），如 1000.50。")
							  : _("请输入整数，范围见“填写说明”。"));
	check(T, worksheet_data_validation_range(T->data, 1, dc, YSH_TEMPLATE_ROWS, dc, &v));
}

/* The cell format a data column gets, so that what Excel saves as CSV is
 * what the ledger takes: dates shown yyyy-mm-dd, numbers as typed, and
 * everything else as text (a phone number or a credit code is never turned
 * into 1.38E+10). */
static lxw_format *column_format(struct tpl *T, const struct ysh_column *c)
{
	switch (c->type) {
	case YSH_T_DATE: return T->x.f.date;
	case YSH_T_INTEGER: return NULL;
	case YSH_T_MONEY: return NULL;
	default: return T->x.f.plain;
	}
}

static void data_column(struct tpl *T, lxw_col_t dc, const struct ysh_column *c)
{
	size_t w = ysh_display_width(c->title);
	struct choices ch = choices_of(T->cfg, c);
	for (size_t i = 0; i < ch.n; i++) {
		size_t cw = ysh_display_width(ch.v[i]);
		if (cw > w)
			w = cw;
	}
	if (c->type == YSH_T_DATE && w < 10)
		w = 10;
	check(T, worksheet_set_column(T->data, dc, dc, ysh_xlsx_width(w, 10, 40), column_format(T, c)));
	check(T, worksheet_write_string(T->data, 0, dc, c->title,
					c->required || c->required_new ? T->x.f.head_required : T->x.f.head));
	if (ch.n)
		add_dropdown(T, dc, c, &ch);
	else if (c->type == YSH_T_DATE)
		add_date_rule(T, dc, c);
	else if (c->type == YSH_T_INTEGER || c->type == YSH_T_MONEY)
		add_number_rule(T, dc, c);
	free(ch.v);
}

/* ---- the instructions ---- */

/* The schemas' help texts are English in the schemas and Chinese in the
 * catalogue: the instructions are a Chinese document in every locale, as
 * the reports are (the user's language when zh_CN.UTF-8 is not installed). */
static const char *chinese(const char *msgid)
{
	locale_t zh = newlocale(LC_MESSAGES_MASK, "zh_CN.UTF-8", (locale_t)0);
	if (!zh)
		return _(msgid);
	locale_t was = uselocale(zh);
	const char *s = _(msgid);
	uselocale(was);
	freelocale(zh);
	return s;
}

static const char *type_word(const struct ysh_column *c)
{
	switch (c->type) {
	case YSH_T_DATE: return _("日期，如 2026-11-03");
	case YSH_T_TIMESTAMP: return _("时间");
	case YSH_T_INTEGER: return _("整数");
	case YSH_T_MONEY: return _("金额（元，最多两位小数）");
	case YSH_T_BOOL: return _("是或否");
	case YSH_T_REF: return _("编号（另一台账中的记录）");
	case YSH_T_PHONE: return _("电话号码");
	case YSH_T_CREDIT: return _("18 位统一社会信用代码");
	case YSH_T_UNIT: return _("单位名称（见下拉列表）");
	default: return _("文字");
	}
}

/* What a column allows, in words: the values (per kind for an enum chosen
 * by another column), a range, or its type. */
static char *allowed_text(const struct tpl *T, const struct ysh_column *c)
{
	struct ysh_buf b = {0};
	if (c->nsets) {
		for (size_t k = 0; k < c->nsets; k++) {
			ysh_buf_printf(&b, "%s%s：", k ? "\n" : "", c->sets[k].when);
			for (size_t i = 0; i < c->sets[k].n; i++)
				ysh_buf_printf(&b, "%s%s", i ? "、" : "", c->sets[k].vals[i]);
		}
	} else if (c->nenums) {
		for (size_t i = 0; i < c->nenums; i++)
			ysh_buf_printf(&b, "%s%s", i ? "、" : "", c->enums[i]);
	} else if (c->type == YSH_T_UNIT) {
		ysh_buf_printf(&b, _("%s 的单位（共 %zu 个，见下拉列表）"), T->cfg->county, T->cfg->nunits);
	} else {
		ysh_buf_adds(&b, type_word(c));
		if (c->has_min && c->has_max)
			ysh_buf_printf(&b, _("，%ld 至 %ld"), c->min, c->max);
	}
	if (c->list)
		ysh_buf_adds(&b, _("（可填多项，用“、”分隔）"));
	ysh_buf_str(&b);
	return b.p; /* the buffer's bytes, the caller's now */
}

static const char *required_text(const struct ysh_column *c)
{
	if (c->required && c->dflt)
		return _("必填（不填为默认值）");
	if (c->required || c->required_new)
		return _("必填");
	if (c->required_if)
		return _("视情况");
	return _("选填");
}

static void help_row(struct tpl *T, lxw_row_t r, const struct ysh_column *c)
{
	char *allowed = allowed_text(T, c);
	struct ysh_buf note = {0};
	if (c->help)
		ysh_buf_adds(&note, chinese(c->help));
	if (c->dflt)
		ysh_buf_printf(&note, _("%s默认值：%s"), note.len ? "\n" : "", c->dflt);
	const char *cells[] = {c->title, c->name, required_text(c), allowed, ysh_buf_str(&note)};
	for (lxw_col_t k = 0; k < 5; k++)
		check(T, worksheet_write_string(T->help, r, k, cells[k], T->x.f.text));
	free(allowed);
	ysh_buf_free(&note);
}

static void instructions(struct tpl *T, const char *data_name)
{
	static const char *const heads[] = {"列名", "字段", "是否必填", "允许的值", "说明"};
	static const double widths[] = {16, 14, 14, 40, 60};
	const struct ysh_schema *s = T->s;
	lxw_worksheet *ws = T->help;
	char *title = ysh_xasprintf(_("%s %s 填写说明"), T->cfg->county, s->title);
	check(T, worksheet_merge_range(ws, 0, 0, 0, 4, title, T->x.f.title));
	free(title);
	char *lines[] = {
		ysh_xasprintf(_("1. 在“%s”工作表中每行填写一条记录；第一行的列名不要改动，列可以空着但不要删除。"), data_name),
		ysh_xstrdup(_("2. 红色列名为必填项；带下拉箭头的列请从列表中选择；编号、录入时间和录入人由系统填写。")),
		ysh_xstrdup(_("3. 日期填写为 2026-11-03 或 2026/11/3，单元格会显示为 2026-11-03。")),
		ysh_xasprintf(_("4. 填好后“另存为”“CSV UTF-8（逗号分隔）”文件，由录入员导入：ysh-add %s --batch < 文件.csv"),
			      s->record),
		ysh_xstrdup(_("5. 整改、销号、作废等后续变动不在此表填写，请用 ysh-add 逐条录入。")),
	};
	for (lxw_row_t i = 0; i < 5; i++) {
		check(T, worksheet_merge_range(ws, i + 1, 0, i + 1, 4, lines[i], T->x.f.wrap));
		check(T, worksheet_set_row(ws, i + 1, 30, NULL));
		free(lines[i]);
	}
	lxw_row_t r = 7;
	for (lxw_col_t k = 0; k < 5; k++) {
		check(T, worksheet_write_string(ws, r, k, heads[k], T->x.f.head));
		check(T, worksheet_set_column(ws, k, k, widths[k], NULL));
	}
	for (size_t c = 0; c < s->ncols; c++)
		if (ysh_schema_asks_new(s, c))
			help_row(T, ++r, &s->cols[c]);
	ysh_xlsx_print_form(ws, true, 7, 1);
}

int ysh_xlsx_write_template(const struct ysh_ledgers *L, const struct ysh_schema *s, FILE *out, char **err)
{
	struct tpl T = {.cfg = L->cfg, .s = s};
	if (ysh_xlsx_open(&T.x, 0, err) != 0)
		return -1;
	char *data_name;
	T.data = ysh_xlsx_add_sheet(&T.x, s->title, &data_name);
	T.help = ysh_xlsx_add_sheet(&T.x, _("填写说明"), NULL);
	lxw_col_t dc = 0;
	for (size_t c = 0; c < s->ncols; c++)
		if (ysh_schema_asks_new(s, c))
			data_column(&T, dc++, &s->cols[c]);
	check(&T, worksheet_set_row(T.data, 0, 30, NULL));
	worksheet_freeze_panes(T.data, 1, 0);
	ysh_xlsx_print_form(T.data, true, 0, 1);
	worksheet_activate(T.data);
	instructions(&T, data_name);
	free(data_name);
	free(T.lists_name);
	ysh_map_free(&T.listed);
	char *what = ysh_xasprintf(_("the template of %s"), s->title);
	int rc = ysh_xlsx_finish(&T.x, out, what, err);
	free(what);
	return rc;
}
