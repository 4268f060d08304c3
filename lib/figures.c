/* figures.c - the figure table of figures.h and what reads it. */
#include "figures.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define F(name) offsetof(struct ysh_figures, name)
#define COUNT(key, label, group) {#key, label, YSH_FIG_COUNT, F(key), 0, group}
#define RATE(key, label, num, den, group) {#key, label, YSH_FIG_RATE, F(num), F(den), group}

/* In the order the tables and the JSON give them. */
const struct ysh_figure ysh_figure_table[] = {
	COUNT(activities, "参与人次", YSH_FIGS_WORK),
	COUNT(participants, "参与人数", YSH_FIGS_WORK),
	COUNT(items, "体验事项", YSH_FIGS_WORK),
	COUNT(problems_found, "发现问题", YSH_FIGS_WORK),
	COUNT(problems_closed, "销号", YSH_FIGS_WORK),
	COUNT(problems_open, "未销号", YSH_FIGS_WORK),
	COUNT(problems_overdue, "逾期", YSH_FIGS_WORK),
	/* struck off by the period's end over found by then: the documents' 整改率 */
	RATE(rectification_rate, "整改率", closed_by_end, found_by_end, YSH_FIGS_WORK),
	COUNT(problems_reviewed, "回头看", YSH_FIGS_WORK),
	COUNT(problems_rebounded, "反弹", YSH_FIGS_WORK),
	COUNT(callbacks, "回访", YSH_FIGS_WORK),
	COUNT(callbacks_valid, "有效回访", YSH_FIGS_WORK),
	RATE(satisfaction_rate, "满意率", satisfied, callbacks_valid, YSH_FIGS_WORK),
	COUNT(voided, "作废", YSH_FIGS_WORK),
	COUNT(filed, "检查", YSH_FIGS_FILINGS),
	COUNT(on_time, "按时报备", YSH_FIGS_FILINGS),
	COUNT(unapproved, "未经批准", YSH_FIGS_FILINGS),
	COUNT(joint, "联合检查", YSH_FIGS_FILINGS),
	COUNT(not_punished, "不予处罚", YSH_FIGS_FILINGS),
	COUNT(lightened, "从轻减轻", YSH_FIGS_FILINGS),
	{"fine_waived", "减免金额", YSH_FIG_MONEY, F(fine_waived_fen), 0, YSH_FIGS_FILINGS},
	COUNT(complaints_received, "受理", YSH_FIGS_COMPLAINTS),
	COUNT(complaints_returned, "退单", YSH_FIGS_COMPLAINTS),
	COUNT(complaints_replied, "答复", YSH_FIGS_COMPLAINTS),
	COUNT(complaints_on_time, "按时答复", YSH_FIGS_COMPLAINTS),
	COUNT(complaints_closed, "办结", YSH_FIGS_COMPLAINTS),
	COUNT(complaints_open, "期末未办结", YSH_FIGS_COMPLAINTS),
	/* 调处满意率 (seed 001): 满意 and 基本满意 over the replies */
	RATE(complaint_satisfaction_rate, "调处满意率", complaints_satisfied, complaints_replied, YSH_FIGS_COMPLAINTS),
	/* as of the period's end: due in it, done in it on time or late, past
	 * their deadline and not done, not done at all */
	COUNT(tasks_due, "本期到期", YSH_FIGS_TASKS),
	COUNT(tasks_on_time, "按期完成", YSH_FIGS_TASKS),
	COUNT(tasks_late, "逾期完成", YSH_FIGS_TASKS),
	COUNT(tasks_overdue, "逾期未完成", YSH_FIGS_TASKS),
	COUNT(tasks_open, "未完成", YSH_FIGS_TASKS),
	COUNT(problems_found, "发现问题", YSH_FIGS_CAMPAIGN),
	COUNT(problems_closed, "销号", YSH_FIGS_CAMPAIGN),
	COUNT(problems_open, "未销号", YSH_FIGS_CAMPAIGN),
	COUNT(problems_overdue, "逾期", YSH_FIGS_CAMPAIGN),
};

const size_t ysh_nfigures = sizeof(ysh_figure_table) / sizeof(ysh_figure_table[0]);

static long field_long(const struct ysh_figures *f, size_t off)
{
	return *(const long *)((const char *)f + off);
}

static int64_t field_fen(const struct ysh_figures *f, size_t off)
{
	return *(const int64_t *)((const char *)f + off);
}

long ysh_figure_count(const struct ysh_figure *g, const struct ysh_figures *f)
{
	return field_long(f, g->field);
}

const char *ysh_figure_cell(struct ysh_doc *d, const struct ysh_figure *g, const struct ysh_figures *f)
{
	switch (g->kind) {
	case YSH_FIG_RATE: return ysh_doc_rate(d, field_long(f, g->field), field_long(f, g->den));
	case YSH_FIG_MONEY: return ysh_doc_yuan(d, field_fen(f, g->field));
	case YSH_FIG_COUNT: break;
	}
	return ysh_doc_num(d, field_long(f, g->field));
}

