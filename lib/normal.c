/*
 * normal.c - input normalisation: one normaliser per field type (see
 * normal.h).  A normaliser rewrites the forms it knows into the canonical
 * one and leaves anything else for the rules to refuse, so that a refusal
 * always quotes what was typed (trimmed) and says what is expected.
 */
#include "normal.h"

#include <ctype.h>
#include <string.h>

#include "utf8.h"
#include "value.h"

/* Bytes of the blank (space, tab, U+3000 ideographic space, U+00A0 no-break
 * space that Excel leaves in pasted cells) starting at s, or 0. */
static size_t blank_at(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	if (!strncmp(s, "\xE3\x80\x80", 3))
		return 3;
	if (!strncmp(s, "\xC2\xA0", 2))
		return 2;
	return 0;
}

/* Bytes of the blank that ends s[0..n), or 0. */
static size_t blank_before(const char *s, size_t n)
{
	if (n >= 1 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		return 1;
	if (n >= 3 && !strncmp(s + n - 3, "\xE3\x80\x80", 3))
		return 3;
	if (n >= 2 && !strncmp(s + n - 2, "\xC2\xA0", 2))
		return 2;
	return 0;
}

static void trim_into(const char *s, struct ysh_buf *out)
{
	size_t k, n;
	while ((k = blank_at(s)))
		s += k;
	n = strlen(s);
	while ((k = blank_before(s, n)))
		n -= k;
	ysh_buf_reset(out);
	ysh_buf_add(out, s, n);
	ysh_buf_str(out);
}

/* Full-width ASCII (U+FF01..U+FF5E) and U+3000 become ASCII, in place: each
 * is three bytes in UTF-8 and becomes one, so the text only shrinks. */
static void fold_width(struct ysh_buf *b)
{
	const unsigned char *s = (const unsigned char *)b->p;
	size_t r = 0, w = 0;
	while (r < b->len) {
		size_t len = 1;
		long cp = s[r] < 0x80 ? s[r] : ysh_utf8_decode(s + r, b->len - r, &len);
		if (cp >= 0xFF01 && cp <= 0xFF5E)
			b->p[w++] = (char)(cp - 0xFEE0);
		else if (cp == 0x3000)
			b->p[w++] = ' ';
		else
			memmove(b->p + w, s + r, len), w += len;
		r += len;
	}
	b->len = w;
	ysh_buf_str(b);
}

/* 1 to max digits at *s as a number; advances *s. */
static bool take_number(const char **s, int max, int *out)
{
	int v = 0, n = 0;
	while (isdigit((unsigned char)**s) && n < max) {
		v = v * 10 + (*(*s)++ - '0');
		n++;
	}
	*out = v;
	return n > 0 && !isdigit((unsigned char)**s);
}

static bool take(const char **s, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(*s, word, n))
		return false;
	*s += n;
	return true;
}

/*
 * The date at the start of s in one of the forms clerks write: 2026-11-03,
 * 2026-11-3, 2026/11/3, 2026.11.3, 2026年11月3日 (or 号, or without it) and
 * 20261103; *end is what follows it.
 */
static bool date_prefix(const char *s, ysh_day *day, const char **end)
{
	int y, m, d;
	const char *p = s;
	if (strspn(s, "0123456789") == 8) { /* YYYYMMDD */
		y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		m = (s[4] - '0') * 10 + (s[5] - '0');
		d = (s[6] - '0') * 10 + (s[7] - '0');
		p = s + 8;
	} else {
		if (strspn(s, "0123456789") != 4 || !take_number(&p, 4, &y))
			return false;
		if (take(&p, "年")) {
			if (!take_number(&p, 2, &m) || !take(&p, "月") || !take_number(&p, 2, &d))
				return false;
			if (!take(&p, "日"))
				take(&p, "号");
		} else {
			char sep = *p;
			if (sep != '-' && sep != '/' && sep != '.')
				return false;
			p++;
			if (!take_number(&p, 2, &m) || *p++ != sep || !take_number(&p, 2, &d))
				return false;
		}
	}
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > ysh_days_in_month(y, m))
		return false;
	*day = ysh_make_day(y, m, d);
	*end = p;
	return true;
}

static bool norm_date(struct ysh_buf *b)
{
	ysh_day d;
	const char *end;
	if (!date_prefix(b->p, &d, &end) || *end)
		return false;
	char out[11];
	ysh_format_date(d, out);
	ysh_buf_reset(b);
	ysh_buf_adds(b, out);
	ysh_buf_str(b);
	return true;
}

/* A timestamp's date part in any of the date forms, then 'T' (or the space
 * Excel writes) and the time as ISO 8601 has it. */
static bool norm_timestamp(struct ysh_buf *b)
{
	ysh_day d;
	const char *end;
	if (!date_prefix(b->p, &d, &end) || (*end != 'T' && *end != ' '))
		return ysh_parse_timestamp(b->p, &d);
	char out[11], rest[48];
	if (strlen(end + 1) >= sizeof(rest))
		return false; /* no time of day is that long */
	ysh_format_date(d, out);
	memcpy(rest, end + 1, strlen(end + 1) + 1);
	ysh_buf_reset(b);
	ysh_buf_printf(b, "%sT%s", out, rest);
	return ysh_parse_timestamp(b->p, &d);
}

/* Thousands separators out of the whole part: 1,000,000.50 -> 1000000.50;
 * a comma anywhere else (1,00 or 10,00,000) leaves the text as it is. */
