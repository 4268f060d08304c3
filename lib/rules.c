#include "rules.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "csvpipe.h"
#include "i18n.h"
#include "ledger.h"
#include "suggest.h"
#include "suprules.h"
#include "tally.h"

/* ---- helpers ---- */

enum { QUOTE_MAX = 60 };

/* A cell value as quoted in a message: clipped at a character boundary so
 * that a huge cell does not make a huge message. */
static const char *clip(const char *s, char *buf, size_t size)
{
	size_t n = strlen(s);
	if (n <= QUOTE_MAX)
		return s;
	size_t cut = QUOTE_MAX;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	snprintf(buf, size, "%.*s…", (int)cut, s);
	return buf;
}

#define CLIP(s) clip((s), (char[QUOTE_MAX + 8]){0}, QUOTE_MAX + 8)

static void row_finding(const struct ysh_row *r, size_t col, enum ysh_rule_id rule, const char *fmt,
			...) __attribute__((format(printf, 4, 5)));

/* A finding about the row (or record) r, at the file column of schema
 * column col (SIZE_MAX: the record as a whole). */
static void row_finding(const struct ysh_row *r, size_t col, enum ysh_rule_id rule, const char *fmt,
			...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t fc = col < r->t->schema->ncols && r->file_col ? (size_t)r->file_col[col] : 0;
	ysh_finding_vadd(r->out, r->file, r->line, fc, rule, r->id, fmt, ap);
	va_end(ap);
}

static const struct ysh_column *colp(const struct ysh_row *r, size_t col)
{
	return &r->t->schema->cols[col];
}

/* A known column's cell (cols.h): "" when the ledger has no such column. */
static const char *cell(const struct ysh_row *r, int col)
{
	return ysh_row_at(r, col);
}

/* ysh_parse_date of a known column's cell, from the day its table keeps
 * for the value (ysh_cells_dated) when the row's values are coded (a new
 * record read from a ledger) or the row is a view of a record. */
static bool row_day(const struct ysh_row *r, int col, ysh_day *d)
{
	if (r->view)
		return ysh_day_at(r->t, &r->t->recs[r->shows], col, d);
	int known = col >= 0 && r->codes ? ysh_cells_day(&r->t->cells, (size_t)col, r->codes[col], d) : -1;
	return known >= 0 ? known == 1 : ysh_parse_date(cell(r, col), d);
}

/* Whether a known column's cell is given, not read back if long. */
static bool given(const struct ysh_row *r, int col)
{
	return col >= 0 && ysh_row_given(r, (size_t)col);
}

/* The column of a record rule's finding: SIZE_MAX when the ledger has no
 * such column (the finding is then about the record as a whole). */
static size_t at(int col)
{
	return col < 0 ? SIZE_MAX : (size_t)col;
}

/* Calls fn for each item of a list cell, or once for a plain cell. */
static void each_item(const struct ysh_row *r, size_t col,
		      void (*fn)(const struct ysh_row *, size_t, const char *))
{
	const char *v = ysh_row_cell(r, col);
	if (!colp(r, col)->list) {
		fn(r, col, v);
		return;
	}
	struct ysh_items it;
	ysh_items_split(&it, v);
	for (size_t i = 0; i < it.n; i++)
		fn(r, col, it.v[i]);
	ysh_items_free(&it);
}

/* ---- cell rules ---- */

/* The bits of a value's mark (ysh_cells_marks): the cell rules that found
 * it clean in its column.  Their verdict depends on the column and the
 * value alone, so a value found clean once is not judged again: most
 * cells repeat (dates, units, kinds, 是/否).  Only a new record's row read
 * from a ledger has its values coded (ysh_row.codes); any other row is
 * judged cell by cell. */
enum { CLEAN_TYPE = 1, CLEAN_ENUM = 2, CLEAN_UNIT = 4 };

/* Calls fn for each item of cell col unless the value's mark says it was
 * found clean for `bit`; marks it so when fn found nothing. */
static void judge_items_once(const struct ysh_row *r, size_t col, uint8_t bit,
			     void (*fn)(const struct ysh_row *, size_t, const char *))
{
	uint8_t *mark = r->codes ? ysh_cells_marks(&r->t->cells, col, r->codes[col]) : NULL;
	if (mark && (*mark & bit))
		return;
	size_t before = r->out->n;
	each_item(r, col, fn);
	if (mark && r->out->n == before)
		*mark |= bit;
}

/* The value a revision leaves in column col: its own, else the record's. */
static const char *after_row(const struct ysh_row *r, size_t col)
{
	if (ysh_row_given(r, col) || r->revises < 0)
		return ysh_row_cell(r, col);
	return ysh_row_state(r, col);
}

/* Whether a revision leaves column col given, its own or the record's
 * (a long value not read back). */
static bool after_row_given(const struct ysh_row *r, size_t col)
{
	return ysh_row_given(r, col) || (r->revises >= 0 && ysh_row_state_given(r, col));
}

/* Whether a required_if column is required in this row: void_reason when
 * the row (or the record) is voided and neither has one; reviewed_on in
 * the row that gives a look-back's review_result, whatever came before. */
static bool required_here(const struct ysh_row *r, size_t col)
{
	size_t trigger = (size_t)colp(r, col)->required_if_col;
	if (colp(r, trigger)->type == YSH_T_BOOL)
		return ysh_parse_bool(after_row(r, trigger)) == 1 && !after_row_given(r, col);
	return ysh_row_given(r, trigger);
}

static void rule_field_required(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	if (ysh_row_given(r, col))
		return;
	if (c->required_if_col >= 0 && required_here(r, col)) {
		const struct ysh_column *t = colp(r, (size_t)c->required_if_col);
		if (t->type == YSH_T_BOOL)
			row_finding(r, col, YSH_R_FIELD_REQUIRED, _("%s (%s) is required when %s is 是"), c->name,
				    c->title, t->name);
		else
			row_finding(r, col, YSH_R_FIELD_REQUIRED, _("%s (%s) is required in the row that gives %s (%s)"),
				    c->name, c->title, t->name, t->title);
		return;
	}
	/* a revision carries only what changed; absent columns are a header error;
	 * required = new asks a new record typed now, not a row already in the
	 * ledger, whose fact ysh does not know and must not push anyone to guess */
	if (!c->required || r->revises >= 0 || !r->file_col[col] || (c->required_new && !r->system_trusted))
		return;
	row_finding(r, col, YSH_R_FIELD_REQUIRED, _("%s (%s) is required but empty"), c->name, c->title);
}

static const char *type_hint(const struct ysh_row *r, const struct ysh_column *c, char *buf,
			     size_t size)
{
	switch (c->type) {
	case YSH_T_DATE: return _("a date YYYY-MM-DD");
	case YSH_T_TIMESTAMP: return _("a timestamp like 2026-11-20T09:30:00+08:00");
	case YSH_T_MONEY: return _("yuan with at most 2 decimals, like 1200.50");
	case YSH_T_BOOL: return _("是 or 否");
	case YSH_T_PHONE: return _("a phone number: 11-digit mobile, or area code-number");
	case YSH_T_CREDIT: return _("an 18-character unified social credit code");
	case YSH_T_INTEGER:
		if (c->has_min && c->has_max)
			snprintf(buf, size, _("a whole number from %ld to %ld"), c->min, c->max);
		else
			snprintf(buf, size, _("a whole number"));
		return buf;
	case YSH_T_ID:
		snprintf(buf, size, _("an id like %c2026-0042"), r->t->schema->id_prefix);
		return buf;
	case YSH_T_REF: {
		const struct ysh_table *ref = ysh_ref_table(r->L, c);
		snprintf(buf, size, _("an id like %c2026-0042"), ref ? ref->schema->id_prefix : '?');
		return buf;
	}
	default: return "";
	}
}