static void json_value(FILE *out, const struct ysh_figure *g, const struct ysh_figures *f)
{
	long den = g->kind == YSH_FIG_RATE ? field_long(f, g->den) : 0;
	int64_t fen = g->kind == YSH_FIG_MONEY ? field_fen(f, g->field) : 0;
	switch (g->kind) {
	case YSH_FIG_RATE:
		if (!den)
			fputs("null", out);
		else
			fprintf(out, "%.4f", (double)field_long(f, g->field) / (double)den);
		break;
	case YSH_FIG_MONEY: fprintf(out, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100)); break;
	case YSH_FIG_COUNT: fprintf(out, "%ld", field_long(f, g->field)); break;
	}
}

void ysh_figures_json(FILE *out, const struct ysh_figures *f, unsigned groups)
{
	bool first = true;
	for (size_t i = 0; i < ysh_nfigures; i++) {
		const struct ysh_figure *g = &ysh_figure_table[i];
		if (!(g->group & groups))
			continue;
		fprintf(out, "%s\"%s\":", first ? "" : ",", g->key);
		first = false;
		json_value(out, g, f);
	}
}

static size_t group_size(unsigned group)
{
	size_t n = 0;
	for (size_t i = 0; i < ysh_nfigures; i++)
		n += (ysh_figure_table[i].group & group) != 0;
	return n;
}

struct ysh_doc_table *ysh_figures_table(struct ysh_doc *d, const char *name, unsigned group, const char *unit_label,
					size_t nextra, const char *const *extra_keys,
					const char *const *extra_labels, const char *extra_types)
{
	size_t ncols = 1 + group_size(group) + nextra;
	const char **keys = ysh_arena_alloc(&d->a, ncols * sizeof(*keys));
	const char **labels = ysh_arena_alloc(&d->a, ncols * sizeof(*labels));
	char *types = ysh_arena_alloc(&d->a, ncols + 1);
	size_t c = 0;
	types[c] = 't';
	keys[c] = "unit";
	labels[c++] = unit_label;
	for (size_t i = 0; i < ysh_nfigures; i++) {
		if (!(ysh_figure_table[i].group & group))
			continue;
		static const char letter[] = {[YSH_FIG_COUNT] = 'n', [YSH_FIG_RATE] = 'r', [YSH_FIG_MONEY] = 'm'};
		types[c] = letter[ysh_figure_table[i].kind];
		keys[c] = ysh_figure_table[i].key;
		labels[c++] = ysh_figure_table[i].label;
	}
	for (size_t i = 0; i < nextra; i++, c++) {
		types[c] = extra_types ? extra_types[i] : 't';
		keys[c] = extra_keys[i];
		labels[c] = extra_labels[i];
	}
	types[c] = '\0';
	struct ysh_doc_table *t = ysh_doc_table(d, name, NULL, ncols, keys, labels);
	ysh_doc_types(t, types);
	return t;
}

void ysh_figures_table_key(struct ysh_doc *d, struct ysh_doc_table *t, const char *key)
{
	const char **keys = ysh_arena_alloc(&d->a, t->ncols * sizeof(*keys));
	memcpy(keys, t->keys, t->ncols * sizeof(*keys));
	keys[0] = key;
	t->keys = keys;
}

void ysh_figures_row(struct ysh_doc *d, struct ysh_doc_table *t, unsigned group, const char *name,
		     const struct ysh_figures *f, const char *const *extra)
{
	const char **cells = ysh_xcalloc(t->ncols, sizeof(*cells));
	size_t c = 0;
	cells[c++] = name;
	for (size_t i = 0; i < ysh_nfigures; i++)
		if (ysh_figure_table[i].group & group)
			cells[c++] = ysh_figure_cell(d, &ysh_figure_table[i], f);
	for (size_t i = 0; c < t->ncols; i++)
		cells[c++] = extra[i];
	ysh_doc_row(d, t, cells);
	free(cells);
}

static void add_long(struct ysh_figures *to, const struct ysh_figures *f, size_t off, size_t *done, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		if (done[i] == off)
			return;
	done[(*n)++] = off;
	*(long *)((char *)to + off) += field_long(f, off);
}

/* Each count once: a rate's numerator and denominator are counted too,
 * and a denominator may be a figure of its own (callbacks_valid). */
void ysh_figures_add(struct ysh_figures *to, const struct ysh_figures *f, unsigned group)
{
	size_t done[2 * sizeof(ysh_figure_table) / sizeof(ysh_figure_table[0])], n = 0;
	for (size_t i = 0; i < ysh_nfigures; i++) {
		const struct ysh_figure *g = &ysh_figure_table[i];
		if (!(g->group & group))
			continue;
		if (g->kind == YSH_FIG_MONEY) {
			*(int64_t *)((char *)to + g->field) += field_fen(f, g->field);
			continue;
		}
		add_long(to, f, g->field, done, &n);
		if (g->kind == YSH_FIG_RATE)
			add_long(to, f, g->den, done, &n);
	}
	if (!(group & YSH_FIGS_WORK))
		to->voided += f->voided;
}
