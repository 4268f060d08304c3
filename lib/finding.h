/*
 * finding.h - what a check says about a ledger: one finding per problem,
 * sorted into file order and printed in the GNU format editors jump to, or
 * as JSON lines.  Rules add findings; they never print.
 */
#ifndef YSH_FINDING_H
#define YSH_FINDING_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ruleids.h"
#include "util.h"

struct ysh_finding {
	size_t file;  /* index into the list's file names */
	size_t line;  /* 0: the file as a whole */
	size_t col;   /* 1-based field position, 0: the record as a whole */
	enum ysh_severity sev;
	enum ysh_rule_id rule;
	const char *code; /* the rule's code, for printing */
	const char *id; /* the record's id, or NULL */
	const char *msg;
	size_t seq;     /* keeps findings at one place in the order they were made */
};

struct ysh_findings {
	struct ysh_finding *v;
	size_t n, cap;
	char **files;
	size_t nfiles;
	struct ysh_arena arena;
	size_t errors, warnings;
	const bool *enabled; /* per rule index (rules.h); NULL: all */
};

/* Registers a file name and returns its index (files keep the order of
 * registration, which is the order findings are printed in). */
size_t ysh_findings_file(struct ysh_findings *f, const char *name);
/* Severity comes from the rules table; a disabled rule's finding is dropped. */
void ysh_finding_add(struct ysh_findings *f, size_t file, size_t line, size_t col,
		     enum ysh_rule_id rule, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void ysh_finding_vadd(struct ysh_findings *f, size_t file, size_t line, size_t col,
		      enum ysh_rule_id rule, const char *id, const char *fmt, va_list ap)
	__attribute__((format(printf, 7, 0)));
void ysh_findings_sort(struct ysh_findings *f);
/* Appends from's findings to to's, as if they had been made there in
 * their order (file indexes are to's: from was filled for one of its
 * files), and frees from. */
void ysh_findings_move(struct ysh_findings *to, struct ysh_findings *from);
/* The same, from's findings put before to's finding `at` (made after them). */
void ysh_findings_insert(struct ysh_findings *to, size_t at, struct ysh_findings *from);
void ysh_findings_free(struct ysh_findings *f);

void ysh_finding_print_text(FILE *out, const struct ysh_findings *f, const struct ysh_finding *x);
void ysh_finding_print_json(FILE *out, const struct ysh_findings *f, const struct ysh_finding *x);
/* JSON string with quotes, escaping what RFC 8259 requires. */
void ysh_json_string(FILE *out, const char *s);

#endif