static bool value_has_type(const struct ysh_row *r, const struct ysh_column *c, const char *v)
{
	ysh_day d;
	long n;
	int64_t fen;
	switch (c->type) {
	case YSH_T_DATE: return ysh_parse_date(v, &d);
	case YSH_T_TIMESTAMP: return ysh_parse_timestamp(v, &d);
	case YSH_T_INTEGER:
		return ysh_parse_integer(v, &n) && (!c->has_min || n >= c->min) &&
		       (!c->has_max || n <= c->max);
	case YSH_T_MONEY: return ysh_parse_money(v, &fen);
	case YSH_T_BOOL: return ysh_parse_bool(v) >= 0;
	case YSH_T_ID: return ysh_parse_id(v, r->t->schema->id_prefix, NULL, NULL);
	case YSH_T_REF: {
		const struct ysh_table *ref = ysh_ref_table(r->L, c);
		return !ref || ysh_parse_id(v, ref->schema->id_prefix, NULL, NULL);
	}
	case YSH_T_PHONE: return ysh_phone_valid(v);
	case YSH_T_CREDIT: return ysh_credit_code_check(v, NULL) != YSH_CREDIT_FORMAT;
	default: return true;
	}
}

static void field_type_item(const struct ysh_row *r, size_t col, const char *v)
{
	const struct ysh_column *c = colp(r, col);
	if (value_has_type(r, c, v))
		return;
	char hint[96], masked[QUOTE_MAX + 8];
	if (c->type == YSH_T_PHONE) /* personal data, even when malformed */
		ysh_mask_phone(CLIP(v), masked, sizeof(masked));
	row_finding(r, col, YSH_R_FIELD_TYPE, _("%s (%s) '%s' is not %s"), c->name, c->title,
		    c->type == YSH_T_PHONE ? masked : CLIP(v), type_hint(r, c, hint, sizeof(hint)));
}

static void rule_field_type(const struct ysh_row *r, size_t col)
{
	/* text has no type to get wrong: do not split its lists for nothing */
	if (ysh_row_given(r, col) && colp(r, col)->type != YSH_T_TEXT)
		judge_items_once(r, col, CLEAN_TYPE, field_type_item);
}

/* "; did you mean 'X'?" after a refusal of what a clerk typed, when an
 * allowed value is near it (suggest.h); "" otherwise, and for what
 * ysh-check reads from the ledgers, whose messages stay as they are. */
static void did_you_mean(const struct ysh_row *r, const char *v, char *const *vals, size_t n,
			 char *out, size_t size)
{
	const char *s = r->system_trusted ? ysh_suggest(v, vals, n) : NULL;
	if (s)
		snprintf(out, size, _("; did you mean '%s'?"), s);
	else
		*out = '\0';
}

static void field_enum_item(const struct ysh_row *r, size_t col, const char *v)
{
	const struct ysh_column *c = colp(r, col);
	size_t n;
	char *const *vals = ysh_column_enums(c, r->cells, &n);
	if (!vals)
		return;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(vals[i], v))
			return;
	struct ysh_buf allowed = {0};
	for (size_t i = 0; i < n; i++)
		ysh_buf_printf(&allowed, "%s%s", i ? "|" : "", vals[i]);
	char mean[QUOTE_MAX * 2];
	did_you_mean(r, v, vals, n, mean, sizeof(mean));
	if (c->nsets && c->enum_by_col >= 0 && *ysh_row_cell(r, c->enum_by_col))
		row_finding(r, col, YSH_R_FIELD_ENUM, _("%s (%s) '%s' is not allowed for %s; allowed: %s%s"),
			    c->name, c->title, CLIP(v), ysh_row_cell(r, c->enum_by_col), ysh_buf_str(&allowed), mean);
	else
		row_finding(r, col, YSH_R_FIELD_ENUM, _("%s (%s) '%s' is not allowed; allowed: %s%s"), c->name,
			    c->title, CLIP(v), ysh_buf_str(&allowed), mean);
	ysh_buf_free(&allowed);
}

static void rule_field_enum(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	if (!ysh_row_given(r, col))
		return;
	if (c->nsets) /* the values allowed depend on another cell */
		each_item(r, col, field_enum_item);
	else if (c->nenums)
		judge_items_once(r, col, CLEAN_ENUM, field_enum_item);
}

static void unit_item(const struct ysh_row *r, size_t col, const char *v)
{
	if (ysh_config_unit(r->L->cfg, v))
		return;
	const struct ysh_column *c = colp(r, col);
	const struct ysh_config *cfg = r->L->cfg;
	char mean[QUOTE_MAX * 2] = "";
	if (r->system_trusted) { /* typed input only: ysh-check never builds the list */
		char **names = ysh_xcalloc(cfg->nunits ? cfg->nunits : 1, sizeof(*names));
		for (size_t i = 0; i < cfg->nunits; i++)
			names[i] = cfg->units[i].name;
		did_you_mean(r, v, names, cfg->nunits, mean, sizeof(mean));
		free(names);
	}
	row_finding(r, col, YSH_R_UNIT_UNKNOWN, _("%s (%s) '%s' is not a unit listed in %s%s"), c->name,
		    c->title, CLIP(v), cfg->path, mean);
}

static void rule_unit_unknown(const struct ysh_row *r, size_t col)
{
	if (colp(r, col)->type == YSH_T_UNIT && ysh_row_given(r, col))
		judge_items_once(r, col, CLEAN_UNIT, unit_item);
}

static void rule_ref_missing(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	const char *v = ysh_row_cell(r, col);
	if (c->type != YSH_T_REF || !*v)
		return;
	const struct ysh_table *ref = ysh_ref_table(r->L, c);
	if (!ref || !ysh_parse_id(v, ref->schema->id_prefix, NULL, NULL))
		return;
	/* a new record's row: the reader coded the cell, looking the id up */
	uint32_t i;
	const struct ysh_rec *rec;
	if (r->codes && ysh_cells_code_record(&r->t->cells, col, r->codes[col], &ref->cells, &i))
		rec = i == UINT32_MAX ? NULL : &ref->recs[i];
	else
		rec = ysh_table_find(ref, v);
	if (!rec)
		row_finding(r, col, YSH_R_REF_MISSING, _("%s (%s) '%s' is not in %s"), c->name, c->title, v,
			    ref->path);
	/* a new row may not point at a record voided before it was written;
	 * rows written earlier stay as they were (they simply count nowhere) */
	else if (r->system_trusted && ysh_rec_voided(ref, rec))
		row_finding(r, col, YSH_R_REF_MISSING, _("%s (%s) '%s' is voided in %s"), c->name, c->title,
			    v, ref->path);
}

static void rule_date_future(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	ysh_day d, recorded;
	const char *v = ysh_row_cell(r, col);
	if (!c->happened || !*v || (c->system && r->system_trusted))
		return;
	if ((int)col == r->t->schema->recorded_at_col && c->type == YSH_T_TIMESTAMP && r->has_written)
		d = r->written; /* the row's recorded_at, which the reader parsed as a timestamp */
	else if (!(c->type == YSH_T_DATE ? row_day(r, (int)col, &d) : ysh_parse_timestamp(v, &d)))
		return;
	char day[11];
	if (d > r->L->opts.today) {
		ysh_format_date(r->L->opts.today, day);
		row_finding(r, col, YSH_R_DATE_FUTURE, _("%s (%s) %.10s is after today (%s)"), c->name,
			    c->title, v, day);
		return;
	}
	/* rows from a ledger: a date typed as having happened cannot be later
	 * than the moment the row was written down */
	if (r->system_trusted || c->system || !ysh_row_written(r, &recorded) || d <= recorded)
		return;
	ysh_format_date(recorded, day);
	row_finding(r, col, YSH_R_DATE_FUTURE, _("%s (%s) %.10s is after the day this row was recorded (%s)"),
		    c->name, c->title, v, day);
}

static void rule_credit_code(const struct ysh_row *r, size_t col)
{
	char expect;
	const char *v = ysh_row_cell(r, col);
	if (colp(r, col)->type != YSH_T_CREDIT || !*v)
		return;
	if (ysh_credit_code_check(v, &expect) == YSH_CREDIT_CHECK)
		row_finding(r, col, YSH_R_CREDIT_CODE,
			    _("credit code %s fails its check character: the first 17 characters need '%c'"),
			    v, expect);
}

