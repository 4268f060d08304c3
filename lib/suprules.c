/* suprules.c - the rules of supervision (suprules.h). */
#include "suprules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign.h"
#include "i18n.h"
#include "tally.h"

/* ---- helpers ---- */

static void finding_at(const struct ysh_row *r, int col, enum ysh_rule_id rule, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A finding about record r at schema column col (-1: the record). */
static void finding_at(const struct ysh_row *r, int col, enum ysh_rule_id rule, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t fc = col >= 0 && r->file_col ? (size_t)r->file_col[col] : 0;
	ysh_finding_vadd(r->out, r->file, r->line, fc, rule, r->id, fmt, ap);
	va_end(ap);
}

static void ledger_finding(struct ysh_ledgers *L, const struct ysh_table *t, enum ysh_rule_id rule,
			   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A finding about a ledger as a whole (a quarter or a month without records). */
static void ledger_finding(struct ysh_ledgers *L, const struct ysh_table *t, enum ysh_rule_id rule,
			   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ysh_finding_vadd(&L->findings, t->file, 0, 0, rule, NULL, fmt, ap);
	va_end(ap);
}

/* A day as a message shows it. */
static const char *day_str(ysh_day d, char *buf)
{
	ysh_format_date(d, buf);
	return buf;
}

#define DAY(d) day_str((d), (char[11]){0})

static const char *cell(const struct ysh_row *r, int col)
{
	return ysh_row_at(r, col);
}

static const char *title_of(const struct ysh_table *t, int col)
{
	return col < 0 ? "" : t->schema->cols[col].title;
}

static const char *name_of(const struct ysh_table *t, int col)
{
	return col < 0 ? "" : t->schema->cols[col].name;
}

/* The last value of a forward column's lifecycle (已完成), or "". */
static const char *last_state(const struct ysh_table *t, int col)
{
	if (!t || col < 0 || !t->schema->cols[col].nenums)
		return "";
	const struct ysh_column *c = &t->schema->cols[col];
	return c->enums[c->nenums - 1];
}

bool ysh_task_done(const struct ysh_ledgers *L, const char *const *cells)
{
	const struct ysh_cols_tasks *K = &L->cols.tasks;
	const char *done = last_state(K->t, K->status);
	return *done && !strcmp(ysh_at(cells, K->status), done);
}

bool ysh_task_deadline(const struct ysh_ledgers *L, const char *const *cells, ysh_day *out)
{
	const struct ysh_cols_tasks *K = &L->cols.tasks;
	if (ysh_parse_date(ysh_at(cells, K->deadline), out))
		return true;
	return ysh_deadline_parse(&L->cfg->sup->deadlines, ysh_at(cells, K->deadline_text), out);
}

bool ysh_parse_quarter(const char *s, int *quarter)
{
	int y, q, n = 0;
	if (sscanf(s, "%4dQ%1d%n", &y, &q, &n) != 2 || s[n] || y < 1900 || q < 1 || q > 4 ||
	    strlen(s) != 6)
		return false;
	*quarter = y * 4 + q - 1;
	return true;
}

int ysh_quarter_of(ysh_day d)
{
	int m = ysh_month_of(d);
	return (m / 12) * 4 + (m % 12) / 3;
}

void ysh_quarter_span(int quarter, ysh_day *first, ysh_day *last)
{
	int m = (quarter / 4) * 12 + (quarter % 4) * 3;
	*first = ysh_month_first(m);
	*last = ysh_month_last(m + 2);
}

/* ---- tasks ---- */

void ysh_rule_task_dates(const struct ysh_row *r)
{
	const struct ysh_cols_tasks *K = &r->L->cols.tasks;
	const char *words = cell(r, K->deadline_text);
	ysh_day d;
	if (*words && !*cell(r, K->deadline) && !ysh_deadline_parse(&r->L->cfg->sup->deadlines, words, &d))
		finding_at(r, K->deadline_text, YSH_R_TASK_DATES,
			   _("%s (%s) '%s' is not a deadline like 2018年7月中旬前, 2018年5月底 or 2018年6月前; "
			     "give the date in %s (%s)"),
			   name_of(K->t, K->deadline_text), title_of(K->t, K->deadline_text), words,
			   name_of(K->t, K->deadline), title_of(K->t, K->deadline));
	bool done = ysh_task_done(r->L, ysh_row_cells(r)), dated = *cell(r, K->done_on) != '\0';
	if (done && !dated)
		finding_at(r, K->status, YSH_R_TASK_DATES, _("the task is %s but has no %s (%s)"),
			   cell(r, K->status), name_of(K->t, K->done_on), title_of(K->t, K->done_on));
	else if (dated && !done && *cell(r, K->status))
		finding_at(r, K->done_on, YSH_R_TASK_DATES, _("%s (%s) is given but the task is %s, not %s"),
			   name_of(K->t, K->done_on), title_of(K->t, K->done_on), cell(r, K->status),
			   last_state(K->t, K->status));
}

void ysh_rule_task_overdue(const struct ysh_row *r)
{
	const struct ysh_cols_tasks *K = &r->L->cols.tasks;
	ysh_day due;
	const char *const *cells = ysh_row_cells(r); /* ysh_task_done and ysh_task_deadline take them whole */
	if (ysh_task_done(r->L, cells) || !ysh_task_deadline(r->L, cells, &due) || due >= r->L->opts.today)
		return;
	char day[11];
	ysh_format_date(due, day);
	finding_at(r, K->deadline_text, YSH_R_TASK_OVERDUE, _("%s (%s) has passed and the task is %s"),
		   cell(r, K->deadline_text), day, cell(r, K->status));
}

void ysh_rule_task_filing_missing(const struct ysh_row *r)
{
	const struct ysh_cols_tasks *K = &r->L->cols.tasks;
	if (!ysh_task_done(r->L, ysh_row_cells(r)) || !*cell(r, K->filed_with) || *cell(r, K->filed_on))
		return;
	finding_at(r, K->filed_on, YSH_R_TASK_FILING_MISSING,
		   _("done, to be filed with %s (报%s备案), and no %s (%s)"), cell(r, K->filed_with),
		   cell(r, K->filed_with), name_of(K->t, K->filed_on), title_of(K->t, K->filed_on));
}

/* ---- problems in a campaign ---- */

void ysh_rule_line_unknown(const struct ysh_row *r)
{
	const struct ysh_cols_problems *K = &r->L->cols.problems;
	const char *line = cell(r, K->line);
	const struct ysh_supervision *s = r->L->cfg->sup;
	if (!*line || ysh_line_find(s, line))
		return;
	struct ysh_buf names = {0};
	for (size_t i = 0; i < s->nlines; i++)
		ysh_buf_printf(&names, "%s%s", i ? "、" : "", s->lines[i].name);
	finding_at(r, K->line, YSH_R_LINE_UNKNOWN, _("%s (%s) '%s' is not a line of [lines] in %s (lines: %s)"),
		   name_of(K->t, K->line), title_of(K->t, K->line), line, r->L->cfg->path,
		   names.len ? ysh_buf_str(&names) : _("none"));
	ysh_buf_free(&names);
}

/* Whether a problem was found during the campaign. */
static bool in_campaign(const struct ysh_row *r, ysh_day *found)
{
	ysh_day first, last;
	return ysh_campaign_span(r->L->cfg->sup, &first, &last) &&
	       ysh_parse_date(cell(r, r->L->cols.problems.found_on), found) && *found >= first && *found <= last;
}

static bool long_term(const struct ysh_row *r)
{
	return !strcmp(cell(r, r->L->cols.problems.handling), "挂账销号");
}

/* 004: 对查摆出的问题,都要逐一明确整改目标、整改措施、完成时限. */
void ysh_rule_target_missing(const struct ysh_row *r)
{
	const struct ysh_cols_problems *K = &r->L->cols.problems;
	ysh_day found;
	if (!long_term(r) || *cell(r, K->target) || !in_campaign(r, &found))
		return;
	finding_at(r, K->target, YSH_R_TARGET_MISSING, _("挂账销号 during %s without %s (%s)"),
		   r->L->cfg->sup->campaign, name_of(K->t, K->target), title_of(K->t, K->target));
}

void ysh_rule_phase_late(const struct ysh_row *r)
{
	const struct ysh_cols_problems *K = &r->L->cols.problems;
	const struct ysh_supervision *s = r->L->cfg->sup;
	ysh_day found;
	if (!in_campaign(r, &found))
		return;
	if (s->find_phase >= 0 && found > s->phases[s->find_phase].last)
		finding_at(r, K->found_on, YSH_R_PHASE_LATE, _("found on %s, after the phase %s ended (%s)"),
			   cell(r, K->found_on), s->phases[s->find_phase].name,
			   DAY(s->phases[s->find_phase].last));
	if (s->fix_phase < 0 || !long_term(r))
		return;
	ysh_day end = s->phases[s->fix_phase].last;
	if (end >= r->L->opts.today ||
	    ysh_struck_off_cells(cell(r, K->closed_on), cell(r, K->reviewed_on), ysh_row_reopened(r),
				 end))
		return;
	finding_at(r, K->status, YSH_R_PHASE_LATE, _("挂账销号 and not struck off when the phase %s ended (%s)"),
		   s->phases[s->fix_phase].name, DAY(end));
}

/* ---- surveys and cases ---- */

void ysh_rule_period_format(const struct ysh_row *r)
{
	const struct ysh_cols *K = &r->L->cols;
	int n;
	if (r->t == K->surveys.t && *cell(r, K->surveys.quarter) && !ysh_parse_quarter(cell(r, K->surveys.quarter), &n))
		finding_at(r, K->surveys.quarter, YSH_R_PERIOD_FORMAT, _("%s (%s) '%s' is not a quarter like 2018Q2"),
			   name_of(r->t, K->surveys.quarter), title_of(r->t, K->surveys.quarter),
			   cell(r, K->surveys.quarter));
	if (r->t == K->cases.t && *cell(r, K->cases.month) && !ysh_parse_month(cell(r, K->cases.month), &n))
		finding_at(r, K->cases.month, YSH_R_PERIOD_FORMAT, _("%s (%s) '%s' is not a month like 2020-02"),
			   name_of(r->t, K->cases.month), title_of(r->t, K->cases.month), cell(r, K->cases.month));
}

static bool count_at(const struct ysh_row *r, int col, long *n)
{
	return ysh_parse_integer(cell(r, col), n) && *n >= 0;
}

/* "95.5%", "95.5" or "96" as tenths of a percent (rounded), by hand: a
 * locale's decimal comma must not change what a ledger says. */
static bool parse_rate(const char *s, long *tenths)
{
	long whole = 0, frac = 0, scale = 1;
	int digits = 0;
	for (; *s >= '0' && *s <= '9' && digits < 3; s++, digits++)
		whole = whole * 10 + (*s - '0');
	if (!digits)
		return false;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9' && scale < 1000; s++, scale *= 10)
			frac = frac * 10 + (*s - '0');
	if (*s == '%')
		s++;
	if (*s || whole > 100)
		return false;
	*tenths = whole * 10 + (frac * 10 * 2 / scale + 1) / 2;
	return *tenths <= 1000;
}

void ysh_rule_survey_counts(const struct ysh_row *r)
{
	const struct ysh_cols_surveys *K = &r->L->cols.surveys;
	long sample, a, b, c;
	if (!count_at(r, K->sample, &sample) || !count_at(r, K->satisfied, &a) || !count_at(r, K->basic, &b) ||
	    !count_at(r, K->dissatisfied, &c))
		return; /* field-type says what is wrong with each */
	if (a + b + c != sample) {
		finding_at(r, K->sample, YSH_R_SURVEY_COUNTS,
			   _("满意 %ld + 基本满意 %ld + 不满意 %ld = %ld, not the sample of %ld"), a, b, c, a + b + c,
			   sample);
		return;
	}
	const char *rate = cell(r, K->rate);
	long given, want = ((a + b) * 2000 / sample + 1) / 2; /* tenths of a percent, rounded */
	if (!*rate)
		return;
	if (!parse_rate(rate, &given))
		finding_at(r, K->rate, YSH_R_SURVEY_COUNTS, _("%s (%s) '%s' is not a rate like 95.5%%"),
			   name_of(K->t, K->rate), title_of(K->t, K->rate), rate);
	else if (labs(given - want) > 1)
		finding_at(r, K->rate, YSH_R_SURVEY_COUNTS, _("%s (%s) %s, but (%ld + %ld) / %ld is %ld.%ld%%"),
			   name_of(K->t, K->rate), title_of(K->t, K->rate), rate, a, b, sample, want / 10, want % 10);
}

/* The first and last day the range rules judge: --month/--from/--to, else
 * from [supervision] since (or `dflt`) to yesterday, and never past until. */
static bool checked_span(const struct ysh_ledgers *L, ysh_day dflt, ysh_day *first, ysh_day *last)
{
	if (L->opts.has_range) {
		*first = ysh_month_first(L->opts.month_from);
		*last = ysh_month_last(L->opts.month_to);
	} else {
		*first = L->cfg->sup->since ? L->cfg->sup->since : dflt;
		*last = L->opts.today - 1;
	}
	if (L->cfg->sup->until && L->cfg->sup->until < *last)
		*last = L->cfg->sup->until;
	return *first && *first <= *last;
}

/* The earliest date of a date column over a table's live records, or 0. */
static ysh_day first_date(const struct ysh_table *t, int col)
{
	ysh_day first = 0, d;
	for (size_t i = 0; t && i < t->nrec; i++)
		if (!ysh_rec_voided(t, &t->recs[i]) && ysh_parse_date(ysh_rec_at(t, &t->recs[i], col), &d) &&
		    (!first || d < first))
			first = d;
	return first;
}

/* 003: 由县统计局每季度开展一次营商环境满意度测评.  A quarter counts once it has ended. */
void ysh_rule_survey_missing(struct ysh_ledgers *L)
{
	const struct ysh_cols_surveys *K = &L->cols.surveys;
	const char *org = L->cfg->sup->survey_organiser;
	ysh_day first, last;
	if (!org || !K->t || !checked_span(L, first_date(K->t, K->conducted_on), &first, &last))
		return;
	for (int q = ysh_quarter_of(first); q <= ysh_quarter_of(last); q++) {
		ysh_day a, b;
		ysh_quarter_span(q, &a, &b);
		if (b > last)
			break;
		bool found = false;
		for (size_t i = 0; i < K->t->nrec && !found; i++) {
			const struct ysh_rec *s = &K->t->recs[i];
			int sq;
			found = !ysh_rec_voided(K->t, s) && !strcmp(ysh_rec_at(K->t, s, K->unit), org) &&
				ysh_parse_quarter(ysh_rec_at(K->t, s, K->quarter), &sq) && sq == q;
		}
		if (!found)
			ledger_finding(L, K->t, YSH_R_SURVEY_MISSING, _("no satisfaction survey by %s for %dQ%d"), org,
				       q / 4, q % 4 + 1);
	}
}

static bool has_case(const struct ysh_ledgers *L, const char *unit, int month)
{
	const struct ysh_cols_cases *K = &L->cols.cases;
	for (size_t i = 0; i < K->t->nrec; i++) {
		const struct ysh_rec *c = &K->t->recs[i];
		int m;
		if (!ysh_rec_voided(K->t, c) && !strcmp(ysh_rec_at(K->t, c, K->unit), unit) &&
		    ysh_parse_month(ysh_rec_at(K->t, c, K->month), &m) && m == month)
			return true;
	}
	return false;
}

/* 003: 各牵头单位在每月报送优化营商环境典型案例.  The lines' offices owe a
 * case in each month of the campaign; [supervision] case_units, in each
 * month of the range. */
void ysh_rule_case_missing(struct ysh_ledgers *L)
{
	const struct ysh_supervision *s = L->cfg->sup;
	const struct ysh_table *t = L->cols.cases.t;
	ysh_day first = 0, last = 0, cfirst, clast;
	if (!t || (!s->ncase_units && !s->nlines))
		return;
	/* the lines' offices owe cases while the campaign runs */
	bool campaign = !s->ncase_units;
	if (campaign && !ysh_campaign_span(s, &cfirst, &clast))
		return;
	if (!checked_span(L, campaign ? cfirst : first_date(t, L->cols.cases.published_on), &first, &last))
		return;
	if (campaign) {
		first = first > cfirst ? first : cfirst;
		last = last < clast ? last : clast;
	}
	for (int m = ysh_month_of(first); first <= last && m <= ysh_month_of(last) && ysh_month_last(m) <= last; m++) {
		char month[8];
		ysh_format_month(m, month);
		for (size_t u = 0; u < L->cfg->nunits; u++) {
			const char *unit = L->cfg->units[u].name;
			if (ysh_owes_cases(s, unit) && !has_case(L, unit, m))
				ledger_finding(L, t, YSH_R_CASE_MISSING, _("%s reported no typical case for %s"), unit,
					       month);
		}
	}
}
