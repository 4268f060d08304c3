/* deadline.c - deadlines in 旬 and month words (deadline.h). */
#include "deadline.h"

#include <string.h>

static const struct {
	const char *word;
	int day;
} words[YSH_DL_COUNT] = {
#define YSH_DL_ROW(id, w, d) [YSH_DL_##id] = {w, d},
	YSH_DEADLINE_WORDS(YSH_DL_ROW)
#undef YSH_DL_ROW
};

void ysh_deadline_defaults(struct ysh_deadline_days *dd)
{
	for (int i = 0; i < YSH_DL_COUNT; i++)
		dd->day[i] = words[i].day;
}

int ysh_deadline_word(const char *word)
{
	for (int i = 0; i < YSH_DL_COUNT; i++)
		if (!strcmp(word, words[i].word))
			return i;
	return -1;
}

const char *ysh_deadline_word_name(enum ysh_deadline_word w)
{
	return words[w].word;
}

/* Consumes s's prefix p if it is there. */
static bool eat(const char **s, const char *p)
{
	size_t n = strlen(p);
	if (strncmp(*s, p, n))
		return false;
	*s += n;
	return true;
}

/* 1..max ASCII digits, at most `max`. */
static bool number(const char **s, int max, int *out)
{
	int n = 0, v = 0;
	while (**s >= '0' && **s <= '9' && n < max) {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	*out = v;
	return n > 0 && !(**s >= '0' && **s <= '9');
}

/* "前", "以前", "之前", "完成", "前完成" and nothing at all: the same deadline. */
static bool tail_ok(const char *s)
{
	(void)(eat(&s, "以前") || eat(&s, "之前") || eat(&s, "前"));
	eat(&s, "完成");
	return !*s;
}

/* The day a word gives in month m of year y. */
static int word_day(const struct ysh_deadline_days *dd, int w, int y, int m)
{
	int last = ysh_days_in_month(y, m), d = dd->day[w];
	return d <= 0 || d > last ? last : d;
}

bool ysh_deadline_parse(const struct ysh_deadline_days *dd, const char *s, ysh_day *out)
{
	int y, m, d;
	if (!number(&s, 4, &y) || y < 1900 || !eat(&s, "年") || !number(&s, 2, &m) || m < 1 || m > 12 ||
	    !eat(&s, "月"))
		return false;
	if (number(&s, 2, &d)) { /* 7月31日 */
		if (!eat(&s, "日") || d < 1 || d > ysh_days_in_month(y, m) || !tail_ok(s))
			return false;
		*out = ysh_make_day(y, m, d);
		return true;
	}
	for (int w = 0; w < YSH_DL_COUNT; w++) {
		/* 5月初, 6月底: the 月 of 月初 and 月底 is the month's own */
		const char *word = words[w].word, *bare = !strncmp(word, "月", strlen("月")) ? word + strlen("月") : word;
		if (eat(&s, word) || eat(&s, bare)) {
			if (!tail_ok(s))
				return false;
			*out = ysh_make_day(y, m, word_day(dd, w, y, m));
			return true;
		}
	}
	/* 6月前, 6月以前: before June begins */
	if (eat(&s, "以前") || eat(&s, "之前") || eat(&s, "前")) {
		eat(&s, "完成");
		if (*s)
			return false;
		*out = ysh_make_day(y, m, 1) - 1;
		return true;
	}
	if (!tail_ok(s)) /* 7月, 7月完成: within the month */
		return false;
	*out = ysh_make_day(y, m, ysh_days_in_month(y, m));
	return true;
}
