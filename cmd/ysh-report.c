/*
 * ysh-report - the monthly reports: the units' report due on the 20th, the
 * lead offices' summary due on the 22nd, and the inspection filings.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "append.h"
#include "city.h"
#include "report.h"
#include "rules.h"
#include "safe.h"

static void usage(void)
{
	printf(_("Usage: %s [OPTION]... unit|summary|filings|complaints|roster|tasks|campaign\n"
		 "Write a monthly report of the ledger directory.\n"
		 "  unit      the units' report due on the 20th (activities, 问题清单, 需求清单,\n"
		 "            解决措施清单), grouped by lead office\n"
		 "  summary   the lead offices' summary due on the 22nd, with the county's totals\n"
		 "  filings   enterprise inspections filed, on time, approved; lenient outcomes\n"
		 "  complaints  complaints and 12345 work orders: by channel, unit and category,\n"
		 "            replied on time, closed, open, 调处满意率\n"
		 "  roster    the units ranked by work orders of the month, and the next\n"
		 "            month's 处投诉 units (a month only)\n"
		 "  tasks     the tasks' progress bulletin (进展通报): per lead unit, due, done on\n"
		 "            time or late, overdue; the overdue tasks and those done\n"
		 "  campaign  the campaign by phase and by line, the quarter's survey and the\n"
		 "            month's typical cases\n"
		 "\n"
		 "  -C, --directory=DIR  the ledger directory (default: $YSH_DIR, else .);\n"
		 "                       repeated, with summary: the city's summary, a row per\n"
		 "                       county and the city's total (counties read in parallel)\n"
		 "      --month=YYYY-MM  the period (default: the last that has ended, so that\n"
		 "                       scheduled runs cover every record once: the previous\n"
		 "                       month, or with [reports] period_end_day = D the\n"
		 "                       period from the (D+1)th to the Dth)\n"
		 "      --quarter=YYYYQN, --year=YYYY\n"
		 "      --from=DATE, --to=DATE  any range instead (DATE: YYYY-MM-DD, or YYYY-MM for\n"
		 "                       its first or last day); --to alone: since the first\n"
		 "                       record; --from alone: up to today\n"
		 "      --print-period   print the period's label, first and last day; write nothing\n"
		 "      --today=DATE     today, for reproducible runs (YYYY-MM-DD)\n"
		 "      --format=FMT     text (default), csv, json, md or xlsx (Excel, to print:\n"
		 "                       needs -o or --split)\n"
		 "      --bom            csv: start with a byte-order mark (Excel, WPS)\n"
		 "  -o, --output=FILE    write to FILE (atomically: a reader never sees half);\n"
		 "                       a regular file or a new path, not a ledger's files\n"
		 "      --split=DIR      one file per unit (unit report) or lead office (summary)\n"
		 "                       in the directory DIR: unit-UNIT.xlsx, summary-OFFICE.xlsx\n"
		 "      --unit=UNIT      unit report: only this unit\n"
		 "      --by-line        unit report: the problems by campaign line ([lines])\n"
		 "      --lead=OFFICE    summary: only this lead office\n"
		 "      --help, --version\n"
		 "\n"
		 "A report on ledgers with errors says so in itself (ledger_errors in json).\n"
		 "Exit status: 0 written, 2 usage, configuration or I/O problem.\n"
		 "See ysh-report(1).\n"),
	       ysh_progname());
}

enum { OPT_MONTH = 256, OPT_FROM, OPT_TO, OPT_QUARTER, OPT_YEAR, OPT_PRINT_PERIOD, OPT_TODAY, OPT_FORMAT, OPT_BOM, OPT_UNIT, OPT_LEAD, OPT_SPLIT, OPT_BY_LINE, OPT_HELP, OPT_VERSION };

static const struct option options[] = {
	{"directory", required_argument, NULL, 'C'},
	{"month", required_argument, NULL, OPT_MONTH},
	{"from", required_argument, NULL, OPT_FROM},
	{"to", required_argument, NULL, OPT_TO},
	{"quarter", required_argument, NULL, OPT_QUARTER},
	{"year", required_argument, NULL, OPT_YEAR},
	{"print-period", no_argument, NULL, OPT_PRINT_PERIOD},
	{"today", required_argument, NULL, OPT_TODAY},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"bom", no_argument, NULL, OPT_BOM},
	{"output", required_argument, NULL, 'o'},
	{"unit", required_argument, NULL, OPT_UNIT},
	{"lead", required_argument, NULL, OPT_LEAD},
	{"split", required_argument, NULL, OPT_SPLIT},
	{"by-line", no_argument, NULL, OPT_BY_LINE},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

struct args {
	const char *const *dirs; /* -C, each time given (cli.h) */
	size_t ndirs;
	const char *output, *split;
	bool has_month, print_period;
	int ranges;     /* --month, --from/--to, --quarter, --year given: one at most */
	char label[16]; /* 2026Q3, 2026 */
	struct ysh_report_opts r;
	struct ysh_check_opts check;
};

