/*
 * The gate: each listening socket's accept thread. A new connection
 * waits here until its first request head is whole (peeked at, never
 * read, so libmicrohttpd later reads the same bytes); head.c judges it;
 * a good one is handed to libmicrohttpd, a bad one is answered here in
 * JSON, as every error of the API is, and closed. Without the gate,
 * libmicrohttpd would answer a bad head with its own HTML.
 *
 * One thread waits on every connection still sending its head (epoll),
 * so a slow client costs a socket and a few bytes here, not a thread.
 * At max-connections of them (or a quarter of the open-file limit), a new
 * connection closes the one that has waited longest (gate_evict): slow
 * clients cannot hold every place.
 * Its request-timeout runs from the accept: the deadline reaper shuts a
 * too-slow connection down, the gate sees the end of it and closes it,
 * and the deadline handed to libmicrohttpd's side (gate_due) is the one
 * that began at the accept.
 *
 * What the gate cannot see: the heads of later requests on a kept-alive
 * connection, and the chunks of a chunked body beyond those that came
 * with its head; libmicrohttpd reads those and answers their errors in
 * its own words.
 */

#include "config.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "daemon/daemon.h"

#define GATE_EVENTS	64
#define GATE_LINGER_MS	2000	/* reading what follows a refused head */
#define GATE_TICK_MS	250

/* A connection that has not sent its first head yet, or was refused and
 * is being drained before its close (so that the client reads the
 * answer, not a reset). */
struct gate_conn {
	int			 fd;
	struct sockaddr_storage	 addr;
	socklen_t		 addrlen;
	uint64_t		 accepted_us;
	uint64_t		 due_ms;	/* request-timeout's end */
	struct deadline		*deadline;
	uint64_t		 linger_ms;	/* refused: close by then */
	struct gate_conn	*prev, *next;
};

/* A connection handed to libmicrohttpd, until its start callback asks
 * for its deadline. */
struct gate_handoff {
	int		 fd;
	uint64_t	 due_ms;
};

struct gate {
	int			 listen_fd;
	int			 wake_fd;	/* eventfd: stop */
	int			 epfd;
	struct MHD_Daemon	*mhd;
	pthread_t		 thread;
	int			 running;
	struct gate_conn	*conns;		/* newest first */
	struct gate_conn	*oldest;
	size_t			 nconns;
	uint64_t		 paused_ms;	/* no fd left: accept after */
	size_t			 fd_share;	/* of the open-file limit */
	uint64_t		 expired_ms;	/* gate_expire's last look */
	char			 peek[HEAD_MAX + 1];

	pthread_mutex_t		 lock;		/* the handoffs */
	struct gate_handoff	*handoffs;
	size_t			 nhandoffs;
};

static void
gate_unlink(struct gate *g, struct gate_conn *c)
{
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		g->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		g->oldest = c->prev;
	g->nconns--;
}

/* Close a connection the gate still holds. */
static void
gate_close(struct gate *g, struct gate_conn *c)
{
	gate_unlink(g, c);
	deadline_forget(c->deadline);	/* before the fd can be reused */
	close(c->fd);			/* (which leaves the epoll set) */
	free(c);
}

/* Remember fd's deadline for libmicrohttpd's start callback. A
 * connection libmicrohttpd drops without that callback (its own limit)
 * leaves an entry, replaced when its fd number comes back. */
static void
gate_handoff_put(struct gate *g, int fd, uint64_t due_ms)
{
	size_t	i;

	pthread_mutex_lock(&g->lock);
	for (i = 0; i < g->nhandoffs && g->handoffs[i].fd != fd; i++)
		;
	if (i == g->nhandoffs)
		g->handoffs = xreallocarray(g->handoffs, ++g->nhandoffs,
		    sizeof *g->handoffs);
	g->handoffs[i].fd = fd;
	g->handoffs[i].due_ms = due_ms;
	pthread_mutex_unlock(&g->lock);
}

uint64_t
gate_due(struct gate *g, int fd)
{
	uint64_t	due = 0;
	size_t		i;

	if (g != NULL) {
		pthread_mutex_lock(&g->lock);
		for (i = 0; i < g->nhandoffs; i++)
			if (g->handoffs[i].fd == fd) {
				due = g->handoffs[i].due_ms;
				g->handoffs[i] = g->handoffs[--g->nhandoffs];
				break;
			}
		pthread_mutex_unlock(&g->lock);
	}
	if (due == 0)
		due = util_now_ms() +
		    (uint64_t)server_get_config()->request_timeout * 1000;
	return (due);
}

