#include "add.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "append.h"
#include "csvread.h"
#include "encoding.h"
#include "idindex.h"
#include "i18n.h"
#include "normal.h"
#include "rules.h"
#include "safe.h"

void ysh_add_row_init(struct ysh_add_row *r, const struct ysh_schema *s)
{
	r->cells = ysh_xcalloc(s->ncols, sizeof(*r->cells));
	r->ncols = s->ncols;
	r->line = 0;
}

void ysh_add_row_free(struct ysh_add_row *r)
{
	if (!r->cells)
		return;
	for (size_t c = 0; c < r->ncols; c++)
		free(r->cells[c]);
	free(r->cells);
	r->cells = NULL;
}

static void set_cell(char **cell, const char *v)
{
	free(*cell);
	*cell = ysh_xstrdup(v);
}

static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return ysh_xstrndup(s, n);
}

int ysh_add_row_set(struct ysh_add_row *r, const struct ysh_schema *s, const char *word, char **err)
{
	const char *eq = strchr(word, '=');
	if (!eq || eq == word) {
		*err = ysh_xasprintf(_("'%s' is not key=value"), word);
		return -1;
	}
	char *key = trimmed(word, (size_t)(eq - word));
	int c = ysh_schema_col(s, key);
	if (c < 0) {
		struct ysh_buf names = {0};
		for (size_t i = 0; i < s->ncols; i++)
			if (!s->cols[i].system)
				ysh_buf_printf(&names, "%s%s", names.len ? ", " : "", s->cols[i].name);
		*err = ysh_xasprintf(_("unknown field '%s' for %s (fields: %s)"), key, s->record,
				     ysh_buf_str(&names));
		ysh_buf_free(&names);
		free(key);
		return -1;
	}
	free(key);
	const struct ysh_column *col = &s->cols[c];
	if (col->system) {
		*err = ysh_xasprintf(_("%s (%s) is filled in by ysh-add, not typed"), col->name, col->title);
		return -1;
	}
	if (r->cells[c]) {
		*err = ysh_xasprintf(_("%s (%s) is given twice"), col->name, col->title);
		return -1;
	}
	r->cells[c] = trimmed(eq + 1, strlen(eq + 1));
	return 0;
}

/* One value (or list item) of column col as the ledger writes it: the
 * type's canonical form (normal.h), a category's name as its number, a
 * boolean as 是/否. */
static void normalise_value(const struct ysh_column *col, const char *v, struct ysh_buf *out)
{
	ysh_normalise(col->type, v, out);
	long label = ysh_column_label_value(col, out->p);
	if (label >= 0) {
		ysh_buf_reset(out);
		ysh_buf_printf(out, "%ld", label);
	} else if (col->type == YSH_T_BOOL && ysh_parse_bool(out->p) >= 0) {
		int yes = ysh_parse_bool(out->p);
		ysh_buf_reset(out);
		ysh_buf_adds(out, yes ? "是" : "否");
	}
	ysh_buf_str(out);
}

/* Replaces a cell by v, in place when it fits (it mostly does: trimming
 * and folding only shorten). */
static void replace_cell(char **cell, const char *v, size_t n)
{
	if (!strcmp(*cell, v))
		return;
	if (n > strlen(*cell))
		*cell = ysh_xrealloc(*cell, n + 1);
	memcpy(*cell, v, n + 1);
}

/* What a clerk types with a spreadsheet or a Chinese input method becomes
 * the ledger's canonical form: lists written with ';', dates 2026-11-03,
 * money without 元 and commas, booleans as 是/否 (see normal.h). */