static enum ysh_format parse_format(const char *s)
{
	static const struct {
		const char *name;
		enum ysh_format f;
	} names[] = {{"text", YSH_FMT_TEXT}, {"csv", YSH_FMT_CSV}, {"json", YSH_FMT_JSON}, {"md", YSH_FMT_MD},
		     {"xlsx", YSH_FMT_XLSX}};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i].name))
			return names[i].f;
	ysh_usage_error(_("--format '%s': use text, csv, json, md or xlsx"), s);
}

/* YYYY-MM-DD, or YYYY-MM: its first day (a range's start) or last (its end). */
static ysh_day day_arg(const char *opt, const char *arg, bool end)
{
	ysh_day d;
	int m;
	if (ysh_parse_date(arg, &d))
		return d;
	if (!ysh_parse_month(arg, &m))
		ysh_usage_error(_("%s '%s' is not a date YYYY-MM-DD or a month YYYY-MM"), opt, arg);
	return end ? ysh_month_last(m) : ysh_month_first(m);
}

/* --quarter 2026Q3 (or 2026-Q3), --year 2026: calendar quarters and years
 * (季考核, 年度考核). */
static void span_arg(struct args *a, bool quarter, const char *arg)
{
	int y, q = 1, n = 0;
	bool ok = quarter ? (sscanf(arg, "%4d-Q%1d%n", &y, &q, &n) == 2 || sscanf(arg, "%4dQ%1d%n", &y, &q, &n) == 2)
			  : sscanf(arg, "%4d%n", &y, &n) == 1;
	if (!ok || arg[n] || y < 1900 || q < 1 || q > 4)
		ysh_usage_error(quarter ? _("--quarter '%s' is not a quarter like 2026Q3")
					: _("--year '%s' is not a year like 2026"), arg);
	int first = y * 12 + (quarter ? (q - 1) * 3 : 0);
	a->r.from = ysh_month_first(first);
	a->r.to = ysh_month_last(first + (quarter ? 2 : 11));
	if (quarter)
		snprintf(a->label, sizeof(a->label), "%dQ%d", y, q);
	else
		snprintf(a->label, sizeof(a->label), "%d", y);
	a->r.label = a->label;
	a->ranges++;
}

/* Several -C: the city's summary, and nothing that is one county's (a
 * unit, a lead office, the files of --split). */
static void city_args(struct args *a, const char *kind)
{
	if (strcmp(kind, "summary"))
		ysh_usage_error(_("several -C make the city's summary: the %s report is each county's own (give one -C)"),
				 kind);
	if (a->r.lead || a->r.unit || a->split)
		ysh_usage_error(_("%s is one county's: give one -C"),
				 a->split ? "--split" : a->r.lead ? "--lead" : "--unit");
}

