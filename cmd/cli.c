#include "cli.h"

#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

#ifndef YSH_VERSION
#define YSH_VERSION "0.0.0"
#endif
#ifndef YSH_LOCALEDIR
#define YSH_LOCALEDIR "/usr/local/share/locale"
#endif

static const char *progname = "ysh";

/*
 * Where the message catalogues are: $YSH_LOCALE_DIR (the tests), else
 * share/locale beside the running binary's bin/ when it is there, else the
 * compiled-in directory.  The build compiles the catalogues into the build
 * tree's share/locale, so a command run uninstalled speaks the catalogue of
 * its own sources, not whatever an older installation left; installed, the
 * relative directory is the compiled-in one (LOCALEDIR is DATADIR/locale).
 */
static const char *locale_dir(char *buf, size_t size)
{
	const char *env = getenv("YSH_LOCALE_DIR");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return YSH_LOCALEDIR;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return YSH_LOCALEDIR;
	*slash = '\0';
	struct stat st;
	if ((size_t)snprintf(buf, size, "%s/../share/locale", exe) >= size || stat(buf, &st) != 0 ||
	    !S_ISDIR(st.st_mode))
		return YSH_LOCALEDIR;
	return buf;
}

void ysh_cli_init(const char *argv0)
{
	const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
	if (argv0)
		progname = slash ? slash + 1 : argv0;
	setlocale(LC_ALL, "");
	char buf[PATH_MAX + 32];
	bindtextdomain(YSH_TEXTDOMAIN, locale_dir(buf, sizeof(buf)));
	bind_textdomain_codeset(YSH_TEXTDOMAIN, "UTF-8");
}

const char *ysh_progname(void)
{
	return progname;
}

const char *ysh_ledger_dir(const char *opt)
{
	if (opt)
		return opt;
	const char *env = getenv("YSH_DIR");
	return env && *env ? env : ".";
}

static void vwarn(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
}

void ysh_warnx(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void ysh_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, _(" (try '%s --help')\n"), progname);
	exit(YSH_EXIT_USAGE);
}

void ysh_print_version(void)
{
	printf("%s (ysh) %s\n", progname, YSH_VERSION);
}

ysh_day ysh_cli_today(const char *arg)
{
	ysh_day d;
	if (!ysh_parse_date(arg, &d))
		ysh_usage_error(_("--today '%s' is not a date YYYY-MM-DD"), arg);
	return d;
}

int ysh_cli_month(const char *opt, const char *arg)
{
	int m;
	if (!ysh_parse_month(arg, &m))
		ysh_usage_error(_("%s '%s' is not a month YYYY-MM"), opt, arg);
	return m;
}
