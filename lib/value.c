#include "value.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Days from civil: the algorithm of H. Hinnant's "chrono-compatible
 * low-level date algorithms", exact over the whole int32 range we use. */
ysh_day ysh_make_day(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (ysh_day)(era * 146097 + (int)doe - 719468);
}

void ysh_split_day(ysh_day day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int yy = (int)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yy + (*m <= 2);
}

int ysh_days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

int ysh_weekday(ysh_day d)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (int)((d + 3) % 7);
	return w < 0 ? w + 7 : w;
}

/* 0-9: what isdigit() says in every locale, without its table's lookup
 * (a phone number is masked in every row of a report). */
static bool ascii_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		unsigned d = (unsigned)(unsigned char)s[i] - '0';
		if (d > 9) /* not isdigit(): no locale table on every date's every digit */
			return false;
		v = v * 10 + (int)d;
	}
	*out = v;
	return true;
}

static void put_digits(char *out, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

static bool parse_date_digits(const char *s, ysh_day *out);

/* Parses the ten characters of YYYY-MM-DD at s without looking past them.
 * The rules ask for the same dates again and again (a row's recorded_at
 * for each of its dates, a run of rows of one day): the last date parsed
 * on this thread is answered from memory. */
static bool parse_date_prefix(const char *s, ysh_day *out)
{
	static _Thread_local char last[10];
	static _Thread_local ysh_day last_day;
	if (last[0] && !memcmp(s, last, 10)) {
		*out = last_day;
		return true;
	}
	if (!parse_date_digits(s, out))
		return false;
	memcpy(last, s, 10);
	last_day = *out;
	return true;
}

static bool parse_date_digits(const char *s, ysh_day *out)
{
	int y, m, d;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
	    !digits(s + 8, 2, &d))
		return false;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > ysh_days_in_month(y, m))
		return false;
	*out = ysh_make_day(y, m, d);
	return true;
}

bool ysh_parse_date(const char *s, ysh_day *out)
{
	return strlen(s) == 10 && parse_date_prefix(s, out);
}

void ysh_format_date(ysh_day day, char *out)
{
	int y, m, d;
	ysh_split_day(day, &y, &m, &d);
	put_digits(out, (unsigned)y % 10000, 4);
	out[4] = '-';
	put_digits(out + 5, (unsigned)m, 2);
	out[7] = '-';
	put_digits(out + 8, (unsigned)d, 2);
	out[10] = '\0';
}

ysh_day ysh_today_local(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return ysh_make_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

bool ysh_parse_month(const char *s, int *month)
{
	int y, m;
	if (strlen(s) != 7 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m))
		return false;
	if (y < 1900 || m < 1 || m > 12)
		return false;
	*month = y * 12 + m - 1;
	return true;
}

void ysh_format_month(int month, char *out)
{
	put_digits(out, (unsigned)(month / 12) % 10000, 4);
	out[4] = '-';
	put_digits(out + 5, (unsigned)(month % 12 + 1), 2);
	out[7] = '\0';
}

int ysh_month_of(ysh_day day)
{
	int y, m, d;
	ysh_split_day(day, &y, &m, &d);
	return y * 12 + m - 1;
}

ysh_day ysh_month_first(int month)
{
	return ysh_make_day(month / 12, month % 12 + 1, 1);
}

ysh_day ysh_month_last(int month)
{
	int y = month / 12, m = month % 12 + 1;
	return ysh_make_day(y, m, ysh_days_in_month(y, m));
}

bool ysh_parse_timestamp(const char *s, ysh_day *day)
{
	int hh, mm, ss;
	if (strlen(s) < 20 || !parse_date_prefix(s, day) || s[10] != 'T')
		return false;
	if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mm) || s[16] != ':' ||
	    !digits(s + 17, 2, &ss) || hh > 23 || mm > 59 || ss > 60)
		return false;
	const char *p = s + 19;
	if (*p == '.') {
		p++;
		if (!ascii_digit((unsigned char)*p))
			return false;
		while (ascii_digit((unsigned char)*p))
			p++;
	}
	if (p[0] == 'Z' && p[1] == '\0')
		return true;
	int oh, om;
	return (p[0] == '+' || p[0] == '-') && digits(p + 1, 2, &oh) && p[3] == ':' &&
	       digits(p + 4, 2, &om) && p[6] == '\0' && oh <= 14 && om <= 59;
}

/* The whole rest of s as decimal digits, between min and max of them. */
static bool digit_string(const char *s, size_t min, size_t max, long *out)
{
	long v = 0;
	size_t n = 0;
	for (; s[n]; n++) {
		unsigned d = (unsigned)(unsigned char)s[n] - '0';
		if (d > 9 || n == max) /* as digits(): no locale table, and no strlen first */
			return false;
		v = v * 10 + (long)d;
	}
	if (n < min)
		return false;
	*out = v;
	return true;
}

bool ysh_parse_integer(const char *s, long *out)
{
	bool neg = *s == '-';
	long v;
	if (!digit_string(s + neg, 1, 15, &v))
		return false;
	*out = neg ? -v : v;
	return true;
}

