/*
 * test_idindex.c - the id index (.ysh/<ledger>.idx) against what a reading
 * of the whole ledger says: on ledgers of one to five sorted parts and a
 * tail, every lookup (a few ids: binary searches; hundreds: one scan; key
 * hashes, revisions) gives the rows a scan of the CSV gives, in file order,
 * and a block changed anywhere is never believed where it is read.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "append.h"
#include "fixture.h"
#include "idindex.h"
#include "schema.h"
#include "util.h"

enum { HEADER_BYTES = 96, TAIL_MAX = 4096 };

/* A generated activities ledger: what each row is, as the test made it
 * (make_rows makes the county and its rows, write_rows the ledger of the
 * first n). */
struct row {
	char id[24];
	uint64_t off, line, keyhash;
};

struct county {
	struct fx f;
	struct ysh_schema_set set;
	const struct ysh_schema *s;
	struct row *rows;
	size_t n;         /* rows in the ledger now */
	size_t made;      /* rows made (the first n written) */
	struct ysh_buf text; /* the header and every row made */
};

/* The key cells of activities (unit, date, participant, kind) of row i;
 * the revision rows (every seventh, of the record five before) have none. */
static bool is_revision(size_t i)
{
	return i % 7 == 6;
}

static uint64_t keyhash_of(const struct ysh_schema *s, const char *unit, const char *date, const char *who,
			   const char *kind)
{
	const char **cells = ysh_xcalloc(s->ncols, sizeof(*cells));
	for (size_t c = 0; c < s->ncols; c++)
		cells[c] = "";
	cells[ysh_schema_col(s, "unit")] = unit;
	cells[ysh_schema_col(s, "date")] = date;
	cells[ysh_schema_col(s, "participant")] = who;
	cells[ysh_schema_col(s, "kind")] = kind;
	uint64_t h = ysh_idx_keyhash(s, cells);
	free(cells);
	return h;
}

static void make_rows(struct county *c, size_t n);

/* The ledger with the first n of the rows made: the header alone when 0. */
static void write_rows(struct county *c, size_t n)
{
	size_t len = n < c->made ? (size_t)c->rows[n].off : c->text.len;
	fx_write_bytes(&c->f, "activities.csv", c->text.p, len);
	c->n = n;
}

static void make_county(struct county *c, size_t n)
{
	make_rows(c, n);
	write_rows(c, n);
}

static void make_rows(struct county *c, size_t n)
{
	memset(c, 0, sizeof(*c));
	fx_init(&c->f, NULL);
	char *err = NULL;
	assert_int_equal(ysh_schemas_load(ysh_schema_dir(), &c->set, &err), 0);
	c->s = ysh_schemas_find(&c->set, "activity");
	struct ysh_buf b = {0};
	const char *header = "id,date,unit,participant,position,delegated,kind,mode,steps,items,reported_on,note\n";
	ysh_buf_add(&b, header, strlen(header));
	c->rows = ysh_xcalloc(n ? n : 1, sizeof(*c->rows));
	size_t records = 0;
	for (size_t i = 0; i < n; i++) {
		struct row *r = &c->rows[i];
		char line[256], who[32];
		r->off = b.len;
		r->line = i + 2;
		if (is_revision(i)) { /* the record written five rows before */
			strcpy(r->id, c->rows[i - 5].id);
			snprintf(line, sizeof(line), "%s,,,,,,,,,,,补记%zu\n", r->id, i);
		} else {
			/* ids out of file order too: a sorted part is not the file's order */
			snprintf(r->id, sizeof(r->id), "A2026-%04zu", (records * 7919) % 100000 + 1);
			records++;
			snprintf(who, sizeof(who), "参与人%zu", i % 500); /* shared: key hashes repeat */
			const char *date = i % 3 ? "2026-09-04" : "2026-09-07";
			r->keyhash = keyhash_of(c->s, "县市场监管局", date, who, "处投诉");
			snprintf(line, sizeof(line), "%s,%s,县市场监管局,%s,局长,否,处投诉,跟踪,转办体验,工单,%s,\n", r->id,
				 date, who, date);
		}
		ysh_buf_add(&b, line, strlen(line));
	}
	c->made = n;
	c->text = b;
}

static void free_county(struct county *c)
{
	ysh_buf_free(&c->text);
	free(c->rows);
	ysh_schemas_free(&c->set);
	fx_free(&c->f);
}

