/*
 * readall.c - a county's ledgers read on the machine's cores.
 *
 * Each ledger is read whole by one thread (lib/ledger.c, which may itself
 * parse it on a second, csvpipe.c), and only once the ledgers its rows
 * refer to are read: a callback is judged against its activity, a problem
 * against its activity and its complaint, as they are when the ledgers are
 * read one after another in their order.  Everything else a ledger's rows
 * touch is its own table or read-only (the profile, the schemas, the
 * column map), except the findings: each ledger reports into findings of
 * its own, which join the county's in the ledgers' order once all are
 * read.  So the tables and the findings, their order included, are those
 * of the reads one after another; tests/e2e/pipe.sh compares the bytes.
 */
#include "readall.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvpipe.h"
#include "finding.h"

enum step { WAITING, TAKEN, DONE };

struct pool {
	struct ysh_ledgers *L;
	pthread_mutex_t mu;
	pthread_cond_t done;   /* a ledger is read: one waiting on it may go */
	enum step *step;       /* per table */
	char **err;            /* per table: its I/O error */
	struct ysh_findings *own; /* per table: what reading it found */
	bool failed;           /* a ledger could not be read: take no more (the
				* county is given up, as in turn after its first error) */
};

/* The table a REF column names, as an index, or SIZE_MAX. */
static size_t ref_index(const struct ysh_column *c)
{
	return c->type == YSH_T_REF && c->ref_ix >= 0 ? (size_t)c->ref_ix : SIZE_MAX;
}

/* Whether every ledger refers only to ledgers before it: then waiting for
 * them gives what the reads in order give, and never waits for ever.
 * (ysh_schemas_load orders them so and refuses a cycle: this is the
 * reader's own guard, not a case that happens.) */
static bool refs_come_first(const struct ysh_ledgers *L)
{
	for (size_t i = 0; i < L->ntables; i++) {
		const struct ysh_schema *s = L->tables[i].schema;
		for (size_t c = 0; c < s->ncols; c++) {
			size_t j = ref_index(&s->cols[c]);
			if (j != SIZE_MAX && j >= i)
				return false;
		}
	}
	return true;
}

static bool refs_read(const struct pool *p, size_t i)
{
	const struct ysh_schema *s = p->L->tables[i].schema;
	for (size_t c = 0; c < s->ncols; c++) {
		size_t j = ref_index(&s->cols[c]);
		if (j != SIZE_MAX && p->step[j] != DONE)
			return false;
	}
	return true;
}

/* The first ledger not taken whose references are read, waiting for one
 * if need be; SIZE_MAX when every ledger is taken. */
static size_t take_next(struct pool *p)
{
	pthread_mutex_lock(&p->mu);
	for (;;) {
		bool left = false;
		for (size_t i = 0; i < p->L->ntables && !p->failed; i++) {
			if (p->step[i] != WAITING)
				continue;
			left = true;
			if (refs_read(p, i)) {
				p->step[i] = TAKEN;
				pthread_mutex_unlock(&p->mu);
				return i;
			}
		}
		if (!left)
			break;
		pthread_cond_wait(&p->done, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return SIZE_MAX;
}

static void *reader(void *arg)
{
	struct pool *p = arg;
	for (size_t i; (i = take_next(p)) != SIZE_MAX;) {
		ysh_ledgers_read(p->L, &p->L->tables[i], &p->err[i]);
		pthread_mutex_lock(&p->mu);
		p->step[i] = DONE;
		p->failed |= p->err[i] != NULL;
		pthread_cond_broadcast(&p->done);
		pthread_mutex_unlock(&p->mu);
	}
	return NULL;
}

static long long ledgers_size(const struct ysh_ledgers *L)
{
	long long total = 0;
	struct stat st;
	for (size_t i = 0; i < L->ntables; i++)
		if (stat(L->tables[i].path, &st) == 0)
			total += st.st_size;
	return total;
}

/* Threads for n ledgers, the calling one included: 1 when reading them in
 * turn is as good. */
static size_t nreaders(const struct ysh_ledgers *L)
{
	if (L->opts.tables_in_turn || L->ntables < 2 || !refs_come_first(L) ||
	    !ysh_csv_pipe_wanted(ledgers_size(L)))
		return 1;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t w = cores > 1 ? (size_t)cores : 2; /* YSH_READ_THREADS=2 on one core: two */
	return w < L->ntables ? w : L->ntables;
}

static void read_in_turn(struct ysh_ledgers *L, char **err)
{
	for (size_t i = 0; i < L->ntables && !*err; i++)
		ysh_ledgers_read(L, &L->tables[i], err);
}

static void read_on_threads(struct ysh_ledgers *L, size_t nw, char **err)
{
	size_t n = L->ntables;
	struct pool p = {.L = L};
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.done, NULL);
	p.step = ysh_xcalloc(n, sizeof(*p.step));
	p.err = ysh_xcalloc(n, sizeof(*p.err));
	p.own = ysh_xcalloc(n, sizeof(*p.own));
	for (size_t i = 0; i < n; i++) {
		p.own[i].enabled = L->findings.enabled;
		L->tables[i].out = &p.own[i];
	}
	pthread_t *th = ysh_xcalloc(nw, sizeof(*th));
	size_t started = 0;
	/* the calling thread reads too; a thread that cannot start leaves its
	 * share to the others */
	while (started + 1 < nw && ysh_thread_spawn(&th[started], reader, &p) == 0)
		started++;
	L->threads = started + 1;
	reader(&p);
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	for (size_t i = 0; i < n; i++) {
		L->tables[i].out = &L->findings;
		ysh_findings_move(&L->findings, &p.own[i]);
		if (p.err[i] && !*err)
			*err = p.err[i];
		else
			free(p.err[i]);
	}
	free(p.own);
	free(p.err);
	free(p.step);
	pthread_cond_destroy(&p.done);
	pthread_mutex_destroy(&p.mu);
}

void ysh_ledgers_read_all(struct ysh_ledgers *L, char **err)
{
	size_t nw = nreaders(L);
	L->threads = 1;
	if (nw > 1)
		read_on_threads(L, nw, err);
	else
		read_in_turn(L, err);
}