static void normalise(struct ysh_add_row *r, const struct ysh_schema *s)
{
	struct ysh_buf b = {0}, item = {0};
	for (size_t c = 0; c < s->ncols; c++) {
		char *v = r->cells[c];
		if (!v || !*v)
			continue;
		const struct ysh_column *col = &s->cols[c];
		if (col->list) {
			char **items;
			size_t n = ysh_split_list(v, &items);
			ysh_buf_reset(&b);
			for (size_t i = 0; i < n; i++) {
				normalise_value(col, items[i], &item);
				ysh_buf_printf(&b, "%s%s", i ? ";" : "", item.p);
			}
			ysh_free_list(items, n);
			ysh_buf_str(&b);
		} else {
			normalise_value(col, v, &b);
		}
		replace_cell(&r->cells[c], b.p, b.len);
	}
	ysh_buf_free(&b);
	ysh_buf_free(&item);
}

void ysh_now_iso8601(char *out, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	char z[8];
	localtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(z, sizeof(z), "%z", &tm); /* +0800 */
	size_t n = strlen(out);
	if (strlen(z) == 5 && n + 7 <= size)
		snprintf(out + n, size - n, "%.3s:%.2s", z, z + 3);
}

/* ---- batch input ---- */

struct batch {
	struct ysh_ledgers *L;
	const struct ysh_schema *s;
	struct ysh_batch_io *io;
	size_t file;
	bool have_header, header_bad;
	struct ysh_binding bind;
	char *missing;         /* required columns a revisions' header lacks */
	char **title;          /* a first row that may be a title above the header */
	size_t ntitle, title_line;
	struct ysh_add_row *rows;
	size_t n, cap;
};

static void batch_error(size_t line, size_t col, const char *msg, void *ctx)
{
	struct batch *B = ctx;
	ysh_finding_add(&B->L->findings, B->file, line, col, YSH_R_CSV_SYNTAX, NULL, "%s", msg);
}

/* Excel's blank cells: nothing, or nothing but spaces (ASCII, U+3000). */
static bool blank_cell(const char *s)
{
	while (*s) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (!strncmp(s, "\u3000", 3))
			s += 3;
		else
			return false;
	}
	return true;
}

/* Fields up to the last one that is not blank: Excel and WPS write empty
 * columns to the right of the table, and rows of nothing but commas. */
static size_t used_width(char *const *fields, size_t n)
{
	while (n && blank_cell(fields[n - 1]))
		n--;
	return n;
}

static void note(struct batch *B, size_t line, const char *msg)
{
	ysh_buf_printf(&B->io->notes, "<stdin>:%zu: %s\n", line, msg);
}

/* Whether a first cell names a column: a header's does, a title's not. */
static bool names_column(const struct batch *B, const char *cell)
{
	struct ysh_buf b = {0};
	ysh_normalise(YSH_T_TEXT, cell, &b);
	bool yes = ysh_schema_col(B->s, b.p) >= 0;
	ysh_buf_free(&b);
	return yes;
}

static void bind_header(struct batch *B, char *const *fields, size_t n, size_t line, bool bad)
{
	B->have_header = true;
	size_t width = used_width(fields, n);
	if (width < n)
		note(B, line, P_("note: an empty column at the end of the header is ignored",
				 "note: empty columns at the end of the header are ignored", n - width));
	/* a spreadsheet's header cells may carry spaces around the titles */
	char **names = ysh_xcalloc(width ? width : 1, sizeof(*names));
	struct ysh_buf b = {0};
	for (size_t i = 0; i < width; i++) {
		ysh_normalise(YSH_T_TEXT, fields[i], &b);
		names[i] = ysh_xstrdup(b.p);
	}
	ysh_buf_free(&b);
	struct ysh_header_problem *probs;
	size_t np = ysh_bind_header(B->s, names, width, &B->bind, &probs);
	ysh_free_list(names, width);
	/* a header with ids is one of revisions, which carry only what changes:
	 * a row without an id (a new record) needs the columns it lacks */
	bool revisions = B->s->revisions && B->bind.col_to_file[B->s->id_col] >= 0;
	struct ysh_buf missing = {0};
	size_t real = 0;
	for (size_t i = 0; i < np; i++) {
		/* a batch need not carry the columns ysh-add fills or defaults */
		int m = probs[i].missing;
		if (m >= 0 && (m == B->s->id_col || B->s->cols[m].dflt))
			continue;
		if (m >= 0 && revisions) {
			ysh_buf_printf(&missing, "%s%s (%s)", missing.len ? ", " : "", B->s->cols[m].name,
				       B->s->cols[m].title);
			continue;
		}
		ysh_finding_add(&B->L->findings, B->file, line, probs[i].file_col, YSH_R_HEADER, NULL, "%s",
				probs[i].msg);
		real++;
	}
	if (missing.len)
		B->missing = ysh_xstrdup(ysh_buf_str(&missing));
	ysh_buf_free(&missing);
	B->header_bad = real > 0 || bad;
	ysh_header_problems_free(probs, np);
}