bool ysh_parse_money(const char *s, int64_t *fen)
{
	const char *p = s;
	int64_t yuan = 0;
	int n = 0;
	while (ascii_digit((unsigned char)*p)) {
		if (++n > 13)
			return false;
		yuan = yuan * 10 + (*p++ - '0');
	}
	if (!n)
		return false;
	int64_t cents = 0;
	if (*p == '.') {
		p++;
		int k = 0;
		while (ascii_digit((unsigned char)*p) && k < 3) {
			cents = cents * 10 + (*p++ - '0');
			k++;
		}
		if (k == 0 || k > 2)
			return false;
		if (k == 1)
			cents *= 10;
	}
	if (*p)
		return false;
	*fen = yuan * 100 + cents;
	return true;
}

int ysh_parse_bool(const char *s)
{
	/* most cells asked are empty (voided of a live record, delegated of
	 * an old row): answered without six string comparisons */
	if (!*s)
		return -1;
	if (!strcmp(s, "是") || !strcasecmp(s, "yes") || !strcasecmp(s, "true"))
		return 1;
	if (!strcmp(s, "否") || !strcasecmp(s, "no") || !strcasecmp(s, "false"))
		return 0;
	return -1;
}

bool ysh_parse_id(const char *s, char prefix, int *year, long *seq)
{
	int y;
	if (s[0] != prefix || !digits(s + 1, 4, &y) || s[5] != '-')
		return false;
	long v;
	if (!digit_string(s + 6, 4, 9, &v))
		return false;
	if (year)
		*year = y;
	if (seq)
		*seq = v;
	return true;
}

bool ysh_phone_valid(const char *s)
{
	size_t n = strlen(s);
	size_t ndig = 0, dash = 0;
	for (size_t i = 0; i < n; i++) {
		if (ascii_digit((unsigned char)s[i]))
			ndig++;
		else if (s[i] == '-' && i > 0 && i + 1 < n)
			dash++;
		else
			return false;
	}
	if (dash == 0 && n == 11)
		return s[0] == '1';
	if (dash == 0)
		return n == 5 || n == 7 || n == 8; /* hotlines and local numbers */
	return dash == 1 && s[0] == '0' && ndig >= 10 && ndig <= 12;
}

/* Digits become '*' except the first `front` and the last `back` of them;
 * whatever else there is (a dash, a plus, spaces) stays as it is. */
static void mask_digits(const char *s, size_t ndig, size_t front, size_t back, char *out, size_t outsz)
{
	size_t k = 0, d = 0;
	for (; *s && k + 1 < outsz; s++) {
		bool digit = ascii_digit((unsigned char)*s);
		out[k++] = digit && d >= front && d < ndig - back ? '*' : *s;
		d += digit;
	}
	out[k] = '\0';
}

static size_t count_digits(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ascii_digit((unsigned char)*s) != 0;
	return n;
}

/* A number of n digits with at least half of them, and at least four (or
 * all, when fewer), hidden in the middle. */
static void mask_middle(const char *s, size_t n, char *out, size_t outsz)
{
	size_t hide = (n + 1) / 2 > 4 ? (n + 1) / 2 : 4;
	size_t keep = hide >= n ? 0 : n - hide;
	mask_digits(s, n, keep / 2, keep - keep / 2, out, outsz);
}

void ysh_mask_phone(const char *s, char *out, size_t outsz)
{
	if (!outsz)
		return;
	size_t n = strlen(s), ndig = count_digits(s);
	const char *dash = strchr(s, '-');
	bool valid = ysh_phone_valid(s);
	if (valid && !dash && n == 11) {
		mask_digits(s, ndig, 3, 4, out, outsz); /* a mobile: 138****5678 */
	} else if (valid && dash) {
		/* a landline: the area code stays, the number is masked */
		size_t area = (size_t)(dash - s) + 1, kept = area < outsz ? area : outsz - 1;
		memcpy(out, s, kept);
		out[kept] = '\0';
		if (area + 1 < outsz)
			mask_middle(s + area, count_digits(s + area), out + area, outsz - area);
	} else {
		mask_middle(s, ndig, out, outsz); /* local numbers, and anything malformed */
	}
}

/* GB 32100-2015: 31 characters (no I, O, S, V, Z); weights are 3^i mod 31. */
static const char credit_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

enum ysh_credit_result ysh_credit_code_check(const char *s, char *expect)
{
	static const int weight[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
	if (strlen(s) != 18)
		return YSH_CREDIT_FORMAT;
	int sum = 0;
	for (int i = 0; i < 18; i++) {
		const char *c = strchr(credit_chars, s[i]);
		if (!c || !s[i])
			return YSH_CREDIT_FORMAT;
		if (i < 17)
			sum += (int)(c - credit_chars) * weight[i];
	}
	int check = (31 - sum % 31) % 31;
	if (s[17] == credit_chars[check])
		return YSH_CREDIT_OK;
	if (expect)
		*expect = credit_chars[check];
	return YSH_CREDIT_CHECK;
}