static void build(struct county *c)
{
	struct ysh_ledger_file lf;
	char *err = NULL;
	assert_int_equal(ysh_ledger_lock(c->f.dir, c->s, 1000, &lf, &err), 0);
	if (ysh_idx_build(&lf, &err) != 0)
		fail_msg("%s", err);
	ysh_ledger_unlock(&lf);
}

static bool in(const uint64_t *v, size_t n, uint64_t x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* What the index must answer, from the rows as made: those of the ids
 * asked and of the records one of whose rows has a key hash asked. */
static size_t expected(const struct county *c, const uint64_t *keys, size_t nk, const uint64_t *hashes, size_t nh,
		       const struct row **out)
{
	uint64_t *all = ysh_xcalloc(nk + c->n + 1, sizeof(*all));
	if (nk)
		memcpy(all, keys, nk * sizeof(*keys));
	size_t na = nk, m = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->rows[i].keyhash && in(hashes, nh, c->rows[i].keyhash))
			all[na++] = ysh_idx_key(c->s, c->rows[i].id);
	for (size_t i = 0; i < c->n; i++)
		if (in(all, na, ysh_idx_key(c->s, c->rows[i].id)))
			out[m++] = &c->rows[i];
	free(all);
	return m;
}

/* A lookup through the index: its return code, and when 0, its rows
 * compared with the expected ones. */
static int lookup_matches(const struct county *c, const uint64_t *keys, size_t nk, const uint64_t *hashes, size_t nh)
{
	struct ysh_idx_want w = {0};
	for (size_t i = 0; i < nk; i++)
		ysh_idx_want_key(&w, keys[i]);
	for (size_t i = 0; i < nh; i++)
		ysh_idx_want_keyhash(&w, hashes[i]);
	char ledger[128];
	snprintf(ledger, sizeof(ledger), "%s/activities.csv", c->f.dir);
	int fd = open(ledger, O_RDONLY);
	assert_true(fd >= 0);
	char *path = ysh_idx_path(c->f.dir, c->s);
	struct ysh_idx_entry *rows;
	size_t n;
	int rc = ysh_idx_lookup(path, fd, c->s, &w, &rows, &n);
	if (rc == 0) {
		const struct row **want = ysh_xcalloc(c->n + 1, sizeof(*want));
		size_t m = expected(c, keys, nk, hashes, nh, want);
		assert_int_equal(n, m);
		for (size_t i = 0; i < n; i++) {
			assert_int_equal(rows[i].off, want[i]->off);
			assert_int_equal(rows[i].line, want[i]->line);
			assert_int_equal(rows[i].key, ysh_idx_key(c->s, want[i]->id));
			assert_int_equal(rows[i].keyhash, want[i]->keyhash);
		}
		free(want);
	}
	free(rows);
	free(path);
	close(fd);
	ysh_idx_want_free(&w);
	return rc;
}

static uint64_t key_of(const struct county *c, size_t i)
{
	return ysh_idx_key(c->s, c->rows[i].id);
}

static void test_lookups_match_a_scan(void **state)
{
	(void)state;
	/* all in the tail; one sorted part; five and a tail */
	const size_t sizes[] = {300, TAIL_MAX, 5 * TAIL_MAX + 1234};
	for (size_t k = 0; k < sizeof(sizes) / sizeof(*sizes); k++) {
		struct county c;
		make_county(&c, sizes[k]);
		build(&c);
		size_t n = c.n;
		/* one id each: the first row, the last, a revised record, a row
		 * at each sorted part's edges, one not there */
		const size_t at[] = {0, n - 1, 1, n / 2, TAIL_MAX - 1 < n ? TAIL_MAX - 1 : 0, TAIL_MAX < n ? TAIL_MAX : 0};
		for (size_t i = 0; i < sizeof(at) / sizeof(*at); i++) {
			uint64_t key = key_of(&c, at[i]);
			assert_int_equal(lookup_matches(&c, &key, 1, NULL, 0), 0);
		}
		uint64_t absent = ysh_idx_key(c.s, "A2026-999999");
		assert_int_equal(lookup_matches(&c, &absent, 1, NULL, 0), 0);
		/* key hashes: the records that share one, with their revisions */
		uint64_t hashes[] = {c.rows[0].keyhash, c.rows[n - 2].keyhash, 12345};
		assert_int_equal(lookup_matches(&c, NULL, 0, hashes, 3), 0);
		/* hundreds of ids (a batch): one scan instead of searches */
		uint64_t many[400];
		for (size_t i = 0; i < 400; i++)
			many[i] = key_of(&c, (i * 37) % n);
		assert_int_equal(lookup_matches(&c, many, 400, hashes, 2), 0);
		free_county(&c);
	}
}

