#include "ledger.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "append.h"
#include "csvpipe.h"
#include "csvread.h"
#include "i18n.h"
#include "idindex.h"
#include "keymap.h"
#include "readall.h"

/* What the reader's callbacks need while one file streams through. */
struct reading {
	struct ysh_ledgers *L;
	struct ysh_table *t;
	bool have_header;
	bool header_bad;      /* nothing can be bound: rows are only counted */
	struct ysh_binding bind;
	char **header;        /* copy of the header cells, to spot a repeat */
	size_t nheader;
	const char **cells;   /* reused for every row */
	uint32_t *codes;      /* a new record's cells, coded (ysh_row.codes) */
	const char **state;   /* a revision's record: ysh_row_revises */
	struct ysh_arena far; /* its far values, read back (cleared a row at a time) */
	bool keeps_far;       /* the whole ledger read from its file: long values may stay there */
	int *file_col;
	/* the hash chain: rows it does not list, and where it first breaks */
	size_t chain_cursor;
	uint64_t chain_pending; /* rows from here are a whole append the next writer chains */
	size_t chain_bad, chain_later_bad; /* first entry that no longer holds, or chain.n */
	bool chain_reported;
	size_t prev_line;
	bool too_long; /* past the last line a record can keep */
};

static const char EMPTY[] = "";

static const struct ysh_hooks *L_hooks(const struct ysh_ledgers *L)
{
	return L->opts.hooks;
}

static void csv_error(size_t line, size_t col, const char *msg, void *ctx)
{
	struct reading *R = ctx;
	ysh_finding_add(R->t->out, R->t->file, line, col, YSH_R_CSV_SYNTAX, NULL, "%s", msg);
}

static void bind_header(struct reading *R, const struct ysh_csv_record *rec)
{
	struct ysh_table *t = R->t;
	R->have_header = true;
	if (rec->bad) {
		R->header_bad = true;
		return;
	}
	struct ysh_header_problem *probs;
	size_t np = ysh_bind_header(t->schema, rec->fields, rec->nfields, &R->bind, &probs);
	for (size_t i = 0; i < np; i++) {
		/* a ledger kept before a column was asked of new records may lack it */
		int m = probs[i].missing;
		if (m >= 0 && t->schema->cols[m].required_new)
			continue;
		ysh_finding_add(R->t->out, t->file, rec->line, probs[i].file_col, YSH_R_HEADER, NULL,
				"%s", probs[i].msg);
	}
	ysh_header_problems_free(probs, np);
	R->nheader = rec->nfields;
	R->header = ysh_xcalloc(rec->nfields, sizeof(char *));
	for (size_t i = 0; i < rec->nfields; i++)
		R->header[i] = ysh_xstrdup(rec->fields[i]);
	size_t nc = t->schema->ncols;
	R->cells = ysh_xcalloc(nc, sizeof(*R->cells));
	R->codes = ysh_xcalloc(nc, sizeof(*R->codes));
	R->state = ysh_xcalloc(nc, sizeof(*R->state));
	R->file_col = ysh_xcalloc(nc, sizeof(*R->file_col));
	for (size_t c = 0; c < nc; c++)
		R->file_col[c] = R->bind.col_to_file[c] + 1;
	t->file_col = ysh_xcalloc(nc, sizeof(*t->file_col));
	memcpy(t->file_col, R->file_col, nc * sizeof(*t->file_col));
}

static bool repeats_header(const struct reading *R, const struct ysh_csv_record *rec)
{
	if (rec->nfields != R->nheader)
		return false;
	for (size_t i = 0; i < rec->nfields; i++)
		if (strcmp(rec->fields[i], R->header[i]))
			return false;
	return true;
}

static bool fields_match_header(struct reading *R, const struct ysh_csv_record *rec)
{
	if (rec->nfields == R->nheader)
		return true;
	ysh_finding_add(R->t->out, R->t->file, rec->line,
			rec->nfields > R->nheader ? R->nheader + 1 : 0, YSH_R_CSV_SYNTAX, NULL,
			P_("record has %zu field, the header has %zu",
			   "record has %zu fields, the header has %zu", rec->nfields),
			rec->nfields, R->nheader);
	return false;
}

static void update_max_seq(struct ysh_table *t, const char *id)
{
	int year;
	long seq;
	if (!ysh_parse_id(id, t->schema->id_prefix, &year, &seq))
		return;
	if (year > t->max_seq_year) {
		t->max_seq_year = year;
		t->max_seq = seq;
	} else if (year == t->max_seq_year && seq > t->max_seq) {
		t->max_seq = seq;
	}
}

/* The id of record idx: the key of the table's id map. */
static const char *rec_id_key(const void *table, uint32_t idx)
{
	const struct ysh_table *t = table;
	return ysh_rec_cell(t, &t->recs[idx], (size_t)t->schema->id_col);
}

/* The day a row hands its record over: its own date, else the day the row
 * was recorded, else the record's date. */
static ysh_day handover_day(const struct ysh_table *t, const struct ysh_row *r, const struct ysh_rec *rec)
{
	const struct ysh_schema *s = t->schema;
	ysh_day d;
	if (ysh_parse_date(r->cells[s->handover[2]], &d))
		return d;
	if (s->recorded_at_col >= 0 && ysh_parse_timestamp(r->cells[s->recorded_at_col], &d))
		return d;
	if (s->date_col >= 0 && ysh_parse_date(ysh_rec_cell(t, rec, (size_t)s->date_col), &d))
		return d;
	return 0;
}

/* A row naming a unit to pass its record to is a hand-over: listed, so
 * that reports of every period know whose the record was. */
static void note_handover(struct ysh_table *t, const struct ysh_row *r, size_t idx, const char *from)
{
	const struct ysh_schema *s = t->schema;
	struct ysh_rec *rec = &t->recs[idx];
	if (s->handover[1] < 0 || !*r->cells[s->handover[1]] || !strcmp(r->cells[s->handover[1]], from))
		return;
	t->handovers = ysh_grow(t->handovers, &t->caphandovers, t->nhandovers + 1, sizeof(*t->handovers));
	struct ysh_handover *h = &t->handovers[t->nhandovers];
	h->rec = idx;
	h->day = handover_day(t, r, rec);
	h->from = ysh_cells_keep(&t->cells, (size_t)s->handover[1], from);
	h->to = ysh_cells_keep(&t->cells, (size_t)s->handover[1], r->cells[s->handover[1]]);
	h->line = r->line;
	h->prev = rec->handover;
	if (t->nhandovers >= INT32_MAX)
		abort(); /* each is a row of a ledger in memory: memory runs out long before */
	rec->handover = (int32_t)t->nhandovers++;
}