/* The head is good: libmicrohttpd serves the connection from here (c,
 * not held, is freed). */
static void
gate_give(struct gate *g, struct gate_conn *c)
{
	gate_handoff_put(g, c->fd, c->due_ms);
	/* On failure libmicrohttpd has closed the fd (and logged why). */
	(void)MHD_add_connection(g->mhd, c->fd, (struct sockaddr *)&c->addr,
	    c->addrlen);
	free(c);
}

/* Stop holding c (it leaves the epoll set, the list and the reaper). */
static void
gate_release(struct gate *g, struct gate_conn *c)
{
	epoll_ctl(g->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	gate_unlink(g, c);
	deadline_forget(c->deadline);
	c->deadline = NULL;
}

/* Answer a refused head in JSON, then read (and drop) what the client
 * still sends until it closes or GATE_LINGER_MS passes. */
static void
gate_refuse(struct gate *g, struct gate_conn *c, const struct head_refusal *why)
{
	cJSON		*doc;
	char		*body, *reply, date[64];
	int		 len;
	time_t		 now = time(NULL);
	struct tm	 tm;

	doc = op_error_doc(why->code, why->message);
	body = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	/* RFC 9110, 6.6.1 (the C locale's day and month names). */
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT",
	    gmtime_r(&now, &tm));
	len = xasprintf(&reply, "HTTP/1.1 %d %s\r\n"
	    "Date: %s\r\n"
	    "Content-Type: application/json\r\n"
	    "%s: %d\r\n"
	    "Connection: close\r\n"
	    "Content-Length: %zu\r\n"
	    "\r\n%s", why->status, MHD_get_reason_phrase_for(
	    (unsigned int)why->status), date, MODVET_PROTOCOL_HEADER,
	    MODVET_PROTOCOL_VERSION, strlen(body), body);
	/* A few hundred bytes into an empty send buffer: one call. */
	(void)send(c->fd, reply, (size_t)len, MSG_NOSIGNAL | MSG_DONTWAIT);
	shutdown(c->fd, SHUT_WR);
	free(reply);
	cJSON_free(body);
	log_debug("refused a request head: %d %s: %s", why->status, why->code,
	    why->message);
	metrics_request("malformed", why->status,
	    util_now_us() - c->accepted_us, 0);
	c->linger_ms = util_now_ms() + GATE_LINGER_MS;
}

/* A refused connection's client sent more, or closed. */
static void
gate_drain(struct gate *g, struct gate_conn *c)
{
	ssize_t	n;

	while ((n = recv(c->fd, g->peek, sizeof g->peek, MSG_DONTWAIT)) > 0)
		;
	if (n == 0 || (errno != EAGAIN && errno != EINTR))
		gate_close(g, c);
}

/* What the bytes a connection has sent so far say (head.c), or -1 when
 * its client has gone. */
static int
gate_judge(struct gate *g, struct gate_conn *c, struct head_refusal *why)
{
	ssize_t	n;

	n = recv(c->fd, g->peek, sizeof g->peek, MSG_PEEK | MSG_DONTWAIT);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return (HEAD_MORE);
	if (n <= 0)
		return (-1);
	return (head_judge(g->peek, (size_t)n,
	    (size_t)server_get_config()->max_body, why));
}

/* Bytes arrived on a connection still sending its head, or its client
 * stopped sending (events): judge them. */
static void
gate_look(struct gate *g, struct gate_conn *c, uint32_t events)
{
	struct head_refusal	 why;

	if (c->linger_ms != 0) {
		gate_drain(g, c);
		return;
	}
	switch (gate_judge(g, c, &why)) {
	case HEAD_MORE:
		/* A client that stopped sending, or one the deadline reaper
		 * shut down for being too slow, will never finish it. */
		if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))
			gate_close(g, c);
		break;
	case HEAD_OK:
		gate_release(g, c);
		gate_give(g, c);
		break;
	case HEAD_REFUSE:
		gate_refuse(g, c, &why);
		gate_drain(g, c);
		break;
	default:		/* gone */
		gate_close(g, c);
	}
}