/* The index's bytes at off changed; the lookup of key then fails (1) or,
 * when it never reads them, still gives the right rows (0). */
static int lookup_after_change(struct county *c, size_t off, uint64_t key)
{
	char *path = ysh_idx_path(c->f.dir, c->s);
	int fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	char was[8], x[8] = "XXXXXXXX";
	assert_int_equal(pread(fd, was, 8, (off_t)off), 8);
	assert_int_equal(pwrite(fd, x, 8, (off_t)off), 8);
	int rc = lookup_matches(c, &key, 1, NULL, 0);
	assert_int_equal(pwrite(fd, was, 8, (off_t)off), 8);
	close(fd);
	free(path);
	return rc;
}

static void test_changed_blocks_not_believed(void **state)
{
	(void)state;
	struct county c;
	make_county(&c, 3 * TAIL_MAX + 100);
	build(&c);
	uint64_t key = key_of(&c, 10);
	assert_int_equal(lookup_matches(&c, &key, 1, NULL, 0), 0);
	/* every binary search starts in the middle of the sorted entries */
	size_t middle = HEADER_BYTES + (3 * TAIL_MAX / 2) * 32;
	assert_int_equal(lookup_after_change(&c, middle, key), 1);
	/* the tail, whatever is asked */
	char *path = ysh_idx_path(c.f.dir, c.s);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(lookup_after_change(&c, (size_t)st.st_size - 40, key), 1);
	/* the check of the middle block, after the sorted part's entries and
	 * pairs (the header's second and third counts) */
	uint64_t counts[3];
	int fd = open(path, O_RDONLY);
	assert_int_equal(pread(fd, counts, sizeof(counts), 48), (ssize_t)sizeof(counts));
	close(fd);
	assert_int_equal(counts[1], 3 * TAIL_MAX);
	size_t checks = HEADER_BYTES + counts[1] * 32 + counts[2] * 16;
	assert_int_equal(lookup_after_change(&c, checks + (middle - HEADER_BYTES) / 4096 * 8, key), 1);
	assert_int_equal(lookup_after_change(&c, checks + 8, key), 0); /* one it does not read */
	/* a header count */
	assert_int_equal(lookup_after_change(&c, 56, key), 1);
	/* and the whole index still good afterwards */
	assert_int_equal(lookup_matches(&c, &key, 1, NULL, 0), 0);
	/* a truncated index */
	assert_int_equal(truncate(path, st.st_size - 32), 0);
	assert_int_equal(lookup_matches(&c, &key, 1, NULL, 0), 1);
	free(path);
	free_county(&c);
}

static char *index_bytes(const struct county *c, size_t *n)
{
	char *path = ysh_idx_path(c->f.dir, c->s);
	char *b = fx_slurp(path, n);
	free(path);
	assert_non_null(b);
	return b;
}

/* The rows [c->n, to) appended to the ledger as ysh-add appends them: the
 * index asked whether it is current first, extended after. */
static void append_rows(struct county *c, size_t to)
{
	struct ysh_ledger_file lf;
	char *err = NULL;
	assert_int_equal(ysh_ledger_lock(c->f.dir, c->s, 1000, &lf, &err), 0);
	bool current = ysh_idx_current(&lf);
	assert_true(current);
	uint64_t at = c->rows[c->n].off, end = to < c->made ? c->rows[to].off : c->text.len;
	size_t line = (size_t)c->rows[c->n].line;
	assert_int_equal(pwrite(lf.fd, c->text.p + at, end - at, (off_t)at), (ssize_t)(end - at));
	ysh_idx_extend(&lf, current, c->text.p + at, end - at, at, line, (off_t)at);
	ysh_ledger_unlock(&lf);
	c->n = to;
}

/* Appends of every size, one of them across several multiples of 4096 at
 * once and the first from no sorted part at all: after each the index kept
 * up is the one a rebuild makes, byte for byte, and answers as a scan. */
static void test_kept_up_is_rebuilt(void **state)
{
	(void)state;
	struct county c;
	make_rows(&c, 6 * TAIL_MAX + 77);
	write_rows(&c, 10);
	build(&c);
	/* the last step: the rest, 3261 */
	const size_t steps[] = {1, 2, TAIL_MAX - 14, 1, 3 * TAIL_MAX + 5, 17, TAIL_MAX, 900, SIZE_MAX};
	for (size_t k = 0; k < sizeof(steps) / sizeof(*steps); k++) {
		append_rows(&c, steps[k] == SIZE_MAX ? c.made : c.n + steps[k]);
		size_t nk, nr;
		char *kept = index_bytes(&c, &nk);
		uint64_t key = key_of(&c, c.n - 1), hash = c.rows[c.n - 2].keyhash;
		assert_int_equal(lookup_matches(&c, &key, 1, &hash, 1), 0);
		build(&c);
		char *rebuilt = index_bytes(&c, &nr);
		assert_int_equal(nk, nr);
		assert_memory_equal(kept, rebuilt, nk);
		free(kept);
		free(rebuilt);
	}
	assert_int_equal(c.n, c.made);
	free_county(&c);
}