/* The unit a record belongs to now: the newest hand-over's, else its owner. */
static const char *current_owner(const struct ysh_table *t, const struct ysh_rec *rec)
{
	if (rec->handover >= 0)
		return t->handovers[rec->handover].to;
	return t->schema->handover[0] >= 0 ? ysh_rec_cell(t, rec, (size_t)t->schema->handover[0]) : "";
}

/* A revision's cell that becomes the state: not one revision-conflict or
 * filing-widened refuses (who/what/when changed, a status or a void going
 * back, an approved filing widened): the state stays what was legitimately
 * recorded.  A row that reopens the record (a look-back's 反弹) sets the
 * columns with a reopen_to value to it. */
static const char *folded_cell(const struct ysh_table *t, const char *const *state, const struct ysh_row *r,
			       size_t c, bool reopens)
{
	const struct ysh_column *col = &t->schema->cols[c];
	if (reopens && col->reopen_to)
		return col->reopen_to;
	if (!*r->cells[c] || !ysh_column_may_become(col, state[c], r->cells[c]) ||
	    ysh_revision_widens(t->schema, state, r->cells, c))
		return NULL;
	return r->cells[c];
}

void ysh_row_read_state(const struct ysh_row *r)
{
	const struct ysh_schema *s = r->t->schema;
	for (size_t c = 0; c < s->ncols; c++)
		if (*r->cells[c] || s->cols[c].reopen_to)
			ysh_row_state(r, c);
	for (size_t i = 0; i < s->napproval; i++)
		ysh_row_state(r, (size_t)s->approval_cols[i]);
}

static int is_approval(const struct ysh_schema *s, size_t c)
{
	for (size_t i = 0; i < s->napproval; i++)
		if (s->approval_cols[i] == (int)c)
			return 1;
	return 0;
}

/* Record idx's cells into cells[], a far value NULL (ysh_row_read_back). */
static void rec_cells_unread(const struct ysh_table *t, size_t idx, const char **cells)
{
	for (size_t c = 0; c < t->schema->ncols; c++) {
		const struct ysh_column_cells *col = &t->cells.col[c];
		uint32_t v = ysh_cells_raw(col, idx);
		cells[c] = ysh_cells_is_far(col, v) ? NULL : ysh_cells_near_str(&t->cells, col, v);
	}
}

const char *ysh_row_read_back(const struct ysh_row *r, const char **cells, long idx, size_t c)
{
	cells[c] = ysh_cells_str_in(&r->t->cells, (size_t)idx, c, r->far);
	return cells[c];
}

bool ysh_row_read_given(const struct ysh_row *r, const char **cells, long idx, size_t c)
{
	const struct ysh_column_cells *col = &r->t->cells.col[c];
	if (ysh_cells_is_far(col, ysh_cells_raw(col, (size_t)idx)))
		return true; /* longer than a near value: given, and left where it is */
	return *ysh_row_read_back(r, cells, idx, c) != '\0';
}

bool ysh_row_reopened(const struct ysh_row *r)
{
	const struct ysh_schema *s = r->t->schema;
	for (size_t c = 0; c < s->ncols; c++)
		if (s->cols[c].reopens)
			ysh_row_cell(r, c); /* never long (schema.c): no reading back */
	return ysh_row_reopens(s, r->cells);
}

const char *const *ysh_row_cells(const struct ysh_row *r)
{
	for (size_t c = 0; c < r->t->schema->ncols; c++)
		ysh_row_cell(r, c);
	return r->cells;
}

void ysh_row_revises(struct ysh_row *r, size_t idx, const char **state, struct ysh_arena *a)
{
	r->revises = (long)idx;
	rec_cells_unread(r->t, idx, state);
	r->state = state;
	r->far = a;
}

/* Merge a row into the table: a new record, or a revision whose non-empty
 * cells replace the record's state (folded_cell says which). */
void ysh_table_fold(struct ysh_table *t, const struct ysh_row *r)
{
	size_t nc = t->schema->ncols;
	if (r->revises >= 0) {
		struct ysh_rec *rec = &t->recs[r->revises];
		const char *from = current_owner(t, rec);
		bool reopens = ysh_row_reopens(t->schema, r->cells);
		/* the state as it was, judged cell by cell as it changes: what the
		 * fold compares read back first, the rest of it left in the ledger */
		ysh_row_read_state(r);
		const char **state = r->state;
		/* the approval cells last: the other cells are judged against the
		 * approval the record had before this row */
		for (int pass = 0; pass < 2; pass++) {
			for (size_t c = 0; c < nc; c++) {
				if (is_approval(t->schema, c) != pass)
					continue;
				const char *v = folded_cell(t, state, r, c, reopens);
				if (v && strcmp(v, state[c])) {
					/* the row's own string, which lives while it is folded,
					 * not the table's: a long one is kept far, not read back */
					ysh_cells_set(&t->cells, (size_t)r->revises, c, v);
					state[c] = v;
				}
			}
		}
		rec->last_line = (uint32_t)r->line;
		note_handover(t, r, (size_t)r->revises, from);
		return;
	}
	t->recs = ysh_grow(t->recs, &t->cap, t->nrec + 1, sizeof(*t->recs));
	struct ysh_rec *rec = &t->recs[t->nrec];
	rec->line = rec->last_line = (uint32_t)r->line; /* at most UINT32_MAX: on_record */
	if (!ysh_row_written(r, &rec->recorded))
		rec->recorded = 0;
	if (ysh_cells_add_record(&t->cells, nc) != t->nrec)
		abort(); /* the cells and the records are one table: a bug if they part */
	for (size_t c = 0; c < nc; c++)
		if (r->codes)
			ysh_cells_put(&t->cells, t->nrec, c, r->codes[c]);
		else
			ysh_cells_set(&t->cells, t->nrec, c, r->cells[c]);
	rec->handover = -1;
	/* the record's own id cell is the key: ids are not kept twice */
	if (*r->id) {
		struct ysh_keymap_at slot = r->id_at;
		if (!r->id_sought)
			ysh_keymap_seek(&t->ids, r->id, strlen(r->id), rec_id_key, t, &slot);
		if (!slot.found)
			ysh_keymap_put(&t->ids, &slot, (uint32_t)t->nrec);
	}
	update_max_seq(t, r->id);
	t->nrec++;
	note_handover(t, r, t->nrec - 1, current_owner(t, rec));
}

