#define _GNU_SOURCE /* memrchr */
#include "chain.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

static const char CHAIN_MAGIC[] = "ysh-chain 1 blake2b-256\n";

/* libsodium picks its fastest implementations once; calling it again is free. */
static void sodium_ready(void)
{
	if (sodium_init() < 0)
		abort(); /* no usable hash: nothing the chain says could be trusted */
}

void ysh_chain_link(const unsigned char prev[YSH_CHAIN_BYTES], const void *row, size_t n,
		    unsigned char out[YSH_CHAIN_BYTES])
{
	sodium_ready();
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, YSH_CHAIN_BYTES);
	crypto_generichash_update(&st, prev, YSH_CHAIN_BYTES);
	crypto_generichash_update(&st, row, n);
	crypto_generichash_final(&st, out, YSH_CHAIN_BYTES);
}

void ysh_chain_hex(const unsigned char link[YSH_CHAIN_BYTES], char *out)
{
	sodium_bin2hex(out, YSH_CHAIN_HEX + 1, link, YSH_CHAIN_BYTES);
}

static const unsigned char *head_of(const struct ysh_chain *c)
{
	static const unsigned char zero[YSH_CHAIN_BYTES];
	return c->n ? c->v[c->n - 1].link : zero;
}

void ysh_chain_head_hex(const struct ysh_chain *c, char *out)
{
	ysh_chain_hex(head_of(c), out);
}

static struct ysh_chain_entry *push(struct ysh_chain *c)
{
	c->v = ysh_grow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
	return &c->v[c->n++];
}

/* "OFF LEN HEX": offsets increase and rows do not overlap. */
static bool parse_entry(const char *line, const struct ysh_chain *c, struct ysh_chain_entry *e)
{
	char hex[YSH_CHAIN_HEX + 2];
	int used = 0;
	if (sscanf(line, "%" SCNu64 " %" SCNu64 " %65s%n", &e->off, &e->len, hex, &used) != 3 ||
	    line[used] != '\n' || strlen(hex) != YSH_CHAIN_HEX || !e->len)
		return false;
	size_t got;
	if (sodium_hex2bin(e->link, YSH_CHAIN_BYTES, hex, YSH_CHAIN_HEX, NULL, &got, NULL) != 0 ||
	    got != YSH_CHAIN_BYTES)
		return false;
	const struct ysh_chain_entry *last = c->n ? &c->v[c->n - 1] : NULL;
	return !last || e->off >= last->off + last->len;
}

int ysh_chain_load(const char *path, struct ysh_chain *c, char **err)
{
	memset(c, 0, sizeof(*c));
	FILE *f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		*err = ysh_xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	int rc = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] != '\n')
			break; /* cut short by a writer killed while writing it */
		lineno++;
		struct ysh_chain_entry e;
		if (lineno == 1 ? strcmp(line, CHAIN_MAGIC) != 0 : !parse_entry(line, c, &e)) {
			*err = ysh_xasprintf(_("%s:%zu: not a line of a ysh hash chain"), path, lineno);
			rc = -1;
			break;
		}
		if (lineno > 1)
			*push(c) = e;
		c->size += (uint64_t)len;
	}
	free(line);
	fclose(f);
	/* an empty file (a first write that failed) is no chain yet */
	c->present = lineno > 0;
	if (rc != 0)
		ysh_chain_free(c);
	return rc;
}

int ysh_chain_load_tail(const char *path, struct ysh_chain *c, char **err)
{
	enum { TAIL = 8192 }; /* a chain line is under 120 bytes */
	memset(c, 0, sizeof(*c));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : ysh_chain_load(path, c, err);
	struct stat st;
	char buf[TAIL + 1], head[sizeof(CHAIN_MAGIC) - 1];
	size_t k = 0;
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	if (ok) {
		k = (uint64_t)st.st_size < TAIL ? (size_t)st.st_size : TAIL;
		ok = pread(fd, buf, k, st.st_size - (off_t)k) == (ssize_t)k;
	}
	bool whole = ok && k == (size_t)st.st_size;
	ok = ok && pread(fd, head, sizeof(head), 0) == (ssize_t)sizeof(head) && !memcmp(head, CHAIN_MAGIC, sizeof(head));
	close(fd);
	/* the end of the last whole line, and the start of that line */
	char *end = ok ? memrchr(buf, '\n', k) : NULL;
	char *start = end ? memrchr(buf, '\n', (size_t)(end - buf)) : NULL;
	uint64_t size = end ? (uint64_t)st.st_size - k + (uint64_t)(end - buf) + 1 : 0;
	if (!end || (!start && !whole) || size < sizeof(head))
		return ysh_chain_load(path, c, err); /* short, odd or broken: read all of it */
	c->present = true;
	c->size = size;
	if (size == sizeof(head)) /* the magic line alone */
		return 0;
	*++end = '\0';
	struct ysh_chain_entry e;
	if (!parse_entry(start ? start + 1 : buf, c, &e))
		return ysh_chain_load(path, c, err); /* which line: the whole read says */
	*push(c) = e;
	return 0;
}

