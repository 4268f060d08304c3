#define _GNU_SOURCE /* O_NOFOLLOW, realpath with older headers */
#include "safe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "csvread.h"
#include "i18n.h"
#include "ledger.h"
#include "utf8.h"

/* ---- decoding ---- */

/* Controls a terminal acts on, and the invisible marks that reorder what
 * it shows (U+202A..U+202E, U+2066..U+2069). */
static bool is_control(long cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

static bool is_bidi(long cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/* ---- escaping ---- */

bool ysh_char_shown_as_is(long cp)
{
	return !is_control(cp) && !is_bidi(cp);
}

bool ysh_shown_as_is(const char *s, enum ysh_escape_mode mode)
{
	(void)mode; /* both modes change the same characters, only differently */
	const unsigned char *p = (const unsigned char *)s;
	for (size_t n = strlen(s), len; n; p += len, n -= len) {
		if (*p >= 0x20 && *p < 0x7F) { /* the usual cases, without decoding */
			len = 1;
			continue;
		}
		if (n >= 3 && *p != 0xE2 && ysh_utf8_cjk3(p)) { /* E2: where the bidi marks are */
			len = 3;
			continue;
		}
		long cp = ysh_utf8_decode(p, n, &len);
		if (cp < 0 || !ysh_char_shown_as_is(cp))
			return false;
	}
	return true;
}

static void escape_one(struct ysh_buf *out, long cp, enum ysh_escape_mode mode)
{
	if (cp == '\t' || cp == '\r' || cp == '\n') {
		if (mode == YSH_ESC_FLAT)
			ysh_buf_addc(out, ' ');
		else
			ysh_buf_adds(out, cp == '\t' ? "\\t" : cp == '\r' ? "\\r" : "\\n");
	} else if (cp < 0x80) {
		ysh_buf_printf(out, "\\x%02x", (unsigned)cp);
	} else {
		ysh_buf_printf(out, "\\u%04lx", cp);
	}
}

void ysh_escape(struct ysh_buf *out, const char *s, enum ysh_escape_mode mode)
{
	if (ysh_shown_as_is(s, mode)) {
		ysh_buf_adds(out, s);
		return;
	}
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	while (n) {
		size_t len;
		long cp = ysh_utf8_decode(p, n, &len);
		if (cp < 0) {
			ysh_buf_printf(out, "\\x%02x", *p);
			len = 1;
		} else if (is_control(cp) || is_bidi(cp)) {
			escape_one(out, cp, mode);
		} else {
			ysh_buf_add(out, p, len);
		}
		p += len;
		n -= len;
	}
}

char *ysh_escaped(const char *s, enum ysh_escape_mode mode)
{
	struct ysh_buf b = {0};
	ysh_escape(&b, s, mode);
	ysh_buf_str(&b);
	return b.p;
}

/* ---- what a ledger may take ---- */

char *ysh_value_unwritable(const char *v)
{
	size_t n = strlen(v);
	if (n > YSH_CSV_MAX_CELL)
		return ysh_xasprintf(_("is %zu bytes long; a cell holds at most %d"), n, YSH_CSV_MAX_CELL);
	const unsigned char *p = (const unsigned char *)v;
	for (size_t i = 0; i < n;) {
		size_t len;
		long cp = ysh_utf8_decode(p + i, n - i, &len);
		if (cp < 0)
			return ysh_xasprintf(_("is not valid UTF-8 (byte 0x%02X at byte %zu); if it is GBK, "
					       "convert it with: iconv -f GBK -t UTF-8"),
					     p[i], i + 1);
		if (cp == 0xFEFF)
			return ysh_xasprintf(_("holds a byte-order mark (U+FEFF) at byte %zu"), i + 1);
		bool crlf = cp == '\r' && p[i + 1] == '\n';
		if (is_control(cp) && cp != '\t' && cp != '\n' && !crlf)
			return ysh_xasprintf(_("holds the control character U+%04lX at byte %zu; only tab and "
					       "line breaks may be in a cell"),
					     cp, i + 1);
		i += len;
	}
	return NULL;
}

int ysh_row_writable(const struct ysh_schema *s, char *const *cells, size_t line, char **err)
{
	for (size_t c = 0; c < s->ncols; c++) {
		char *why = cells[c] ? ysh_value_unwritable(cells[c]) : NULL;
		if (!why)
			continue;
		const struct ysh_column *col = &s->cols[c];
		if (line)
			*err = ysh_xasprintf(_("<stdin>:%zu: %s (%s) %s; nothing written"), line, col->name,
					     col->title, why);
		else
			*err = ysh_xasprintf(_("%s (%s) %s; nothing written"), col->name, col->title, why);
		free(why);
		return -1;
	}
	return 0;
}

/* ---- the time zone ---- */

/* A zone file (TZif) named by TZ, under $TZDIR or the system's zoneinfo. */
static bool zone_file(const char *name)
{
	if (strstr(name, "..") || !*name)
		return false;
	const char *dir = getenv("TZDIR");
	char *path = name[0] == '/' ? ysh_xstrdup(name)
				    : ysh_xasprintf("%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	free(path);
	if (fd < 0)
		return false;
	struct stat st;
	char magic[4];
	bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read(fd, magic, 4) == 4 &&
		  !memcmp(magic, "TZif", 4);
	close(fd);
	return ok;
}

static size_t span(const char *s, const char *set)
{
	return strspn(s, set);
}

/* POSIX: std offset[dst...], std three letters or more (or <...>), the
 * offset hours with optional minutes and seconds.  What follows the offset
 * (a summer time rule) is left to the C library. */
static bool posix_tz(const char *s)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	size_t n;
	if (*s == '<') {
		n = span(s + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-");
		if (n < 3 || s[1 + n] != '>')
			return false;
		s += n + 2;
	} else {
		n = span(s, alpha);
		if (n < 3)
			return false;
		s += n;
	}
	if (*s == '+' || *s == '-')
		s++;
	n = span(s, "0123456789");
	return n >= 1 && n <= 2;
}

bool ysh_tz_usable(void)
{
	const char *tz = getenv("TZ");
	if (!tz || !*tz)
		return true;
	const char *name = *tz == ':' ? tz + 1 : tz;
	if (!zone_file(name) && !posix_tz(name) && strcmp(name, "UTC") && strcmp(name, "GMT"))
		return false;
	tzset();
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm))
		return false;
	return tm.tm_gmtoff >= -12 * 3600 && tm.tm_gmtoff <= 14 * 3600 && tm.tm_gmtoff % 60 == 0;
}

/* ---- where a report may go ---- */

static bool same_file(const struct stat *a, const char *path)
{
	struct stat b;
	return stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* Refuse a path that names a ledger, ysh.ini or what is under .ysh, by
 * what it is (the same inode: a link) and by where it is (a new path
 * that would be one). */
static int protected_path(const struct ysh_ledgers *L, const char *target, char **err)
{
	struct stat st;
	bool exists = stat(target, &st) == 0;
	char *ini = ysh_xasprintf("%s/ysh.ini", L->dir);
	for (size_t i = 0; exists && i < L->ntables; i++) {
		if (same_file(&st, L->tables[i].path)) {
			*err = ysh_xasprintf(_("%s: is the ledger %s; a report never replaces a ledger"), target,
					     L->tables[i].path);
			free(ini);
			return -1;
		}
	}
	bool is_ini = exists && same_file(&st, ini);
	free(ini);
	if (is_ini) {
		*err = ysh_xasprintf(_("%s: is the directory's ysh.ini; a report never replaces it"), target);
		return -1;
	}

	const char *slash = strrchr(target, '/');
	char *parent = slash ? ysh_xstrndup(target, (size_t)(slash - target + (slash == target))) : ysh_xstrdup(".");
	const char *base = slash ? slash + 1 : target;
	char *rparent = realpath(parent, NULL);
	char *rdir = realpath(L->dir, NULL);
	char *meta = ysh_xasprintf("%s/.ysh", L->dir);
	char *rmeta = realpath(meta, NULL);
	int rc = 0;
	if (rparent && rmeta &&
	    (!strcmp(rparent, rmeta) || (!strncmp(rparent, rmeta, strlen(rmeta)) && rparent[strlen(rmeta)] == '/'))) {
		*err = ysh_xasprintf(_("%s: is under %s, which belongs to ysh-add; write the report elsewhere"),
				     target, meta);
		rc = -1;
	} else if (rparent && rdir && !strcmp(rparent, rdir)) {
		bool taken = !strcmp(base, "ysh.ini") || !strcmp(base, ".ysh");
		for (size_t i = 0; i < L->ntables; i++)
			taken |= !strcmp(base, L->tables[i].schema->file);
		if (taken) {
			*err = ysh_xasprintf(_("%s: is where the ledger directory keeps %s; write the report "
					       "elsewhere"),
					     target, base);
			rc = -1;
		}
	}
	free(parent);
	free(rparent);
	free(rdir);
	free(meta);
	free(rmeta);
	return rc;
}

static const char *kind_of(mode_t m)
{
	if (S_ISFIFO(m))
		return _("a FIFO");
	if (S_ISCHR(m) || S_ISBLK(m))
		return _("a device");
	if (S_ISDIR(m))
		return _("a directory");
	if (S_ISSOCK(m))
		return _("a socket");
	return _("not a regular file");
}

int ysh_output_path(const struct ysh_ledgers *L, const char *path, char **target, char **err)
{
	struct stat st;
	*target = NULL;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT) {
			*err = ysh_xasprintf("%s: %s", path, strerror(errno));
			return -1;
		}
		*target = ysh_xstrdup(path); /* a new path */
	} else if (S_ISLNK(st.st_mode)) {
		/* a link to a report: the report it names is replaced */
		*target = realpath(path, NULL);
		if (!*target || stat(*target, &st) != 0) {
			*err = ysh_xasprintf(_("%s: a symbolic link to nothing; give the report's own path"), path);
			free(*target);
			*target = NULL;
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			*err = ysh_xasprintf(_("%s: a symbolic link to %s; ysh-report writes only a regular file or "
					       "a new path"),
					     path, kind_of(st.st_mode));
			free(*target);
			*target = NULL;
			return -1;
		}
	} else if (!S_ISREG(st.st_mode)) {
		*err = ysh_xasprintf(_("%s: %s; ysh-report writes only a regular file or a new path"), path,
				     kind_of(st.st_mode));
		return -1;
	} else {
		*target = ysh_xstrdup(path);
	}
	if (protected_path(L, *target, err) != 0) {
		free(*target);
		*target = NULL;
		return -1;
	}
	return 0;
}