/* Where the chain first breaks: at the row that starts there, else (the
 * rows moved) the row that holds that byte. */
static void check_chain_break(struct reading *R, const struct ysh_csv_record *rec)
{
	const struct ysh_table *t = R->t;
	if (R->chain_reported || R->chain_bad >= t->chain.n)
		return;
	const struct ysh_chain_entry *e = &t->chain.v[R->chain_bad];
	if (rec && rec->offset < e->off)
		return;
	R->chain_reported = true;
	size_t line = rec && rec->offset == e->off ? rec->line : R->prev_line;
	if (R->chain_later_bad)
		ysh_finding_add(R->t->out, t->file, line, 0, YSH_R_CHAIN_BROKEN, NULL,
				_("the row recorded here (byte %llu, %llu bytes) is not what was recorded: edited, "
				  "deleted or moved since (.ysh/%s.chain); %zu later chained rows differ too"),
				(unsigned long long)e->off, (unsigned long long)e->len, t->schema->file,
				R->chain_later_bad);
	else
		ysh_finding_add(R->t->out, t->file, line, 0, YSH_R_CHAIN_BROKEN, NULL,
				_("the row recorded here (byte %llu, %llu bytes) is not what was recorded: edited "
				  "since (.ysh/%s.chain)"),
				(unsigned long long)e->off, (unsigned long long)e->len, t->schema->file);
}

/* A row the chain does not list, past where the chain began (rows written
 * before the ledger was chained are not judged: ysh-add --adopt takes them). */
static void check_chained(struct reading *R, const struct ysh_csv_record *rec)
{
	const struct ysh_table *t = R->t;
	check_chain_break(R, rec);
	R->prev_line = rec->line;
	if (!t->chain.n || rec->offset < t->chain.v[0].off || rec->offset >= R->chain_pending ||
	    ysh_chain_covers(&t->chain, rec->offset, &R->chain_cursor))
		return;
	ysh_finding_add(R->t->out, t->file, rec->line, 0, YSH_R_RECORD_UNCHAINED, NULL,
			_("this row is not in the hash chain: added by hand or by another program? "
			  "(after review, ysh-add --adopt %s takes it in)"),
			t->schema->record);
}

static int on_record(const struct ysh_csv_record *rec, void *ctx)
{
	struct reading *R = ctx;
	struct ysh_table *t = R->t;
	check_chained(R, rec);
	if (!R->have_header) {
		bind_header(R, rec);
		return 0;
	}
	t->nrows++;
	if (R->header_bad || rec->bad || !fields_match_header(R, rec))
		return 0;
	if (rec->line > UINT32_MAX) { /* records keep their lines in 32 bits (struct ysh_rec) */
		if (!R->too_long)
			ysh_finding_add(R->t->out, t->file, rec->line, 0, YSH_R_CSV_SYNTAX, NULL,
					_("the rows from here on are not read: ysh reads ledgers of up to %lu lines"),
					(unsigned long)UINT32_MAX);
		R->too_long = true;
		return 0;
	}
	if (repeats_header(R, rec)) {
		ysh_finding_add(R->t->out, t->file, rec->line, 0, YSH_R_HEADER, NULL,
				_("the header row is repeated here (files joined?)"));
		return 0;
	}
	const struct ysh_schema *s = t->schema;
	for (size_t c = 0; c < s->ncols; c++) {
		int fc = R->bind.col_to_file[c];
		R->cells[c] = fc >= 0 ? rec->fields[fc] : EMPTY;
	}
	struct ysh_row row = {
		.L = R->L,
		.t = t,
		.out = R->t->out,
		.file = t->file,
		.line = rec->line,
		.cells = R->cells,
		.file_col = R->file_col,
		.revises = -1,
		.id = R->cells[s->id_col],
	};
	row.has_written = ysh_row_written(&row, &row.written); /* parsed here, once */
	long prior = ysh_row_seek_id(&row);
	if (R->keeps_far)
		ysh_cells_at_row(&t->cells, rec->offset, rec->lens, rec->nfields);
	if (prior >= 0 && s->revisions) {
		ysh_arena_clear(&R->far);
		ysh_row_revises(&row, (size_t)prior, R->state, &R->far);
	} else {
		for (size_t c = 0; c < s->ncols; c++) {
			int fc = R->bind.col_to_file[c];
			/* a record that reaches here has no NUL: its lengths are the strings' */
			R->codes[c] = ysh_cells_code(&t->cells, s->ncols, c, R->cells[c], fc >= 0 ? rec->lens[fc] : 0);
		}
		row.codes = R->codes;
	}
	if (L_hooks(R->L) && L_hooks(R->L)->row)
		L_hooks(R->L)->row(&row);
	ysh_table_fold(t, &row);
	ysh_cells_no_row(&t->cells);
	return 0;
}

static void free_reading(struct reading *R)
{
	ysh_binding_free(&R->bind);
	for (size_t i = 0; i < R->nheader; i++)
		free(R->header[i]);
	free(R->header);
	free(R->cells);
	free(R->codes);
	free(R->state);
	free(R->file_col);
	ysh_arena_free(&R->far);
}

/* Open a ledger for reading: a regular file (or a symlink to one — readers
 * may follow; only ysh-add refuses them) or nothing. */
static int open_ledger(const char *path, char **err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return -2;
		*err = ysh_xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*err = ysh_xasprintf(_("%s: not a regular file"), path);
		close(fd);
		return -1;
	}
	/* O_NONBLOCK only kept a FIFO from hanging the open */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

/* Readers take the ledger's lock shared, so that they never see a record
 * that a writer is half-way through appending.  A lock held for long (a
 * stopped writer) does not stop a check: after a while the file is read as
 * it is, and so it is when the lock file cannot be opened or locked; *held
 * says whether the reading may trust what .ysh says of the ledger. */
#define READ_LOCK_WAIT_MS 10000 /* "a while" */

