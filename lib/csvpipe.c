/*
 * csvpipe.c - reading a ledger on two cores: one thread reads the file and
 * parses it (libcsv, the byte checks), the caller's thread judges and folds
 * the records it hands over, in batches, while the next batch is parsed.
 *
 * The caller's callbacks see exactly what ysh_csv_read_fd_upto would have
 * shown them, in the same order, on the caller's own thread: records and
 * syntax errors travel as one stream of events, so findings, folding and
 * everything the callbacks touch stay single-threaded and the output is
 * byte-identical to the one-core read (tests/e2e/pipe.sh checks that on
 * every sample and test ledger).
 */
#include "csvpipe.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvread.h"
#include "util.h"

/* What one callback of the parser said, kept until the judging thread
 * replays it.  Fields and messages live in the batch's bytes. */
struct event {
	bool is_error;
	bool bad;
	size_t line;
	size_t col;   /* errors: the column */
	unsigned long long offset;
	size_t nfields;
	size_t at;    /* first byte in the batch (fields NUL-separated, or the message) */
};

struct batch {
	struct event *ev;
	size_t nev, capev;
	struct ysh_buf bytes;
	size_t *lens;  /* every field's length, in event order */
	size_t nlens, caplens;
};

/* A batch is handed over once it holds this much: large enough that the
 * hand-over's locking is noise, small enough that both threads overlap. */
enum { BATCH_BYTES = 64 * 1024, BATCH_EVENTS = 1024, NBATCH = 4 };

struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t changed;
	struct batch b[NBATCH];
	/* a ring of batches: [head, tail) are full, waiting to be judged */
	size_t head, tail;
	bool done;            /* the parser is finished: no batch will follow */
	atomic_bool stop;     /* the judge asked to stop */
	struct batch *filling;
	int rc, err;          /* the parse's result and errno */
	struct ysh_csv_reader *r;
	int fd;
	long long limit;
	ysh_csv_record_fn on_record;
	ysh_csv_error_fn on_error;
	void *ctx;
};

static void batch_clear(struct batch *b)
{
	b->nev = b->nlens = 0;
	ysh_buf_reset(&b->bytes);
}

static void batch_free(struct batch *b)
{
	free(b->ev);
	free(b->lens);
	ysh_buf_free(&b->bytes);
}

static struct event *batch_event(struct batch *b)
{
	b->ev = ysh_grow(b->ev, &b->capev, b->nev + 1, sizeof(*b->ev));
	struct event *e = &b->ev[b->nev++];
	memset(e, 0, sizeof(*e));
	e->at = b->bytes.len;
	return e;
}

static bool batch_full(const struct batch *b)
{
	return b->bytes.len >= BATCH_BYTES || b->nev >= BATCH_EVENTS;
}

/* The parser's side: the filled batch joins the ring, and the next free
 * one is taken (waiting while the judge is NBATCH-1 batches behind). */
static void hand_over(struct pipe *p)
{
	pthread_mutex_lock(&p->mu);
	p->tail++;
	pthread_cond_broadcast(&p->changed);
	while (p->tail - p->head == NBATCH && !atomic_load(&p->stop))
		pthread_cond_wait(&p->changed, &p->mu);
	p->filling = &p->b[p->tail % NBATCH];
	pthread_mutex_unlock(&p->mu);
	batch_clear(p->filling);
}

static int keep_record(const struct ysh_csv_record *rec, void *ctx)
{
	struct pipe *p = ctx;
	struct batch *b = p->filling;
	struct event *e = batch_event(b);
	e->bad = rec->bad;
	e->line = rec->line;
	e->offset = rec->offset;
	e->nfields = rec->nfields;
	b->lens = ysh_grow(b->lens, &b->caplens, b->nlens + rec->nfields, sizeof(*b->lens));
	for (size_t i = 0; i < rec->nfields; i++) {
		ysh_buf_add(&b->bytes, rec->fields[i], rec->lens[i] + 1); /* with its NUL */
		b->lens[b->nlens++] = rec->lens[i];
	}
	if (batch_full(b))
		hand_over(p);
	return atomic_load(&p->stop);
}

static void keep_error(size_t line, size_t col, const char *msg, void *ctx)
{
	struct pipe *p = ctx;
	struct batch *b = p->filling;
	struct event *e = batch_event(b);
	e->is_error = true;
	e->line = line;
	e->col = col;
	ysh_buf_add(&b->bytes, msg, strlen(msg) + 1);
}