static void parse_args(int argc, char **argv, struct args *a)
{
	bool from = false, to = false;
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:o:", options, NULL)) != -1) {
		switch (c) {
		case 'C': ysh_cli_add_dir(optarg); break;
		case 'o': a->output = optarg; break;
		case OPT_MONTH: a->r.month = ysh_cli_month("--month", optarg); a->has_month = true; a->ranges++; break;
		case OPT_FROM: a->r.from = day_arg("--from", optarg, false); from = true; break;
		case OPT_TO: a->r.to = day_arg("--to", optarg, true); to = true; break;
		case OPT_QUARTER: span_arg(a, true, optarg); break;
		case OPT_YEAR: span_arg(a, false, optarg); break;
		case OPT_PRINT_PERIOD: a->print_period = true; break;
		case OPT_TODAY: a->check.today = ysh_cli_today(optarg); break;
		case OPT_FORMAT: a->r.format = parse_format(optarg); break;
		case OPT_BOM: a->r.bom = true; break;
		case OPT_UNIT: a->r.unit = optarg; break;
		case OPT_LEAD: a->r.lead = optarg; break;
		case OPT_SPLIT: a->split = optarg; break;
		case OPT_BY_LINE: a->r.by_line = true; break;
		case OPT_HELP: usage(); exit(YSH_EXIT_OK);
		case OPT_VERSION: ysh_print_version(); exit(YSH_EXIT_OK);
		case ':': ysh_usage_error(_("option '%s' needs a value"), argv[optind - 1]);
		default: ysh_usage_error(_("unknown option '%s'"), argv[optind - 1]);
		}
	}
	a->dirs = ysh_cli_dirs(&a->ndirs);
	a->ranges += from || to;
	if (a->ranges > 1)
		ysh_usage_error(_("--month, --from/--to, --quarter and --year each choose the period: give one"));
	if (from && !to)
		a->r.to = a->check.today; /* 截至目前: up to today */
	if (from && a->r.from > a->r.to)
		ysh_usage_error(_("--from is after --to"));
	if (a->print_period && optind == argc)
		return;
	if (optind + 1 == argc && a->ndirs > 1)
		city_args(a, argv[optind]);
	if (optind + 1 != argc)
		ysh_usage_error(_("which report? unit, summary, filings, complaints, roster, tasks or campaign"));
	static const char *const kinds[] = {[YSH_REPORT_UNIT] = "unit", [YSH_REPORT_SUMMARY] = "summary",
		[YSH_REPORT_FILINGS] = "filings", [YSH_REPORT_COMPLAINTS] = "complaints", [YSH_REPORT_ROSTER] = "roster",
		[YSH_REPORT_TASKS] = "tasks", [YSH_REPORT_CAMPAIGN] = "campaign"};
	const char *k = argv[optind];
	size_t i = 0;
	while (i < sizeof(kinds) / sizeof(kinds[0]) && strcmp(k, kinds[i]))
		i++;
	if (i == sizeof(kinds) / sizeof(kinds[0]))
		ysh_usage_error(_("unknown report '%s' (unit, summary, filings, complaints, roster, tasks or campaign)"), k);
	a->r.kind = (enum ysh_report_kind)i;
	/* a roster is a month's: next month's units come from this month's orders */
	if (a->r.kind == YSH_REPORT_ROSTER && a->ranges && !a->has_month)
		ysh_usage_error(_("roster is made for one month: give --month, not a range"));
	if (a->r.bom && a->r.format != YSH_FMT_CSV)
		ysh_usage_error(_("--bom goes with --format csv"));
	if (a->r.by_line && a->r.kind != YSH_REPORT_UNIT)
		ysh_usage_error(_("--by-line goes with the unit report"));
	/* the summary and the filings are the county's and the lead offices':
	 * a unit's own figures are its unit report */
	if (a->r.unit && a->r.kind != YSH_REPORT_UNIT)
		ysh_usage_error(_("--unit chooses a unit of the unit report (ysh-report unit --unit UNIT); "
				  "the %s report is the county's, by lead office (--lead)"), k);
	if (a->r.lead && a->r.kind != YSH_REPORT_SUMMARY)
		ysh_usage_error(_("--lead chooses a lead office of the summary (ysh-report summary --lead OFFICE)"));
	if (a->split && a->output)
		ysh_usage_error(_("--split writes the files into its directory: no -o with it"));
	if (a->split && a->r.kind == YSH_REPORT_FILINGS)
		ysh_usage_error(_("--split goes with the unit report (a file per unit) or the summary (per lead office)"));
	if (a->r.format == YSH_FMT_XLSX && !a->output && !a->split)
		ysh_usage_error(_("--format xlsx needs -o FILE.xlsx or --split DIR: a workbook is not written to a terminal"));
}