static void rule_formula_injection(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	const char *v = ysh_row_cell(r, col);
	if (c->type != YSH_T_TEXT || c->nenums || c->nsets || !strchr("=+-@\t\r", v[0]) || !v[0])
		return;
	row_finding(r, col, YSH_R_FORMULA_INJECTION,
		    _("%s (%s) starts with '%s' and would run as a formula in a spreadsheet"), c->name,
		    c->title, v[0] == '\t' ? "\\t" : v[0] == '\r' ? "\\r" : (char[2]){v[0], 0});
}

/* ---- row rules ---- */

static void rule_id_duplicate(const struct ysh_row *r)
{
	long idx = r->t->schema->revisions ? -1 : ysh_row_prior(r);
	if (idx < 0)
		return;
	row_finding(r, (size_t)r->t->schema->id_col, YSH_R_ID_DUPLICATE,
		    _("id %s is already used at line %zu (%s has no revisions)"), r->id,
		    (size_t)r->t->recs[idx].line, r->t->schema->file);
}

static void rule_revision_conflict(const struct ysh_row *r)
{
	if (r->revises < 0)
		return;
	const struct ysh_rec *rec = &r->t->recs[r->revises];
	const struct ysh_schema *s = r->t->schema;
	bool reopens = ysh_row_reopens(s, r->cells);
	for (size_t c = 0; c < s->ncols; c++) {
		const struct ysh_column *col = &s->cols[c];
		const char *v = ysh_row_cell(r, c);
		if (!*v)
			continue;
		if (col->immutable && strcmp(v, ysh_row_state(r, c)))
			row_finding(r, c, YSH_R_REVISION_CONFLICT,
				    _("a revision may not change %s (%s): '%s' at line %zu, '%s' here"),
				    col->name, col->title, CLIP(ysh_row_state(r, c)), (size_t)rec->line, CLIP(v));
		/* a look-back that finds the problem back (反弹) reopens it: the
		 * one move backwards there is */
		if (reopens && col->reopen_to) {
			if (strcmp(v, col->reopen_to))
				row_finding(r, c, YSH_R_REVISION_CONFLICT,
					    _("a revision that reopens the record sets %s (%s) to '%s', not '%s'"),
					    col->name, col->title, col->reopen_to, v);
		} else if (ysh_column_moves_back(col, ysh_row_state(r, c), v))
			row_finding(r, c, YSH_R_REVISION_CONFLICT,
				    _("%s (%s) may only move forward: '%s' (line %zu) to '%s'"),
				    col->name, col->title, ysh_row_state(r, c), (size_t)rec->last_line, v);
	}
}

/* "不得随意扩大检查范围，增加检查人员" (seed 002): once approved, a filing's
 * inspectors, content and basis are what was approved; widening them needs
 * a new approval in the same revision. */
static void rule_filing_widened(const struct ysh_row *r)
{
	if (r->revises < 0)
		return;
	const struct ysh_rec *rec = &r->t->recs[r->revises];
	const struct ysh_schema *s = r->t->schema;
	ysh_row_read_state(r); /* what ysh_schema_approved and ysh_revision_widens read */
	if (!ysh_schema_approved(s, r->state))
		return;
	const char *approved = ysh_row_state(r, s->approval_cols[s->napproval - 1]);
	for (size_t c = 0; c < s->ncols; c++) {
		const struct ysh_column *col = &s->cols[c];
		if (!ysh_revision_widens(s, r->state, r->cells, c))
			continue;
		row_finding(r, c, YSH_R_FILING_WIDENED,
			    _("%s (%s) may not be widened after the approval of %s: '%s' (line %zu), '%s' here; "
			      "a new approval (approved_by and approved_on) must come with it"),
			    col->name, col->title, approved, CLIP(ysh_row_state(r, c)), (size_t)rec->line, CLIP(ysh_row_cell(r, c)));
	}
}

/* [clerks]: each login records for its own units only. */
static void rule_record_unauthorized(const struct ysh_row *r)
{
	int by = r->t->schema->recorded_by_col;
	if (!r->L->cfg->nclerks || by < 0 || !ysh_row_given(r, (size_t)by))
		return; /* no [clerks], or a row from elsewhere (not signed) */
	/* who, what and when are immutable: a revision is about its record's unit */
	const char *const *cells = r->revises >= 0 ? r->state : r->cells;
	int uc = r->t->schema->unit_col; /* ysh_cells_unit reads it, or a reference, whole */
	if (r->revises >= 0 && uc >= 0)
		ysh_row_state(r, (size_t)uc);
	const char *unit = ysh_cells_unit(r->L, r->t, cells);
	if (*unit && !ysh_config_clerk_may(r->L->cfg, ysh_row_cell(r, by), unit))
		row_finding(r, (size_t)by, YSH_R_RECORD_UNAUTHORIZED,
			    _("%s may not record for %s ([clerks] in %s)"), ysh_row_cell(r, by), unit, r->L->cfg->path);
}

/* ---- record rules: a record's state, or a record being typed ---- */

static bool has_step(const char *list, const char *step)
{
	struct ysh_items it;
	ysh_items_split(&it, list);
	bool found = false;
	for (size_t i = 0; i < it.n && !found; i++)
		found = !strcmp(it.v[i], step);
	ysh_items_free(&it);
	return found;
}

static size_t count_distinct_items(const char *v)
{
	struct ysh_items it;
	ysh_items_split(&it, v);
	size_t distinct = 0;
	for (size_t i = 0; i < it.n; i++) {
		size_t k;
		for (k = 0; k < i; k++)
			if (!strcmp(it.v[k], it.v[i]))
				break;
		distinct += k == i;
	}
	ysh_items_free(&it);
	return distinct;
}

static void rule_steps_min(const struct ysh_row *r)
{
	const struct ysh_cols_activities *K = &r->L->cols.activities;
	const char *kind = cell(r, K->kind);
	long need = ysh_config_min_steps(r->L->cfg, kind);
	size_t have = count_distinct_items(cell(r, K->steps));
	if (need > 0 && have < (size_t)need)
		row_finding(r, at(K->steps), YSH_R_STEPS_MIN,
			    P_("%s needs %ld step, has %zu", "%s needs %ld steps, has %zu", need), kind, need,
			    have);
}

/* The steps a county names for a kind are each required (蓝田: 跟执法 is
 * 执法检查, 案件处理 and 案卷评查; 靖边 adds 服务回访). */
static void rule_step_missing(const struct ysh_row *r)
{
	const struct ysh_cols_activities *K = &r->L->cols.activities;
	const char *kind = cell(r, K->kind);
	const struct ysh_names *need = ysh_config_steps(r->L->cfg, kind);
	if (!need)
		return;
	struct ysh_items have;
	ysh_items_split(&have, cell(r, K->steps));
	struct ysh_buf missing = {0};
	for (size_t i = 0; i < need->n; i++) {
		size_t k = 0;
		while (k < have.n && strcmp(have.v[k], need->v[i]))
			k++;
		if (k == have.n)
			ysh_buf_printf(&missing, "%s%s", missing.len ? "、" : "", need->v[i]);
	}
	ysh_items_free(&have);
	if (missing.len)
		row_finding(r, at(K->steps), YSH_R_STEP_MISSING, _("%s lacks the step %s (steps_%s)"), kind,
			    ysh_buf_str(&missing), kind);
	ysh_buf_free(&missing);
}

/* 蓝田's towns 走流程 and 坐窗口 only (活动主体 4).  Flagged, not refused: if
 * the head of a town went along on enforcement, that is what happened. */
static void rule_kind_not_allowed(const struct ysh_row *r)
{
	const struct ysh_cols_activities *K = &r->L->cols.activities;
	const char *kind = cell(r, K->kind);
	const struct ysh_unit *u = ysh_config_unit(r->L->cfg, cell(r, K->unit));
	struct ysh_buf allowed = {0}, keys = {0};
	if (u && *kind && !ysh_config_kind_allowed(r->L->cfg, u, kind, &allowed, &keys))
		row_finding(r, at(K->kind), YSH_R_KIND_NOT_ALLOWED, _("%s may record %s, not %s (%s: %s)"),
			    u->name, allowed.len ? ysh_buf_str(&allowed) : _("no kind"), kind, r->L->cfg->path,
			    ysh_buf_str(&keys));
	ysh_buf_free(&allowed);
	ysh_buf_free(&keys);
}

