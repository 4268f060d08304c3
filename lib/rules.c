#include "rules.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ledger.h"

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

static void row_finding(const struct ysh_row *r, size_t col, const char *code, const char *fmt,
			...) __attribute__((format(printf, 4, 5)));

static void row_finding(const struct ysh_row *r, size_t col, const char *code, const char *fmt,
			...)
{
	struct ysh_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	ysh_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	size_t fc = col < r->t->schema->ncols ? (size_t)r->file_col[col] : 0;
	ysh_finding_add(&r->L->findings, r->file, r->line, fc, code, r->id, "%s", ysh_buf_str(&b));
	ysh_buf_free(&b);
}

static const struct ysh_column *colp(const struct ysh_row *r, size_t col)
{
	return &r->t->schema->cols[col];
}

static int col_of(const struct ysh_table *t, const char *name)
{
	return ysh_schema_col(t->schema, name);
}

static const char *cell(const struct ysh_row *r, const char *name)
{
	int c = col_of(r->t, name);
	return c < 0 ? "" : r->cells[c];
}

static bool is_ledger(const struct ysh_table *t, const char *name)
{
	return !strcmp(t->schema->name, name);
}

/* Calls fn for each item of a list cell, or once for a plain cell. */
static void each_item(const struct ysh_row *r, size_t col,
		      void (*fn)(const struct ysh_row *, size_t, const char *))
{
	const char *v = r->cells[col];
	if (!colp(r, col)->list) {
		fn(r, col, v);
		return;
	}
	char **items;
	size_t n = ysh_split_list(v, &items);
	for (size_t i = 0; i < n; i++)
		fn(r, col, items[i]);
	ysh_free_list(items, n);
}

/* ---- cell rules ---- */

static void rule_field_required(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	/* a revision carries only what changed; absent columns are a header error */
	if (!c->required || r->revises >= 0 || *r->cells[col] || !r->file_col[col])
		return;
	row_finding(r, col, "field-required", _("%s (%s) is required but empty"), c->name, c->title);
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
		const struct ysh_table *ref = ysh_ledgers_table(r->L, c->ref);
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
		const struct ysh_table *ref = ysh_ledgers_table(r->L, c->ref);
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
	row_finding(r, col, "field-type", _("%s (%s) '%s' is not %s"), c->name, c->title,
		    c->type == YSH_T_PHONE ? masked : CLIP(v), type_hint(r, c, hint, sizeof(hint)));
}

static void rule_field_type(const struct ysh_row *r, size_t col)
{
	/* text has no type to get wrong: do not split its lists for nothing */
	if (*r->cells[col] && colp(r, col)->type != YSH_T_TEXT)
		each_item(r, col, field_type_item);
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
	if (c->nsets && c->enum_by_col >= 0 && *r->cells[c->enum_by_col])
		row_finding(r, col, "field-enum", _("%s (%s) '%s' is not allowed for %s; allowed: %s"),
			    c->name, c->title, CLIP(v), r->cells[c->enum_by_col], ysh_buf_str(&allowed));
	else
		row_finding(r, col, "field-enum", _("%s (%s) '%s' is not allowed; allowed: %s"), c->name,
			    c->title, CLIP(v), ysh_buf_str(&allowed));
	ysh_buf_free(&allowed);
}

static void rule_field_enum(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	if ((c->nenums || c->nsets) && *r->cells[col])
		each_item(r, col, field_enum_item);
}

static void unit_item(const struct ysh_row *r, size_t col, const char *v)
{
	if (ysh_config_unit(r->L->cfg, v))
		return;
	const struct ysh_column *c = colp(r, col);
	row_finding(r, col, "unit-unknown", _("%s (%s) '%s' is not a unit listed in %s"), c->name,
		    c->title, CLIP(v), r->L->cfg->path);
}

static void rule_unit_unknown(const struct ysh_row *r, size_t col)
{
	if (colp(r, col)->type == YSH_T_UNIT && *r->cells[col])
		each_item(r, col, unit_item);
}

static void rule_ref_missing(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	const char *v = r->cells[col];
	if (c->type != YSH_T_REF || !*v)
		return;
	const struct ysh_table *ref = ysh_ledgers_table(r->L, c->ref);
	if (!ref || !ysh_parse_id(v, ref->schema->id_prefix, NULL, NULL))
		return;
	if (!ysh_table_find(ref, v))
		row_finding(r, col, "ref-missing", _("%s (%s) '%s' is not in %s"), c->name, c->title, v,
			    ref->path);
}