static int share_lock(const struct ysh_ledgers *L, const struct ysh_table *t, bool *held)
{
	*held = false;
	if (t->locked)
		return -1; /* this process writes it and holds the lock already */
	char *path = ysh_ledger_lock_path(L->dir, t->schema);
	int fd;
	enum ysh_share r = ysh_ledger_share_lock(path, READ_LOCK_WAIT_MS, &fd);
	free(path);
	*held = r == YSH_SHARE_HELD || r == YSH_SHARE_NO_FILE; /* no lock file: no writer at work */
	return fd;
}

static void read_from(struct ysh_table *t, struct ysh_csv_reader *rd, struct reading *R)
{
	if (!R->have_header && !ysh_csv_errors(rd))
		ysh_finding_add(t->out, t->file, 1, 0, YSH_R_HEADER, NULL,
				_("empty file: a ledger starts with its header row"));
	ysh_csv_free(rd);
	free_reading(R);
}

/*
 * How much of the ledger to read: all of it, unless an append was killed
 * half-way (its intent is still in .ysh).  Then the ledger is read up to
 * where that append began and the rest is one finding: the next ysh-add
 * rolls it back; a reader changes nothing.  Only judged holding the shared
 * lock: without it, the intent may be a writer's still at work.
 */
static long long readable_size(struct ysh_ledgers *L, const struct ysh_table *t, int fd, bool held)
{
	struct ysh_intent in;
	if (!held || ysh_intent_read(L->dir, t->schema, fd, &in) != YSH_INTENT_TORN)
		return -1;
	return in.before;
}

static void report_interrupted(const struct ysh_table *t, size_t line, long long before)
{
	ysh_finding_add(t->out, t->file, line, 0, YSH_R_WRITE_INTERRUPTED, NULL,
			_("an append was interrupted: the ledger is whole up to here (byte %lld) and ends in "
			  "part of that append, which is not read; the next ysh-add rolls it back, or run: "
			  "truncate -s %lld %s"),
			before, before, t->path);
}

/* The ledger's chain, verified against its bytes before they are read. */
static void load_chain(struct ysh_ledgers *L, struct ysh_table *t, int fd, struct reading *R)
{
	char *path = ysh_chain_path(L->dir, t->schema->file);
	char *err = NULL;
	if (ysh_chain_load(path, &t->chain, &err) != 0) {
		ysh_finding_add(t->out, t->file, 0, 0, YSH_R_CHAIN_BROKEN, NULL, "%s", err);
		free(err);
	}
	free(path);
	ysh_chain_verify(&t->chain, ysh_chain_read_fd, &fd, &R->chain_bad, &R->chain_later_bad);
	/* a writer killed after its append was whole, before it chained it:
	 * the next writer does (append.c); not a row from elsewhere */
	struct ysh_intent in;
	R->chain_pending = UINT64_MAX;
	if (ysh_intent_read(L->dir, t->schema, fd, &in) == YSH_INTENT_COMPLETE)
		R->chain_pending = (uint64_t)in.before;
}

/* A ledger that is not there, though its chain lists rows: deleted. */
static void check_gone(struct ysh_ledgers *L, struct ysh_table *t)
{
	char *path = ysh_chain_path(L->dir, t->schema->file);
	struct ysh_chain c;
	char *err = NULL;
	if (ysh_chain_load(path, &c, &err) == 0 && c.n)
		ysh_finding_add(t->out, t->file, 0, 0, YSH_R_CHAIN_BROKEN, NULL,
				_("the ledger is gone, but its hash chain (.ysh/%s.chain) lists %zu rows recorded in it"),
				t->schema->file, c.n);
	free(err);
	ysh_chain_free(&c);
	free(path);
}

/* The whole ledger through on_record: parsed on a second core when it is
 * large enough to gain from one (csvpipe.h), the same records either way. */
static int read_records(struct ysh_csv_reader *rd, int fd, long long limit, struct reading *R)
{
	struct stat st;
	long long size = limit >= 0 ? limit : fstat(fd, &st) == 0 ? (long long)st.st_size : 0;
	if (!ysh_csv_pipe_wanted(size))
		return ysh_csv_read_fd_upto(rd, fd, limit);
	return ysh_csv_read_fd_piped(rd, fd, limit, on_record, csv_error, R);
}

static int read_table(struct ysh_ledgers *L, struct ysh_table *t, char **err)
{
	bool held;
	int lock = share_lock(L, t, &held);
	int fd = open_ledger(t->path, err);
	if (fd == -2)
		check_gone(L, t);
	if (fd < 0) {
		if (lock >= 0)
			close(lock);
		return fd == -2 ? 0 : -1; /* not created yet: an empty ledger */
	}
	t->present = true;
	long long limit = readable_size(L, t, fd, held);
	struct reading R = {.L = L, .t = t, .keeps_far = t->cells.back != NULL};
	if (R.keeps_far) /* a revision's state is read back while the ledger is read */
		t->far_fd = fd;
	load_chain(L, t, fd, &R);
	struct ysh_csv_reader *rd = ysh_csv_new(on_record, csv_error, &R);
	int rc = read_records(rd, fd, limit, &R);
	if (rc < 0)
		*err = ysh_xasprintf("%s: %s", t->path, strerror(errno));
	check_chain_break(&R, NULL); /* chained rows past the end: deleted */
	if (limit >= 0)
		report_interrupted(t, ysh_csv_next_line(rd), limit);
	if (limit == 0) /* a new ledger cut in its header: not an empty file */
		R.have_header = true;
	read_from(t, rd, &R);
	if (!t->cells.nfar) { /* else the long values are read back from it */
		t->far_fd = -1;
		close(fd);
	}
	if (lock >= 0)
		close(lock);
	return rc < 0 ? -1 : 0;
}

/* ---- reading only the rows an id index names (ysh-add) ---- */

/* One record read from where the index says it starts: it must start
 * there, after a line break, be whole and carry the id the index gives
 * it.  Only then, with `fold`, does it go into the table. */
struct indexed {
	struct reading *R;
	const struct ysh_idx_entry *e;
	bool fold, seen, ok;
};

static int on_indexed(const struct ysh_csv_record *rec, void *ctx)
{
	struct indexed *x = ctx;
	struct reading *R = x->R;
	if (!R->have_header) { /* the header, read first */
		x->seen = x->ok = true;
		on_record(rec, R);
		return 1;
	}
	x->seen = true;
	const struct ysh_schema *s = R->t->schema;
	int id = R->header_bad ? -1 : R->bind.col_to_file[s->id_col];
	x->ok = rec->offset == 0 && !rec->bad && rec->nfields == R->nheader && id >= 0 &&
		ysh_idx_key(s, rec->fields[id]) == x->e->key;
	if (x->ok && x->fold)
		on_record(rec, R);
	return 1; /* one record */
}

