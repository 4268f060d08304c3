/*
 * ysh-check - check a ledger directory against the schemas and the rules of
 * the county documents.  Every finding of every file in one run.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "city.h"
#include "cli.h"
#include "i18n.h"
#include "ledger.h"
#include "rules.h"
#include "verify.h"

static void usage(void)
{
	printf(_("Usage: %s [OPTION]... [FILE]...\n"
		 "Check the ledgers of a ledger directory (all of them, or the FILEs named).\n"
		 "\n"
		 "  -C, --directory=DIR  the ledger directory (default: $YSH_DIR, else .);\n"
		 "                       repeated: each county's, read in parallel, findings in\n"
		 "                       the order given, one total\n"
		 "      --today=DATE     judge dates as if today were DATE (YYYY-MM-DD)\n"
		 "      --format=FMT     text (default) or json (one finding per line)\n"
		 "      --strict         exit 1 on warnings too\n"
		 "      --month=YYYY-MM  range of monthly-missing and window-missing\n"
		 "      --from=YYYY-MM, --to=YYYY-MM   the same as a span of months\n"
		 "      --rule=CODE      run only this rule (repeatable)\n"
		 "      --no-rule=CODE   skip this rule (repeatable)\n"
		 "      --list-rules     list every rule with its severity and meaning\n"
		 "      --verify-report=FILE  whether today's ledgers still hold what a report\n"
		 "                       (any format) was made from, by its 台账校验码\n"
		 "      --help           show this help\n"
		 "      --version        show the version\n"
		 "\n"
		 "Exit status: 0 no errors, 1 errors found (or warnings with --strict),\n"
		 "2 usage, configuration or I/O problem.  See ysh-check(1).\n"),
	       ysh_progname());
}

static void list_rules(void)
{
	for (int i = 0; i < YSH_R_COUNT; i++)
		printf("%-18s %-8s %-7s %s\n", ysh_rule_info[i].code,
		       ysh_rule_info[i].sev == YSH_SEV_ERROR ? "error" : "warning",
		       ysh_rule_info[i].act == YSH_REFUSE ? "refuse" : "flag", _(ysh_rule_info[i].summary));
}

/* "2 errors, 1 warning in 9 records (4 files)": each count takes its own
 * plural form, and the sentence around them is one message to translate. */
static void print_tally(FILE *out, size_t errors, size_t warnings, size_t records, size_t files)
{
	char *e = ysh_xasprintf(P_("%zu error", "%zu errors", errors), errors);
	char *w = ysh_xasprintf(P_("%zu warning", "%zu warnings", warnings), warnings);
	char *r = ysh_xasprintf(P_("%zu record", "%zu records", records), records);
	char *n = ysh_xasprintf(P_("%zu file", "%zu files", files), files);
	/* TRANSLATORS: errors, warnings in records (files) */
	fprintf(out, _("%s, %s in %s (%s)\n"), e, w, r, n);
	free(e);
	free(w);
	free(r);
	free(n);
}

static int rule_arg(const char *opt, const char *code)
{
	int r = ysh_rule_by_code(code);
	if (r < 0)
		ysh_usage_error(_("%s: unknown rule '%s' (see --list-rules)"), opt, code);
	return r;
}

enum { OPT_TODAY = 256, OPT_FORMAT, OPT_STRICT, OPT_MONTH, OPT_FROM, OPT_TO, OPT_RULE,
       OPT_NO_RULE, OPT_LIST_RULES, OPT_VERIFY_REPORT, OPT_HELP, OPT_VERSION };

static const struct option options[] = {
	{"directory", required_argument, NULL, 'C'},
	{"today", required_argument, NULL, OPT_TODAY},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"month", required_argument, NULL, OPT_MONTH},
	{"from", required_argument, NULL, OPT_FROM},
	{"to", required_argument, NULL, OPT_TO},
	{"rule", required_argument, NULL, OPT_RULE},
	{"no-rule", required_argument, NULL, OPT_NO_RULE},
	{"list-rules", no_argument, NULL, OPT_LIST_RULES},
	{"verify-report", required_argument, NULL, OPT_VERIFY_REPORT},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

struct args {
	const char *const *dirs; /* -C, each time given (cli.h) */
	size_t ndirs;
	const char *report; /* --verify-report */
	bool json, strict;
	bool only_rules;
	bool has_from, has_to;
	struct ysh_check_opts opts;
};