static void rule_date_future(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	ysh_day d;
	const char *v = r->cells[col];
	if (!c->happened || !*v || (c->system && r->system_trusted))
		return;
	if (!(c->type == YSH_T_DATE ? ysh_parse_date(v, &d) : ysh_parse_timestamp(v, &d)))
		return;
	if (d > r->L->opts.today) {
		char today[11];
		ysh_format_date(r->L->opts.today, today);
		row_finding(r, col, "date-future", _("%s (%s) %.10s is after today (%s)"), c->name,
			    c->title, v, today);
	}
}

static void rule_credit_code(const struct ysh_row *r, size_t col)
{
	char expect;
	const char *v = r->cells[col];
	if (colp(r, col)->type != YSH_T_CREDIT || !*v)
		return;
	if (ysh_credit_code_check(v, &expect) == YSH_CREDIT_CHECK)
		row_finding(r, col, "credit-code",
			    _("credit code %s fails its check character: the first 17 characters need '%c'"),
			    v, expect);
}

static void rule_formula_injection(const struct ysh_row *r, size_t col)
{
	const struct ysh_column *c = colp(r, col);
	const char *v = r->cells[col];
	if (c->type != YSH_T_TEXT || c->nenums || c->nsets || !strchr("=+-@\t\r", v[0]) || !v[0])
		return;
	row_finding(r, col, "formula-injection",
		    _("%s (%s) starts with '%s' and would run as a formula in a spreadsheet"), c->name,
		    c->title, v[0] == '\t' ? "\\t" : v[0] == '\r' ? "\\r" : (char[2]){v[0], 0});
}

/* ---- row rules ---- */

static void rule_id_duplicate(const struct ysh_row *r)
{
	size_t idx;
	if (!*r->id || r->t->schema->revisions || !ysh_map_get(&r->t->ids, r->id, &idx))
		return;
	row_finding(r, (size_t)r->t->schema->id_col, "id-duplicate",
		    _("id %s is already used at line %zu (%s has no revisions)"), r->id,
		    r->t->recs[idx].line, r->t->schema->file);
}

static void rule_revision_conflict(const struct ysh_row *r)
{
	if (r->revises < 0)
		return;
	const struct ysh_rec *rec = &r->t->recs[r->revises];
	const struct ysh_schema *s = r->t->schema;
	for (size_t c = 0; c < s->ncols; c++) {
		const struct ysh_column *col = &s->cols[c];
		const char *v = r->cells[c];
		if (!*v)
			continue;
		if (col->immutable && strcmp(v, rec->cells[c]))
			row_finding(r, c, "revision-conflict",
				    _("a revision may not change %s (%s): '%s' at line %zu, '%s' here"),
				    col->name, col->title, CLIP(rec->cells[c]), rec->line, CLIP(v));
		if (col->forward) {
			int was = ysh_enum_index(col, rec->cells[c]), now = ysh_enum_index(col, v);
			if (was >= 0 && now >= 0 && now < was)
				row_finding(r, c, "revision-conflict",
					    _("%s (%s) may only move forward: '%s' (line %zu) to '%s'"),
					    col->name, col->title, rec->cells[c], rec->last_line, v);
		}
	}
}

static size_t count_distinct_items(const char *v)
{
	char **items;
	size_t n = ysh_split_list(v, &items), distinct = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k;
		for (k = 0; k < i; k++)
			if (!strcmp(items[k], items[i]))
				break;
		distinct += k == i;
	}
	ysh_free_list(items, n);
	return distinct;
}

static void rule_steps_min(const struct ysh_row *r)
{
	if (!is_ledger(r->t, "activities"))
		return;
	const char *kind = cell(r, "kind");
	long need = ysh_config_min_steps(r->L->cfg, kind);
	size_t have = count_distinct_items(cell(r, "steps"));
	if (need > 0 && have < (size_t)need)
		row_finding(r, (size_t)col_of(r->t, "steps"), "steps-min",
			    _("%s needs %ld steps, has %zu"), kind, need, have);
}