/* Feeds rd the bytes of fd from off until *done (the reader has its
 * record) or the end: `first` bytes first, then as many as buf takes
 * (size), so that the reader, which scans all it is given, is given little
 * past the record.  0, or -1 on a read error (errno set). */
static int feed_record_at(struct ysh_csv_reader *rd, int fd, off_t off, size_t first, char *buf, size_t size,
			  const bool *done)
{
	for (size_t want = first < size ? first : size; !*done; want = size) {
		ssize_t n = pread(fd, buf, want, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			ysh_csv_finish(rd);
			errno = e;
			return n < 0 ? -1 : 0;
		}
		ysh_csv_feed(rd, buf, (size_t)n);
		off += n;
	}
	return 0;
}

/* Reads the one record at e (NULL: the header at the start of the file). */
static int read_one(struct indexed *x, int fd, const struct ysh_idx_entry *e, char *buf)
{
	x->e = e;
	x->seen = x->ok = false;
	off_t off = e ? (off_t)e->off : 0;
	if (off > 0) { /* a record starts after a line break */
		char before;
		if (pread(fd, &before, 1, off - 1) != 1 || (before != '\n' && before != '\r'))
			return 0;
	}
	/* no errors reported: a row that does not read cleanly sends ysh-add
	 * to the whole ledger, which reports them */
	struct ysh_csv_reader *rd = ysh_csv_new(on_indexed, NULL, x);
	if (e)
		ysh_csv_set_first_line(rd, (size_t)e->line);
	/* a row is a few hundred bytes: read more only for a longer one */
	int rc = feed_record_at(rd, fd, off, 4096, buf, 65536, &x->seen);
	ysh_csv_free(rd);
	return rc;
}

/* Every row first checked, then folded: a stale index leaves the table
 * untouched, for the whole ledger to be read instead. */
static int read_rows(struct reading *R, int fd, const struct ysh_idx_entry *rows, size_t n)
{
	char *buf = ysh_xmalloc(65536);
	struct indexed x = {.R = R};
	struct stat st;
	int rc = fstat(fd, &st) == 0 ? read_one(&x, fd, NULL, buf) : -1;
	bool ok = rc == 0 && x.ok && !R->header_bad;
	for (int fold = 0; fold < 2 && ok; fold++) {
		x.fold = fold;
		for (size_t i = 0; i < n && ok; i++) {
			/* past the end: an index of another ledger, not an I/O error */
			if (rows[i].off >= (uint64_t)st.st_size) {
				ok = false;
				break;
			}
			rc = read_one(&x, fd, &rows[i], buf);
			ok = rc == 0 && x.ok;
		}
	}
	free(buf);
	return rc < 0 ? -1 : ok ? 0 : 1;
}

int ysh_table_read_indexed(struct ysh_ledgers *L, struct ysh_table *t, int fd, const struct ysh_idx_entry *rows,
			   size_t n, char **err)
{
	struct reading R = {.L = L, .t = t};
	size_t nfindings = t->out->n, errors = t->out->errors, warnings = t->out->warnings;
	int rc = read_rows(&R, fd, rows, n);
	free_reading(&R);
	if (rc == 0) {
		t->read = t->present = true;
		return 0;
	}
	/* nothing of it stays: the header's findings (and their count), its
	 * binding */
	t->out->n = nfindings;
	t->out->errors = errors;
	t->out->warnings = warnings;
	free(t->file_col);
	t->file_col = NULL;
	if (rc < 0)
		*err = ysh_xasprintf("%s: %s", t->path, strerror(errno));
	return rc;
}

int ysh_ledgers_read_wanted(struct ysh_ledgers *L, struct ysh_table *t, int fd, const struct ysh_idx_want *w,
			    char **err)
{
	bool own = fd < 0, held = true;
	int lock = -1;
	if (own) {
		lock = share_lock(L, t, &held);
		fd = open_ledger(t->path, err);
	}
	int rc = 1;
	if (fd == -2) { /* not created yet: read as ysh-check would (its chain may remain) */
		if (lock >= 0)
			close(lock);
		return ysh_ledgers_read(L, t, err);
	} else if (fd < 0) {
		rc = -1;
	} else if (held) { /* without the lock, a writer may be half-way through the index */
		char *path = ysh_idx_path(L->dir, t->schema);
		struct ysh_idx_entry *rows;
		size_t n;
		rc = ysh_idx_lookup(path, fd, t->schema, w, &rows, &n);
		if (rc == 0)
			rc = ysh_table_read_indexed(L, t, fd, rows, n, err);
		free(rows);
		free(path);
	}
	if (own && fd >= 0)
		close(fd);
	if (lock >= 0)
		close(lock);
	return rc;
}

void ysh_ledgers_read_mem(struct ysh_ledgers *L, struct ysh_table *t, const void *buf, size_t n)
{
	t->read = t->present = true;
	struct reading R = {.L = L, .t = t};
	struct ysh_csv_reader *rd = ysh_csv_new(on_record, csv_error, &R);
	ysh_csv_feed(rd, buf, n);
	ysh_csv_finish(rd);
	read_from(t, rd, &R);
}

static bool wanted(const struct ysh_table *t, char *const *only, size_t nonly)
{
	if (!only)
		return true;
	for (size_t i = 0; i < nonly; i++) {
		const char *base = strrchr(only[i], '/');
		base = base ? base + 1 : only[i];
		if (!strcmp(base, t->schema->file) || !strcmp(only[i], t->path))
			return true;
	}
	return false;
}

static char *check_only_names(const struct ysh_ledgers *L, char *const *only, size_t nonly)
{
	for (size_t i = 0; i < nonly; i++) {
		const char *base = strrchr(only[i], '/');
		base = base ? base + 1 : only[i];
		size_t k;
		for (k = 0; k < L->ntables; k++)
			if (!strcmp(base, L->tables[k].schema->file))
				break;
		if (k == L->ntables)
			return ysh_xasprintf(_("%s: not a ledger of this directory (no schema names it)"),
					     only[i]);
		if (!L->tables[k].present)
			return ysh_xasprintf("%s: %s", L->tables[k].path, strerror(ENOENT));
	}
	return NULL;
}

