#include "finding.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "safe.h"

/* Findings are lines for a terminal or an editor: names and messages are
 * kept with their control characters made visible (safe.h), so that a cell
 * can neither split a finding nor send escape sequences. */
size_t ysh_findings_file(struct ysh_findings *f, const char *name)
{
	char *shown = ysh_escaped(name, YSH_ESC_ALL);
	size_t i;
	for (i = 0; i < f->nfiles; i++)
		if (!strcmp(f->files[i], shown))
			break;
	if (i == f->nfiles) {
		f->files = ysh_xrealloc(f->files, (f->nfiles + 1) * sizeof(*f->files));
		f->files[f->nfiles++] = ysh_arena_strdup(&f->arena, shown);
	}
	free(shown);
	return i;
}

void ysh_finding_add(struct ysh_findings *f, size_t file, size_t line, size_t col,
		     enum ysh_rule_id rule, const char *id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	ysh_finding_vadd(f, file, line, col, rule, id, fmt, ap);
	va_end(ap);
}

void ysh_finding_vadd(struct ysh_findings *f, size_t file, size_t line, size_t col,
		      enum ysh_rule_id rule, const char *id, const char *fmt, va_list ap)
{
	if (f->enabled && !f->enabled[rule])
		return;
	/* messages quote cells: control characters are shown, never sent */
	struct ysh_buf raw = {0}, b = {0};
	ysh_buf_vprintf(&raw, fmt, ap);
	ysh_escape(&b, ysh_buf_str(&raw), YSH_ESC_ALL);
	ysh_buf_free(&raw);
	f->v = ysh_grow(f->v, &f->cap, f->n + 1, sizeof(*f->v));
	struct ysh_finding *x = &f->v[f->n];
	x->file = file;
	x->line = line;
	x->col = col;
	x->sev = ysh_rule_info[rule].sev;
	x->rule = rule;
	x->code = ysh_rule_info[rule].code;
	x->id = NULL;
	if (id && *id) {
		char *shown = ysh_escaped(id, YSH_ESC_ALL);
		x->id = ysh_arena_strdup(&f->arena, shown);
		free(shown);
	}
	x->msg = ysh_arena_strndup(&f->arena, b.p ? b.p : "", b.len);
	x->seq = f->n++;
	ysh_buf_free(&b);
	if (x->sev == YSH_SEV_ERROR)
		f->errors++;
	else
		f->warnings++;
}

static int finding_order(const void *pa, const void *pb)
{
	const struct ysh_finding *a = pa, *b = pb;
	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

void ysh_findings_sort(struct ysh_findings *f)
{
	if (f->n)
		qsort(f->v, f->n, sizeof(*f->v), finding_order);
}

void ysh_findings_insert(struct ysh_findings *to, size_t at, struct ysh_findings *from)
{
	size_t n = from->n;
	if (!n) { /* nothing to move (and no NULL array to memmove) */
		ysh_findings_free(from);
		return;
	}
	to->v = ysh_grow(to->v, &to->cap, to->n + n, sizeof(*to->v));
	memmove(to->v + at + n, to->v + at, (to->n - at) * sizeof(*to->v));
	for (size_t i = 0; i < n; i++) {
		struct ysh_finding x = from->v[i];
		x.msg = ysh_arena_strdup(&to->arena, x.msg);
		if (x.id)
			x.id = ysh_arena_strdup(&to->arena, x.id);
		to->v[at + i] = x;
		if (x.sev == YSH_SEV_ERROR)
			to->errors++;
		else
			to->warnings++;
	}
	to->n += n;
	for (size_t i = at; i < to->n; i++) /* made in this order */
		to->v[i].seq = i;
	ysh_findings_free(from);
}

void ysh_findings_move(struct ysh_findings *to, struct ysh_findings *from)
{
	ysh_findings_insert(to, to->n, from);
}

void ysh_findings_free(struct ysh_findings *f)
{
	free(f->v);
	free(f->files);
	ysh_arena_free(&f->arena);
	memset(f, 0, sizeof(*f));
}

static const char *sev_name(enum ysh_severity s)
{
	return s == YSH_SEV_ERROR ? "error" : "warning";
}

void ysh_finding_print_text(FILE *out, const struct ysh_findings *f, const struct ysh_finding *x)
{
	/* "error"/"warning" stay English, as GNU tools and editors expect them. */
	fprintf(out, "%s:%zu:%zu: %s: %s [%s]\n", f->files[x->file], x->line, x->col,
		sev_name(x->sev), x->msg, x->code);
}

/* Whether JSON writes byte c as it is in a string. */
static bool json_plain(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

void ysh_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s;; p++) {
		const unsigned char *run = p;
		while (json_plain(*p))
			p++;
		fwrite(run, 1, (size_t)(p - run), out); /* the bytes between escapes at once */
		if (!*p)
			break;
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default: fprintf(out, "\\u%04x", *p);
		}
	}
	fputc('"', out);
}

void ysh_finding_print_json(FILE *out, const struct ysh_findings *f, const struct ysh_finding *x)
{
	fputs("{\"file\":", out);
	ysh_json_string(out, f->files[x->file]);
	fprintf(out, ",\"line\":%zu,\"column\":%zu,\"severity\":\"%s\",\"code\":\"%s\",\"id\":",
		x->line, x->col, sev_name(x->sev), x->code);
	if (x->id)
		ysh_json_string(out, x->id);
	else
		fputs("null", out);
	fputs(",\"message\":", out);
	ysh_json_string(out, x->msg);
	fputs("}\n", out);
}
