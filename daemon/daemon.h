/*
 * modvetd: the verifier behind one HTTP/JSON API (libmicrohttpd), served
 * on a Unix socket (mode 0600) and, with --listen, on TCP (a bearer token
 * required off loopback).
 *
 * Threads. libmicrohttpd runs a thread per connection, so a slow request
 * never holds up another connection; requests that do real work borrow a
 * worker (worker.c: a SQLite connection, a proxy client and a source)
 * from a pool of `threads`, and wait for one up to queue-wait before a
 * 503 with Retry-After. The refresher (refresh.c) is one more thread
 * with a worker of its own. The pool and the metrics (metrics.c) are the
 * state they share, each behind a mutex.
 */
#ifndef DAEMON_H
#define DAEMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/util.h"
#include "protocol.h"
#include "engine/engine.h"
#include "daemon/head.h"

struct MHD_Connection;
struct cJSON;

/* config.c: every option in one table (name, type, bounds, default). */
struct daemon_config {
	char	*socket_path;
	char	*socket_group;		/* may use the socket too, or NULL */
	char	*listen;		/* "ADDR:PORT" or NULL: no TCP */
	char	*token_file;
	char	*cache_path;
	char	*projects_file;		/* for POST /v1/reports */
	char	*log_level;		/* error, warn, info, debug */
	int	 syslog;
	long	 threads;		/* request threads */
	long	 max_body;		/* bytes */
	long	 list_ttl;		/* seconds */
	long	 negative_ttl;		/* seconds */
	long	 failure_ttl;		/* seconds */
	long	 refresh_interval;	/* seconds; 0: no refresher */
	long	 max_connections;
	long	 idle_timeout;		/* seconds a connection may be idle */
	long	 request_timeout;	/* seconds a client has to send a
					   whole first request */
	long	 queue_wait;		/* seconds a request waits for a worker */
	long	 drain_timeout;		/* seconds SIGTERM lets requests run */
	long	 upstream_timeout;	/* seconds one upstream transfer may
					   take */
	long	 memo_ttl;		/* seconds a repeated request's answer
					   is served again */
	int	 tcp_without_token;	/* loopback TCP with no token */
	char	*allowed_hosts;		/* extra Host values, space-separated */
	char	*allowed_origins;	/* Origin values allowed, space-separated */
	char	*git_hosts;		/* hosts report git URLs may name */
	char	*direct_allow;		/* module paths TCP callers may have
					   fetched "direct" (GOPRIVATE syntax) */
	char	*token;			/* read from token_file */
};
void	 config_defaults(struct daemon_config *);
void	 config_free(struct daemon_config *);
/* Read a "name = value" file; returns the number of errors (printed with
 * file:line). */
int	 config_read(struct daemon_config *, const char *);
/* Set one option from a flag or a file line; -1 with *cause. */
int	 config_set(struct daemon_config *, const char *, const char *,
	    char **);
/* Check the whole configuration (token rules, readable token file). */
int	 config_check(struct daemon_config *, char **);
void	 config_usage(FILE *);
int	 config_is_flag(const char *);

/* listen.c: the listening sockets. */
/* Make the Unix socket: its directory 0700 and ours, never a live
 * daemon's socket, bound 0600. Returns the fd or -1 with *cause. */
int	 listen_unix(const char *, const char *, char **);
/* A TCP socket for "ADDR:PORT"; *loopback tells whether ADDR is one. */
int	 listen_tcp(const char *, int *, char **);
char	*listen_tcp_name(int);

/* worker.c: a pool of workers (cache, proxy, source) that requests
 * borrow; see the file's design note. */
struct worker;
struct source;
struct worker	*worker_create(char **);
void		 worker_free(struct worker *);
/* While a worker's cache file cannot be opened (it caches in memory),
 * why; else NULL. Caller frees. */
char		*worker_cache_problem(void);
struct worker	*worker_acquire(uint64_t, char **);
void		 worker_put(struct worker *);
int		 worker_set_caller(struct worker *, int, const char *,
		    const char *, char **);
struct source	*worker_source(struct worker *);
struct cache	*worker_cache(struct worker *);
char		*worker_cache_path_now(void);
void		 worker_set_config(const struct daemon_config *);
void		 worker_reset_all(void);