/* A period that has not begun has nothing to report yet: a typo (2062 for
 * 2026), not a report of zeros to send up the chain.  Whether it has not,
 * its first day and today in from and today. */
static bool future_period(const struct ysh_config *cfg, const struct args *a, char from[11], char today[11])
{
	ysh_day first = a->r.from;
	ysh_day last;
	if (!a->r.to)
		ysh_config_period(cfg, a->r.month, &first, &last);
	if (!first || first <= a->check.today)
		return false;
	ysh_format_date(first, from);
	ysh_format_date(a->check.today, today);
	return true;
}

#define FUTURE_MSG _("the period chosen begins on %s, after today (%s): nothing has happened in it yet")

static void refuse_future(struct ysh_ledgers *L, const struct args *a)
{
	char from[11], today[11];
	if (!future_period(L->cfg, a, from, today))
		return;
	ysh_ledgers_free(L);
	ysh_usage_error(FUTURE_MSG, from, today);
}

static ysh_day first_day(struct ysh_ledgers *const *L, size_t n)
{
	ysh_day first = 0;
	for (size_t i = 0; i < n; i++) {
		ysh_day d = ysh_report_first_day(L[i]);
		if (d && (!first || d < first))
			first = d;
	}
	return first;
}

/* L: the county whose period it is; the city's counties agree on it
 * (ysh_city_period), and --to alone starts at the first record of any. */
static int print_period(struct ysh_ledgers *const *L, size_t n, const struct ysh_report_opts *r)
{
	ysh_day first = r->from, last = r->to;
	char m[24], a[11], b[11];
	if (!r->to) {
		ysh_config_period(L[0]->cfg, r->month, &first, &last);
		ysh_format_month(r->month, m);
	} else if (!first && !(first = first_day(L, n))) {
		first = last;
	}
	ysh_format_date(first, a);
	ysh_format_date(last, b);
	if (r->to && r->label)
		snprintf(m, sizeof(m), "%s", r->label);
	else if (r->to)
		snprintf(m, sizeof(m), "%s..%s", a, b);
	printf("%s\t%s\t%s\n", m, a, b);
	return YSH_EXIT_OK;
}

/* One county's report, or (city set) the city's summary. */
struct render_ctx {
	struct ysh_ledgers *L;
	struct ysh_city *city;
	const struct ysh_report_opts *r;
	struct ysh_report_ahead *ahead; /* the county's report, tallied beside the check */
};

static int render_report(void *ctx, FILE *out, char **err)
{
	const struct render_ctx *c = ctx;
	if (c->city)
		return ysh_city_summary_write(c->city, c->r, out, err);
	return c->ahead ? ysh_report_ahead_write(c->ahead, out, err) : ysh_report_write(c->L, c->r, out, err);
}