static void parse_args(int argc, char **argv, struct args *a)
{
	bool chosen[YSH_R_COUNT] = {0}, skipped[YSH_R_COUNT] = {0};
	int c;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":C:", options, NULL)) != -1) {
		switch (c) {
		case 'C': ysh_cli_add_dir(optarg); break;
		case OPT_TODAY: a->opts.today = ysh_cli_today(optarg); break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				ysh_usage_error(_("--format '%s': use text or json"), optarg);
			a->json = !strcmp(optarg, "json");
			break;
		case OPT_STRICT: a->strict = true; break;
		case OPT_MONTH:
			a->opts.month_from = a->opts.month_to = ysh_cli_month("--month", optarg);
			a->has_from = a->has_to = true;
			break;
		case OPT_FROM: a->opts.month_from = ysh_cli_month("--from", optarg); a->has_from = true; break;
		case OPT_TO: a->opts.month_to = ysh_cli_month("--to", optarg); a->has_to = true; break;
		case OPT_RULE: chosen[rule_arg("--rule", optarg)] = a->only_rules = true; break;
		case OPT_NO_RULE: skipped[rule_arg("--no-rule", optarg)] = true; break;
		case OPT_LIST_RULES: list_rules(); exit(YSH_EXIT_OK);
		case OPT_VERIFY_REPORT: a->report = optarg; break;
		case OPT_HELP: usage(); exit(YSH_EXIT_OK);
		case OPT_VERSION: ysh_print_version(); exit(YSH_EXIT_OK);
		case ':': ysh_usage_error(_("option '%s' needs a value"), argv[optind - 1]);
		default: ysh_usage_error(_("unknown option '%s'"), argv[optind - 1]);
		}
	}
	a->dirs = ysh_cli_dirs(&a->ndirs);
	if (a->has_from != a->has_to)
		ysh_usage_error(_("--from and --to go together"));
	if (a->has_from && a->opts.month_from > a->opts.month_to)
		ysh_usage_error(_("--from is after --to"));
	/* a month that has not begun owes nothing yet: a typo, not a check */
	if (a->has_from && ysh_month_first(a->opts.month_to) > a->opts.today) {
		char m[8], today[11];
		ysh_format_month(a->opts.month_to, m);
		ysh_format_date(a->opts.today, today);
		ysh_usage_error(_("month %s has not begun (today is %s): nothing is owed in it yet"), m, today);
	}
	/* a report's 台账校验码 is one county's */
	if (a->ndirs > 1 && a->report)
		ysh_usage_error(_("--verify-report checks one county's report: give one -C"));
	a->opts.has_range = a->has_from;
	for (int r = 0; r < YSH_R_COUNT; r++)
		a->opts.enabled[r] = (!a->only_rules || chosen[r]) && !skipped[r];
}

/* --verify-report: the ledgers against a report's 台账校验码. */
static int verify_report(struct ysh_ledgers *L, const char *path)
{
	size_t n;
	char *text = ysh_slurp(path, &n);
	if (!text) {
		ysh_warnx("%s: %s", path, strerror(errno));
		return YSH_EXIT_USAGE;
	}
	struct ysh_buf out = {0};
	int differ = ysh_verify_report(L, text, n, &out);
	free(text);
	if (differ < 0) {
		ysh_warnx(_("%s: no 台账校验码 (ledger digest) in it: not a report of ysh"), path);
		ysh_buf_free(&out);
		return YSH_EXIT_USAGE;
	}
	fputs(ysh_buf_str(&out), stdout);
	ysh_buf_free(&out);
	return differ ? YSH_EXIT_FINDINGS : YSH_EXIT_OK;
}

/* What one county adds to the run: its findings printed, its counts. */
struct totals {
	size_t errors, warnings, records, files;
};

static void print_findings(const struct ysh_ledgers *L, bool json, struct totals *t)
{
	const struct ysh_findings *f = &L->findings;
	for (size_t i = 0; i < L->ntables; i++) {
		if (L->tables[i].report && L->tables[i].present) {
			t->records += L->tables[i].nrows;
			t->files++;
		}
	}
	for (size_t i = 0; i < f->n; i++) {
		if (json)
			ysh_finding_print_json(stdout, f, &f->v[i]);
		else
			ysh_finding_print_text(stdout, f, &f->v[i]);
	}
	t->errors += f->errors;
	t->warnings += f->warnings;
}

/* Every county read in parallel (city.h), then printed in the order of
 * the -C: the same bytes as checking them one after the other.  A county
 * that does not load stops the run before anything is printed: a total
 * without it would pass for the city's.  Returns the exit status when the
 * run ends here (a county not loaded, --verify-report), else -1 with the
 * counts in *t for the total line. */
static int check_counties(const struct args *a, char *const *files, size_t nfiles, struct totals *t)
{
	struct ysh_city c;
	const char *dir = ysh_ledger_dir(NULL);
	int rc = ysh_city_open(&c, a->ndirs ? a->dirs : &dir, a->ndirs ? a->ndirs : 1, &a->opts, files, nfiles,
			       a->report ? YSH_CITY_READ : YSH_CITY_FINDINGS);
	if (rc != 0) {
		for (size_t i = 0; i < c.n; i++)
			if (c.v[i].err)
				ysh_warnx("%s", c.v[i].err);
		ysh_city_free(&c);
		return YSH_EXIT_USAGE;
	}
	if (a->report)
		rc = verify_report(c.v[0].L, a->report);
	else
		for (size_t i = 0; i < c.n; i++)
			print_findings(c.v[i].L, a->json, t);
	ysh_city_free(&c);
	return a->report ? rc : -1;
}

int main(int argc, char **argv)
{
	ysh_cli_init(argv[0]);
	struct args a = {0};
	ysh_check_opts_init(&a.opts);
	parse_args(argc, argv, &a);

	size_t nfiles = (size_t)(argc - optind);
	struct totals t = {0};
	int rc = check_counties(&a, nfiles ? argv + optind : NULL, nfiles, &t);
	if (rc >= 0)
		return rc;
	/* JSON lines stay pure findings; the tally goes to stderr there. */
	print_tally(a.json ? stderr : stdout, t.errors, t.warnings, t.records, t.files);
	int status = t.errors || (a.strict && t.warnings) ? YSH_EXIT_FINDINGS : YSH_EXIT_OK;
	if (ysh_cli_flush_stdout() != 0) {
		ysh_warnx(_("write error on standard output"));
		return YSH_EXIT_USAGE;
	}
	return status;
}
