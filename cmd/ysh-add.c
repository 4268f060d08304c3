/*
 * ysh-add - append a record to a ledger: from key=value words, from
 * prompts when standard input is a terminal, or CSV rows with --batch.
 */
#include <getopt.h>
#include <langinfo.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "add-prompt.h"
#include "add.h"
#include "append.h"
#include "cli.h"
#include "encoding.h"
#include "i18n.h"
#include "rules.h"
#include "template.h"

static void usage(void)
{
	printf(_("Usage: %s [OPTION]... LEDGER [KEY=VALUE]...\n"
		 "Append a record to a ledger: activity, callback, problem or filing.\n"
		 "KEY is a column name or its Chinese title.  With id=ID, the record is a\n"
		 "revision carrying only what changed (voided=是 void_reason=... voids it).\n"
		 "\n"
		 "  -C, --directory=DIR   the ledger directory (default: $YSH_DIR, else .)\n"
		 "      --batch           read CSV rows with a header from standard input;\n"
		 "                        all are appended, or none\n"
		 "      --encoding=ENC    the batch's encoding: utf-8, gbk or gb18030\n"
		 "                        (default: UTF-8, or GB18030 when it is not UTF-8)\n"
		 "  -n, --dry-run         check and print the rows, write nothing\n"
		 "      --strict          refuse a record any rule flags, not only a malformed one\n"
		 "      --adopt           bring the ledger's rows no hash chain lists into it\n"
		 "      --template -o FILE.xlsx\n"
		 "                        write an Excel workbook to fill in for the ledger:\n"
		 "                        what it saves as CSV UTF-8 imports with --batch\n"
		 "      --today=DATE      judge dates as if today were DATE (YYYY-MM-DD)\n"
		 "      --lock-timeout=MS give up after MS milliseconds of waiting (10000)\n"
		 "      --help            show this help\n"
		 "      --version         show the version\n"
		 "\n"
		 "A malformed record is refused; a record of conduct that breaks a rule (too\n"
		 "few steps, a late filing) is written, with the rule's finding as a warning.\n"
		 "Prints the id of each record written.  Exit status: 0 written, 1 refused\n"
		 "(nothing written), 2 usage, configuration or I/O problem.  See ysh-add(1).\n"),
	       ysh_progname());
}

enum { OPT_BATCH = 256, OPT_ENCODING, OPT_ADOPT, OPT_TEMPLATE, OPT_STRICT, OPT_TODAY, OPT_LOCK, OPT_HELP, OPT_VERSION };

static const struct option options[] = {
	{"directory", required_argument, NULL, 'C'},
	{"batch", no_argument, NULL, OPT_BATCH},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"dry-run", no_argument, NULL, 'n'},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"adopt", no_argument, NULL, OPT_ADOPT},
	{"template", no_argument, NULL, OPT_TEMPLATE},
	{"output", required_argument, NULL, 'o'},
	{"today", required_argument, NULL, OPT_TODAY},
	{"lock-timeout", required_argument, NULL, OPT_LOCK},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0},
};

struct args {
	const char *dir;
	const char *output; /* --template -o FILE */
	bool batch;
	bool encoding_given;
	enum ysh_encoding encoding;
	bool adopt;
	bool template;
	bool interactive;
	struct ysh_add_opts add;
	struct ysh_check_opts check;
};