static void drop_title(struct batch *B)
{
	ysh_free_list(B->title, B->ntitle);
	B->title = NULL;
	B->ntitle = 0;
}

/* The header, after at most one title row above it (a row whose first cell
 * names no column, followed by one whose first cell does).  Returns true
 * when rec is the header or the title. */
static bool header_row(struct batch *B, const struct ysh_csv_record *rec)
{
	if (!B->title && !rec->bad && !names_column(B, rec->fields[0])) {
		B->title = ysh_xcalloc(rec->nfields, sizeof(*B->title));
		for (size_t i = 0; i < rec->nfields; i++)
			B->title[i] = ysh_xstrdup(rec->fields[i]);
		B->ntitle = rec->nfields;
		B->title_line = rec->line;
		return true;
	}
	if (B->title && names_column(B, rec->fields[0])) {
		note(B, B->title_line, _("note: a title row above the header is skipped"));
		drop_title(B);
	}
	if (!B->title) {
		bind_header(B, rec->fields, rec->nfields, rec->line, rec->bad);
		return true;
	}
	/* no header after it: the first row was the header, and what it
	 * lacks is reported; this row is a row */
	bind_header(B, B->title, B->ntitle, B->title_line, false);
	drop_title(B);
	return false;
}

static int batch_record(const struct ysh_csv_record *rec, void *ctx)
{
	struct batch *B = ctx;
	size_t width = used_width(rec->fields, rec->nfields);
	if (!width && !rec->bad) {
		note(B, rec->line, _("note: a blank row is skipped"));
		return 0;
	}
	if (!B->have_header && header_row(B, rec))
		return 0;
	if (B->header_bad || rec->bad)
		return 0;
	size_t nfields = rec->nfields;
	if (nfields > B->bind.nfile && width <= B->bind.nfile)
		nfields = B->bind.nfile; /* the empty columns right of the table */
	if (nfields != B->bind.nfile) {
		ysh_finding_add(&B->L->findings, B->file, rec->line, 0, YSH_R_CSV_SYNTAX, NULL,
				P_("record has %zu field, the header has %zu",
				   "record has %zu fields, the header has %zu", rec->nfields),
				rec->nfields, B->bind.nfile);
		return 0;
	}
	B->rows = ysh_grow(B->rows, &B->cap, B->n + 1, sizeof(*B->rows));
	struct ysh_add_row *r = &B->rows[B->n++];
	ysh_add_row_init(r, B->s);
	r->line = rec->line;
	for (size_t i = 0; i < nfields; i++) {
		int c = B->bind.file_to_col[i];
		if (c >= 0 && !B->s->cols[c].system)
			r->cells[c] = ysh_xstrdup(rec->fields[i]);
	}
	const char *id = r->cells[B->s->id_col];
	if (B->missing && (!id || blank_cell(id)))
		ysh_finding_add(&B->L->findings, B->file, rec->line, 0, YSH_R_HEADER, NULL,
				_("a row without an id is a new record, and the header lacks what one needs: %s"),
				B->missing);
	return 0;
}

/* Reads fd in chunks through the decoder into the CSV reader: 0 at the end,
 * -1 on a read error (errno), 1 when the bytes are in no encoding asked for
 * (a finding says so). */