static char *join_path(const char *dir, const char *name)
{
	if (!strcmp(dir, "."))
		return ysh_xstrdup(name);
	size_t n = strlen(dir);
	return ysh_xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static bool find_record(const void *table, const char *id, uint32_t *idx)
{
	size_t i;
	if (!ysh_table_id(table, id, &i))
		return false;
	*idx = (uint32_t)i; /* the id map's values are 32 bits */
	return true;
}

/* A REF column of t names records of a ledger before it, which every way
 * of reading reads first (readall.c waits for it) and no one writes while
 * t is read: its cells keep those records' indexes, not copies of their
 * ids (a callback's activity, a problem's). */
static void refer_to_earlier(struct ysh_ledgers *L, struct ysh_table *t)
{
	const struct ysh_schema *s = t->schema;
	for (size_t c = 0; c < s->ncols; c++) {
		const struct ysh_column *col = &s->cols[c];
		if (col->type != YSH_T_REF || col->ref_ix < 0 || &L->tables[col->ref_ix] >= t)
			continue;
		const struct ysh_table *other = &L->tables[col->ref_ix];
		if (other->schema->id_col < 0)
			continue;
		ysh_cells_refer(&t->cells, s->ncols, c, &other->cells, (size_t)other->schema->id_col, find_record,
				other);
	}
}

/* ---- long values left in the ledger (cells.h, ysh_cells_far) ---- */

/* Reading back one cell of the row at a byte: the row read as the ledger
 * was, by the same reader. */
struct far_read {
	int field; /* 0-based in the file, -1 absent */
	bool seen, ok;
	struct ysh_buf value;
};

static int on_far_record(const struct ysh_csv_record *rec, void *ctx)
{
	struct far_read *x = ctx;
	x->seen = true;
	x->ok = !rec->bad && x->field >= 0 && (size_t)x->field < rec->nfields;
	if (x->ok)
		ysh_buf_add(&x->value, rec->fields[x->field], rec->lens[x->field]);
	return 1; /* one record */
}

/* What it was read as is no longer there: another program rewrote the
 * ledger meanwhile (ysh-add only appends).  A report or a finding made of
 * both would be of no ledger there ever was. */
static _Noreturn void far_changed(const struct ysh_table *t, uint64_t row)
{
	fprintf(stderr,
		_("ysh: %s changed while it was read: the row at byte %llu no longer holds what was read there; "
		  "nothing was written, run again\n"),
		t->path, (unsigned long long)row);
	exit(2);
}

static const char *fetch_far(void *ctx, const struct ysh_cells_far_value *f, size_t c, struct ysh_arena *a)
{
	const struct ysh_table *t = ctx;
	uint64_t row = f->row;
	size_t len = f->len;
	struct far_read x = {.field = t->file_col && t->file_col[c] > 0 ? t->file_col[c] - 1 : -1};
	struct ysh_csv_reader *rd = ysh_csv_new(on_far_record, NULL, &x);
	/* the row's cells and commas, a line break and a few quotes */
	size_t first = (size_t)f->row_min + 64;
	char small[4096], *big = first > sizeof(small) ? ysh_xmalloc(65536) : NULL;
	int rc = feed_record_at(rd, t->far_fd, (off_t)row, first, big ? big : small, big ? 65536 : sizeof(small),
				&x.seen);
	int err = errno;
	ysh_csv_free(rd);
	free(big);
	if (rc < 0) { /* the ledger could not be read again: nothing to show, nothing made up */
		fprintf(stderr, "ysh: %s: %s\n", t->path, strerror(err));
		exit(2);
	}
	bool same = x.ok && x.value.len == len && ysh_hash_mem(x.value.p, len) == f->hash;
	const char *s = same ? ysh_arena_strndup(a, x.value.p, len) : NULL;
	ysh_buf_free(&x.value);
	if (!same)
		far_changed(t, row);
	return s;
}

/* The long = yes columns of t keep their long values in the ledger; its
 * date columns keep each value's day (ysh_cells_dated). */
static void set_up_cells(struct ysh_table *t)
{
	const struct ysh_schema *s = t->schema;
	for (size_t c = 0; c < s->ncols; c++) {
		if (s->cols[c].long_text)
			ysh_cells_far(&t->cells, s->ncols, c, fetch_far, t);
		if (s->cols[c].type == YSH_T_DATE && !s->cols[c].list)
			ysh_cells_dated(&t->cells, s->ncols, c);
	}
}

struct ysh_ledgers *ysh_ledgers_load(const char *dir, const struct ysh_check_opts *opts, char **err)
{
	*err = NULL;
	struct stat st;
	if (stat(dir, &st) != 0) {
		*err = ysh_xasprintf(_("ledger directory %s: %s"), dir, strerror(errno));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		*err = ysh_xasprintf(_("ledger directory %s: not a directory"), dir);
		return NULL;
	}
	struct ysh_ledgers *L = ysh_xcalloc(1, sizeof(*L));
	L->dir = ysh_xstrdup(dir);
	L->opts = *opts;
	L->findings.enabled = L->opts.enabled;
	L->cfg = ysh_config_load(dir, err);
	if (!L->cfg || ysh_schemas_load(ysh_schema_dir(), &L->schemas, err) != 0 ||
	    (*err = ysh_config_apply(L->cfg, &L->schemas)) != NULL) {
		ysh_ledgers_free(L);
		return NULL;
	}
	L->ntables = L->schemas.n;
	L->tables = ysh_xcalloc(L->ntables, sizeof(*L->tables));
	for (size_t i = 0; i < L->ntables; i++) {
		struct ysh_table *t = &L->tables[i];
		t->schema = L->schemas.v[i];
		t->path = join_path(dir, t->schema->file);
		t->file = ysh_findings_file(&L->findings, t->path);
		t->out = &L->findings;
		t->report = true;
		t->far_fd = -1;
	}
	for (size_t i = 0; i < L->ntables; i++) {
		refer_to_earlier(L, &L->tables[i]);
		set_up_cells(&L->tables[i]);
	}
	ysh_cols_bind(&L->cols, L);
	return L;
}

int ysh_ledgers_read(struct ysh_ledgers *L, struct ysh_table *t, char **err)
{
	if (t->read)
		return 0;
	t->read = true;
	return read_table(L, t, err);
}

/* A megabyte for every 130,000 callbacks, let go before the rules of the
 * state and the reports allocate theirs: they reuse it instead of adding
 * to the peak. */
void ysh_ledgers_drop_unnamed_ids(struct ysh_ledgers *L)
{
	bool *named = ysh_xcalloc(L->ntables ? L->ntables : 1, sizeof(*named));
	for (size_t i = 0; i < L->ntables; i++) {
		const struct ysh_schema *s = L->tables[i].schema;
		for (size_t c = 0; c < s->ncols; c++) {
			const struct ysh_table *ref = ysh_ref_table(L, &s->cols[c]);
			if (ref)
				named[ref - L->tables] = true;
		}
	}
	/* and the activities whatever the callbacks' activity column is: rule
	 * callbacks-min and the tally look them up by it (a county's schemas
	 * may make it plain text, cols.h) */
	const struct ysh_table *acts = L->cols.activities.t;
	if (acts && L->cols.callbacks.t && L->cols.callbacks.activity >= 0)
		named[acts - L->tables] = true;
	for (size_t i = 0; i < L->ntables; i++)
		if (!named[i]) {
			ysh_keymap_free(&L->tables[i].ids);
			L->tables[i].ids_gone = true;
		}
	free(named);
}

int ysh_ledgers_read_whole(struct ysh_ledgers *L, char *const *only, size_t nonly, char **err)
{
	ysh_ledgers_read_all(L, err);
	if (!*err && only)
		*err = check_only_names(L, only, nonly);
	if (*err)
		return -1;
	for (size_t i = 0; i < L->ntables; i++)
		L->tables[i].report = wanted(&L->tables[i], only, nonly);
	return 0;
}

struct ysh_ledgers *ysh_ledgers_open(const char *dir, const struct ysh_check_opts *opts,
				     char *const *only, size_t nonly, char **err)
{
	struct ysh_ledgers *L = ysh_ledgers_load(dir, opts, err);
	if (L && ysh_ledgers_read_whole(L, only, nonly, err) != 0) {
		ysh_ledgers_free(L);
		return NULL;
	}
	return L;
}

/* Drop the findings of files nobody asked about, then count what is left. */
static void keep_wanted_findings(struct ysh_ledgers *L)
{
	struct ysh_findings *f = &L->findings;
	size_t k = 0;
	f->errors = f->warnings = 0;
	for (size_t i = 0; i < f->n; i++) {
		struct ysh_finding *x = &f->v[i];
		bool keep = true;
		for (size_t t = 0; t < L->ntables; t++)
			if (L->tables[t].file == x->file)
				keep = L->tables[t].report;
		if (!keep)
			continue;
		f->v[k++] = *x;
		if (x->sev == YSH_SEV_ERROR)
			f->errors++;
		else
			f->warnings++;
	}
	f->n = k;
}

void ysh_ledgers_finish_check(struct ysh_ledgers *L)
{
	if (L_hooks(L) && L_hooks(L)->state)
		L_hooks(L)->state(L);
	ysh_ledgers_run_beside(L); /* if the state's rules did not */
	keep_wanted_findings(L);
	ysh_findings_sort(&L->findings);
}

void ysh_ledgers_finish_check_beside(struct ysh_ledgers *L, void (*fn)(void *arg), void *arg)
{
	L->beside = fn;
	L->beside_arg = arg;
	ysh_ledgers_finish_check(L);
}

void ysh_ledgers_run_beside(struct ysh_ledgers *L)
{
	void (*fn)(void *) = L->beside;
	L->beside = NULL;
	if (fn)
		fn(L->beside_arg);
}

/* What a table holds of its rows, freed; what says how it was read (its
 * path, file, presence, rows counted) stays. */
static void drop_rows(struct ysh_table *t)
{
	if (t->far_fd >= 0)
		close(t->far_fd);
	t->far_fd = -1;
	free(t->file_col);
	t->file_col = NULL;
	ysh_chain_free(&t->chain);
	free(t->recs);
	t->recs = NULL;
	t->nrec = t->cap = 0;
	free(t->handovers);
	t->handovers = NULL;
	t->nhandovers = t->caphandovers = 0;
	ysh_keymap_free(&t->ids);
	ysh_cells_free(&t->cells);
}

void ysh_ledgers_drop_rows(struct ysh_ledgers *L)
{
	for (size_t i = 0; i < L->ntables; i++)
		drop_rows(&L->tables[i]);
}

void ysh_ledgers_free(struct ysh_ledgers *L)
{
	if (!L)
		return;
	for (size_t i = 0; i < L->ntables; i++) {
		free(L->tables[i].path);
		drop_rows(&L->tables[i]);
	}
	free(L->tables);
	ysh_schemas_free(&L->schemas);
	ysh_config_free(L->cfg);
	ysh_findings_free(&L->findings);
	free(L->dir);
	free(L);
}

struct ysh_table *ysh_ref_table(struct ysh_ledgers *L, const struct ysh_column *c)
{
	/* the tables are the schema set's, in its order (ysh_ledgers_load) */
	return c->type == YSH_T_REF && c->ref_ix >= 0 ? &L->tables[c->ref_ix] : NULL;
}

struct ysh_table *ysh_ledgers_table(struct ysh_ledgers *L, const char *name)
{
	for (size_t i = 0; i < L->ntables; i++)
		if (!strcmp(L->tables[i].schema->name, name))
			return &L->tables[i];
	return NULL;
}

long ysh_row_seek_id(struct ysh_row *r)
{
	r->id_sought = false;
	if (!*r->id)
		return -1;
	ysh_keymap_seek(&r->t->ids, r->id, strlen(r->id), rec_id_key, r->t, &r->id_at);
	r->id_sought = true;
	return r->id_at.found ? (long)r->id_at.val : -1;
}

long ysh_row_prior(const struct ysh_row *r)
{
	if (r->id_sought)
		return r->id_at.found ? (long)r->id_at.val : -1;
	size_t idx;
	return *r->id && ysh_table_id(r->t, r->id, &idx) ? (long)idx : -1;
}

bool ysh_rec_names(const struct ysh_table *t, const struct ysh_rec *r, int c, const struct ysh_table *other,
		   size_t *idx)
{
	if (c < 0)
		return false;
	uint32_t i;
	if (ysh_cells_other_record(&t->cells, (size_t)(r - t->recs), (size_t)c, &other->cells, &i)) {
		*idx = i;
		return true;
	}
	return ysh_table_id(other, ysh_rec_cell(t, r, (size_t)c), idx);
}

bool ysh_row_written(const struct ysh_row *r, ysh_day *day)
{
	if (r->has_written) {
		*day = r->written;
		return true;
	}
	int at = r->t->schema->recorded_at_col;
	return at >= 0 && ysh_parse_timestamp(r->cells[at], day);
}

bool ysh_table_id(const struct ysh_table *t, const char *id, size_t *idx)
{
	if (t->ids_gone)
		abort(); /* a caller's bug: "not found" would be a false finding */
	uint32_t i;
	if (!ysh_keymap_get(&t->ids, id, rec_id_key, t, &i))
		return false;
	if (idx)
		*idx = i;
	return true;
}

const struct ysh_rec *ysh_table_find(const struct ysh_table *t, const char *id)
{
	size_t i;
	if (!t || !ysh_table_id(t, id, &i))
		return NULL;
	return &t->recs[i];
}

const char *ysh_rec_get(const struct ysh_table *t, const struct ysh_rec *r, const char *col)
{
	int c = ysh_schema_col(t->schema, col);
	return c < 0 ? EMPTY : ysh_rec_cell(t, r, (size_t)c);
}

bool ysh_rec_reopens(const struct ysh_table *t, const struct ysh_rec *r)
{
	const struct ysh_schema *s = t->schema;
	for (size_t c = 0; c < s->ncols; c++)
		if (s->cols[c].reopens && !strcmp(ysh_rec_cell(t, r, c), s->cols[c].reopens))
			return true;
	return false;
}

void ysh_rec_cells(const struct ysh_table *t, const struct ysh_rec *r, const char **cells, struct ysh_arena *a)
{
	size_t idx = (size_t)(r - t->recs);
	for (size_t c = 0; c < t->schema->ncols; c++)
		cells[c] = ysh_cells_str_in(&t->cells, idx, c, a);
}

const char *ysh_rec_owner(const struct ysh_table *t, size_t idx, ysh_day day)
{
	const struct ysh_rec *rec = &t->recs[idx];
	const struct ysh_handover *best = NULL;
	for (long h = rec->handover; h >= 0; h = t->handovers[h].prev) {
		const struct ysh_handover *x = &t->handovers[h];
		/* newest first: a later line wins a tie of dates */
		if (x->day <= day && (!best || x->day > best->day))
			best = x;
	}
	if (best)
		return best->to;
	return t->schema->handover[0] >= 0 ? ysh_rec_cell(t, rec, (size_t)t->schema->handover[0]) : "";
}

bool ysh_rec_voided(const struct ysh_table *t, const struct ysh_rec *r)
{
	int c = t->schema->voided_col;
	return c >= 0 && ysh_parse_bool(ysh_rec_cell(t, r, (size_t)c)) == 1;
}

bool ysh_table_view(struct ysh_ledgers *L, struct ysh_table *t, size_t idx, struct ysh_row *view,
		    const char **cells, struct ysh_arena *far)
{
	const struct ysh_rec *rec = &t->recs[idx];
	if (ysh_rec_voided(t, rec))
		return false;
	ysh_arena_clear(far);
	size_t id = (size_t)t->schema->id_col;
	memset(cells, 0, t->schema->ncols * sizeof(*cells));
	cells[id] = ysh_rec_cell(t, rec, id); /* an id is never long */
	*view = (struct ysh_row){
		.L = L,
		.t = t,
		.out = &L->findings,
		.file = t->file,
		.line = rec->line,
		.cells = cells,
		.file_col = t->file_col,
		.revises = -1,
		.id = cells[id],
		.recorded = rec->recorded,
		.shows = (long)idx,
		.view = true,
		.far = far,
	};
	return true;
}

/* The due date of column c, its cell `cell`, from the date it is computed
 * from (from_cell: c->due_from_col's cell, NULL when c has none). */
static bool due_of(const struct ysh_ledgers *L, const struct ysh_column *c, const char *cell, const char *from_cell,
		   ysh_day *day)
{
	ysh_day from;
	long n;
	if (*cell || !from_cell)
		return ysh_parse_date(cell, day);
	if (!ysh_parse_date(from_cell, &from) || !ysh_config_count(L->cfg, c->due_workdays, &n))
		return false;
	*day = n > 0 ? ysh_workdays_after(L->cfg, from, n) : from;
	return true;
}

bool ysh_cells_due(const struct ysh_ledgers *L, const struct ysh_schema *s, const char *const *cells, size_t col,
		   ysh_day *day)
{
	const struct ysh_column *c = &s->cols[col];
	return due_of(L, c, cells[col], c->due_from_col >= 0 ? cells[c->due_from_col] : NULL, day);
}

bool ysh_rec_due(const struct ysh_ledgers *L, const struct ysh_table *t, const struct ysh_rec *r, size_t col,
		 ysh_day *day)
{
	const struct ysh_column *c = &t->schema->cols[col];
	return due_of(L, c, ysh_rec_cell(t, r, col), c->due_from_col >= 0 ? ysh_rec_cell(t, r, (size_t)c->due_from_col) : NULL,
		      day);
}

const char *ysh_cells_unit(struct ysh_ledgers *L, const struct ysh_table *t, const char *const *cells)
{
	int c = t->schema->unit_col;
	if (c >= 0)
		return cells[c];
	for (size_t k = 0; k < t->schema->ncols; k++) {
		const struct ysh_column *col = &t->schema->cols[k];
		const struct ysh_table *ref = ysh_ref_table(L, col);
		const struct ysh_rec *to = ref ? ysh_table_find(ref, cells[k]) : NULL;
		if (to)
			return ysh_rec_unit(L, ref, to);
	}
	return "";
}

const char *ysh_rec_unit(struct ysh_ledgers *L, const struct ysh_table *t, const struct ysh_rec *rec)
{
	int c = t->schema->unit_col;
	if (c >= 0)
		return ysh_rec_cell(t, rec, (size_t)c);
	for (size_t k = 0; k < t->schema->ncols; k++) {
		const struct ysh_table *ref = ysh_ref_table(L, &t->schema->cols[k]);
		const struct ysh_rec *to = ref ? ysh_table_find(ref, ysh_rec_cell(t, rec, k)) : NULL;
		if (to)
			return ysh_rec_unit(L, ref, to);
	}
	return "";
}
