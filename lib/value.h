/*
 * value.h - parsing and printing of the typed cells of a ledger: dates,
 * timestamps, money, booleans, ids, phone numbers and credit codes.  Every
 * command goes through these; none parses a date on its own.
 */
#ifndef YSH_VALUE_H
#define YSH_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A calendar date as days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t ysh_day;

bool ysh_parse_date(const char *s, ysh_day *out);
/* out must hold 11 bytes. */
void ysh_format_date(ysh_day d, char *out);
ysh_day ysh_make_day(int y, int m, int d);
void ysh_split_day(ysh_day day, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday */
int ysh_weekday(ysh_day d);
int ysh_days_in_month(int y, int m);
ysh_day ysh_today_local(void);

/* "YYYY-MM" to a month number (y * 12 + m - 1). */
bool ysh_parse_month(const char *s, int *month);
void ysh_format_month(int month, char *out); /* 8 bytes */
int ysh_month_of(ysh_day d);
ysh_day ysh_month_first(int month);
ysh_day ysh_month_last(int month);

/* ISO 8601 with an offset (2026-11-20T09:30:00+08:00 or ...Z); *day is the
 * date as written (the local date of whoever recorded it). */
bool ysh_parse_timestamp(const char *s, ysh_day *day);

bool ysh_parse_integer(const char *s, long *out);
/* Yuan with at most two decimals, not negative; result in fen (0.01). */
bool ysh_parse_money(const char *s, int64_t *fen);
/* 是/否, yes/no, true/false (case-insensitive).  -1 when none of them. */
int ysh_parse_bool(const char *s);

/* A record id: prefix letter, four-digit year, '-', at least four digits. */
bool ysh_parse_id(const char *s, char prefix, int *year, long *seq);

/* A mobile (11 digits starting with 1) or a landline (area code, '-',
 * number) or a hotline like 12345. */
bool ysh_phone_valid(const char *s);
/* A phone number for a report or a message: a mobile keeps its first three
 * and last four digits (138****5678); a landline keeps its area code and
 * hides the middle of the number (029-82****78); anything else, a local
 * number or a malformed one, has at least half of its digits, and at least
 * four, hidden in the middle (82****78, 1381*****789).  Other characters
 * stay; the length does not change. */
void ysh_mask_phone(const char *s, char *out, size_t outsz);

enum ysh_credit_result { YSH_CREDIT_OK, YSH_CREDIT_FORMAT, YSH_CREDIT_CHECK };
/* GB 32100-2015 unified social credit code; on YSH_CREDIT_CHECK *expect is
 * the check character the first 17 would need. */
enum ysh_credit_result ysh_credit_code_check(const char *s, char *expect);

#endif