static int feed_decoded(struct batch *B, struct ysh_csv_reader *r, int fd)
{
	enum { CHUNK = 64 * 1024 };
	struct ysh_decoder *d = ysh_decoder_new(B->io->encoding);
	char *buf = ysh_xmalloc(CHUNK);
	struct ysh_buf out = {0};
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd, buf, CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -1;
			break;
		}
		char *err = NULL;
		ysh_buf_reset(&out);
		if (ysh_decoder_feed(d, buf, (size_t)n, n == 0, &out, &err) != 0) {
			/* what came before the bad byte is read, for its line */
			ysh_csv_feed(r, out.p, out.len);
			ysh_finding_add(&B->L->findings, B->file, ysh_csv_next_line(r), 0, YSH_R_CSV_SYNTAX, NULL,
					"%s", err);
			free(err);
			rc = 1;
			break;
		}
		if (out.len)
			ysh_csv_feed(r, out.p, out.len);
		if (n == 0) {
			ysh_csv_finish(r);
			break;
		}
	}
	B->io->read_as = ysh_decoder_encoding(d);
	ysh_buf_free(&out);
	free(buf);
	ysh_decoder_free(d);
	return rc;
}

long ysh_add_read_batch(struct ysh_ledgers *L, struct ysh_table *t, int fd, struct ysh_batch_io *io,
			struct ysh_add_row **rows, char **err)
{
	struct batch B = {.L = L, .s = t->schema, .io = io};
	B.file = ysh_findings_file(&L->findings, "<stdin>");
	struct ysh_csv_reader *r = ysh_csv_new(batch_record, batch_error, &B);
	int rc = feed_decoded(&B, r, fd);
	if (rc < 0)
		*err = ysh_xasprintf(_("standard input: %s"), strerror(errno));
	if (B.title) /* a single row, and no header under it */
		bind_header(&B, B.title, B.ntitle, B.title_line, false);
	if (rc == 0 && !B.have_header && !ysh_csv_errors(r))
		ysh_finding_add(&L->findings, B.file, 1, 0, YSH_R_HEADER, NULL,
				_("no header row: --batch reads CSV with a header"));
	drop_title(&B);
	free(B.missing);
	ysh_csv_free(r);
	ysh_binding_free(&B.bind);
	*rows = B.rows;
	return rc < 0 ? -1 : (long)B.n;
}

/* ---- checking and writing ---- */

/* The ledger itself (its ids: revisions, duplicates, and the ids a new id
 * must not repeat) and every ledger its rows refer to. */
int ysh_add_read_tables(struct ysh_ledgers *L, struct ysh_table *t, char **err)
{
	const struct ysh_schema *s = t->schema;
	if (ysh_ledgers_read(L, t, err) != 0)
		return -1;
	for (size_t c = 0; c < s->ncols; c++) {
		if (s->cols[c].type != YSH_T_REF)
			continue;
		struct ysh_table *ref = ysh_ledgers_table(L, s->cols[c].ref);
		if (ref && ysh_ledgers_read(L, ref, err) != 0)
			return -1;
	}
	return 0;
}

/* Cells of a prepared row in schema order, "" for the empty ones. */
static const char **row_cells(const struct ysh_schema *s, char **cells)
{
	const char **v = ysh_xcalloc(s->ncols, sizeof(*v));
	for (size_t c = 0; c < s->ncols; c++)
		v[c] = cells[c] ? cells[c] : "";
	return v;
}

/* A date the schema computes when its cell is empty (due_from,
 * due_workdays: a complaint's reply_due) is written into a new record as
 * it is computed now, from the [rules] in force when the record is made, so
 * that changing ysh.ini later does not move the date of a record already
 * reported.  A date the clerk gave is kept; a ledger whose header lacks
 * the column goes on computing it when read. */