static void rule_report_late(const struct ysh_row *r)
{
	if (!is_ledger(r->t, "activities"))
		return;
	ysh_day date, rep;
	long within = r->L->cfg->rules.report_within_days;
	if (!ysh_parse_date(cell(r, "date"), &date))
		return;
	const char *reported = cell(r, "reported_on");
	size_t col = (size_t)col_of(r->t, "reported_on");
	if (!*reported) {
		if (r->L->opts.today - date > within)
			row_finding(r, col, "report-late",
				    _("not reported to the lead office; due within %ld days of the activity"),
				    within);
		return;
	}
	if (ysh_parse_date(reported, &rep) && rep - date > within)
		row_finding(r, col, "report-late",
			    _("reported %ld days after the activity; due within %ld days"),
			    (long)(rep - date), within);
}

static void rule_callback_window(const struct ysh_row *r)
{
	if (!is_ledger(r->t, "callbacks"))
		return;
	ysh_day date, served;
	long window = r->L->cfg->rules.callback_window_days;
	if (!ysh_parse_date(cell(r, "date"), &date) || !ysh_parse_date(cell(r, "served_on"), &served))
		return;
	size_t col = (size_t)col_of(r->t, "served_on");
	if (served > date)
		row_finding(r, col, "callback-window",
			    _("served_on %s is after the callback (%s)"), cell(r, "served_on"),
			    cell(r, "date"));
	else if (date - served > window)
		row_finding(r, col, "callback-window",
			    _("served %ld days before the callback; callbacks reach those served within %ld days"),
			    (long)(date - served), window);
}

/* ---- state rules ---- */