/* Against the kind's report rule (ysh.ini: report_within_days_KIND,
 * report_by_day_KIND, else report_within_days). */
static void rule_report_late(const struct ysh_row *r)
{
	const struct ysh_cols_activities *K = &r->L->cols.activities;
	ysh_day date, rep, due;
	const char *kind = cell(r, K->kind);
	if (!row_day(r, K->date, &date) || !ysh_config_due_day(r->L->cfg, kind, date, &due))
		return;
	struct ysh_due rule = ysh_config_due(r->L->cfg, kind);
	const char *reported = cell(r, K->reported_on);
	size_t col = at(K->reported_on);
	bool reported_ok = row_day(r, K->reported_on, &rep);
	if (*reported ? !reported_ok || rep <= due : r->L->opts.today <= due)
		return;
	char by[11];
	ysh_format_date(due, by);
	if (rule.rule == YSH_DUE_BY_DAY && !*reported)
		row_finding(r, col, YSH_R_REPORT_LATE,
			    _("not reported to the lead office; due by %s (report_by_day_%s = %ld)"), by, kind,
			    rule.n);
	else if (rule.rule == YSH_DUE_BY_DAY)
		row_finding(r, col, YSH_R_REPORT_LATE, _("reported on %s; due by %s (report_by_day_%s = %ld)"),
			    reported, by, kind, rule.n);
	else if (!*reported)
		row_finding(r, col, YSH_R_REPORT_LATE,
			    _("not reported to the lead office; due within %ld days of the activity"), rule.n);
	else
		row_finding(r, col, YSH_R_REPORT_LATE,
			    _("reported %ld days after the activity; due within %ld days"), (long)(rep - date),
			    rule.n);
}

/* Against callback_window: N days, the last N calendar months, or 上月. */
static void rule_callback_window(const struct ysh_row *r)
{
	const struct ysh_cols_callbacks *K = &r->L->cols.callbacks;
	ysh_day date, served, first, last;
	const struct ysh_callback_window *w = &r->L->cfg->rules.callback_window;
	if (!row_day(r, K->date, &date) || !row_day(r, K->served_on, &served))
		return;
	size_t col = at(K->served_on);
	ysh_config_callback_span(r->L->cfg, date, &first, &last);
	if (served > date) {
		row_finding(r, col, YSH_R_CALLBACK_WINDOW, _("served_on %s is after the callback (%s)"),
			    cell(r, K->served_on), cell(r, K->date));
		return;
	}
	if (served >= first && served <= last)
		return;
	char a[11], b[11];
	ysh_format_date(first, a);
	ysh_format_date(last, b);
	if (w->unit == YSH_WINDOW_DAYS)
		row_finding(r, col, YSH_R_CALLBACK_WINDOW,
			    P_("served %ld day before the callback; callbacks reach those served within %ld days",
			       "served %ld days before the callback; callbacks reach those served within %ld days",
			       date - served),
			    (long)(date - served), w->n);
	else if (w->unit == YSH_WINDOW_MONTHS)
		row_finding(r, col, YSH_R_CALLBACK_WINDOW,
			    _("served on %s; callbacks reach those served in the last %ld calendar months (%s..%s; callback_window = %ld个月)"),
			    cell(r, K->served_on), w->n, a, b, w->n);
	else
		row_finding(r, col, YSH_R_CALLBACK_WINDOW,
			    _("served on %s, not in the month before the callback (%s..%s; callback_window = 上月)"),
			    cell(r, K->served_on), a, b);
}

static void rule_deadline_missing(const struct ysh_row *r)
{
	const struct ysh_cols_problems *K = &r->L->cols.problems;
	if (strcmp(cell(r, K->handling), "挂账销号"))
		return;
	if (!*cell(r, K->deadline))
		row_finding(r, at(K->deadline), YSH_R_DEADLINE_MISSING,
			    _("挂账销号 needs a deadline (完成时限)"));
	if (!given(r, K->measure))
		row_finding(r, at(K->measure), YSH_R_DEADLINE_MISSING,
			    _("挂账销号 needs a measure (改进或优化措施)"));
}

/* ysh_cells_due of a view: the cells it reads (col's, the one it is due
 * from) read first. */
static bool row_due(const struct ysh_row *r, size_t c, ysh_day *due)
{
	int from = r->t->schema->cols[c].due_from_col;
	ysh_row_cell(r, c);
	if (from >= 0)
		ysh_row_cell(r, (size_t)from);
	return ysh_cells_due(r->L, r->t->schema, r->cells, c, due);
}

/* Whether the record is done by the lifecycle of column col: done_when's
 * column holds its value, or is not empty. */
static bool lifecycle_done(const struct ysh_row *r, const struct ysh_column *col)
{
	const char *state = ysh_row_cell(r, col->done_col);
	return col->done_val ? !strcmp(state, col->done_val) : *state != '\0';
}

/* Done, by a date column (replied_on), after the date it was due by. */
static void done_late(const struct ysh_row *r, size_t c, enum ysh_rule_id self, ysh_day due)
{
	const struct ysh_schema *s = r->t->schema;
	const struct ysh_column *col = &s->cols[c], *done = &s->cols[col->done_col];
	ysh_day on;
	char d[11];
	if (col->done_val || done->type != YSH_T_DATE || !ysh_parse_date(ysh_row_cell(r, col->done_col), &on) || on <= due)
		return;
	ysh_format_date(due, d);
	row_finding(r, c, self, _("%s %s had passed when the %s got its %s (%s) on %s"), col->name, d, s->record,
		    done->name, done->title, ysh_row_cell(r, col->done_col));
}

/* A date by which a record must be done (the schema's overdue = CODE and
 * done_when): passed, and the record is not done, or done (a date) after
 * it.  The date may be computed (due_from, due_workdays: reply_due). */
static void rule_overdue(const struct ysh_row *r, enum ysh_rule_id self)
{
	const struct ysh_schema *s = r->t->schema;
	for (size_t c = 0; c < s->ncols; c++) {
		const struct ysh_column *col = &s->cols[c];
		ysh_day due;
		char d[11];
		if (col->overdue_rule != (int)self || !row_due(r, c, &due))
			continue;
		if (lifecycle_done(r, col)) {
			done_late(r, c, self, due);
			continue;
		}
		if (due >= r->L->opts.today)
			continue;
		const struct ysh_column *done = &s->cols[col->done_col];
		ysh_format_date(due, d);
		if (col->done_val)
			row_finding(r, c, self, _("%s %s has passed and the %s is %s, not %s"), col->name, d,
				    s->record, ysh_row_cell(r, col->done_col), col->done_val);
		else
			row_finding(r, c, self, _("%s %s has passed and the %s has no %s (%s)"), col->name, d,
				    s->record, done->name, done->title);
	}
}

/* 一件一反馈: a complaint is closed with a reply. */
static void rule_feedback_missing(const struct ysh_row *r)
{
	const struct ysh_cols_complaints *K = &r->L->cols.complaints;
	bool closed = !strcmp(cell(r, K->status), "已办结") || *cell(r, K->closed_on);
	if (closed && !*cell(r, K->replied_on))
		row_finding(r, at(K->replied_on), YSH_R_FEEDBACK_MISSING,
			    _("closed without a reply to the complainant (一件一反馈): give replied_on (答复日期)"));
}

/* A complaint still open complaint_open_days after it came in: the lead
 * office chases open work orders (对未办结工单督导跟进). */
static void rule_complaint_open(const struct ysh_row *r)
{
	const struct ysh_cols_complaints *K = &r->L->cols.complaints;
	long n = r->L->cfg->rules.complaint_open_days;
	ysh_day received;
	if (n <= 0 || !strcmp(cell(r, K->status), "已办结") || !ysh_parse_date(cell(r, K->received_on), &received) ||
	    r->L->opts.today - received <= n)
		return;
	row_finding(r, at(K->status), YSH_R_COMPLAINT_OPEN,
		    _("received on %s, %ld days ago, and still %s; complaint_open_days is %ld"),
		    cell(r, K->received_on), (long)(r->L->opts.today - received), cell(r, K->status), n);
}