/* The options up to the first word that is not one (the ledger). */
static void parse_options(int argc, char **argv, struct args *a)
{
	int c;
	char *end;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:C:no:", options, NULL)) != -1) {
		switch (c) {
		case 'C': a->dir = optarg; break;
		case 'o': a->output = optarg; break;
		case OPT_TEMPLATE: a->template = true; break;
		case OPT_BATCH: a->batch = true; break;
		case OPT_ENCODING:
			if (!ysh_encoding_parse(optarg, &a->encoding))
				ysh_usage_error(_("--encoding '%s': utf-8, gbk or gb18030"), optarg);
			a->encoding_given = true;
			break;
		case 'n': a->add.dry_run = true; break;
		case OPT_STRICT: a->add.strict = true; break;
		case OPT_ADOPT: a->adopt = true; break;
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
}

static void parse_args(int argc, char **argv, struct args *a)
{
	parse_options(argc, argv, a);
	if (optind >= argc)
		ysh_usage_error(_("which ledger? activity, callback, problem or filing"));
	/* ysh-add --template LEDGER -o FILE: options after the ledger too,
	 * where no key=value word can be */
	if (a->template && optind + 1 < argc) {
		int ledger = optind++;
		parse_options(argc, argv, a);
		if (optind < argc)
			ysh_usage_error(_("--template takes the ledger alone"));
		optind = ledger;
	}
	if (a->adopt && (a->batch || optind + 1 < argc))
		ysh_usage_error(_("--adopt takes the ledger alone"));
	if (a->template && (a->batch || a->adopt))
		ysh_usage_error(_("--template takes the ledger alone"));
	if (a->template && !a->output)
		ysh_usage_error(_("--template needs -o FILE.xlsx: the workbook is not written to a terminal"));
	if (a->output && !a->template)
		ysh_usage_error(_("-o goes with --template"));
	if (a->batch && optind + 1 < argc)
		ysh_usage_error(_("--batch reads the rows from standard input, not key=value words"));
	if (a->encoding_given && !a->batch)
		ysh_usage_error(_("--encoding is the encoding of a --batch"));
}

/* The words words_to_utf8 converted, freed at exit (a usage error exits). */
static char **converted;
static int nconverted;

static void free_converted(void)
{
	for (int i = 0; i < nconverted; i++)
		free(converted[i]);
	free(converted);
}

/*
 * A terminal set to GBK (Xshell, SecureCRT) types GBK: the ledger and the
 * key=value words become UTF-8, as the ledgers are.  Nothing changes when
 * the locale's codeset is UTF-8 or ASCII.
 */
static void words_to_utf8(int argc, char **argv)
{
	const char *codeset = nl_langinfo(CODESET);
	if (!ysh_codeset_converts(codeset))
		return;
	converted = ysh_xcalloc((size_t)argc, sizeof(*converted));
	nconverted = argc;
	atexit(free_converted);
	for (int i = optind; i < argc; i++) {
		converted[i] = ysh_to_utf8(argv[i], codeset);
		if (!converted[i])
			ysh_usage_error(_("'%s' is not %s text, the encoding of the locale"), argv[i], codeset);
		argv[i] = converted[i];
	}
}

/* YSH_NOW fixes the moment recorded_at records, for reproducible tests;
 * it is written into the row like any other value. */
static const char *fixed_now(void)
{
	const char *now = getenv("YSH_NOW");
	ysh_day d;
	if (!now || !*now)
		return NULL;
	if (!ysh_parse_timestamp(now, &d))
		ysh_usage_error(_("YSH_NOW '%s' is not a timestamp like 2026-11-20T09:30:00+08:00"), now);
	return now;
}

static const char *login_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name)
		return pw->pw_name;
	const char *u = getenv("USER");
	return u && *u ? u : "unknown";
}

/* ---- output ---- */

/* A malformed record's findings are errors; the others are warnings (the
 * record is written, or refused for its errors alone), or errors when
 * --strict refuses on them. */
static void print_finding(const struct ysh_findings *f, const struct ysh_finding *x,
			  const struct ysh_schema *s, bool refused)
{
	bool error = ysh_rule_info[x->rule].act == YSH_REFUSE || refused;
	fprintf(stderr, "%s: ", ysh_progname());
	if (x->line)
		fprintf(stderr, "%s:%zu: ", f->files[x->file], x->line);
	fprintf(stderr, "%s: ", error ? "error" : "warning");
	/* name the field when the message does not already (a header or
	 * syntax finding's column is one of the input, not of the schema) */
	if (x->col && x->col <= s->ncols && x->rule != YSH_R_HEADER && x->rule != YSH_R_CSV_SYNTAX &&
	    strncmp(x->msg, s->cols[x->col - 1].name, strlen(s->cols[x->col - 1].name)))
		fprintf(stderr, _("%s (%s): "), s->cols[x->col - 1].name, s->cols[x->col - 1].title);
	fprintf(stderr, "%s [%s]\n", x->msg, x->code);
}