static bool drop_grouping(struct ysh_buf *b)
{
	const char *dot = strchr(b->p, '.');
	size_t whole = dot ? (size_t)(dot - b->p) : b->len;
	const char *first = memchr(b->p, ',', whole);
	if (!first)
		return true;
	size_t lead = (size_t)(first - b->p);
	if (lead < 1 || lead > 3)
		return false;
	for (size_t i = lead; i < whole; i += 4)
		if (b->p[i] != ',' || i + 4 > whole || strspn(b->p + i + 1, "0123456789") < 3)
			return false;
	size_t w = 0;
	for (size_t r = 0; r < b->len; r++)
		if (r >= whole || b->p[r] != ',')
			b->p[w++] = b->p[r];
	b->len = w;
	ysh_buf_str(b);
	return true;
}

/* Cuts `word` (and blanks next to it) from the start or the end of b. */
static void cut_prefix(struct ysh_buf *b, const char *word)
{
	size_t n = strlen(word);
	if (b->len < n || strncmp(b->p, word, n))
		return;
	while (b->p[n] == ' ')
		n++;
	memmove(b->p, b->p + n, b->len - n);
	b->len -= n;
	ysh_buf_str(b);
}

static void cut_suffix(struct ysh_buf *b, const char *word)
{
	size_t n = strlen(word);
	if (b->len < n || strcmp(b->p + b->len - n, word))
		return;
	b->len -= n;
	while (b->len && b->p[b->len - 1] == ' ')
		b->len--;
	ysh_buf_str(b);
}

/* ￥1,000.50, ¥1000, 1000元, 1,000 */
static bool norm_money(struct ysh_buf *b)
{
	int64_t fen;
	cut_prefix(b, "\xEF\xBF\xA5"); /* U+FFE5 full-width yen sign */
	cut_prefix(b, "\xC2\xA5");     /* U+00A5 */
	cut_suffix(b, "元");
	return drop_grouping(b) && ysh_parse_money(b->p, &fen);
}

static bool norm_integer(struct ysh_buf *b)
{
	long n;
	return drop_grouping(b) && ysh_parse_integer(b->p, &n);
}

/* A number's groups (spaces, dashes, brackets around an area code) joined:
 * a mobile as 11 digits, a landline as area code-number, the area code being
 * the first group when there are groups, else 0[12]x or 0xxx. */
static bool norm_phone(struct ysh_buf *b)
{
	char digits[32], first[32];
	size_t nd = 0, nfirst = 0, groups = 0;
	bool in_group = false;
	const char *s = b->p;
	if (!strncmp(s, "+86", 3))
		s += 3;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s)) {
			if (nd + 1 >= sizeof(digits))
				return false;
			groups += !in_group;
			in_group = true;
			digits[nd++] = *s;
			if (groups == 1)
				first[nfirst++] = *s;
		} else if (strchr(" -()", *s)) {
			in_group = false;
		} else {
			return false;
		}
	}
	digits[nd] = first[nfirst] = '\0';
	size_t area = 0;
	if (nd == 11 && digits[0] == '1')
		area = 0;
	else if (digits[0] == '0' && groups > 1 && nfirst >= 3 && nfirst <= 4 && nfirst < nd)
		area = nfirst;
	else if (digits[0] == '0' && groups == 1 && nd >= 10 && nd <= 12)
		area = digits[1] == '1' || digits[1] == '2' ? 3 : 4;
	ysh_buf_reset(b);
	if (area) {
		ysh_buf_add(b, digits, area);
		ysh_buf_addc(b, '-');
	}
	ysh_buf_adds(b, digits + area);
	ysh_buf_str(b);
	return ysh_phone_valid(b->p);
}

/* Ids and credit codes are written in capitals (a2026-0001, a credit code
 * typed in lower case). */
static bool norm_upper(struct ysh_buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		b->p[i] = (char)toupper((unsigned char)b->p[i]);
	return true;
}

static bool norm_none(struct ysh_buf *b)
{
	(void)b;
	return true;
}

/* Per type: whether full-width forms fold to ASCII (not in free text, whose
 * punctuation is the writer's, nor in unit names), and the type's own forms. */
static const struct {
	bool fold;
	bool (*fn)(struct ysh_buf *b);
} normalisers[] = {
	[YSH_T_TEXT] = {false, norm_none},
	[YSH_T_DATE] = {true, norm_date},
	[YSH_T_TIMESTAMP] = {true, norm_timestamp},
	[YSH_T_INTEGER] = {true, norm_integer},
	[YSH_T_MONEY] = {true, norm_money},
	[YSH_T_BOOL] = {true, norm_none},
	[YSH_T_ID] = {true, norm_upper},
	[YSH_T_REF] = {true, norm_upper},
	[YSH_T_PHONE] = {true, norm_phone},
	[YSH_T_CREDIT] = {true, norm_upper},
	[YSH_T_UNIT] = {false, norm_none},
};

/* The value trimmed, and folded when its type folds. */
static void trim_fold(bool fold, const char *in, struct ysh_buf *out)
{
	trim_into(in, out);
	if (!fold)
		return;
	fold_width(out);
	/* a folded U+3000 is a space now; the trimmed text starts at p */
	size_t a = 0, n = out->len;
	while (a < n && out->p[a] == ' ')
		a++;
	while (n > a && out->p[n - 1] == ' ')
		n--;
	memmove(out->p, out->p + a, n - a);
	out->len = n - a;
	ysh_buf_str(out);
}

bool ysh_normalise(enum ysh_type type, const char *in, struct ysh_buf *out)
{
	bool known = (size_t)type < sizeof(normalisers) / sizeof(normalisers[0]) && normalisers[type].fn;
	bool fold = known && normalisers[type].fold;
	trim_fold(fold, in, out);
	if (!known || !out->len || normalisers[type].fn(out))
		return true;
	/* a normaliser that gives up leaves the text as typed, for the rules */
	trim_fold(fold, in, out);
	return false;
}