static void state_finding(struct ysh_ledgers *L, const struct ysh_table *t,
			  const struct ysh_rec *rec, const char *colname, const char *code,
			  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void state_finding(struct ysh_ledgers *L, const struct ysh_table *t,
			  const struct ysh_rec *rec, const char *colname, const char *code,
			  const char *fmt, ...)
{
	struct ysh_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	ysh_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	size_t col = 0;
	int c = colname ? col_of(t, colname) : -1;
	if (c >= 0 && t->file_col)
		col = (size_t)t->file_col[c];
	const char *id = rec ? rec->cells[t->schema->id_col] : NULL;
	ysh_finding_add(&L->findings, t->file, rec ? rec->line : 0, col, code, id, "%s",
			ysh_buf_str(&b));
	ysh_buf_free(&b);
}

static bool has_item(const char *list, const char *item)
{
	char **items;
	size_t n = ysh_split_list(list, &items);
	bool found = false;
	for (size_t i = 0; i < n && !found; i++)
		found = !strcmp(items[i], item);
	ysh_free_list(items, n);
	return found;
}

static void rule_callbacks_min(struct ysh_ledgers *L)
{
	struct ysh_table *acts = ysh_ledgers_table(L, "activities");
	struct ysh_table *cbs = ysh_ledgers_table(L, "callbacks");
	if (!acts || !cbs)
		return;
	size_t *valid = ysh_xcalloc(acts->nrec ? acts->nrec : 1, sizeof(*valid));
	for (size_t i = 0; i < cbs->nrec; i++) {
		size_t a;
		const struct ysh_rec *cb = &cbs->recs[i];
		if (ysh_parse_bool(ysh_rec_get(cbs, cb, "valid")) == 1 &&
		    ysh_map_get(&acts->ids, ysh_rec_get(cbs, cb, "activity"), &a))
			valid[a]++;
	}
	long need = L->cfg->rules.min_callbacks;
	for (size_t i = 0; i < acts->nrec; i++) {
		const struct ysh_rec *a = &acts->recs[i];
		if (has_item(ysh_rec_get(acts, a, "steps"), "服务回访") && valid[i] < (size_t)need)
			state_finding(L, acts, a, NULL, "callbacks-min",
				      _("服务回访 needs %ld valid callbacks, %s has %zu in %s"), need,
				      a->cells[acts->schema->id_col], valid[i], cbs->path);
	}
	free(valid);
}

static void rule_deadline_missing(struct ysh_ledgers *L)
{
	struct ysh_table *t = ysh_ledgers_table(L, "problems");
	for (size_t i = 0; t && i < t->nrec; i++) {
		const struct ysh_rec *p = &t->recs[i];
		if (ysh_rec_voided(t, p) || strcmp(ysh_rec_get(t, p, "handling"), "挂账销号"))
			continue;
		if (!*ysh_rec_get(t, p, "deadline"))
			state_finding(L, t, p, "deadline", "deadline-missing",
				      _("挂账销号 needs a deadline (完成时限)"));
		if (!*ysh_rec_get(t, p, "measure"))
			state_finding(L, t, p, "measure", "deadline-missing",
				      _("挂账销号 needs a measure (改进或优化措施)"));
	}
}

static void rule_problem_overdue(struct ysh_ledgers *L)
{
	struct ysh_table *t = ysh_ledgers_table(L, "problems");
	for (size_t i = 0; t && i < t->nrec; i++) {
		const struct ysh_rec *p = &t->recs[i];
		ysh_day deadline;
		if (ysh_rec_voided(t, p) || !strcmp(ysh_rec_get(t, p, "status"), "已销号") ||
		    !ysh_parse_date(ysh_rec_get(t, p, "deadline"), &deadline))
			continue;
		if (deadline < L->opts.today)
			state_finding(L, t, p, "deadline", "problem-overdue",
				      _("deadline %s has passed and the problem is %s, not 已销号"),
				      ysh_rec_get(t, p, "deadline"), ysh_rec_get(t, p, "status"));
	}
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

static void rule_filing_late(struct ysh_ledgers *L)
{
	struct ysh_table *t = ysh_ledgers_table(L, "filings");
	for (size_t i = 0; t && i < t->nrec; i++) {
		const struct ysh_rec *f = &t->recs[i];
		ysh_day planned, filed;
		if (ysh_rec_voided(t, f) || !ysh_parse_date(ysh_rec_get(t, f, "planned_on"), &planned) ||
		    !ysh_parse_date(ysh_rec_get(t, f, "filed_on"), &filed))
			continue;
		const char *kind = ysh_rec_get(t, f, "kind");
		ysh_day limit = ysh_filing_limit(L->cfg, kind, planned);
		if (filed > limit) {
			char lim[11];
			ysh_format_date(limit, lim);
			state_finding(L, t, f, "filed_on", "filing-late",
				      _("%s inspection on %s filed on %s; it had to be filed by %s"), kind,
				      ysh_rec_get(t, f, "planned_on"), ysh_rec_get(t, f, "filed_on"), lim);
		}
	}
}

static void rule_filing_unapproved(struct ysh_ledgers *L)
{
	struct ysh_table *t = ysh_ledgers_table(L, "filings");
	for (size_t i = 0; t && i < t->nrec; i++) {
		const struct ysh_rec *f = &t->recs[i];
		if (ysh_rec_voided(t, f))
			continue;
		const char *by = ysh_rec_get(t, f, "approved_by"), *on = ysh_rec_get(t, f, "approved_on");
		ysh_day planned, approved;
		if (!*by)
			state_finding(L, t, f, "approved_by", "filing-unapproved",
				      _("no approving county leader (批准领导)"));
		if (!*on)
			state_finding(L, t, f, "approved_on", "filing-unapproved",
				      _("no approval date (批准日期)"));
		else if (ysh_parse_date(on, &approved) &&
			 ysh_parse_date(ysh_rec_get(t, f, "planned_on"), &planned) && approved > planned)
			state_finding(L, t, f, "approved_on", "filing-unapproved",
				      _("approved on %s, after the inspection on %s"), on,
				      ysh_rec_get(t, f, "planned_on"));
	}
}

/* The months the range rules look at: --month/--from/--to, or every whole
 * month from the first activity to the last month that has ended. */
static bool checked_months(struct ysh_ledgers *L, const struct ysh_table *acts, int *from, int *to)
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
		if (ysh_parse_date(ysh_rec_get(acts, &acts->recs[i], "date"), &d) && (!any || d < first)) {
			first = d;
			any = true;
		}
	}
	if (!any)
		return false;
	*from = ysh_month_of(first);
	*to = ysh_month_of(L->opts.today) - 1;
	return *from <= *to;
}

