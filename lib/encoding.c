/*
 * encoding.c - GBK/GB18030 input made UTF-8 (see encoding.h), with iconv.
 */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csvread.h"
#include "i18n.h"

/* How much of the text after the first non-ASCII byte an automatic decoder
 * looks at before it decides: a few lines of Chinese. */
enum { DECIDE_AFTER = 4096 };

struct ysh_decoder {
	enum ysh_encoding as;  /* what the input is read as; AUTO until decided */
	iconv_t cd;            /* for GBK/GB18030, opened when needed */
	struct ysh_buf pend;   /* undecided bytes, or an incomplete character */
	unsigned long long at; /* offset in the input of pend's first byte */
	bool started;
};

static const struct {
	const char *name;
	enum ysh_encoding e;
} names[] = {
	{"utf-8", YSH_ENC_UTF8}, {"utf8", YSH_ENC_UTF8},     {"gbk", YSH_ENC_GBK},
	{"cp936", YSH_ENC_GBK},  {"gb18030", YSH_ENC_GB18030},
};

bool ysh_encoding_parse(const char *name, enum ysh_encoding *out)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i].name)) {
			*out = names[i].e;
			return true;
		}
	return false;
}

const char *ysh_encoding_name(enum ysh_encoding e)
{
	switch (e) {
	case YSH_ENC_GBK: return "GBK";
	case YSH_ENC_GB18030: return "GB18030";
	default: return "UTF-8";
	}
}

bool ysh_codeset_converts(const char *codeset)
{
	static const char *const same[] = {"UTF-8", "UTF8", "ANSI_X3.4-1968", "ASCII", "US-ASCII"};
	if (!codeset || !*codeset)
		return false;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		if (!strcasecmp(codeset, same[i]))
			return false;
	return true;
}

char *ysh_to_utf8(const char *s, const char *codeset)
{
	iconv_t cd = iconv_open("UTF-8", codeset);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t left = strlen(s), room = left * 4 + 1;
	char *out = ysh_xmalloc(room), *o = out;
	char *in = (char *)s;
	bool ok = iconv(cd, &in, &left, &o, &room) != (size_t)-1 &&
		  iconv(cd, NULL, NULL, &o, &room) != (size_t)-1;
	iconv_close(cd);
	if (!ok) {
		free(out);
		return NULL;
	}
	*o = '\0';
	return out;
}

struct ysh_decoder *ysh_decoder_new(enum ysh_encoding e)
{
	struct ysh_decoder *d = ysh_xcalloc(1, sizeof(*d));
	d->as = e;
	d->cd = (iconv_t)-1;
	return d;
}

void ysh_decoder_free(struct ysh_decoder *d)
{
	if (!d)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	ysh_buf_free(&d->pend);
	free(d);
}

enum ysh_encoding ysh_decoder_encoding(const struct ysh_decoder *d)
{
	return d->as;
}

/* p[0..n) (starting at offset `at` of the input) from GBK/GB18030; an
 * incomplete character at the end is kept for the next call. */
static int convert(struct ysh_decoder *d, const char *p, size_t n, unsigned long long at, bool last,
		   struct ysh_buf *out, char **err)
{
	if (d->cd == (iconv_t)-1 && (d->cd = iconv_open("UTF-8", ysh_encoding_name(d->as))) == (iconv_t)-1) {
		*err = ysh_xasprintf(_("cannot convert from %s: %s"), ysh_encoding_name(d->as), strerror(errno));
		return -1;
	}
	char buf[16384];
	char *in = (char *)p;
	size_t left = n;
	while (left) {
		char *o = buf;
		size_t room = sizeof(buf);
		size_t r = iconv(d->cd, &in, &left, &o, &room);
		ysh_buf_add(out, buf, (size_t)(o - buf));
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		size_t done = (size_t)(in - p);
		if (errno == EINVAL && !last) { /* a character cut by the chunk's end */
			if (p == d->pend.p) {
				memmove(d->pend.p, in, left);
				d->pend.len = left;
			} else {
				d->pend.len = 0;
				ysh_buf_add(&d->pend, in, left);
			}
			d->at = at + done;
			return 0;
		}
		*err = ysh_xasprintf(_("byte 0x%02X at offset %llu is not %s text either; give the file's "
				       "encoding with --encoding, or save it as CSV UTF-8"),
				     (unsigned char)*in, at + done, ysh_encoding_name(d->as));
		return -1;
	}
	d->pend.len = 0;
	d->at = at + n;
	return 0;
}

/* Whether undecided bytes read as UTF-8: valid, but for a character cut
 * by the end of what has come so far. */
static bool looks_utf8(const struct ysh_buf *b, bool last)
{
	size_t bad;
	if (ysh_utf8_valid(b->p, b->len, &bad))
		return true;
	return !last && b->len - bad < 4 && (unsigned char)b->p[bad] >= 0xC2;
}

static int decide(struct ysh_decoder *d, bool last, struct ysh_buf *out, char **err)
{
	bool bom = d->at == 0 && d->pend.len >= 3 && !memcmp(d->pend.p, "\xEF\xBB\xBF", 3);
	if (bom || looks_utf8(&d->pend, last)) {
		d->as = YSH_ENC_UTF8;
		ysh_buf_add(out, d->pend.p, d->pend.len);
		d->pend.len = 0;
		return 0;
	}
	d->as = YSH_ENC_GB18030;
	return convert(d, d->pend.p, d->pend.len, d->at, last, out, err);
}

int ysh_decoder_feed(struct ysh_decoder *d, const char *in, size_t n, bool last, struct ysh_buf *out,
		     char **err)
{
	unsigned long long at = d->at + d->pend.len;
	if (!d->started) { /* only the very start can say UTF-16 */
		d->started = true;
		if (n >= 2 && (!memcmp(in, "\xFF\xFE", 2) || !memcmp(in, "\xFE\xFF", 2))) {
			*err = ysh_xstrdup(_("the input is UTF-16 (Excel's \"Unicode text\"); save it as "
					     "CSV UTF-8 or CSV"));
			return -1;
		}
	}
	switch (d->as) {
	case YSH_ENC_UTF8:
		ysh_buf_add(out, in, n);
		d->at += n;
		return 0;
	case YSH_ENC_GBK:
	case YSH_ENC_GB18030:
		if (!d->pend.len)
			return convert(d, in, n, at, last, out, err);
		ysh_buf_add(&d->pend, in, n);
		return convert(d, d->pend.p, d->pend.len, d->at, last, out, err);
	case YSH_ENC_AUTO:
		break;
	}
	if (!d->pend.len) { /* ASCII is the same in every encoding asked about */
		size_t i = 0;
		while (i < n && !((unsigned char)in[i] & 0x80))
			i++;
		ysh_buf_add(out, in, i);
		d->at += i;
		in += i;
		n -= i;
	}
	ysh_buf_add(&d->pend, in, n);
	if (d->pend.len && (d->pend.len >= DECIDE_AFTER || last))
		return decide(d, last, out, err);
	return 0;
}