void ysh_chain_free(struct ysh_chain *c)
{
	free(c->v);
	memset(c, 0, sizeof(*c));
}

void ysh_chain_extend(struct ysh_chain *c, uint64_t base, const char *bytes, const size_t *lens,
		      size_t n, struct ysh_buf *buf)
{
	if (!c->n && !c->present)
		ysh_buf_adds(buf, CHAIN_MAGIC);
	c->present = true;
	uint64_t off = base;
	for (size_t i = 0; i < n; i++) {
		unsigned char prev[YSH_CHAIN_BYTES];
		memcpy(prev, head_of(c), sizeof(prev));
		struct ysh_chain_entry *e = push(c);
		e->off = off;
		e->len = lens[i];
		ysh_chain_link(prev, bytes, lens[i], e->link);
		char hex[YSH_CHAIN_HEX + 1];
		ysh_chain_hex(e->link, hex);
		ysh_buf_printf(buf, "%" PRIu64 " %" PRIu64 " %s\n", e->off, e->len, hex);
		bytes += lens[i];
		off += lens[i];
	}
}

/* Whether entry i still holds the row it was made from. */
static bool entry_holds(const struct ysh_chain *c, size_t i, ysh_chain_read_fn read, void *ctx,
			unsigned char *scratch, size_t size)
{
	static const unsigned char zero[YSH_CHAIN_BYTES];
	const struct ysh_chain_entry *e = &c->v[i];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, YSH_CHAIN_BYTES);
	crypto_generichash_update(&st, i ? c->v[i - 1].link : zero, YSH_CHAIN_BYTES);
	for (uint64_t done = 0; done < e->len;) {
		size_t want = e->len - done < size ? (size_t)(e->len - done) : size;
		size_t got = read(ctx, e->off + done, scratch, want);
		if (got == 0)
			return false; /* past the end: the row is gone */
		crypto_generichash_update(&st, scratch, got);
		done += got;
	}
	unsigned char link[YSH_CHAIN_BYTES];
	crypto_generichash_final(&st, link, YSH_CHAIN_BYTES);
	return sodium_memcmp(link, e->link, YSH_CHAIN_BYTES) == 0;
}

void ysh_chain_verify(const struct ysh_chain *c, ysh_chain_read_fn read, void *ctx, size_t *first_bad,
		      size_t *later_bad)
{
	enum { CHUNK = 64 * 1024 };
	sodium_ready();
	unsigned char *scratch = ysh_xmalloc(CHUNK);
	*first_bad = c->n;
	*later_bad = 0;
	/* each link is judged from the stored previous one, so an edit in place
	 * shows at its own row only; rewriting the chain file to match shows at
	 * the head, which reports have printed (ysh-check --verify-report) */
	for (size_t i = 0; i < c->n; i++) {
		if (entry_holds(c, i, read, ctx, scratch, CHUNK))
			continue;
		if (*first_bad == c->n)
			*first_bad = i;
		else
			(*later_bad)++;
	}
	free(scratch);
}

bool ysh_chain_covers(const struct ysh_chain *c, uint64_t off, size_t *cursor)
{
	while (*cursor < c->n && c->v[*cursor].off < off)
		(*cursor)++;
	return *cursor < c->n && c->v[*cursor].off == off;
}

size_t ysh_chain_read_fd(void *ctx, uint64_t off, void *buf, size_t n)
{
	ssize_t got = pread(*(int *)ctx, buf, n, (off_t)off);
	return got > 0 ? (size_t)got : 0;
}

char *ysh_chain_path(const char *dir, const char *file)
{
	return ysh_xasprintf("%s/.ysh/%s.chain", dir, file);
}