static void rule_monthly_missing(struct ysh_ledgers *L)
{
	struct ysh_table *acts = ysh_ledgers_table(L, "activities");
	const struct ysh_config *cfg = L->cfg;
	int from, to;
	if (!acts || cfg->rules.monthly_min <= 0 || !checked_months(L, acts, &from, &to))
		return;
	size_t nm = (size_t)(to - from + 1);
	size_t *count = ysh_xcalloc(cfg->nunits * nm, sizeof(*count));
	for (size_t i = 0; i < acts->nrec; i++) {
		const struct ysh_rec *a = &acts->recs[i];
		ysh_day d;
		const struct ysh_unit *u = ysh_config_unit(cfg, ysh_rec_get(acts, a, "unit"));
		if (!u || !ysh_parse_date(ysh_rec_get(acts, a, "date"), &d))
			continue;
		int m = ysh_month_of(d);
		if (m >= from && m <= to)
			count[(size_t)(u - cfg->units) * nm + (size_t)(m - from)]++;
	}
	for (int m = from; m <= to; m++) {
		char month[8];
		ysh_format_month(m, month);
		for (size_t u = 0; u < cfg->nunits; u++) {
			size_t n = count[u * nm + (size_t)(m - from)];
			if (n < (size_t)cfg->rules.monthly_min)
				state_finding(L, acts, NULL, NULL, "monthly-missing",
					      _("%s has %zu activities in %s; monthly_min is %ld"),
					      cfg->units[u].name, n, month, cfg->rules.monthly_min);
		}
	}
	free(count);
}

static bool enforced_in(const struct ysh_table *acts, const char *unit, int mfrom, int mto)
{
	for (size_t i = 0; i < acts->nrec; i++) {
		const struct ysh_rec *a = &acts->recs[i];
		ysh_day d;
		if (strcmp(ysh_rec_get(acts, a, "unit"), unit) ||
		    strcmp(ysh_rec_get(acts, a, "kind"), "跟执法") ||
		    !ysh_parse_date(ysh_rec_get(acts, a, "date"), &d))
			continue;
		int m = ysh_month_of(d);
		if (m >= mfrom && m <= mto)
			return true;
	}
	return false;
}

static void rule_window_missing(struct ysh_ledgers *L)
{
	struct ysh_table *acts = ysh_ledgers_table(L, "activities");
	const struct ysh_config *cfg = L->cfg;
	int from, to;
	if (!acts || !cfg->rules.nwindows || !checked_months(L, acts, &from, &to))
		return;
	int last_ended = ysh_month_of(L->opts.today) - 1;
	for (size_t w = 0; w < cfg->rules.nwindows; w++) {
		const struct ysh_window *win = &cfg->rules.windows[w];
		/* every occurrence of the window that ends inside the range */
		for (int year = from / 12 - 1; year <= to / 12; year++) {
			int start = year * 12 + win->from - 1;
			int end = (win->from <= win->to ? year : year + 1) * 12 + win->to - 1;
			if (end < from || end > to || end > last_ended)
				continue;
			char a[8], b[8];
			ysh_format_month(start, a);
			ysh_format_month(end, b);
			for (size_t u = 0; u < cfg->nunits; u++) {
				if (!(cfg->units[u].roles & YSH_ROLE_ENFORCEMENT) ||
				    enforced_in(acts, cfg->units[u].name, start, end))
					continue;
				state_finding(L, acts, NULL, NULL, "window-missing",
					      _("%s had no 跟执法 in the window %s..%s"),
					      cfg->units[u].name, a, b);
			}
		}
	}
}

/* ---- the table ---- */