static void fill_due_dates(const struct ysh_ledgers *L, const struct ysh_ledger_file *lf,
			   const struct ysh_schema *s, struct ysh_add_row *r)
{
	const char **cells = row_cells(s, r->cells);
	for (size_t c = 0; c < s->ncols; c++) {
		ysh_day due;
		char d[11];
		if (s->cols[c].due_from_col < 0 || *cells[c] || !ysh_ledger_has_column(lf, c) ||
		    !ysh_cells_due(L, s, cells, c, &due))
			continue;
		ysh_format_date(due, d);
		set_cell(&r->cells[c], d);
		cells[c] = r->cells[c];
	}
	free(cells);
}

/* Give a row its id, defaults, computed dates and system cells; returns the
 * index of the record it revises, or -1 for a new record (-2: refused,
 * *err set). */
static long prepare_row(const struct ysh_ledgers *L, const struct ysh_ledger_file *lf, struct ysh_table *t,
			struct ysh_add_row *r, const struct ysh_add_opts *o, const char *stamp, int year,
			long *seq, char **err)
{
	const struct ysh_schema *s = t->schema;
	char **id = &r->cells[s->id_col];
	long revises = -1;
	if (*id && **id) {
		size_t idx;
		if (!s->revisions) {
			*err = ysh_xasprintf(_("%s records have no revisions; ysh-add assigns their ids"),
					     s->record);
			return -2;
		}
		if (!ysh_table_id(t, *id, &idx)) {
			*err = ysh_xasprintf(_("there is no %s %s in %s to revise"), s->record, *id, t->path);
			return -2;
		}
		revises = (long)idx;
	} else {
		char buf[32];
		snprintf(buf, sizeof(buf), "%c%04d-%04ld", s->id_prefix, year, (*seq)++);
		set_cell(id, buf);
		for (size_t c = 0; c < s->ncols; c++)
			if (s->cols[c].dflt && (!r->cells[c] || !*r->cells[c]))
				set_cell(&r->cells[c], s->cols[c].dflt);
		fill_due_dates(L, lf, s, r);
	}
	if (s->recorded_at_col >= 0)
		set_cell(&r->cells[s->recorded_at_col], stamp);
	if (s->recorded_by_col >= 0)
		set_cell(&r->cells[s->recorded_by_col], o->user ? o->user : "");
	return revises;
}

/* Keep the findings about the new rows' records (the ledger rules just ran
 * over whole tables) and count them. */
static void keep_own_findings(struct ysh_ledgers *L, const struct ysh_add_result *res)
{
	struct ysh_findings *f = &L->findings;
	struct ysh_map ours = {0};
	for (size_t i = 0; i < res->nids; i++)
		ysh_map_put(&ours, res->ids[i], i);
	size_t k = res->first_finding;
	for (size_t i = res->first_finding; i < f->n; i++)
		if (f->v[i].id && ysh_map_get(&ours, f->v[i].id, NULL))
			f->v[k++] = f->v[i];
	f->n = k;
	ysh_map_free(&ours);
}

/* 1 when the findings refuse the rows: a malformed record always, any
 * finding under --strict. */
static int verdict(const struct ysh_ledgers *L, const struct ysh_add_result *res, bool strict)
{
	for (size_t i = res->first_finding; i < L->findings.n; i++)
		if (strict || ysh_rule_info[L->findings.v[i].rule].act == YSH_REFUSE)
			return 1;
	return 0;
}

/* Findings about typed input name the schema position of the field. */
static int *identity_cols(const struct ysh_schema *s)
{
	int *ident = ysh_xcalloc(s->ncols, sizeof(int));
	for (size_t c = 0; c < s->ncols; c++)
		ident[c] = (int)c + 1;
	return ident;
}

/* The record each row made or revised, judged in its new state, reported
 * at the place in the input of the last row that touched it. */