/* 回头看 (seeds 000, 004): a 挂账销号 problem struck off is looked back at
 * within review_after_days; a look-back before the last closure does not
 * count. */
static void rule_review_missing(const struct ysh_row *r)
{
	const struct ysh_cols_problems *K = &r->L->cols.problems;
	long after = r->L->cfg->rules.review_after_days;
	ysh_day closed, reviewed;
	if (after <= 0 || strcmp(cell(r, K->handling), "挂账销号") || strcmp(cell(r, K->status), "已销号") ||
	    !ysh_parse_date(cell(r, K->closed_on), &closed) || r->L->opts.today - closed <= after ||
	    (ysh_parse_date(cell(r, K->reviewed_on), &reviewed) && reviewed >= closed))
		return;
	row_finding(r, at(K->reviewed_on), YSH_R_REVIEW_MISSING,
		    _("struck off on %s, %ld days ago, with no 回头看 since; review_after_days is %ld"),
		    cell(r, K->closed_on), (long)(r->L->opts.today - closed), after);
}

ysh_day ysh_filing_limit(const struct ysh_config *cfg, const char *kind, ysh_day planned)
{
	if (!strcmp(kind, "例行"))
		return planned - (ysh_day)cfg->rules.lead_days_routine;
	if (!strcmp(kind, "临时"))
		return cfg->rules.lead_workdays_adhoc > 0
			       ? ysh_workdays_before(cfg, planned, cfg->rules.lead_workdays_adhoc)
			       : planned;
	return planned; /* 交办, 举报, 曝光: filed by the day itself */
}

/* "凡检必报": a filing is filed when it is in the ledger, whatever date
 * was typed into filed_on. */
bool ysh_filing_on_time(const struct ysh_config *cfg, const char *kind, ysh_day planned, ysh_day filed,
			ysh_day recorded, ysh_day *limit)
{
	ysh_day last = ysh_filing_limit(cfg, kind, planned);
	if (limit)
		*limit = last;
	ysh_day effective = recorded > filed ? recorded : filed;
	bool ahead = !strcmp(kind, "例行") || !strcmp(kind, "临时");
	return effective <= last && !(ahead && recorded && recorded >= planned);
}

static void rule_filing_late(const struct ysh_row *r)
{
	const struct ysh_cols_filings *K = &r->L->cols.filings;
	ysh_day planned, filed, limit;
	if (!ysh_parse_date(cell(r, K->planned_on), &planned) || !ysh_parse_date(cell(r, K->filed_on), &filed))
		return;
	const char *kind = cell(r, K->kind);
	if (ysh_filing_on_time(r->L->cfg, kind, planned, filed, r->recorded, &limit))
		return;
	char lim[11], rec[11];
	ysh_format_date(limit, lim);
	if (r->recorded > filed || (r->recorded && r->recorded >= planned)) {
		ysh_format_date(r->recorded, rec);
		row_finding(r, at(K->filed_on), YSH_R_FILING_LATE,
			    _("%s inspection on %s: filed_on says %s but it was first recorded on %s; it had to be filed by %s"),
			    kind, cell(r, K->planned_on), cell(r, K->filed_on), rec, lim);
		return;
	}
	row_finding(r, at(K->filed_on), YSH_R_FILING_LATE,
		    _("%s inspection on %s filed on %s; it had to be filed by %s"), kind,
		    cell(r, K->planned_on), cell(r, K->filed_on), lim);
}

static void rule_filing_unapproved(const struct ysh_row *r)
{
	const struct ysh_cols_filings *K = &r->L->cols.filings;
	const char *by = cell(r, K->approved_by), *on = cell(r, K->approved_on);
	ysh_day planned, approved;
	if (!*by)
		row_finding(r, at(K->approved_by), YSH_R_FILING_UNAPPROVED,
			    _("no approving county leader (批准领导)"));
	if (!*on)
		row_finding(r, at(K->approved_on), YSH_R_FILING_UNAPPROVED,
			    _("no approval date (批准日期)"));
	else if (ysh_parse_date(on, &approved) && ysh_parse_date(cell(r, K->planned_on), &planned) &&
		 approved > planned)
		row_finding(r, at(K->approved_on), YSH_R_FILING_UNAPPROVED,
			    _("approved on %s, after the inspection on %s"), on, cell(r, K->planned_on));
}

/* ---- ledger rules ---- */