static void print_findings(const struct ysh_findings *f, size_t from, const struct ysh_schema *s,
			   bool refused)
{
	for (size_t i = from; i < f->n; i++)
		print_finding(f, &f->v[i], s, refused);
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

/* What reading the batch skipped, and the encoding it was converted from
 * when that was detected: one line each. */
static void print_batch_notes(const struct args *a, struct ysh_batch_io *io)
{
	if (!a->encoding_given && io->read_as != YSH_ENC_AUTO && io->read_as != YSH_ENC_UTF8)
		ysh_warnx(_("standard input is not UTF-8: read as %s (GBK) and converted to UTF-8; "
			    "--encoding names another encoding"),
			  ysh_encoding_name(io->read_as));
	const char *s = ysh_buf_str(&io->notes);
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1)
		ysh_warnx("%.*s", (int)(nl - s), s);
	ysh_buf_free(&io->notes);
}

static int gather_rows(struct args *a, int argc, char **argv, struct ysh_ledgers *L,
		       struct ysh_table *t, struct ysh_add_row **rows, size_t *n)
{
	char *err = NULL;
	if (a->batch) {
		struct ysh_batch_io io = {.encoding = a->encoding};
		long got = ysh_add_read_batch(L, t, STDIN_FILENO, &io, rows, &err);
		print_batch_notes(a, &io);
		if (got < 0) {
			ysh_warnx("%s", err);
			free(err);
			return YSH_EXIT_USAGE;
		}
		*n = (size_t)got;
		if (L->findings.errors) {
			print_findings(&L->findings, 0, t->schema, true);
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
	a->interactive = (!id || !*id) && isatty(STDIN_FILENO);
	if (!a->interactive)
		return YSH_EXIT_OK;
	/* the prompts judge references and duplicates as the write will */
	if (ysh_add_read_tables(L, t, &err) != 0) {
		ysh_warnx("%s", err);
		free(err);
		return YSH_EXIT_USAGE;
	}
	if (ysh_prompt_record(L, t, &(*rows)[0], a->add.today) != 0) {
		fprintf(stderr, "\n");
		ysh_warnx(_("aborted: nothing written"));
		return YSH_EXIT_FINDINGS;
	}
	return YSH_EXIT_OK;
}

static struct ysh_ledgers *load(const struct args *a)
{
	char *err = NULL;
	struct ysh_ledgers *L = ysh_ledgers_load(ysh_ledger_dir(a->dir), &a->check, &err);
	if (!L) {
		ysh_warnx("%s", err);
		free(err);
	}
	return L;
}

/* A record refused at write time on a terminal: the first field at fault
 * is asked again, so that nothing typed is lost.  Returns 0 to try again. */
static int ask_again(const struct args *a, struct ysh_ledgers *L, struct ysh_table *t,
		     const struct ysh_add_result *res, struct ysh_add_row *row)
{
	const struct ysh_schema *s = t->schema;
	for (size_t i = res->first_finding; i < L->findings.n; i++) {
		const struct ysh_finding *x = &L->findings.v[i];
		if (!x->col || x->col > s->ncols || s->cols[x->col - 1].system)
			continue;
		/* the id and the system cells are given again by the next try */
		free(row->cells[s->id_col]);
		row->cells[s->id_col] = NULL;
		return ysh_prompt_again(L, t, row, a->add.today, x->col - 1);
	}
	return -1;
}

static void print_written(const struct args *a, const struct ysh_add_result *res)
{
	if (a->add.dry_run)
		fwrite(res->csv.p, 1, res->csv.len, stdout);
	else
		print_ids(res);
}

/* --adopt: the rows no chain line lists join the chain, and we say how many. */
static int adopt(const struct args *a, struct ysh_ledgers *L, struct ysh_table *t)
{
	size_t n;
	char *err = NULL;
	int status = YSH_EXIT_OK;
	if (ysh_add_adopt(L, t, a->add.lock_timeout_ms, &n, &err) != 0) {
		ysh_warnx("%s", err);
		status = YSH_EXIT_FINDINGS;
	} else {
		printf(P_("%zu row of %s adopted into its hash chain\n", "%zu rows of %s adopted into its hash chain\n", n),
		       n, t->path);
	}
	free(err);
	ysh_ledgers_free(L);
	return status;
}

struct template_ctx {
	const struct ysh_ledgers *L;
	const struct ysh_schema *s;
};

static int render_template(void *ctx, FILE *out, char **err)
{
	const struct template_ctx *c = ctx;
	return ysh_template_write(c->L, c->s, out, err);
}

/* --template: the workbook a clerk fills in, written whole or not at all. */
static int template(const struct args *a, struct ysh_ledgers *L, const struct ysh_schema *s)
{
	struct template_ctx ctx = {L, s};
	int status = ysh_cli_write_output(L, a->output, render_template, &ctx);
	ysh_ledgers_free(L);
	return status;
}

/* Checks and appends; on a terminal a refused record is corrected and
 * tried again against ledgers read afresh. */
static int write_rows(struct args *a, struct ysh_ledgers **Lp, struct ysh_table **tp,
		      struct ysh_add_row *rows, size_t n, bool *written)
{
	for (;;) {
		struct ysh_ledgers *L = *Lp;
		struct ysh_table *t = *tp;
		struct ysh_add_result res;
		char *err = NULL;
		int rc = ysh_add(L, t, rows, n, &a->add, &res, &err);
		int status = YSH_EXIT_OK;
		if (rc < 0 || (rc == 1 && err)) {
			ysh_warnx("%s", err);
			status = rc < 0 ? YSH_EXIT_USAGE : YSH_EXIT_FINDINGS;
		} else {
			print_findings(&L->findings, res.first_finding, t->schema, a->add.strict);
			if (rc == 0)
				print_written(a, &res);
			else
				status = YSH_EXIT_FINDINGS;
			*written = rc == 0 && !a->add.dry_run;
			if (rc == 1)
				ysh_warnx(_("nothing written to %s"), t->path);
		}
		free(err);
		bool retry = rc == 1 && a->interactive && ask_again(a, L, t, &res, &rows[0]) == 0;
		ysh_add_result_free(&res);
		if (!retry)
			return status;
		char *name = ysh_xstrdup(t->schema->name);
		ysh_ledgers_free(L);
		*Lp = load(a);
		*tp = *Lp ? ysh_ledgers_table(*Lp, name) : NULL;
		free(name);
		if (!*Lp)
			return YSH_EXIT_USAGE;
	}
}

int main(int argc, char **argv)
{
	ysh_cli_init(argv[0]);
	struct args a = {0};
	ysh_check_opts_init(&a.check);
	a.add.today = a.check.today;
	a.add.lock_timeout_ms = 10000;
	parse_args(argc, argv, &a);
	words_to_utf8(argc, argv);
	a.add.user = login_name();
	a.add.timestamp = fixed_now();

	struct ysh_ledgers *L = load(&a);
	if (!L)
		return YSH_EXIT_USAGE;
	struct ysh_schema *s = ysh_schemas_find(&L->schemas, argv[optind]);
	if (!s) {
		ysh_ledgers_free(L);
		ysh_usage_error(_("unknown ledger '%s' (activity, callback, problem or filing)"), argv[optind]);
	}
	if (a.template)
		return template(&a, L, s);
	struct ysh_table *t = ysh_ledgers_table(L, s->name);
	if (a.adopt)
		return adopt(&a, L, t);
	struct ysh_add_row *rows = NULL;
	size_t n = 0;
	int status = gather_rows(&a, argc, argv, L, t, &rows, &n);
	bool written = false;
	if (status == YSH_EXIT_OK) {
		/* the prompts read the ledgers without the lock: write against a fresh read */
		if (a.interactive) {
			const char *name = s->name;
			struct ysh_ledgers *fresh = load(&a);
			if (fresh)
				t = ysh_ledgers_table(fresh, name);
			ysh_ledgers_free(L);
			L = fresh;
		}
		ysh_hold_signals_after_append(true); /* until the ids are out */
		status = L ? write_rows(&a, &L, &t, rows, n, &written) : YSH_EXIT_USAGE;
	}
	for (size_t i = 0; i < n; i++)
		ysh_add_row_free(&rows[i]);
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