/* A ledger of no rows (the header alone): an index of none, and nothing
 * found through it. */
static void test_empty_ledger(void **state)
{
	(void)state;
	struct county c;
	make_county(&c, 0);
	build(&c);
	uint64_t key = ysh_idx_key(c.s, "A2026-0001");
	assert_int_equal(lookup_matches(&c, &key, 1, NULL, 0), 0);
	free_county(&c);
}

/* The header's word k (after the magic) set to v, its check made again:
 * a header that passes its check but not its layout's bounds. */
static void forge_header(struct county *c, size_t k, uint64_t v)
{
	char *path = ysh_idx_path(c->f.dir, c->s);
	int fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	unsigned char h[HEADER_BYTES];
	assert_int_equal(pread(fd, h, sizeof(h), 0), (ssize_t)sizeof(h));
	memcpy(h + 8 + 8 * k, &v, 8);
	uint64_t check = ysh_fnv1a(YSH_FNV_START, h, HEADER_BYTES - 8);
	memcpy(h + HEADER_BYTES - 8, &check, 8);
	assert_int_equal(pwrite(fd, h, sizeof(h), 0), (ssize_t)sizeof(h));
	close(fd);
	free(path);
}

static void test_damage_found(void **state)
{
	(void)state;
	struct county c;
	make_county(&c, 2 * TAIL_MAX + 300);
	build(&c);
	uint64_t key = key_of(&c, 5);
	/* two flips of a top bit in one block (a sum of its words misses them) */
	char *path = ysh_idx_path(c.f.dir, c.s);
	int fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	size_t middle = HEADER_BYTES + TAIL_MAX * 32; /* entry TAIL_MAX: where every search starts */
	unsigned char byte;
	for (size_t k = 0; k < 2; k++) {
		assert_int_equal(pread(fd, &byte, 1, (off_t)(middle + 7 + 16 * k)), 1);
		byte ^= 0x80;
		assert_int_equal(pwrite(fd, &byte, 1, (off_t)(middle + 7 + 16 * k)), 1);
	}
	close(fd);
	assert_int_equal(lookup_matches(&c, &key, 1, NULL, 0), 1);
	build(&c);
	assert_int_equal(lookup_matches(&c, &key, 1, NULL, 0), 0);
	/* counts that pass the header's check but not the layout: entries
	 * out of proportion, a sorted part not a multiple of 4096, more pairs
	 * than sorted entries, a tail of 4096 */
	struct {
		size_t word;
		uint64_t v;
	} forged[] = {{5, 1ULL << 40}, {5, 1ULL << 30}, {6, TAIL_MAX + 1}, {7, 3 * TAIL_MAX}, {6, TAIL_MAX}};
	for (size_t k = 0; k < sizeof(forged) / sizeof(*forged); k++) {
		forge_header(&c, forged[k].word, forged[k].v);
		assert_int_equal(lookup_matches(&c, &key, 1, NULL, 0), 1);
		build(&c);
	}
	/* a block no lookup reads, damaged: the merge that reads every block
	 * finds it and removes the index rather than carry it */
	free_county(&c);
	free(path);
	make_rows(&c, 3 * TAIL_MAX + 10);
	write_rows(&c, 2 * TAIL_MAX + 300);
	build(&c);
	path = ysh_idx_path(c.f.dir, c.s);
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &byte, 1, HEADER_BYTES + 40), 1);
	byte ^= 1;
	assert_int_equal(pwrite(fd, &byte, 1, HEADER_BYTES + 40), 1);
	close(fd);
	append_rows(&c, 3 * TAIL_MAX + 10);
	struct stat st;
	assert_int_equal(stat(path, &st), -1);
	free(path);
	free_county(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookups_match_a_scan),
		cmocka_unit_test(test_changed_blocks_not_believed),
		cmocka_unit_test(test_kept_up_is_rebuilt),
		cmocka_unit_test(test_empty_ledger),
		cmocka_unit_test(test_damage_found),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
