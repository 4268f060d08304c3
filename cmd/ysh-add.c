/*
 * ysh-add - append a record to a ledger: from key=value words, from
 * prompts when standard input is a terminal, or CSV rows with --batch.
 */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "add.h"
#include "append.h"
#include "cli.h"
#include "i18n.h"

static void usage(void)
{
	printf(_("Usage: %s [OPTION]... LEDGER [KEY=VALUE]...\n"
		 "Append a record to a ledger: activity, callback, problem or filing.\n"
		 "KEY is a column name or its Chinese title.  With id=ID of a problem or a\n"
		 "filing, the record is a revision carrying only what changed.\n"
		 "\n"
		 "  -C, --directory=DIR   the ledger directory (default: $YSH_DIR, else .)\n"
		 "      --batch           read CSV rows with a header from standard input;\n"
		 "                        all are appended, or none\n"
		 "  -n, --dry-run         check and print the rows, write nothing\n"
		 "      --today=DATE      judge dates as if today were DATE (YYYY-MM-DD)\n"
		 "      --lock-timeout=MS give up after MS milliseconds of waiting (10000)\n"
		 "      --help            show this help\n"
		 "      --version         show the version\n"
		 "\n"
		 "Prints the id of each record written.  Exit status: 0 written, 1 refused\n"
		 "(nothing written), 2 usage, configuration or I/O problem.  See ysh-add(1).\n"),
	       ysh_progname());
}

enum { OPT_BATCH = 256, OPT_TODAY, OPT_LOCK, OPT_HELP, OPT_VERSION };

