#include "ini.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "i18n.h"
#include "util.h"

/* iniparser reports errors through one process-wide callback, into this
 * buffer: loads are serialised (a city's counties load at once, city.c). */
static struct ysh_buf ini_errors;
static pthread_mutex_t ini_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((format(printf, 1, 2))) static int catch_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ysh_buf_vprintf(&ini_errors, fmt, ap);
	va_end(ap);
	return 0;
}

/* iniparser's message is "iniparser: syntax error in F (N):\n-> LINE\n";
 * turn it into one line a clerk can act on. */
static char *tidy_ini_error(const char *path)
{
	const char *s = ysh_buf_str(&ini_errors);
	const char *p = strstr(s, "syntax error in ");
	if (p) {
		const char *open = strrchr(p, '(');
		long line = open ? strtol(open + 1, NULL, 10) : 0;
		const char *text = strstr(p, "-> ");
		size_t tlen = 0;
		if (text) {
			text += 3;
			tlen = strcspn(text, "\n");
		}
		return ysh_xasprintf(_("%s:%ld: syntax error: %.*s"), path, line, (int)tlen,
				     text ? text : "");
	}
	if ((p = strstr(s, "input line too long"))) {
		const char *open = strrchr(p, '(');
		long line = open ? strtol(open + 1, NULL, 10) : 0;
		return ysh_xasprintf(_("%s:%ld: line too long (at most 1024 bytes a line)"), path, line);
	}
	size_t n = strcspn(s, "\n");
	return ysh_xasprintf("%s: %.*s", path, (int)n, s);
}

dictionary *ysh_ini_load(const char *path, char **err)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		*err = ysh_xasprintf("%s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = ysh_xasprintf(_("%s: not a regular file"), path);
		return NULL;
	}
	pthread_mutex_lock(&ini_lock);
	ysh_buf_reset(&ini_errors);
	iniparser_set_error_callback(catch_error);
	dictionary *d = iniparser_load(path);
	iniparser_set_error_callback(NULL);
	if (!d || ini_errors.len) {
		*err = ini_errors.len ? tidy_ini_error(path)
				      : ysh_xasprintf(_("%s: cannot be read"), path);
		if (d)
			iniparser_freedict(d);
		d = NULL;
	}
	ysh_buf_free(&ini_errors);
	pthread_mutex_unlock(&ini_lock);
	return d;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

static size_t ascii_lower_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

size_t ysh_ini_line_of(const char *path, const char *section, const char *key)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	char buf[4096];
	size_t line = 0, found = 0;
	int in_section = section == NULL;
	size_t slen = section ? strlen(section) : 0, klen = strlen(key);
	while (!found && fgets(buf, sizeof(buf), f)) {
		line++;
		char *s = trim(buf);
		if (*s == '[') {
			char *end = strchr(s, ']');
			in_section = end && (size_t)(end - s - 1) == slen && ascii_lower_eq(s + 1, section, slen);
			continue;
		}
		if (!in_section)
			continue;
		char *eq = strchr(s, '=');
		if (!eq)
			continue;
		*eq = '\0';
		char *k = trim(s);
		if (strlen(k) == klen && ascii_lower_eq(k, key, klen))
			found = line;
	}
	fclose(f);
	return found;
}

const char **ysh_ini_keys(dictionary *d, const char *section, size_t *n)
{
	int nk = iniparser_getsecnkeys(d, section);
	if (nk <= 0) {
		*n = 0;
		return NULL;
	}
	const char **keys = ysh_xcalloc((size_t)nk, sizeof(*keys));
	iniparser_getseckeys(d, section, keys);
	size_t skip = strlen(section) + 1;
	for (int i = 0; i < nk; i++)
		keys[i] += skip;
	*n = (size_t)nk;
	return keys;
}