/* memo.c: answers to repeated requests, kept memo-ttl seconds. */
struct memo_answer {
	char	*data;
	size_t	 len;
	char	*type;
	int	 status;
	char	 findings[MODVET_FINDINGS_MAX];	/* its header, or "" */
};
void	 memo_key(unsigned char *, const struct buf *, const void *, size_t);
int	 memo_get(const unsigned char *, struct memo_answer *, uint64_t);
void	 memo_abandon(const unsigned char *);
void	 memo_put(const unsigned char *, const struct memo_answer *, uint64_t);
void	 memo_clear(void);

/* metrics.c: counters for /metrics. */
void	 metrics_request(const char *, int, uint64_t, int);
void	 metrics_upstream(struct source *);
void	 metrics_refresh(int64_t, size_t, size_t);
void	 metrics_render(struct buf *);

/* server.c: requests and replies. */
struct request {
	struct MHD_Connection	*conn;
	const struct daemon_config *config;	/* the newest at its start */
	const char		*method;
	const char		*url;		/* path, no query */
	const char		*version;	/* "HTTP/1.1" */
	struct buf		 body;
	int			 too_big;
	int			 tcp;		/* arrived over TCP */
	int			 refused;	/* replied before the body */
	int			 memo;		/* keep a 200 answer under: */
	unsigned char		 memo_key[32];
	struct worker		*worker;	/* borrowed, given back at the end */
	uint64_t		 start_us;
	int			 memo_hit;	/* answered from the memo */
	const char		*route;		/* for metrics */
	int			 status;	/* replied with */
	int			 client_gone;	/* closed its connection */
	char			 findings[MODVET_FINDINGS_MAX];
						/* MODVET_FINDINGS_HEADER's
						   value, or "" */
	struct deadline		*deadline;	/* its connection's */
};
/* deadline.c: a whole request within request-timeout, or the
 * connection is shut down (slowloris). */
struct deadline;
struct deadline *deadline_watch(int, uint64_t);
void	 deadline_forget(struct deadline *);
void	 deadline_received(struct deadline *);
void	 deadline_replied(struct deadline *);
uint64_t deadline_fired(void);
void	 deadline_start(void);
void	 deadline_stop(void);

/* gate.c: each listener's accept thread, which holds a new connection
 * until its first head is whole, refuses a malformed one in JSON, and
 * hands the rest to libmicrohttpd. */
struct gate;
struct MHD_Daemon;
struct gate	*gate_new(int, char **);
int		 gate_start(struct gate *, struct MHD_Daemon *, char **);
void		 gate_stop(struct gate *);
void		 gate_free(struct gate *);
uint64_t	 gate_due(struct gate *, int);

/* Serve on the fds; the server owns c from now on. */
int	 server_start(struct daemon_config *, int, int, char **);
void	 server_set_config(struct daemon_config *);
void	 server_set_cache_note(const char *);
char	*server_cache_state(void);
void	 server_free_configs(void);
/* The names a TCP client may send as Host (the bound address). */
void	 server_set_tcp_name(const char *, int);
const struct daemon_config *server_get_config(void);
void	 server_stop(void);
/* Replies. The body is copied. */
void	 reply_json(struct request *, int, struct cJSON *);
void	 reply_text(struct request *, int, const char *, const char *,
	    size_t);
void	 reply_error(struct request *, int, const char *, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
const char *request_arg(struct request *, const char *);
struct worker *request_worker(struct request *);

/* One route: a method, a path (exact, or a prefix ending in '/'), and a
 * handler that always replies; memo: its 200 answers depend on the
 * request and the upstreams alone, so a repeat may get the memo's. */
struct route {
	const char	*method;
	const char	*path;
	const char	*name;		/* for metrics */
	void		(*handle)(struct request *, const char *);
	int		 memo;
};
extern const struct route	route_health;
extern const struct route	route_version;
extern const struct route	route_metrics;

/* refresh.c: the background refresher of the watch list. */
void	 refresh_start(long);
void	 refresh_stop(void);
void	 refresh_kick(void);
void	 refresh_seed(void);

/* Default watch list: Pulumi's core Go SDK and its most used provider
 * SDKs (DESIGN.md). */
extern const char *daemon_default_watch[];

#endif
