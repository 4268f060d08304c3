#include "cli.h"

#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "append.h"
#include "i18n.h"
#include "safe.h"

#ifndef YSH_VERSION
#define YSH_VERSION "0.0.0"
#endif
#ifndef YSH_LOCALEDIR
#define YSH_LOCALEDIR "/usr/local/share/locale"
#endif

static const char *progname = "ysh";
static bool stdout_closed;

/* A command started with standard input, output or error closed would
 * have the first file it opens (a ledger) take that descriptor, and its
 * output written into it: they are opened on /dev/null first. */
static void open_standard_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", fd ? O_WRONLY : O_RDONLY) == fd && fd == 1)
			stdout_closed = true;
	}
}

static void print_notice(const char *msg)
{
	ysh_warnx(_("warning: %s"), msg);
}

/* A TZ that names no time zone (or one whose offset no timestamp can
 * carry) would make dates and recorded_at wrong or invalid: UTC instead. */
static void check_time_zone(void)
{
	if (ysh_tz_usable())
		return;
	ysh_warnx(_("warning: TZ='%s' is not a time zone ysh can use; dates and times are in UTC"),
		  getenv("TZ"));
	setenv("TZ", "UTC0", 1);
	tzset();
}

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
	open_standard_fds();
	setlocale(LC_ALL, "");
	char buf[PATH_MAX + 32];
	bindtextdomain(YSH_TEXTDOMAIN, locale_dir(buf, sizeof(buf)));
	bind_textdomain_codeset(YSH_TEXTDOMAIN, "UTF-8");
	ysh_set_notice(print_notice);
	check_time_zone();
}

int ysh_cli_flush_stdout(void)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		return errno ? errno : EIO;
	return stdout_closed ? EBADF : 0;
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

/* Messages quote what users typed and ledgers hold: shown, never sent to
 * the terminal as control sequences (safe.h). */
static void vwarn(const char *fmt, va_list ap)
{
	struct ysh_buf b = {0};
	ysh_buf_vprintf(&b, fmt, ap);
	char *shown = ysh_escaped(ysh_buf_str(&b), YSH_ESC_ALL);
	fprintf(stderr, "%s: %s", progname, shown);
	free(shown);
	ysh_buf_free(&b);
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

static const char **dirs;
static size_t ndirs;

static void free_dirs(void)
{
	free(dirs);
}

void ysh_cli_add_dir(const char *dir)
{
	if (!dirs)
		atexit(free_dirs);
	dirs = ysh_xrealloc(dirs, (ndirs + 1) * sizeof(*dirs));
	dirs[ndirs++] = dir;
}

const char *const *ysh_cli_dirs(size_t *n)
{
	*n = ndirs;
	return dirs;
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

int ysh_cli_write_output(struct ysh_ledgers *L, const char *path,
			 int (*render)(void *ctx, FILE *out, char **err), void *ctx)
{
	char *buf = NULL, *err = NULL, *target = NULL;
	size_t len = 0;
	if (ysh_output_path(L, path, &target, &err) != 0) {
		ysh_warnx("%s", err);
		free(err);
		return YSH_EXIT_USAGE;
	}
	FILE *mem = open_memstream(&buf, &len);
	if (!mem) {
		ysh_warnx("%s: %s", path, strerror(errno));
		free(target);
		return YSH_EXIT_USAGE;
	}
	int rc = render(ctx, mem, &err);
	fclose(mem);
	if (rc == 0)
		rc = ysh_replace_file(target, buf, len, &err);
	if (rc != 0)
		ysh_warnx("%s", err);
	free(err);
	free(buf);
	free(target);
	return rc == 0 ? YSH_EXIT_OK : YSH_EXIT_USAGE;
}