static void *parse_thread(void *arg)
{
	struct pipe *p = arg;
	int rc = ysh_csv_read_fd_upto(p->r, p->fd, p->limit);
	int err = errno;
	pthread_mutex_lock(&p->mu);
	p->rc = rc;
	p->err = err;
	p->tail++; /* the last batch, perhaps empty */
	p->done = true;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The judge's side: the events of one batch, replayed in order through
 * the caller's callbacks.  Non-zero once a callback asked to stop. */
static int replay(struct pipe *p, const struct batch *b, char ***fields, size_t *capfields)
{
	size_t li = 0;
	for (size_t i = 0; i < b->nev; i++) {
		const struct event *e = &b->ev[i];
		const char *at = b->bytes.p + e->at;
		if (e->is_error) {
			if (p->on_error)
				p->on_error(e->line, e->col, at, p->ctx);
			continue;
		}
		*fields = ysh_grow(*fields, capfields, e->nfields + 1, sizeof(**fields));
		char *q = (char *)at;
		for (size_t f = 0; f < e->nfields; f++) {
			(*fields)[f] = q;
			q += b->lens[li + f] + 1;
		}
		struct ysh_csv_record rec = {
			.line = e->line,
			.offset = e->offset,
			.nfields = e->nfields,
			.fields = *fields,
			.lens = b->lens + li,
			.bad = e->bad,
		};
		li += e->nfields;
		if (p->on_record(&rec, p->ctx))
			return 1;
	}
	return 0;
}

/* Batches as they come, until the parser is done and the ring is empty. */
static int judge(struct pipe *p)
{
	char **fields = NULL;
	size_t capfields = 0;
	int stopped = 0;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->head == p->tail && !p->done)
			pthread_cond_wait(&p->changed, &p->mu);
		if (p->head == p->tail)
			break;
		struct batch *b = &p->b[p->head % NBATCH];
		pthread_mutex_unlock(&p->mu);
		if (!stopped && replay(p, b, &fields, &capfields)) {
			stopped = 1;
			atomic_store(&p->stop, true);
		}
		pthread_mutex_lock(&p->mu);
		p->head++;
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->mu);
	free(fields);
	return stopped;
}

/* The thread seam: the tests make starting the parsing thread fail. */
static ysh_csv_spawn_fn spawn = pthread_create;

void ysh_csv_pipe_set_spawn(ysh_csv_spawn_fn fn)
{
	spawn = fn ? fn : pthread_create;
}

int ysh_thread_spawn(pthread_t *th, void *(*fn)(void *), void *arg)
{
	return spawn(th, NULL, fn, arg);
}

bool ysh_threads_wanted(bool worth)
{
	const char *env = getenv("YSH_READ_THREADS");
	if (env && !strcmp(env, "1"))
		return false;
	if (env && !strcmp(env, "2"))
		return true;
	return worth && sysconf(_SC_NPROCESSORS_ONLN) > 1;
}

bool ysh_csv_pipe_wanted(long long size)
{
	return ysh_threads_wanted(size >= 1024 * 1024);
}

int ysh_csv_read_fd_piped(struct ysh_csv_reader *r, int fd, long long limit, ysh_csv_record_fn on_record,
			  ysh_csv_error_fn on_error, void *ctx)
{
	struct pipe *p = ysh_xcalloc(1, sizeof(*p));
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->changed, NULL);
	atomic_init(&p->stop, false);
	p->filling = &p->b[0];
	p->r = r;
	p->fd = fd;
	p->limit = limit;
	p->on_record = on_record;
	p->on_error = on_error;
	p->ctx = ctx;
	ysh_csv_redirect(r, keep_record, keep_error, p);
	pthread_t th;
	int rc;
	if (ysh_thread_spawn(&th, parse_thread, p)) {
		/* no thread to be had: read on this one */
		ysh_csv_redirect(r, on_record, on_error, ctx);
		rc = ysh_csv_read_fd_upto(r, fd, limit);
	} else {
		int stopped = judge(p);
		pthread_join(th, NULL);
		ysh_csv_redirect(r, on_record, on_error, ctx);
		rc = stopped ? 1 : p->rc;
		errno = p->err;
	}
	int saved = errno;
	for (size_t i = 0; i < NBATCH; i++)
		batch_free(&p->b[i]);
	pthread_cond_destroy(&p->changed);
	pthread_mutex_destroy(&p->mu);
	free(p);
	errno = saved;
	return rc;
}
