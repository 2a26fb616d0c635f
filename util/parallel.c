/*
 * Work split over a few threads: fn(i, arg) for every i in [0, n), each
 * index taken once, from a shared counter, by whichever thread is free
 * (so a long item does not hold up a fixed share of the rest). The caller
 * is one of the threads, and returns when every item is done.
 *
 * For CPU-bound steps that touch nothing shared (a cold check indexes a
 * hundred zips one after another otherwise); fn must not use a struct
 * source, a cache or a fetcher, which belong to one thread.
 */

#include "config.h"

#include <pthread.h>
#include <unistd.h>

#include "util/util.h"

#define PARALLEL_MAX_THREADS	4

struct parallel {
	void		(*fn)(size_t, void *);
	void		*arg;
	size_t		 n;
	size_t		 next;		/* the next index to take (atomic) */
};

static void *
parallel_worker(void *p)
{
	struct parallel	*w = p;
	size_t		 i;

	while ((i = __atomic_fetch_add(&w->next, 1, __ATOMIC_RELAXED)) < w->n)
		w->fn(i, w->arg);
	return (NULL);
}

void
util_parallel(size_t n, void (*fn)(size_t, void *), void *arg)
{
	struct parallel	 w = { fn, arg, n, 0 };
	pthread_t	 t[PARALLEL_MAX_THREADS - 1];
	long		 cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t		 want, k, started = 0;

	want = cpus > 1 ? (size_t)cpus : 1;
	if (want > PARALLEL_MAX_THREADS)
		want = PARALLEL_MAX_THREADS;
	if (want > n)
		want = n;
	/* A thread that cannot be started leaves its share to the others. */
	for (k = 1; k < want; k++)
		if (pthread_create(&t[started], NULL, parallel_worker, &w) == 0)
			started++;
	parallel_worker(&w);
	for (k = 0; k < started; k++)
		pthread_join(t[k], NULL);
}