static void check_touched(struct ysh_ledgers *L, struct ysh_table *t, const struct ysh_add_row *rows,
			  size_t n, const size_t *files, const int *ident)
{
	const struct ysh_schema *s = t->schema;
	struct ysh_map judged = {0};
	const char **cells = ysh_xcalloc(s->ncols, sizeof(*cells));
	struct ysh_arena far = {0};
	for (size_t i = n; i-- > 0;) {
		size_t idx;
		const char *id = rows[i].cells[s->id_col];
		struct ysh_row view;
		if (!ysh_map_put(&judged, id, i) || !ysh_table_id(t, id, &idx) ||
		    !ysh_table_view(L, t, idx, &view, cells, &far))
			continue;
		view.file = files[i];
		view.line = rows[i].line;
		view.file_col = ident;
		view.system_trusted = true;
		ysh_rules_check_record(&view, YSH_AT_WRITE);
	}
	ysh_arena_free(&far);
	free(cells);
	ysh_map_free(&judged);
}

static int check_rows(struct ysh_ledgers *L, const struct ysh_ledger_file *lf, struct ysh_table *t,
		      struct ysh_add_row *rows, size_t n, const struct ysh_add_opts *o,
		      struct ysh_add_result *res, int year, long *seq, char **err)
{
	const struct ysh_schema *s = t->schema;
	char stamp[40];
	if (o->timestamp)
		snprintf(stamp, sizeof(stamp), "%s", o->timestamp);
	else
		ysh_now_iso8601(stamp, sizeof(stamp));
	size_t args_file = ysh_findings_file(&L->findings, "<command line>");
	size_t stdin_file = ysh_findings_file(&L->findings, "<stdin>");
	size_t *files = ysh_xcalloc(n ? n : 1, sizeof(*files));
	int *ident = identity_cols(s);
	const char **state = ysh_xcalloc(s->ncols, sizeof(*state));
	struct ysh_arena far = {0}; /* a revised record's far values, a row at a time */
	res->ids = ysh_xcalloc(n ? n : 1, sizeof(*res->ids));
	res->first_finding = L->findings.n;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		long revises = prepare_row(L, lf, t, &rows[i], o, stamp, year, seq, err);
		if (revises == -2) {
			rc = 1;
			break;
		}
		if (ysh_row_writable(s, rows[i].cells, rows[i].line, err) != 0) {
			rc = 1; /* only what the reader takes back goes into a ledger */
			break;
		}
		res->ids[res->nids++] = ysh_xstrdup(rows[i].cells[s->id_col]);
		files[i] = rows[i].line ? stdin_file : args_file;
		const char **cells = row_cells(s, rows[i].cells);
		struct ysh_row row = {
			.L = L, .t = t, .out = &L->findings,
			.file = files[i],
			.line = rows[i].line,
			.system_trusted = true,
			.cells = cells,
			.file_col = ident,
			.revises = -1,
			.id = cells[s->id_col],
		};
		if (revises >= 0) {
			ysh_arena_clear(&far);
			ysh_row_revises(&row, (size_t)revises, state, &far);
		}
		ysh_rules_check_row(&row, YSH_AT_WRITE);
		ysh_table_fold(t, &row);
		free(cells);
	}
	if (rc == 0) {
		check_touched(L, t, rows, n, files, ident);
		ysh_rules_check_ledgers(L, YSH_AT_WRITE);
		keep_own_findings(L, res);
		rc = verdict(L, res, o->strict);
	}
	ysh_arena_free(&far);
	free(state);
	free(ident);
	free(files);
	return rc;
}

/* The append, and its rows into the id index. */
static int append_indexed(struct ysh_ledger_file *lf, const struct ysh_buf *out, const size_t *lens, size_t nlens,
			  int year, long last_seq, char **err)
{
	off_t before = lf->fd >= 0 ? lf->size : 0;
	/* the rows go after the line feed that completes a lone CR */
	uint64_t at = (uint64_t)before + (lf->fd >= 0 && lf->tail == YSH_TAIL_LONE_CR);
	size_t line = lf->next_line;
	bool current = ysh_idx_current(lf);
	if (ysh_ledger_append(lf, out->p, out->len, lens, nlens, year, last_seq, err) != 0)
		return -1;
	ysh_idx_extend(lf, current, out->p, out->len, at, line, before);
	return 0;
}