static void state_finding(struct ysh_ledgers *L, const struct ysh_table *t,
			  const struct ysh_rec *rec, enum ysh_rule_id rule,
			  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void state_finding(struct ysh_ledgers *L, const struct ysh_table *t,
			  const struct ysh_rec *rec, enum ysh_rule_id rule,
			  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *id = rec ? ysh_rec_cell(t, rec, t->schema->id_col) : NULL;
	ysh_finding_vadd(&L->findings, t->file, rec ? rec->line : 0, 0, rule, id, fmt, ap);
	va_end(ap);
}

static void rule_callbacks_min(struct ysh_ledgers *L)
{
	const struct ysh_cols_activities *A = &L->cols.activities;
	const struct ysh_cols_callbacks *C = &L->cols.callbacks;
	struct ysh_table *acts = A->t, *cbs = C->t;
	if (!acts || !cbs)
		return;
	size_t *valid = ysh_xcalloc(acts->nrec ? acts->nrec : 1, sizeof(*valid));
	for (size_t i = 0; i < cbs->nrec; i++) {
		size_t a;
		const struct ysh_rec *cb = &cbs->recs[i];
		if (!ysh_rec_voided(cbs, cb) && ysh_parse_bool(ysh_rec_at(C->t, cb, C->valid)) == 1 &&
		    ysh_rec_names(cbs, cb, C->activity, acts, &a))
			valid[a]++;
	}
	long need = L->cfg->rules.min_callbacks;
	for (size_t i = 0; i < acts->nrec; i++) {
		const struct ysh_rec *a = &acts->recs[i];
		if (!ysh_rec_voided(acts, a) && has_step(ysh_rec_at(A->t, a, A->steps), "服务回访") &&
		    valid[i] < (size_t)need)
			state_finding(L, acts, a, YSH_R_CALLBACKS_MIN,
				      P_("服务回访 needs %ld valid callback, %s has %zu in %s",
					 "服务回访 needs %ld valid callbacks, %s has %zu in %s", need),
				      need,
				      ysh_rec_cell(acts, a, acts->schema->id_col), valid[i], cbs->path);
	}
	free(valid);
}

/* What "the month of a day" means to a rule: the county's reporting period
 * (monthly_min is a figure of the monthly report) or the calendar month (the
 * documents' enforcement windows are named by calendar months). */
typedef int (*month_fn)(const struct ysh_config *c, ysh_day d);

static int calendar_month(const struct ysh_config *c, ysh_day d)
{
	(void)c;
	return ysh_month_of(d);
}

/* The last month of month_of's kind that has ended by today. */
static int last_ended(const struct ysh_ledgers *L, month_fn month_of)
{
	return month_of == calendar_month ? ysh_month_of(L->opts.today) - 1
					  : ysh_config_last_period(L->cfg, L->opts.today);
}

/* The months the range rules look at: --month/--from/--to, or every whole
 * month from the first activity to the last month that has ended.  A month
 * is the county's reporting period (period_end_day), so a rule judges the
 * same days the month's report counts. */
static bool checked_months(struct ysh_ledgers *L, const struct ysh_table *acts, month_fn month_of, int *from,
			   int *to)
{
	if (L->opts.has_range) {
		*from = L->opts.month_from;
		*to = L->opts.month_to;
		return *from <= *to;
	}
	ysh_day first = 0;
	bool any = false;
	for (size_t i = 0; i < acts->nrec; i++) {
		ysh_day d;
		if (!ysh_rec_voided(acts, &acts->recs[i]) &&
		    ysh_parse_date(ysh_rec_at(L->cols.activities.t, &acts->recs[i], L->cols.activities.date), &d) && (!any || d < first)) {
			first = d;
			any = true;
		}
	}
	if (!any)
		return false;
	*from = month_of(L->cfg, first);
	*to = last_ended(L, month_of);
	return *from <= *to;
}

/* Activities per (unit, month) of the range, of one kind or (NULL) any,
 * counted in one pass: count[unit * nmonths + month - from]. */
static size_t *count_by_unit_month(struct ysh_ledgers *L, const struct ysh_table *acts, const char *kind,
				   month_fn month_of, int from, int to)
{
	const struct ysh_config *cfg = L->cfg;
	size_t nm = (size_t)(to - from + 1);
	size_t *count = ysh_xcalloc(cfg->nunits * nm + 1, sizeof(*count));
	const struct ysh_cols_activities *A = &L->cols.activities;
	for (size_t i = 0; i < acts->nrec; i++) {
		const struct ysh_rec *a = &acts->recs[i];
		ysh_day d;
		const struct ysh_unit *u = ysh_config_unit(cfg, ysh_rec_at(A->t, a, A->unit));
		if (!u || ysh_rec_voided(acts, a) || (kind && strcmp(ysh_rec_at(A->t, a, A->kind), kind)) ||
		    !ysh_parse_date(ysh_rec_at(A->t, a, A->date), &d))
			continue;
		int m = month_of(cfg, d);
		if (m >= from && m <= to)
			count[(size_t)(u - cfg->units) * nm + (size_t)(m - from)]++;
	}
	return count;
}

static void rule_monthly_missing(struct ysh_ledgers *L)
{
	struct ysh_table *acts = L->cols.activities.t;
	const struct ysh_config *cfg = L->cfg;
	int from, to;
	if (!acts || cfg->rules.monthly_min <= 0 || !checked_months(L, acts, ysh_config_period_of, &from, &to))
		return;
	size_t nm = (size_t)(to - from + 1);
	size_t *count = count_by_unit_month(L, acts, NULL, ysh_config_period_of, from, to);
	for (int m = from; m <= to; m++) {
		char month[8];
		ysh_format_month(m, month);
		for (size_t u = 0; u < cfg->nunits; u++) {
			size_t n = count[u * nm + (size_t)(m - from)];
			if (n < (size_t)cfg->rules.monthly_min)
				state_finding(L, acts, NULL, YSH_R_MONTHLY_MISSING,
					      P_("%s has %zu activity in %s; monthly_min is %ld",
						 "%s has %zu activities in %s; monthly_min is %ld", n),
					      cfg->units[u].name, n, month, cfg->rules.monthly_min);
		}
	}
	free(count);
}

/* Whether unit u did 跟执法 in months [start, end], from the per-month
 * counts of the range [from, from + nm). */
static bool enforced_in(const size_t *count, size_t nm, int from, size_t u, int start, int end)
{
	for (int m = start; m <= end; m++)
		if (m >= from && (size_t)(m - from) < nm && count[u * nm + (size_t)(m - from)])
			return true;
	return false;
}

static void rule_window_missing(struct ysh_ledgers *L)
{
	struct ysh_table *acts = L->cols.activities.t;
	const struct ysh_config *cfg = L->cfg;
	int from, to;
	if (!acts || !cfg->rules.nwindows || !checked_months(L, acts, calendar_month, &from, &to))
		return;
	/* a window may start up to 11 months before the range it ends in */
	int cfrom = from - 12;
	size_t nm = (size_t)(to - cfrom + 1);
	size_t *count = count_by_unit_month(L, acts, "跟执法", calendar_month, cfrom, to);
	int ended = last_ended(L, calendar_month);
	for (size_t w = 0; w < cfg->rules.nwindows; w++) {
		const struct ysh_window *win = &cfg->rules.windows[w];
		/* every occurrence of the window that ends inside the range */
		for (int year = from / 12 - 1; year <= to / 12; year++) {
			int start = year * 12 + win->from - 1;
			int end = (win->from <= win->to ? year : year + 1) * 12 + win->to - 1;
			if (end < from || end > to || end > ended)
				continue;
			char a[8], b[8];
			ysh_format_month(start, a);
			ysh_format_month(end, b);
			for (size_t u = 0; u < cfg->nunits; u++) {
				if (!(cfg->units[u].roles & YSH_ROLE_ENFORCEMENT) ||
				    enforced_in(count, nm, cfrom, u, start, end))
					continue;
				state_finding(L, acts, NULL, YSH_R_WINDOW_MISSING,
					      _("%s had no 跟执法 in the window %s..%s"),
					      cfg->units[u].name, a, b);
			}
		}
	}
	free(count);
}

/* A month's fixed roster ([roster] of ysh.ini): each unit on it does
 * 处投诉 that month.  Judged for the months monthly-missing judges: the
 * checked range, else from the first activity to the last month ended. */
static void rule_roster_missed(struct ysh_ledgers *L)
{
	const struct ysh_config *cfg = L->cfg;
	int from, to;
	if (!L->cols.activities.t || !checked_months(L, L->cols.activities.t, ysh_config_period_of, &from, &to))
		return;
	for (size_t i = 0; i < cfg->nrosters; i++) {
		const struct ysh_roster *ro = &cfg->rosters[i];
		if (ro->month < from || ro->month > to)
			continue;
		char month[8];
		ysh_format_month(ro->month, month);
		/* the month is a report period: a day is in it as its period_of says */
		struct ysh_span span;
		ysh_config_period(cfg, ro->month, &span.first, &span.last);
		long *done = ysh_tally_duties(L, span);
		for (size_t u = 0; u < ro->units.n; u++)
			if (!done[ysh_unit_index(cfg, ro->units.v[u])])
				state_finding(L, L->cols.activities.t, NULL, YSH_R_ROSTER_MISSED,
					      _("%s is on the 处投诉 roster of %s ([roster] of %s) and did no 处投诉 in %s"),
					      ro->units.v[u], month, cfg->path, month);
		free(done);
	}
}

/* The records of a ledger by their defining (key) cells: open addressing
 * on a hash of the cells, a slot only the record's index + 1 (4 bytes a
 * slot, at the state rules' peak of memory): the cells of a record met on
 * the way are compared, cheaply, as a coded column's equal cells are one
 * string and unequal ones differ early, and a long value kept far
 * (cells.h) is hashed and compared by what is kept of it, read back only
 * when its length and hash agree with the other's. */
static uint32_t key_hash(const struct ysh_table *t, size_t idx)
{
	const struct ysh_schema *s = t->schema;
	uint64_t h = 0;
	for (size_t k = 0; k < s->nkey; k++)
		h = (h ^ ysh_cells_hash(&t->cells, idx, (size_t)s->key_cols[k])) * 0x9E3779B97F4A7C15u;
	h ^= h >> 32;
	return (uint32_t)h;
}

static bool same_key(const struct ysh_table *t, size_t a, size_t b, struct ysh_arena *far)
{
	const struct ysh_schema *s = t->schema;
	bool same = true;
	for (size_t k = 0; k < s->nkey && same; k++)
		same = ysh_cells_same(&t->cells, a, b, (size_t)s->key_cols[k], far);
	ysh_arena_clear(far);
	return same;
}

static void duplicates_in(struct ysh_ledgers *L, const struct ysh_table *t)
{
	const struct ysh_schema *s = t->schema;
	if (t->nrec >= UINT32_MAX)
		abort(); /* a ledger of four billion records is not read into memory */
	size_t cap = 16;
	while (cap < t->nrec + t->nrec / 2)
		cap *= 2;
	uint32_t *seen = ysh_xcalloc(cap, sizeof(*seen)); /* record + 1; 0 empty */
	struct ysh_arena far = {0};
	for (size_t i = 0; i < t->nrec; i++) {
		const struct ysh_rec *rec = &t->recs[i];
		if (ysh_rec_voided(t, rec))
			continue;
		size_t j = key_hash(t, i) & (cap - 1);
		while (seen[j] && !same_key(t, seen[j] - 1, i, &far))
			j = (j + 1) & (cap - 1);
		if (!seen[j]) { /* the first with these cells */
			seen[j] = (uint32_t)i + 1;
			continue;
		}
		struct ysh_buf names = {0};
		for (size_t k = 0; k < s->nkey; k++)
			ysh_buf_printf(&names, "%s%s", k ? "、" : "", s->cols[s->key_cols[k]].title);
		const struct ysh_rec *was = &t->recs[seen[j] - 1];
		state_finding(L, t, rec, YSH_R_RECORD_DUPLICATE,
			      _("same %s as %s (line %zu): entered twice? Void one: id=%s voided=是 void_reason=重复录入"),
			      ysh_buf_str(&names), ysh_rec_cell(t, was, s->id_col), (size_t)was->line,
			      ysh_rec_cell(t, rec, s->id_col));
		ysh_buf_free(&names);
	}
	ysh_arena_free(&far);
	free(seen);
}

static void rule_record_duplicate(struct ysh_ledgers *L)
{
	for (size_t i = 0; i < L->ntables; i++)
		if (L->tables[i].schema->nkey && L->tables[i].read)
			duplicates_in(L, &L->tables[i]);
}

/* ---- which columns each cell rule judges ---- */

/* Each says which columns its rule can find something in; the rule still
 * checks its own condition, so a predicate wider than needed is slower,
 * never wrong. */
static bool asks_a_value(const struct ysh_column *c)
{
	return c->required || c->required_if_col >= 0;
}

static bool has_a_type(const struct ysh_column *c)
{
	return c->type != YSH_T_TEXT;
}

static bool has_enums(const struct ysh_column *c)
{
	return c->nenums || c->nsets;
}

static bool holds_units(const struct ysh_column *c)
{
	return c->type == YSH_T_UNIT;
}

static bool holds_refs(const struct ysh_column *c)
{
	return c->type == YSH_T_REF;
}

static bool has_happened(const struct ysh_column *c)
{
	return c->happened;
}

static bool holds_credit_codes(const struct ysh_column *c)
{
	return c->type == YSH_T_CREDIT;
}

static bool holds_free_text(const struct ysh_column *c)
{
	return c->type == YSH_T_TEXT && !has_enums(c);
}

/* ---- the table ---- */

const struct ysh_rule ysh_rules[YSH_R_COUNT] = {
	[YSH_R_FIELD_REQUIRED] = {.cell = rule_field_required, .concerns = asks_a_value},
	[YSH_R_FIELD_TYPE] = {.cell = rule_field_type, .concerns = has_a_type},
	[YSH_R_FIELD_ENUM] = {.cell = rule_field_enum, .concerns = has_enums},
	[YSH_R_UNIT_UNKNOWN] = {.cell = rule_unit_unknown, .concerns = holds_units},
	[YSH_R_REF_MISSING] = {.cell = rule_ref_missing, .concerns = holds_refs},
	[YSH_R_DATE_FUTURE] = {.cell = rule_date_future, .concerns = has_happened},
	[YSH_R_CREDIT_CODE] = {.cell = rule_credit_code, .concerns = holds_credit_codes},
	[YSH_R_FORMULA_INJECTION] = {.cell = rule_formula_injection, .concerns = holds_free_text},
	[YSH_R_ID_DUPLICATE] = {.row = rule_id_duplicate},
	[YSH_R_REVISION_CONFLICT] = {.row = rule_revision_conflict},
	[YSH_R_RECORD_UNAUTHORIZED] = {.row = rule_record_unauthorized},
	[YSH_R_FILING_WIDENED] = {.row = rule_filing_widened},
	[YSH_R_STEPS_MIN] = {.record = rule_steps_min, .only = YSH_L_ACTIVITIES},
	[YSH_R_STEP_MISSING] = {.record = rule_step_missing, .only = YSH_L_ACTIVITIES},
	[YSH_R_KIND_NOT_ALLOWED] = {.record = rule_kind_not_allowed, .only = YSH_L_ACTIVITIES},
	[YSH_R_REPORT_LATE] = {.record = rule_report_late, .only = YSH_L_ACTIVITIES},
	[YSH_R_CALLBACK_WINDOW] = {.record = rule_callback_window, .only = YSH_L_CALLBACKS},
	[YSH_R_DEADLINE_MISSING] = {.record = rule_deadline_missing, .only = YSH_L_PROBLEMS},
	[YSH_R_PROBLEM_OVERDUE] = {.lifecycle = rule_overdue},
	[YSH_R_REVIEW_MISSING] = {.record = rule_review_missing, .only = YSH_L_PROBLEMS},
	[YSH_R_FILING_LATE] = {.record = rule_filing_late, .only = YSH_L_FILINGS},
	[YSH_R_FILING_UNAPPROVED] = {.record = rule_filing_unapproved, .only = YSH_L_FILINGS},
	[YSH_R_REPLY_OVERDUE] = {.lifecycle = rule_overdue},
	[YSH_R_COMPLAINT_OPEN] = {.record = rule_complaint_open, .only = YSH_L_COMPLAINTS},
	[YSH_R_FEEDBACK_MISSING] = {.record = rule_feedback_missing, .only = YSH_L_COMPLAINTS},
	[YSH_R_ROSTER_MISSED] = {.ledger = rule_roster_missed},
	[YSH_R_CALLBACKS_MIN] = {.ledger = rule_callbacks_min},
	[YSH_R_MONTHLY_MISSING] = {.ledger = rule_monthly_missing},
	[YSH_R_WINDOW_MISSING] = {.ledger = rule_window_missing},
	[YSH_R_RECORD_DUPLICATE] = {.ledger = rule_record_duplicate},
	[YSH_R_TASK_DATES] = {.record = ysh_rule_task_dates, .only = YSH_L_TASKS},
	[YSH_R_TASK_OVERDUE] = {.record = ysh_rule_task_overdue, .only = YSH_L_TASKS},
	[YSH_R_TASK_FILING_MISSING] = {.record = ysh_rule_task_filing_missing, .only = YSH_L_TASKS},
	[YSH_R_LINE_UNKNOWN] = {.record = ysh_rule_line_unknown, .only = YSH_L_PROBLEMS},
	[YSH_R_TARGET_MISSING] = {.record = ysh_rule_target_missing, .only = YSH_L_PROBLEMS},
	[YSH_R_PHASE_LATE] = {.record = ysh_rule_phase_late, .only = YSH_L_PROBLEMS},
	[YSH_R_PERIOD_FORMAT] = {.record = ysh_rule_period_format},
	[YSH_R_SURVEY_COUNTS] = {.record = ysh_rule_survey_counts, .only = YSH_L_SURVEYS},
	[YSH_R_SURVEY_MISSING] = {.ledger = ysh_rule_survey_missing},
	[YSH_R_CASE_MISSING] = {.ledger = ysh_rule_case_missing},
	/* csv-syntax and header have no function: the reader and the binding
	 * produce them */
};

static void check_read_row(const struct ysh_row *r)
{
	ysh_rules_check_row(r, YSH_AT_READ);
}

static void check_read_state(struct ysh_ledgers *L)
{
	ysh_rules_check_state(L, YSH_AT_READ);
}

static const struct ysh_hooks rule_hooks = {check_read_row, check_read_state};

void ysh_check_opts_init(struct ysh_check_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->today = ysh_today_local();
	for (int i = 0; i < YSH_R_COUNT; i++)
		o->enabled[i] = true;
	o->hooks = &rule_hooks;
}

static bool runs(const struct ysh_ledgers *L, int i, unsigned when)
{
	return L->opts.enabled[i] && (ysh_rule_info[i].when & when);
}

/* Rule i's columns are col[from[i]] .. col[from[i + 1] - 1], in schema
 * order (findings come out rule by rule, column by column, as before).
 * row_rule and record_rule list, in the table's order, the rules that
 * have anything to do with a row or a record of the schema, so that a row
 * asks only those whether they are on, not every rule there is. */
struct ysh_cell_plan {
	size_t from[YSH_R_COUNT + 1];
	int row_rule[YSH_R_COUNT], record_rule[YSH_R_COUNT];
	size_t nrow_rules, nrecord_rules;
	size_t col[];
};

/* Whether a column of s is due by lifecycle rule i (overdue = CODE). */
static bool has_overdue(const struct ysh_schema *s, int i)
{
	for (size_t c = 0; c < s->ncols; c++)
		if (s->cols[c].overdue_rule == i)
			return true;
	return false;
}

/* Whether rule i may judge a record of s: a record rule of any ledger or
 * of s's (by name: the plan is the schema's, whatever ledgers hold it), a
 * lifecycle rule of a ledger with a column it is due by. */
static bool judges_records_of(int i, const struct ysh_schema *s)
{
	const struct ysh_rule *u = &ysh_rules[i];
	if (u->lifecycle)
		return has_overdue(s, i);
	return u->record && (!u->only || !strcmp(ysh_ledger_name(u->only), s->name));
}

static struct ysh_cell_plan *plan_cells(const struct ysh_schema *s)
{
	size_t n = 0;
	for (int i = 0; i < YSH_R_COUNT; i++)
		for (size_t c = 0; ysh_rules[i].cell && c < s->ncols; c++)
			n += ysh_rules[i].concerns(&s->cols[c]);
	struct ysh_cell_plan *p = ysh_xcalloc(1, sizeof(*p) + (n ? n : 1) * sizeof(p->col[0]));
	n = 0;
	for (int i = 0; i < YSH_R_COUNT; i++) {
		p->from[i] = n;
		for (size_t c = 0; ysh_rules[i].cell && c < s->ncols; c++)
			if (ysh_rules[i].concerns(&s->cols[c]))
				p->col[n++] = c;
	}
	p->from[YSH_R_COUNT] = n;
	for (int i = 0; i < YSH_R_COUNT; i++) {
		if (p->from[i + 1] > p->from[i] || ysh_rules[i].row)
			p->row_rule[p->nrow_rules++] = i;
		if (judges_records_of(i, s))
			p->record_rule[p->nrecord_rules++] = i;
	}
	return p;
}

/* The schema's plan, made on its first row: by then its columns are all
 * configured (units, enum sets), and one thread judges a ledger's rows. */
static const struct ysh_cell_plan *cell_plan(const struct ysh_schema *s)
{
	struct ysh_schema *mut = (struct ysh_schema *)s; /* a cache the schema owns */
	if (!mut->cell_plan)
		mut->cell_plan = plan_cells(s);
	return mut->cell_plan;
}

void ysh_rules_check_row(const struct ysh_row *r, unsigned when)
{
	const struct ysh_cell_plan *p = cell_plan(r->t->schema);
	for (size_t j = 0; j < p->nrow_rules; j++) {
		int i = p->row_rule[j];
		if (!runs(r->L, i, when))
			continue;
		for (size_t k = p->from[i]; k < p->from[i + 1]; k++)
			ysh_rules[i].cell(r, p->col[k]);
		if (ysh_rules[i].row)
			ysh_rules[i].row(r);
	}
}

void ysh_rules_check_record(const struct ysh_row *r, unsigned when)
{
	const struct ysh_cell_plan *p = cell_plan(r->t->schema);
	for (size_t j = 0; j < p->nrecord_rules; j++) {
		int i = p->record_rule[j];
		if (!runs(r->L, i, when))
			continue;
		if (ysh_rules[i].record && (!ysh_rules[i].only || r->L->cols.table[ysh_rules[i].only] == r->t))
			ysh_rules[i].record(r);
		if (ysh_rules[i].lifecycle)
			ysh_rules[i].lifecycle(r, (enum ysh_rule_id)i);
	}
}

void ysh_rules_check_ledgers(struct ysh_ledgers *L, unsigned when)
{
	for (int i = 0; i < YSH_R_COUNT; i++)
		if (ysh_rules[i].ledger && runs(L, i, when))
			ysh_rules[i].ledger(L);
}

/* The record rules over the live records [from, to) of table t, into out. */
static void check_records_of(struct ysh_ledgers *L, struct ysh_table *t, size_t from, size_t to, unsigned when,
			     struct ysh_findings *out)
{
	const char **cells = ysh_xcalloc(t->schema->ncols, sizeof(*cells));
	struct ysh_arena far = {0}; /* this thread's: the views' far values */
	for (size_t i = from; i < to; i++) {
		struct ysh_row view;
		if (ysh_table_view(L, t, i, &view, cells, &far)) {
			view.out = out;
			ysh_rules_check_record(&view, when);
		}
	}
	ysh_arena_free(&far);
	free(cells);
}

/* The judging of the state as jobs two threads take in turn, whichever is
 * free: the ledger rules, what the caller runs beside them (the report's
 * tally: ysh_ledgers_run_beside), then the tables' record rules, a part
 * of a table at a time.  All of them only read the tables; the ledger
 * rules write the county's findings (no other job does), each part of a
 * table findings of its own, which go before the ledger rules', in the
 * tables' and the records' order, as they come in turn.
 *
 * A table's records go in parts of RECORDS_PER_JOB: whole, the largest
 * ledger's record rules were one job, the last to end, which one thread
 * ran while the other had nothing left to take (the unit report: 13 ms
 * of the 300x county's activities after the tally, beside 7 of the
 * other's); a part is some milliseconds, few enough that taking one costs
 * nothing against it. */
enum { JOB_LEDGERS, JOB_BESIDE, JOB_RECORDS };
enum { RECORDS_PER_JOB = 4096 };

struct records_part {
	struct ysh_table *t;
	size_t from, to;
	struct ysh_findings own;
};

struct state_jobs {
	struct ysh_ledgers *L;
	unsigned when;
	atomic_size_t next;
	struct records_part *part;
	size_t nparts;
};

static void run_jobs(struct state_jobs *j)
{
	for (;;) {
		size_t k = atomic_fetch_add(&j->next, 1);
		if (k == JOB_LEDGERS) {
			ysh_rules_check_ledgers(j->L, j->when);
		} else if (k == JOB_BESIDE) {
			ysh_ledgers_run_beside(j->L);
		} else if (k - JOB_RECORDS < j->nparts) {
			struct records_part *p = &j->part[k - JOB_RECORDS];
			check_records_of(j->L, p->t, p->from, p->to, j->when, &p->own);
		} else {
			return;
		}
	}
}

/* The parts of the read tables' records, in the tables' order; each
 * table's plan made first, which its parts' threads then only read (a
 * table whose rows no rule judged has none yet). */
static size_t records_parts(struct ysh_ledgers *L, struct records_part **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	for (size_t k = 0; k < L->ntables; k++) {
		struct ysh_table *t = &L->tables[k];
		if (!t->read || !t->nrec)
			continue;
		cell_plan(t->schema);
		for (size_t from = 0; from < t->nrec; from += RECORDS_PER_JOB) {
			*out = ysh_grow(*out, &cap, n + 1, sizeof(**out));
			size_t to = t->nrec - from > RECORDS_PER_JOB ? from + RECORDS_PER_JOB : t->nrec;
			(*out)[n++] = (struct records_part){t, from, to, {.enabled = L->findings.enabled}};
		}
	}
	return n;
}

static void *jobs_thread(void *arg)
{
	run_jobs(arg);
	return NULL;
}

void ysh_rules_check_state(struct ysh_ledgers *L, unsigned when)
{
	pthread_t th;
	struct state_jobs j = {.L = L, .when = when};
	j.nparts = records_parts(L, &j.part);
	atomic_init(&j.next, 0);
	size_t before = L->findings.n;
	bool two = L->threads >= 2 && ysh_thread_spawn(&th, jobs_thread, &j) == 0;
	run_jobs(&j);
	if (two)
		pthread_join(th, NULL);
	/* the parts' findings in order, then before the ledger rules' at once
	 * (an insert moves every finding after it) */
	struct ysh_findings records = {.enabled = L->findings.enabled};
	for (size_t k = 0; k < j.nparts; k++)
		ysh_findings_move(&records, &j.part[k].own);
	ysh_findings_insert(&L->findings, before, &records);
	free(j.part);
}