/*
 * Make room: close the connection that has waited longest without
 * sending a whole head. Slow clients (slowloris) cannot then hold every
 * place: a new client, which sends its request as it connects, is
 * judged at once, while the oldest of the slow ones goes.
 */
static int
gate_evict(struct gate *g)
{
	struct gate_conn	*c = g->oldest;

	if (c == NULL)
		return (-1);
	log_debug("gate: closing the connection that waited longest for "
	    "its request head (fd %d) to make room", c->fd);
	metrics_request("evicted", 408, util_now_us() - c->accepted_us, 0);
	gate_close(g, c);
	return (0);
}

/* Stop or start watching the listening socket. */
static void
gate_listen(struct gate *g, int on)
{
	struct epoll_event	ev;

	ev.events = on ? EPOLLIN : 0;
	ev.data.ptr = &g->listen_fd;
	epoll_ctl(g->epfd, EPOLL_CTL_MOD, g->listen_fd, &ev);
}

/* Hold c until its head is whole, or its refusal read: in the list, the
 * epoll set and (for its request-timeout) the reaper. At the limit the
 * connection that has waited longest makes room. */
static void
gate_hold(struct gate *g, struct gate_conn *c)
{
	struct epoll_event	ev;

	if (g->nconns >= (size_t)server_get_config()->max_connections ||
	    g->nconns >= g->fd_share)
		gate_evict(g);
	c->deadline = deadline_watch(c->fd, c->due_ms);
	c->next = g->conns;
	if (g->conns != NULL)
		g->conns->prev = c;
	else
		g->oldest = c;
	g->conns = c;
	g->nconns++;
	/* (Bytes that came before the add are reported by it.) */
	ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
	ev.data.ptr = c;
	if (epoll_ctl(g->epfd, EPOLL_CTL_ADD, c->fd, &ev) == -1) {
		log_warn("epoll_ctl");
		gate_close(g, c);
	}
}

/* Take every connection waiting on the listening socket. Most clients
 * send their request with the connect: those are judged at once, and
 * handed over with no wait set up for them. */