static int write_stdout(struct render_ctx *ctx)
{
	char *err = NULL;
	int status = render_report(ctx, stdout, &err) == 0 ? YSH_EXIT_OK : YSH_EXIT_USAGE;
	if (err)
		ysh_warnx("%s", err);
	free(err);
	if (ysh_cli_flush_stdout() != 0) {
		ysh_warnx(_("write error on standard output"));
		status = YSH_EXIT_USAGE;
	}
	return status;
}

/* A unit's or office's name as part of a file name: no directory
 * separator, no control character. */
static char *file_part(const char *name)
{
	char *s = ysh_xstrdup(name);
	for (char *p = s; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = '_';
	return s;
}

/* --split DIR: the report once per unit or lead office, each into its own
 * file (written atomically), the paths printed. */
static int write_split(struct ysh_ledgers *L, struct args *a)
{
	static const char *const ext[] = {"txt", "csv", "json", "md", "xlsx"};
	struct stat st;
	/* a report that is the county's one document: refused, not "no lead
	 * office" and an empty directory */
	enum ysh_report_split by = ysh_report_split_by(a->r.kind);
	if (by == YSH_SPLIT_NONE) {
		ysh_warnx(_("--split goes with the unit report (a file per unit) or the summary (per lead office); "
			    "this report is one file: use -o FILE"));
		return YSH_EXIT_USAGE;
	}
	if (stat(a->split, &st) != 0 || !S_ISDIR(st.st_mode)) {
		ysh_warnx(_("--split %s: %s"), a->split, stat(a->split, &st) != 0 ? strerror(errno) : _("not a directory"));
		return YSH_EXIT_USAGE;
	}
	const char **names;
	size_t n = ysh_report_parts(L, &a->r, &names);
	int status = YSH_EXIT_OK;
	if (!n)
		ysh_warnx(by == YSH_SPLIT_UNIT ? _("--split: no unit has anything in the report of the period: no file written")
						       : _("--split: no lead office: no file written"));
	struct ysh_report_opts one = a->r;
	for (size_t i = 0; i < n && status == YSH_EXIT_OK; i++) {
		if (by == YSH_SPLIT_UNIT)
			one.unit = names[i];
		else
			one.lead = names[i];
		char *file = file_part(names[i]);
		char *path = ysh_xasprintf("%s/%s-%s.%s", a->split, by == YSH_SPLIT_UNIT ? "unit" : "summary", file,
					   ext[a->r.format]);
		struct render_ctx ctx = {L, NULL, &one, NULL};
		status = ysh_cli_write_output(L, path, render_report, &ctx);
		if (status == YSH_EXIT_OK)
			printf("%s\n", path);
		free(path);
		free(file);
	}
	free(names);
	if (ysh_cli_flush_stdout() != 0) {
		ysh_warnx(_("write error on standard output"));
		status = YSH_EXIT_USAGE;
	}
	return status;
}

/* ---- several -C: the city ---- */

/* -o FILE is none of any county's ledgers: each is asked, the last
 * writes. */
static int write_city_output(struct ysh_city *c, const struct args *a)
{
	for (size_t i = 0; i + 1 < c->n; i++) {
		char *target = NULL, *err = NULL;
		int rc = ysh_output_path(c->v[i].L, a->output, &target, &err);
		free(target);
		if (rc != 0) {
			ysh_warnx("%s", err);
			free(err);
			return YSH_EXIT_USAGE;
		}
	}
	struct render_ctx ctx = {c->v[c->n - 1].L, c, &a->r, NULL};
	return ysh_cli_write_output(ctx.L, a->output, render_report, &ctx);
}

static int write_city(struct ysh_city *c, struct args *a)
{
	for (size_t i = 0; i < c->n; i++) {
		size_t e = c->v[i].L->findings.errors;
		if (e)
			ysh_warnx(P_("warning: %s: the ledgers have %zu error (see ysh-check); the city's summary counts "
				     "what could be read",
				     "warning: %s: the ledgers have %zu errors (see ysh-check); the city's summary counts "
				     "what could be read",
				     e),
				  c->v[i].dir, e);
	}
	a->r.ledger_errors = ysh_city_errors(c);
	if (a->output)
		return write_city_output(c, a);
	struct render_ctx ctx = {NULL, c, &a->r, NULL};
	return write_stdout(&ctx);
}

static void city_errors(const struct ysh_city *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].err)
			ysh_warnx("%s", c->v[i].err);
}

