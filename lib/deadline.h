/*
 * deadline.h - a deadline as the documents write it, made a date.
 *
 * Supervision plans give deadlines in words: "2018年7月中旬前", "5月初",
 * "6月底前", "2018年6月前".  The mapping is the documented rule of
 * ysh-ledgers(5), each word's day settable in ysh.ini's [deadlines]:
 *
 *   月初 -> the 5th     上旬 -> the 10th     中旬 -> the 20th
 *   下旬, 月底, 底 -> the month's last day
 *   YYYY年N月前 -> the last day of month N-1 (before N begins)
 *   YYYY年N月 -> the month's last day;  YYYY年N月D日 -> that day
 *
 * A trailing 前, 以前, 之前 or 完成 changes nothing ("by the 20th").
 */
#ifndef YSH_DEADLINE_H
#define YSH_DEADLINE_H

#include <stdbool.h>

#include "value.h"

/* The words whose day [deadlines] may set, in this order. */
#define YSH_DEADLINE_WORDS(X) X(EARLY, "月初", 5) X(FIRST, "上旬", 10) X(MIDDLE, "中旬", 20) \
	X(LATE, "下旬", 0) X(END, "月底", 0)

enum ysh_deadline_word {
#define YSH_DL_ENUM(id, word, day) YSH_DL_##id,
	YSH_DEADLINE_WORDS(YSH_DL_ENUM)
#undef YSH_DL_ENUM
	YSH_DL_COUNT
};

/* Each word's day of the month; 0 is the month's last day. */
struct ysh_deadline_days {
	int day[YSH_DL_COUNT];
};

void ysh_deadline_defaults(struct ysh_deadline_days *dd);
/* The word of a [deadlines] key, or -1. */
int ysh_deadline_word(const char *word);
const char *ysh_deadline_word_name(enum ysh_deadline_word w);
/* The date a deadline as written stands for; false when the words are not
 * one of the forms above (or name no real day). */
bool ysh_deadline_parse(const struct ysh_deadline_days *dd, const char *text, ysh_day *out);

#endif