static const struct option options[] = {
	{"directory", required_argument, NULL, 'C'},
	{"batch", no_argument, NULL, OPT_BATCH},
	{"dry-run", no_argument, NULL, 'n'},
	{"today", required_argument, NULL, OPT_TODAY},
	{"lock-timeout", required_argument, NULL, OPT_LOCK},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

struct args {
	const char *dir;
	bool batch;
	struct ysh_add_opts add;
	struct ysh_check_opts check;
};

static void parse_args(int argc, char **argv, struct args *a)
{
	int c;
	char *end;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:C:n", options, NULL)) != -1) {
		switch (c) {
		case 'C': a->dir = optarg; break;
		case OPT_BATCH: a->batch = true; break;
		case 'n': a->add.dry_run = true; break;
		case OPT_TODAY: a->check.today = a->add.today = ysh_cli_today(optarg); break;
		case OPT_LOCK:
			a->add.lock_timeout_ms = strtol(optarg, &end, 10);
			if (*end || a->add.lock_timeout_ms < 0)
				ysh_usage_error(_("--lock-timeout '%s' is not a number of milliseconds"), optarg);
			break;
		case OPT_HELP: usage(); exit(YSH_EXIT_OK);
		case OPT_VERSION: ysh_print_version(); exit(YSH_EXIT_OK);
		case ':': ysh_usage_error(_("option '%s' needs a value"), argv[optind - 1]);
		default: ysh_usage_error(_("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind >= argc)
		ysh_usage_error(_("which ledger? activity, callback, problem or filing"));
	if (a->batch && optind + 1 < argc)
		ysh_usage_error(_("--batch reads the rows from standard input, not key=value words"));
}

static const char *login_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return pw->pw_name;
	const char *u = getenv("USER");
	return u && *u ? u : "unknown";
}

/* ---- prompting ---- */

static void show_choices(const struct ysh_column *c, const struct ysh_add_row *r)
{
	size_t n;
	char *const *vals = ysh_column_enums(c, (const char *const *)r->cells, &n);
	if (!vals && c->type == YSH_T_BOOL)
		fprintf(stderr, "    是|否\n");
	for (size_t i = 0; vals && i < n; i++)
		fprintf(stderr, "%s%s%s", i ? "|" : "    ", vals[i], i + 1 == n ? "\n" : "");
	if (c->list)
		fprintf(stderr, _("    (several: separate them with 、 or ;)\n"));
	if (c->help)
		fprintf(stderr, "    %s\n", c->help);
}

static const char *prompt_default(const struct ysh_column *c, const char *today)
{
	if (c->dflt)
		return c->dflt;
	if (c->type == YSH_T_DATE && c->happened)
		return today;
	return "";
}

/* Returns 0, or -1 on end of input (Ctrl-D). */
static int prompt_field(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *r, size_t col,
			const char *today)
{
	const struct ysh_column *c = &t->schema->cols[col];
	const char *dflt = prompt_default(c, today);
	char *line = NULL;
	size_t cap = 0;
	for (;;) {
		fprintf(stderr, "%s (%s)%s", c->title, c->name, c->required ? " *" : "");
		if (*dflt)
			fprintf(stderr, " [%s]", dflt);
		fprintf(stderr, ":\n");
		show_choices(c, r);
		fprintf(stderr, "> ");
		fflush(stderr);
		ssize_t n = getline(&line, &cap, stdin);
		if (n < 0) {
			free(line);
			return -1;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		free(r->cells[col]);
		r->cells[col] = ysh_xstrdup(*line ? line : dflt);
		if (!*r->cells[col] && c->required) {
			fprintf(stderr, _("  %s is required\n"), c->title);
			continue;
		}
		char *msg = *r->cells[col] ? ysh_add_check_cell(L, t, r, col) : NULL;
		if (!msg)
			break;
		fprintf(stderr, "  %s\n", msg);
		free(msg);
	}
	free(line);
	return 0;
}

static int prompt_missing(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *r,
			  ysh_day today)
{
	const struct ysh_schema *s = t->schema;
	char day[11];
	ysh_format_date(today, day);
	fprintf(stderr, _("New %s for %s (%s); Ctrl-D or Ctrl-C aborts, nothing is written.\n"),
		s->record, t->path, s->title);
	for (size_t c = 0; c < s->ncols; c++) {
		if (s->cols[c].system || (int)c == s->id_col || (r->cells[c] && *r->cells[c]))
			continue;
		if (prompt_field(L, t, r, c, day) != 0)
			return -1;
	}
	return 0;
}

/* ---- output ---- */

static void print_finding(const struct ysh_findings *f, const struct ysh_finding *x,
			  const struct ysh_schema *s)
{
	fprintf(stderr, "%s: ", ysh_progname());
	if (x->line)
		fprintf(stderr, "%s:%zu: ", f->files[x->file], x->line);
	fprintf(stderr, "%s: ", x->sev == YSH_SEV_ERROR ? "error" : "warning");
	/* name the field when the message does not already (a header or
	 * syntax finding's column is one of the input, not of the schema) */
	if (x->col && x->col <= s->ncols && strcmp(x->code, "header") && strcmp(x->code, "csv-syntax") &&
	    strncmp(x->msg, s->cols[x->col - 1].name, strlen(s->cols[x->col - 1].name)))
		fprintf(stderr, "%s (%s): ", s->cols[x->col - 1].name, s->cols[x->col - 1].title);
	fprintf(stderr, "%s [%s]\n", x->msg, x->code);
}

static void print_findings(const struct ysh_findings *f, size_t from, const struct ysh_schema *s)
{
	for (size_t i = from; i < f->n; i++)
		print_finding(f, &f->v[i], s);
}

/* Once records are written, ysh-add has done its job whatever happens to
 * its output: a failure to print the ids is a warning that names them. */
static void print_ids(const struct ysh_add_result *res)
{
	for (size_t i = 0; i < res->nids; i++)
		printf("%s\n", res->ids[i]);
	int e = ysh_cli_flush_stdout();
	if (!e || !res->nids)
		return;
	if (res->nids == 1)
		ysh_warnx(_("warning: %s was written, but its id could not be printed: %s"), res->ids[0],
			  strerror(e));
	else
		ysh_warnx(_("warning: %zu records were written (%s to %s), but their ids could not be printed: %s"),
			  res->nids, res->ids[0], res->ids[res->nids - 1], strerror(e));
}

static int gather_rows(struct args *a, int argc, char **argv, struct ysh_ledgers *L,
		       struct ysh_table *t, struct ysh_add_row **rows, size_t *n)
{
	char *err = NULL;
	if (a->batch) {
		long got = ysh_add_read_batch(L, t, STDIN_FILENO, rows, &err);
		if (got < 0) {
			ysh_warnx("%s", err);
			free(err);
			return YSH_EXIT_USAGE;
		}
		*n = (size_t)got;
		if (L->findings.errors) {
			print_findings(&L->findings, 0, t->schema);
			return YSH_EXIT_FINDINGS;
		}
		if (!*n) {
			ysh_warnx(_("no rows on standard input: nothing written"));
			return YSH_EXIT_FINDINGS;
		}
		return YSH_EXIT_OK;
	}
	*rows = ysh_xcalloc(1, sizeof(**rows));
	*n = 1;
	ysh_add_row_init(&(*rows)[0], t->schema);
	for (int i = optind + 1; i < argc; i++) {
		if (ysh_add_row_set(&(*rows)[0], t->schema, argv[i], &err) != 0) {
			ysh_warnx("%s", err);
			free(err);
			return YSH_EXIT_FINDINGS;
		}
	}
	const char *id = (*rows)[0].cells[t->schema->id_col];
	if ((!id || !*id) && isatty(STDIN_FILENO) && prompt_missing(L, t, &(*rows)[0], a->add.today) != 0) {
		fprintf(stderr, "\n");
		ysh_warnx(_("aborted: nothing written"));
		return YSH_EXIT_FINDINGS;
	}
	return YSH_EXIT_OK;
}

int main(int argc, char **argv)
{
	ysh_cli_init(argv[0]);
	struct args a = {0};
	ysh_check_opts_init(&a.check);
	a.add.today = a.check.today;
	a.add.lock_timeout_ms = 10000;
	parse_args(argc, argv, &a);
	a.add.user = login_name();

	char *err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_load(ysh_ledger_dir(a.dir), &a.check, &err);
	if (!L) {
		ysh_warnx("%s", err);
		free(err);
		return YSH_EXIT_USAGE;
	}
	struct ysh_schema *s = ysh_schemas_find(&L->schemas, argv[optind]);
	if (!s) {
		ysh_ledgers_free(L);
		ysh_usage_error(_("unknown ledger '%s' (activity, callback, problem or filing)"), argv[optind]);
	}
	struct ysh_table *t = ysh_ledgers_table(L, s->name);
	struct ysh_add_row *rows = NULL;
	size_t n = 0;
	int status = gather_rows(&a, argc, argv, L, t, &rows, &n);
	bool written = false;
	if (status == YSH_EXIT_OK) {
		struct ysh_add_result res;
		ysh_hold_signals_after_append(true); /* until the ids are out */
		int rc = ysh_add(L, t, rows, n, &a.add, &res, &err);
		if (rc < 0 || (rc == 1 && err)) {
			ysh_warnx("%s", err);
			status = rc < 0 ? YSH_EXIT_USAGE : YSH_EXIT_FINDINGS;
		} else {
			/* warnings are printed either way; errors mean nothing was written */
			print_findings(&L->findings, res.first_finding, s);
			if (rc == 1) {
				ysh_warnx(_("nothing written to %s"), t->path);
				status = YSH_EXIT_FINDINGS;
			} else if (a.add.dry_run) {
				fwrite(res.csv.p, 1, res.csv.len, stdout);
			} else {
				print_ids(&res);
				written = true;
			}
		}
		free(err);
		ysh_add_result_free(&res);
	}
	for (size_t i = 0; i < n; i++)
		ysh_add_row_free(&rows[i], s);
	free(rows);
	ysh_ledgers_free(L);
	if (written) {
		int sig = ysh_release_signals();
		if (sig)
			ysh_warnx(_("warning: %s arrived after the records were written; they are all there"),
				  strsignal(sig));
	} else if (ysh_cli_flush_stdout() != 0) {
		ysh_warnx(_("write error on standard output"));
		return YSH_EXIT_USAGE;
	}
	return status;
}