int ysh_add(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *rows, size_t n,
	    const struct ysh_add_opts *o, struct ysh_add_result *res, char **err)
{
	memset(res, 0, sizeof(*res));
	*err = NULL;
	char ***cells = ysh_xcalloc(n ? n : 1, sizeof(*cells));
	/* the canonical forms first: the id index looks up what is written
	 * (A2026-0001), not what was typed (a2026-0001) */
	for (size_t i = 0; i < n; i++) {
		normalise(&rows[i], t->schema);
		cells[i] = rows[i].cells;
	}
	struct ysh_ledger_file lf;
	/* a dry run writes nothing, not even the lock file or the id index */
	int (*open_ledger)(const char *, const struct ysh_schema *, long, struct ysh_ledger_file *, char **) =
		o->dry_run ? ysh_ledger_peek : ysh_ledger_lock;
	if (open_ledger(L->dir, t->schema, o->lock_timeout_ms, &lf, err) != 0) {
		ysh_ledger_unlock(&lf);
		free(cells);
		return -1;
	}
	/* a dry run holds the lock shared, if at all: its reads take their own */
	t->locked = !o->dry_run;
	int y, m, d;
	ysh_split_day(o->today, &y, &m, &d);
	long seq = 1;
	int rc = 0;
	/* under the lock, through the id index: only the records the rows
	 * revise, refer to or may duplicate (a dry run: the index only when it
	 * is current, else the whole ledgers) */
	if (ysh_idx_read_for_add(L, t, &lf, cells, n, o->lock_timeout_ms, err) != 0)
		rc = -1;
	else /* 1: refused, the ledger does not end with a whole record */
		rc = ysh_ledger_next_seq(&lf, y, &seq, err);
	if (rc == 0)
		rc = check_rows(L, &lf, t, rows, n, o, res, y, &seq, err);
	if (rc == 0) {
		struct ysh_buf out = {0};
		size_t *lens = ysh_xcalloc(n + 1, sizeof(*lens)), nlens = 0;
		if (ysh_ledger_serialize(&lf, cells, n, &out, lens, &nlens, err) != 0)
			rc = -1;
		else if (o->dry_run)
			ysh_buf_add(&res->csv, out.p, out.len);
		else
			rc = append_indexed(&lf, &out, lens, nlens, y, seq - 1, err);
		free(lens);
		ysh_buf_free(&out);
	}
	free(cells);
	ysh_ledger_unlock(&lf);
	t->locked = false;
	return rc;
}

void ysh_add_result_free(struct ysh_add_result *res)
{
	for (size_t i = 0; i < res->nids; i++)
		free(res->ids[i]);
	free(res->ids);
	ysh_buf_free(&res->csv);
	memset(res, 0, sizeof(*res));
}

void ysh_add_check_partial(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *r,
			   struct ysh_findings *out)
{
	const struct ysh_schema *s = t->schema;
	normalise(r, s);
	const char **cells = row_cells(s, r->cells);
	int *ident = identity_cols(s);
	out->enabled = L->opts.enabled;
	struct ysh_row row = {.L = L, .t = t, .out = out, .cells = cells, .file_col = ident,
			      .revises = -1, .id = "", .system_trusted = true,
			      .file = ysh_findings_file(out, t->path), .recorded = L->opts.today};
	ysh_rules_check_row(&row, YSH_AT_PROMPT);
	ysh_rules_check_record(&row, YSH_AT_PROMPT);
	free(cells);
	free(ident);
}

int ysh_add_adopt(struct ysh_ledgers *L, struct ysh_table *t, long lock_timeout_ms, size_t *adopted,
		  char **err)
{
	*err = NULL;
	struct ysh_ledger_file lf;
	int rc = ysh_ledger_lock(L->dir, t->schema, lock_timeout_ms, &lf, err);
	if (rc == 0 && lf.tail_problem) {
		*err = ysh_xstrdup(lf.tail_problem);
		rc = -1;
	}
	if (rc == 0)
		rc = ysh_ledger_adopt(&lf, adopted, err);
	ysh_ledger_unlock(&lf);
	return rc;
}