const struct ysh_rule ysh_rules[YSH_R_COUNT] = {
	[YSH_R_CSV_SYNTAX] = {"csv-syntax", YSH_SEV_ERROR,
		N_("malformed CSV: quoting, field count, invalid UTF-8, NUL bytes, oversized cells"), 0, 0, 0},
	[YSH_R_HEADER] = {"header", YSH_SEV_ERROR,
		N_("unknown, missing required or duplicate column; empty file; repeated header"), 0, 0, 0},
	[YSH_R_FIELD_REQUIRED] = {"field-required", YSH_SEV_ERROR,
		N_("a required cell is empty"), rule_field_required, 0, 0},
	[YSH_R_FIELD_TYPE] = {"field-type", YSH_SEV_ERROR,
		N_("not a valid date, timestamp, number, money, boolean, phone or id"), rule_field_type, 0, 0},
	[YSH_R_FIELD_ENUM] = {"field-enum", YSH_SEV_ERROR,
		N_("a value not among the allowed ones (kind, mode, steps, status ...)"), rule_field_enum, 0, 0},
	[YSH_R_UNIT_UNKNOWN] = {"unit-unknown", YSH_SEV_ERROR,
		N_("a unit (or joint unit) not listed in ysh.ini"), rule_unit_unknown, 0, 0},
	[YSH_R_ID_DUPLICATE] = {"id-duplicate", YSH_SEV_ERROR,
		N_("an id repeated in a ledger without revisions"), 0, rule_id_duplicate, 0},
	[YSH_R_REF_MISSING] = {"ref-missing", YSH_SEV_ERROR,
		N_("a callback's or problem's activity id does not exist"), rule_ref_missing, 0, 0},
	[YSH_R_DATE_FUTURE] = {"date-future", YSH_SEV_ERROR,
		N_("a date of something that has happened is after today"), rule_date_future, 0, 0},
	[YSH_R_STEPS_MIN] = {"steps-min", YSH_SEV_ERROR,
		N_("fewer steps than the activity kind requires (min_steps_KIND)"), 0, rule_steps_min, 0},
	[YSH_R_REPORT_LATE] = {"report-late", YSH_SEV_WARNING,
		N_("reported more than report_within_days after the activity"), 0, rule_report_late, 0},
	[YSH_R_CALLBACKS_MIN] = {"callbacks-min", YSH_SEV_ERROR,
		N_("an activity with 服务回访 has fewer than min_callbacks valid callbacks"), 0, 0, rule_callbacks_min},
	[YSH_R_CALLBACK_WINDOW] = {"callback-window", YSH_SEV_WARNING,
		N_("served_on more than callback_window_days before the callback, or after it"), 0, rule_callback_window, 0},
	[YSH_R_DEADLINE_MISSING] = {"deadline-missing", YSH_SEV_ERROR,
		N_("挂账销号 without a deadline or without a measure"), 0, 0, rule_deadline_missing},
	[YSH_R_PROBLEM_OVERDUE] = {"problem-overdue", YSH_SEV_WARNING,
		N_("deadline passed and not 已销号"), 0, 0, rule_problem_overdue},
	[YSH_R_REVISION_CONFLICT] = {"revision-conflict", YSH_SEV_ERROR,
		N_("a revision changes an immutable field, or status moves backwards"), 0, rule_revision_conflict, 0},
	[YSH_R_FILING_LATE] = {"filing-late", YSH_SEV_ERROR,
		N_("filed later than the lead time (例行 lead_days_例行, 临时 lead_workdays_临时 working days)"), 0, 0, rule_filing_late},
	[YSH_R_FILING_UNAPPROVED] = {"filing-unapproved", YSH_SEV_ERROR,
		N_("no approver or approval date, or approved after the inspection"), 0, 0, rule_filing_unapproved},
	[YSH_R_CREDIT_CODE] = {"credit-code", YSH_SEV_ERROR,
		N_("unified social credit code fails its GB 32100-2015 check character"), rule_credit_code, 0, 0},
	[YSH_R_MONTHLY_MISSING] = {"monthly-missing", YSH_SEV_WARNING,
		N_("a unit with fewer than monthly_min activities in a month of the range"), 0, 0, rule_monthly_missing},
	[YSH_R_WINDOW_MISSING] = {"window-missing", YSH_SEV_WARNING,
		N_("an enforcement unit with no 跟执法 in an enforcement window"), 0, 0, rule_window_missing},
	[YSH_R_FORMULA_INJECTION] = {"formula-injection", YSH_SEV_WARNING,
		N_("a text cell starting with = + - @ tab or CR would run as a spreadsheet formula"), rule_formula_injection, 0, 0},
	[YSH_R_WRITE_INTERRUPTED] = {"write-interrupted", YSH_SEV_ERROR,
		N_("the ledger ends in part of an append that was interrupted (the next ysh-add rolls it back)"), 0, 0, 0},
};

int ysh_rule_index(const char *code)
{
	for (int i = 0; i < YSH_R_COUNT; i++)
		if (!strcmp(ysh_rules[i].code, code))
			return i;
	return -1;
}

void ysh_check_opts_init(struct ysh_check_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->today = ysh_today_local();
	for (int i = 0; i < YSH_R_COUNT; i++)
		o->enabled[i] = true;
}

void ysh_rules_check_row(const struct ysh_row *r)
{
	size_t nc = r->t->schema->ncols;
	for (int i = 0; i < YSH_R_COUNT; i++) {
		if (!r->L->opts.enabled[i])
			continue;
		if (ysh_rules[i].cell)
			for (size_t c = 0; c < nc; c++)
				ysh_rules[i].cell(r, c);
		if (ysh_rules[i].row)
			ysh_rules[i].row(r);
	}
}

void ysh_rules_check_state(struct ysh_ledgers *L)
{
	for (int i = 0; i < YSH_R_COUNT; i++)
		if (L->opts.enabled[i] && ysh_rules[i].state)
			ysh_rules[i].state(L);
}
