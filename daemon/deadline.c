/*
 * Request deadlines. A client has request-timeout seconds from the moment
 * it connects to send a whole request, headers and body; on a kept-alive
 * connection the next request must be whole within idle-timeout of the
 * previous reply. libmicrohttpd's own timeout is an idle timeout: it
 * starts again at every byte, so a client that sends one header line
 * every few seconds (slowloris) would hold a connection, and its thread,
 * for as long as it likes.
 *
 * libmicrohttpd cannot close a connection for us from another thread, so
 * a reaper thread shuts the socket down: the connection's own thread
 * then reads the end of the stream and closes it as it closes any other.
 * The fd is valid while it is watched: libmicrohttpd tells us a
 * connection is closed (deadline_forget) before it closes the fd, and the
 * reaper shuts fds down only under the lock that deadline_forget takes.
 */

#include "config.h"

#include <sys/socket.h>

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "util/util.h"
#include "daemon/daemon.h"

#define DEADLINE_TICK_MS	250	/* how often the reaper looks */

struct deadline {
	int		 fd;
	uint64_t	 due_ms;	/* 0: a request is being served */
	int		 fired;		/* shut down already */
	struct deadline	*prev, *next;
};

static pthread_mutex_t	 deadline_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 deadline_wake = PTHREAD_COND_INITIALIZER;
static struct deadline	*deadline_head;
static pthread_t	 deadline_thread;
static int		 deadline_running;
static int		 deadline_stopping;
static uint64_t		 deadline_fired_total;

/* Watch a connection on fd whose first request is due by due_ms (its
 * accept, plus request-timeout). The handle goes back to deadline_forget. */
struct deadline *
deadline_watch(int fd, uint64_t due_ms)
{
	struct deadline	*d;

	d = xcalloc(1, sizeof *d);
	d->fd = fd;
	d->due_ms = due_ms;
	pthread_mutex_lock(&deadline_lock);
	d->next = deadline_head;
	if (deadline_head != NULL)
		deadline_head->prev = d;
	deadline_head = d;
	pthread_mutex_unlock(&deadline_lock);
	return (d);
}

/* The connection is closing: stop watching it (before its fd closes). */
void
deadline_forget(struct deadline *d)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&deadline_lock);
	if (d->prev != NULL)
		d->prev->next = d->next;
	else
		deadline_head = d->next;
	if (d->next != NULL)
		d->next->prev = d->prev;
	pthread_mutex_unlock(&deadline_lock);
	free(d);
}

/* Set when d's request is due (0: none, a request is being served). */
static void
deadline_set(struct deadline *d, uint64_t due_ms)
{
	if (d == NULL)
		return;
	pthread_mutex_lock(&deadline_lock);
	d->due_ms = due_ms;
	pthread_mutex_unlock(&deadline_lock);
}

/* The request has fully arrived: no deadline while it is served. */
void
deadline_received(struct deadline *d)
{
	deadline_set(d, 0);
}

/* The reply is sent: a next request on this connection is due within
 * idle-timeout (the most a kept-alive connection may wait anyway). */
void
deadline_replied(struct deadline *d)
{
	deadline_set(d, util_now_ms() +
	    (uint64_t)server_get_config()->idle_timeout * 1000);
}

/* Connections closed for being too slow, for /metrics. */
uint64_t
deadline_fired(void)
{
	uint64_t	n;

	pthread_mutex_lock(&deadline_lock);
	n = deadline_fired_total;
	pthread_mutex_unlock(&deadline_lock);
	return (n);
}

/* Shut down every connection past its deadline; called with the lock. */
static void
deadline_reap(uint64_t now)
{
	struct deadline	*d;

	for (d = deadline_head; d != NULL; d = d->next) {
		if (d->fired || d->due_ms == 0 || now < d->due_ms)
			continue;
		d->fired = 1;
		deadline_fired_total++;
		log_debug("a connection (fd %d) did not send its request in "
		    "time: closed", d->fd);
		shutdown(d->fd, SHUT_RDWR);
	}
}

static void *
deadline_main(void *arg)
{
	struct timespec	ts;

	(void)arg;
	pthread_mutex_lock(&deadline_lock);
	while (!deadline_stopping) {
		deadline_reap(util_now_ms());
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += DEADLINE_TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&deadline_wake, &deadline_lock, &ts);
	}
	pthread_mutex_unlock(&deadline_lock);
	return (NULL);
}

/* Start the reaper (before the server accepts). */
void
deadline_start(void)
{
	if (pthread_create(&deadline_thread, NULL, deadline_main, NULL) != 0)
		fatalx("cannot start the request-deadline thread");
	deadline_running = 1;
}

/* Stop the reaper (after the server has stopped). */
void
deadline_stop(void)
{
	if (!deadline_running)
		return;
	pthread_mutex_lock(&deadline_lock);
	deadline_stopping = 1;
	pthread_cond_signal(&deadline_wake);
	pthread_mutex_unlock(&deadline_lock);
	pthread_join(deadline_thread, NULL);
	deadline_running = 0;
}
