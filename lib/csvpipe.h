/*
 * csvpipe.h - a ledger read on two cores: parsed on a thread of its own,
 * judged on the caller's (csvpipe.c).
 */
#ifndef YSH_CSVPIPE_H
#define YSH_CSVPIPE_H

#include <pthread.h>
#include <stdbool.h>

#include "csvread.h"

/* Whether a file of `size` bytes is worth a second thread: on a machine
 * with more than one core, for files of a megabyte or more.  The
 * environment decides when it says: YSH_READ_THREADS=1 never, =2 always
 * (what the tests comparing the two reads set). */
bool ysh_csv_pipe_wanted(long long size);
/* Whether a second thread is wanted for work that is `worth` one: on a
 * machine with more than one core; YSH_READ_THREADS=1 never, =2 always. */
bool ysh_threads_wanted(bool worth);

/* ysh_csv_read_fd_upto(r, fd, limit) with r's records and errors handed,
 * in order and on the calling thread, to on_record and on_error (r's own
 * callbacks are set aside while it runs).  The same return values.  After
 * a callback asked to stop, r has parsed ahead of the record it stopped at
 * (its counts and ysh_csv_next_line run ahead); after a whole read, r says
 * what the plain read's would. */
int ysh_csv_read_fd_piped(struct ysh_csv_reader *r, int fd, long long limit, ysh_csv_record_fn on_record,
			  ysh_csv_error_fn on_error, void *ctx);

/* How threads are started (pthread_create; NULL restores it):
 * the tests' way to a machine that gives no thread, where the read goes
 * on in the calling thread alone. */
typedef int (*ysh_csv_spawn_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
void ysh_csv_pipe_set_spawn(ysh_csv_spawn_fn fn);
/* Starts a thread the way set there: libysh's every thread (the parsing
 * thread, readall.c's readers, the record rules' thread, a city's
 * counties) starts here, so the tests see them all. */
int ysh_thread_spawn(pthread_t *th, void *(*fn)(void *), void *arg);

#endif