static void
gate_accept(struct gate *g)
{
	struct head_refusal	 why;
	struct gate_conn	*c;
	int			 fd;

	for (;;) {
		c = xcalloc(1, sizeof *c);
		c->addrlen = sizeof c->addr;
		fd = accept4(g->listen_fd, (struct sockaddr *)&c->addr,
		    &c->addrlen, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (fd == -1) {
			free(c);
			if (errno == EMFILE || errno == ENFILE ||
			    errno == ENOBUFS || errno == ENOMEM) {
				/* Out of descriptors: free one, or wait a
				 * tick rather than spin on the socket. */
				if (gate_evict(g) == 0)
					continue;
				log_warnx("accept: %s; accepting again in "
				    "%d ms", strerror(errno), GATE_TICK_MS);
				g->paused_ms = util_now_ms() + GATE_TICK_MS;
				gate_listen(g, 0);
			} else if (errno != EAGAIN && errno != EINTR &&
			    errno != ECONNABORTED)
				log_warn("accept");
			return;
		}
		c->fd = fd;
		c->accepted_us = util_now_us();
		c->due_ms = c->accepted_us / 1000 +
		    (uint64_t)server_get_config()->request_timeout * 1000;
		switch (gate_judge(g, c, &why)) {
		case HEAD_OK:
			gate_give(g, c);
			break;
		case HEAD_MORE:
			gate_hold(g, c);
			break;
		case HEAD_REFUSE:
			gate_refuse(g, c, &why);
			gate_hold(g, c);	/* to read what follows */
			break;
		default:		/* gone already */
			close(fd);
			free(c);
		}
	}
}

/* Close the refused connections whose linger is over, and accept again
 * after a pause (at most once a tick: the list may hold every slow
 * client). */
static void
gate_expire(struct gate *g)
{
	struct gate_conn	*c, *next;
	uint64_t		 now = util_now_ms();

	if (now < g->expired_ms + GATE_TICK_MS)
		return;
	g->expired_ms = now;
	if (g->paused_ms != 0 && now >= g->paused_ms) {
		g->paused_ms = 0;
		gate_listen(g, 1);
	}
	for (c = g->conns; c != NULL; c = next) {
		next = c->next;
		if (c->linger_ms != 0 && now >= c->linger_ms)
			gate_close(g, c);
	}
}

static void *
gate_main(void *arg)
{
	struct gate		*g = arg;
	struct epoll_event	 ev[GATE_EVENTS];
	int			 i, n, stop = 0, accept_ready;

	while (!stop) {
		n = epoll_wait(g->epfd, ev, GATE_EVENTS, GATE_TICK_MS);
		accept_ready = 0;
		for (i = 0; i < n && !stop; i++) {
			if (ev[i].data.ptr == &g->wake_fd)
				stop = 1;
			else if (ev[i].data.ptr == &g->listen_fd)
				accept_ready = 1;
			else
				gate_look(g, ev[i].data.ptr, ev[i].events);
		}
		/* Accepting may close held connections (gate_evict), and
		 * closing frees them: only once no event of this batch can
		 * still name one. */
		if (accept_ready && !stop)
			gate_accept(g);
		gate_expire(g);
	}
	while (g->conns != NULL)
		gate_close(g, g->conns);
	return (NULL);
}

/* A gate for listen_fd (it owns the fd from now on); it accepts once
 * gate_start gives it its libmicrohttpd daemon, which is started with no
 * listening socket of its own and the gate as its connection callback's
 * argument (gate_due). */
struct gate *
gate_new(int listen_fd, char **cause)
{
	struct gate		*g;
	struct epoll_event	 ev;
	struct rlimit		 rl;
	int			 flags;

	g = xcalloc(1, sizeof *g);
	g->listen_fd = listen_fd;
	g->wake_fd = g->epfd = -1;
	/* Connections still sending a head may take a quarter of the open
	 * files: the rest are for those being served, the workers' caches
	 * and their upstream connections. */
	g->fd_share = getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
	    rl.rlim_cur != RLIM_INFINITY ? (size_t)rl.rlim_cur / 4 : SIZE_MAX;
	pthread_mutex_init(&g->lock, NULL);
	if ((flags = fcntl(listen_fd, F_GETFL)) == -1 ||
	    fcntl(listen_fd, F_SETFL, flags | O_NONBLOCK) == -1 ||
	    (g->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    (g->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) == -1)
		goto fail;
	ev.events = EPOLLIN;
	ev.data.ptr = &g->listen_fd;
	if (epoll_ctl(g->epfd, EPOLL_CTL_ADD, listen_fd, &ev) == -1)
		goto fail;
	ev.data.ptr = &g->wake_fd;
	if (epoll_ctl(g->epfd, EPOLL_CTL_ADD, g->wake_fd, &ev) == -1)
		goto fail;
	return (g);
fail:
	xasprintf(cause, "cannot prepare to accept connections: %s",
	    strerror(errno));
	gate_free(g);
	return (NULL);
}

/* Start accepting for mhd. */
int
gate_start(struct gate *g, struct MHD_Daemon *mhd, char **cause)
{
	g->mhd = mhd;
	if ((errno = pthread_create(&g->thread, NULL, gate_main, g)) != 0) {
		xasprintf(cause, "cannot start accepting connections: %s",
		    strerror(errno));
		return (-1);
	}
	g->running = 1;
	return (0);
}

/* Stop accepting: close the listening socket and every connection that
 * has not sent a whole head (those handed over are libmicrohttpd's). */
void
gate_stop(struct gate *g)
{
	uint64_t	one = 1;

	if (g == NULL || !g->running)
		return;
	if (write(g->wake_fd, &one, sizeof one) != sizeof one)
		log_warn("gate: eventfd write");
	pthread_join(g->thread, NULL);
	g->running = 0;
	/* New clients are refused at once, not left in the backlog. */
	close(g->listen_fd);
	g->listen_fd = -1;
}

/* Free a gate, stopped, once its libmicrohttpd daemon has stopped too
 * (that daemon's threads ask gate_due until then). */
void
gate_free(struct gate *g)
{
	if (g == NULL)
		return;
	gate_stop(g);
	if (g->listen_fd != -1)
		close(g->listen_fd);
	if (g->epfd != -1)
		close(g->epfd);
	if (g->wake_fd != -1)
		close(g->wake_fd);
	pthread_mutex_destroy(&g->lock);
	free(g->handoffs);
	free(g);
}
