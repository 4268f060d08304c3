#include "verify.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chain.h"
#include "i18n.h"

static const char TAG[] = "blake2b:";

struct digest {
	char file[128];
	size_t rows;
	char head[YSH_CHAIN_HEX + 1];
};

static bool name_char(char c)
{
	return c && !strchr(" \t\r\n|,\"{}:[]", c);
}

/* The ledger file and row count written before a head, on the same line or
 * in the same JSON object: "activities.csv  121  blake2b:...". */
static bool digest_at(const char *text, const char *tag, struct digest *d)
{
	const char *start = tag;
	while (start > text && start[-1] != '\n' && start[-1] != '{')
		start--;
	const char *csv = NULL;
	for (const char *p = start; (p = strstr(p, ".csv")) && p < tag; p++)
		csv = p;
	if (!csv)
		return false;
	const char *b = csv;
	while (b > start && name_char(b[-1]))
		b--;
	size_t len = (size_t)(csv + 4 - b);
	if (!len || len >= sizeof(d->file))
		return false;
	memcpy(d->file, b, len);
	d->file[len] = '\0';
	const char *q = csv + 4;
	while (q < tag && !isdigit((unsigned char)*q))
		q++;
	if (q == tag)
		return false;
	d->rows = strtoul(q, NULL, 10);
	const char *h = tag + strlen(TAG);
	for (size_t i = 0; i < YSH_CHAIN_HEX; i++)
		if (!isxdigit((unsigned char)h[i]))
			return false;
	memcpy(d->head, h, YSH_CHAIN_HEX);
	d->head[YSH_CHAIN_HEX] = '\0';
	return true;
}

/* The physical line of a byte: what findings and editors count. */
static size_t line_of(int fd, uint64_t off)
{
	char buf[8192];
	size_t line = 1;
	for (uint64_t at = 0; at < off;) {
		size_t want = off - at < sizeof(buf) ? (size_t)(off - at) : sizeof(buf);
		size_t got = ysh_chain_read_fd(&fd, at, buf, want);
		if (!got)
			break;
		for (size_t i = 0; i < got; i++)
			line += buf[i] == '\n';
		at += got;
	}
	return line;
}

/* Whether the ledger file ends before the chained row e does. */
static bool cut_before(int fd, const struct ysh_chain_entry *e)
{
	struct stat st;
	return fstat(fd, &st) == 0 && (uint64_t)st.st_size < e->off + e->len;
}

/* 0 when the ledger still holds what the report counted, 1 when not. */
static int judge(const struct ysh_table *t, const struct digest *d, struct ysh_buf *out)
{
	const struct ysh_chain *c = &t->chain;
	if (d->rows > c->n) {
		ysh_buf_printf(out, _("%s: the report counted %zu chained rows, the chain now lists %zu: rows were removed\n"),
			       t->path, d->rows, c->n);
		return 1;
	}
	int fd = open(t->path, O_RDONLY | O_CLOEXEC);
	struct ysh_chain prefix = {.v = c->v, .n = d->rows};
	size_t bad = d->rows, later = 0;
	if (fd >= 0)
		ysh_chain_verify(&prefix, ysh_chain_read_fd, &fd, &bad, &later);
	char hex[YSH_CHAIN_HEX + 1];
	ysh_chain_head_hex(&prefix, hex);
	int rc = 0;
	if (fd < 0) {
		ysh_buf_printf(out, _("%s: cannot be read\n"), t->path);
		rc = 1;
	} else if (bad < d->rows && cut_before(fd, &c->v[bad])) {
		/* a truncated ledger is the commonest loss: say so, not "differs" */
		ysh_buf_printf(out, _("%s: differs from the report: the ledger was cut short; it ends before "
				      "the %zu rows the report counted (%zu are left)\n"),
			       t->path, d->rows, bad);
		rc = 1;
	} else if (bad < d->rows) {
		ysh_buf_printf(out, _("%s:%zu: differs from the report: the row recorded here is not what was recorded\n"),
			       t->path, line_of(fd, c->v[bad].off));
		rc = 1;
	} else if (strcmp(hex, d->head)) {
		ysh_buf_printf(out, _("%s: differs from the report: its chain no longer leads to the report's head "
				      "(the chain was rewritten)\n"),
			       t->path);
		rc = 1;
	} else {
		ysh_buf_printf(out, _("%s: still holds the %zu rows the report was made from (now %zu)\n"), t->path,
			       d->rows, c->n);
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

int ysh_verify_report(struct ysh_ledgers *L, const char *text, size_t n, struct ysh_buf *out)
{
	char *s = ysh_xstrndup(text, n);
	int found = 0, differ = 0;
	for (const char *p = s; (p = strstr(p, TAG)); p += strlen(TAG)) {
		struct digest d;
		if (!digest_at(s, p, &d))
			continue;
		found++;
		const struct ysh_table *t = NULL;
		for (size_t i = 0; i < L->ntables && !t; i++)
			if (!strcmp(L->tables[i].schema->file, d.file))
				t = &L->tables[i];
		if (!t) {
			ysh_buf_printf(out, _("%s: not a ledger of this directory\n"), d.file);
			differ++;
			continue;
		}
		differ += judge(t, &d, out);
	}
	free(s);
	return found ? differ : -1;
}