/* The counties' profiles first (the period is theirs), then their ledgers
 * read, checked and tallied in parallel, each a whole county's directory,
 * kept as its figures and findings once tallied: one that does not load or
 * read, or periods that differ, and no total is written. */
static int city_main(struct args *a)
{
	struct ysh_city c;
	char *err = NULL, from[11], today[11];
	int status = YSH_EXIT_USAGE;
	if (ysh_city_open(&c, a->dirs, a->ndirs, &a->check, NULL, 0, YSH_CITY_LOAD) != 0) {
		city_errors(&c);
	} else if (ysh_city_period(&c, &a->r, a->has_month, a->check.today, &err) != 0) {
		ysh_warnx("%s", err);
	} else if (future_period(c.v[0].L->cfg, a, from, today)) {
		ysh_city_free(&c);
		ysh_usage_error(FUTURE_MSG, from, today);
	} else if (ysh_city_go(&c, a->print_period ? YSH_CITY_READ : YSH_CITY_SUMMARY, &a->r) != 0) {
		city_errors(&c);
	} else if (a->print_period) {
		struct ysh_ledgers **L = ysh_xcalloc(c.n, sizeof(*L));
		for (size_t i = 0; i < c.n; i++)
			L[i] = c.v[i].L;
		status = print_period(L, c.n, &a->r);
		free(L);
	} else {
		status = write_city(&c, a);
	}
	free(err);
	ysh_city_free(&c);
	return status;
}

int main(int argc, char **argv)
{
	ysh_cli_init(argv[0]);
	struct args a = {0};
	ysh_check_opts_init(&a.check);
	parse_args(argc, argv, &a);

	if (a.ndirs > 1)
		return city_main(&a);
	char *err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_open(ysh_ledger_dir(a.ndirs ? a.dirs[0] : NULL), &a.check, NULL, 0, &err);
	if (!L) {
		ysh_warnx("%s", err);
		free(err);
		return YSH_EXIT_USAGE;
	}
	ysh_ledgers_drop_unnamed_ids(L); /* no report looks up an id but through a reference */
	if (!a.has_month && !a.r.to)
		a.r.month = ysh_config_last_period(L->cfg, a.check.today);
	refuse_future(L, &a);
	if (a.print_period) {
		int rc = print_period(&L, 1, &a.r);
		ysh_ledgers_free(L);
		return rc;
	}
	/* one report (not --split's many): tallied while the check ends */
	struct ysh_report_ahead *ahead = a.split ? NULL : ysh_report_ahead_new(L, &a.r);
	if (ahead)
		ysh_ledgers_finish_check_beside(L, ysh_report_ahead_tally, ahead);
	else
		ysh_ledgers_finish_check(L);
	a.r.ledger_errors = L->findings.errors;
	if (L->findings.errors)
		ysh_warnx(P_("warning: the ledgers have %zu error (see ysh-check); the report counts "
			     "what could be read",
			     "warning: the ledgers have %zu errors (see ysh-check); the report counts "
			     "what could be read",
			     L->findings.errors),
			  L->findings.errors);
	int status;
	if (a.split) {
		status = write_split(L, &a);
	} else if (a.output) {
		struct render_ctx ctx = {L, NULL, &a.r, ahead};
		status = ysh_cli_write_output(L, a.output, render_report, &ctx);
	} else {
		struct render_ctx ctx = {L, NULL, &a.r, ahead};
		status = write_stdout(&ctx);
	}
	ysh_report_ahead_free(ahead);
	ysh_ledgers_free(L);
	return status;
}
