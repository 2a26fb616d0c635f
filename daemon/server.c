/*
 * The HTTP server: one libmicrohttpd daemon per listening socket (the Unix
 * socket, and TCP with --listen), both calling server_access, which reads
 * the request body up to the cap (a chunk at a time: each is taken and
 * *upload_data_size set to 0), then on the final call checks the token
 * (TCP only) and dispatches through the route table. Per-request state
 * lives in *req_cls and is freed in the completion callback. Every error
 * is JSON: {"error": {"code": "...", "message": "..."}}; a connection's
 * first request head reaches libmicrohttpd only once the gate (gate.c)
 * has found it whole and well formed, so that a malformed one is refused
 * in JSON too and not in libmicrohttpd's HTML.
 *
 * Each connection has its own thread (so a request that waits on an
 * upstream never stalls another connection), and a connection idle for
 * idle-timeout seconds is closed. What can be judged from the headers
 * alone is judged on the first call, before any body is read: the token
 * (TCP), the Host (TCP: DNS rebinding), the Origin (a web page), the
 * declared length (the cap, conflicting lengths).
 *
 * In-flight requests are counted so that SIGTERM can drain them: stop
 * accepting (gate_stop), wait for the count to reach zero, then
 * abort what still waits on an upstream, and stop.
 */

#include "config.h"

#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "daemon/daemon.h"

#define SERVER_ABORT_MS		(5 * 1000)	/* 5s more after aborting */
#define SERVER_STACK_SIZE	(2 << 20)	/* bytes per connection thread */

static const struct route *server_routes[] = {
	&route_health,
	&route_version,
	&route_metrics,
};

static struct MHD_Daemon	*server_unix;
static struct MHD_Daemon	*server_tcp;
static struct gate		*server_unix_gate;	/* their accepts */
static struct gate		*server_tcp_gate;
/* The running configuration: each request takes the newest when it
 * starts (an atomic load, r->config) and reads that one to its end; a
 * reload swaps in a new one, and old ones are kept until exit, as a
 * request may still read them. */
static struct daemon_config	*server_current;
static struct daemon_config	**server_retired;
static size_t			 server_nretired;
static pthread_mutex_t		 server_lock = PTHREAD_MUTEX_INITIALIZER;
static int			 server_inflight;
static struct strv		 server_tcp_hosts;	/* Host values for TCP */
static char			*server_cache_note;	/* a recovered cache */

/* Constant-time comparison of a presented token with ours. */
static int
server_token_ok(const char *got, const char *want)
{
	size_t		i, n = strlen(want), m = strlen(got);
	unsigned char	d = n != m;

	for (i = 0; i < n; i++)
		d |= (unsigned char)want[i] ^ (unsigned char)(i < m ? got[i] : 0);
	return (d == 0);
}

/* Is the request allowed? Unix socket peers passed the socket's mode;
 * TCP peers need the bearer token when one is configured. */
static int
server_authorized(struct request *r)
{
	const char	*h;

	if (!r->tcp || r->config->token == NULL)
		return (1);
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	if (h == NULL || strncmp(h, "Bearer ", 7) != 0)
		return (0);
	return (server_token_ok(h + 7, r->config->token));
}

/* Queue a response with the protocol header. */
static void
server_queue(struct request *r, int status, const char *type,
    const char *data, size_t len)
{
	struct MHD_Response	*resp;
	struct memo_answer	 a;
	char			 proto[16];

	/* An answer made after the client left is not an answer. */
	if (r->memo && status == MHD_HTTP_OK && !r->client_gone) {
		a.data = (char *)data;
		a.len = len;
		a.type = (char *)type;
		a.status = status;
		memcpy(a.findings, r->findings, sizeof a.findings);
		memo_put(r->memo_key, &a,
		    (uint64_t)r->config->memo_ttl * 1000);
	} else if (r->memo)
		memo_abandon(r->memo_key);
	r->memo = 0;

	resp = MHD_create_response_from_buffer(len, (void *)data,
	    MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	snprintf(proto, sizeof proto, "%d", MODVET_PROTOCOL_VERSION);
	MHD_add_response_header(resp, MODVET_PROTOCOL_HEADER, proto);
	if (r->findings[0] != '\0')
		MHD_add_response_header(resp, MODVET_FINDINGS_HEADER,
		    r->findings);
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"modvetd\"");
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	r->status = status;
}

/* Reply with a JSON document (deleted here). */
void
reply_json(struct request *r, int status, cJSON *doc)
{
	char	*text;

	text = cJSON_PrintUnformatted(doc);
	server_queue(r, status, "application/json", text, strlen(text));
	cJSON_free(text);
	cJSON_Delete(doc);
}

/* Reply with text of a type. */
void
reply_text(struct request *r, int status, const char *type,
    const char *data, size_t len)
{
	server_queue(r, status, type, data, len);
}

/* Reply with a JSON error. */
void
reply_error(struct request *r, int status, const char *code,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	reply_json(r, status, op_error_doc(code, msg));
	free(msg);
}

/*
 * Has the client closed its connection (source.gone)? Its socket is read
 * without taking anything: end of file, a reset or a hang-up says it has
 * gone. Only this connection's thread calls it, while it serves the
 * request, so libmicrohttpd is not reading the socket meanwhile.
 */
static int
server_client_gone(void *arg)
{
	struct request			*r = arg;
	const union MHD_ConnectionInfo	*ci;
	struct pollfd			 pfd;
	char				 c;
	ssize_t				 got;

	if (r->client_gone)
		return (1);
	ci = MHD_get_connection_info(r->conn,
	    MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL)
		return (0);
	pfd.fd = ci->connect_fd;
#ifdef POLLRDHUP
	pfd.events = POLLIN | POLLRDHUP;
#else
	pfd.events = POLLIN;
#endif
	if (poll(&pfd, 1, 0) <= 0)
		return (0);
	if (pfd.revents & (POLLHUP | POLLERR))
		r->client_gone = 1;
	else if (pfd.revents & POLLIN) {
		/* Data (a pipelined request) is not a close; EOF is. */
		got = recv(pfd.fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
		if (got == 0 || (got < 0 && errno != EAGAIN &&
		    errno != EWOULDBLOCK && errno != EINTR))
			r->client_gone = 1;
	}
	if (r->client_gone)
		log_info("%s %s: the client went away; nothing more is asked "
		    "upstream for it", r->method, r->url);
	return (r->client_gone);
}

/* A worker for this request (given back when it completes), or NULL
 * after replying 503: the cache cannot be opened (its reason), or every
 * worker stayed busy for queue-wait. Handlers stay flat with
 * "if ((w = request_worker(r)) == NULL) return;". */
struct worker *
request_worker(struct request *r)
{
	char	*cause = NULL;

	if (r->worker != NULL)
		return (r->worker);
	r->worker = worker_acquire((uint64_t)r->config->queue_wait * 1000,
	    &cause);
	if (r->worker != NULL && worker_set_caller(r->worker, r->tcp,
	    r->config->direct_allow, MHD_lookup_connection_value(r->conn,
	    MHD_HEADER_KIND, GOENV_HEADER), &cause) != 0) {
		worker_put(r->worker);
		r->worker = NULL;
		reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-env", "%s: %s",
		    GOENV_HEADER, cause);
		free(cause);
		return (NULL);
	}
	if (r->worker != NULL) {
		worker_source(r->worker)->gone = server_client_gone;
		worker_source(r->worker)->gone_arg = r;
	}
	if (r->worker == NULL && cause != NULL) {
		reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "cache-unavailable",
		    "modvetd cannot open its cache: %s", cause);
		free(cause);
	} else if (r->worker == NULL)
		reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "busy",
		    "every worker stayed busy for %lds (threads = %ld); try "
		    "again", r->config->queue_wait, r->config->threads);
	return (r->worker);
}

/* A query argument, or NULL. */
const char *
request_arg(struct request *r, const char *name)
{
	return (MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	    name));
}

/* Does the route take this request? */
static int
server_match(const struct route *rt, const struct request *r,
    const char **rest)
{
	return (op_path_match(rt->path, r->url, rest));
}

/* Add one query argument to a memo description. */
static enum MHD_Result
server_memo_arg(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	buf_printf(cls, "%s=%s%c", key, value != NULL ? value : "", 0);
	return (MHD_YES);
}

/* A memo route's repeat: answer with the memo's bytes and return 1; else
 * note the key under which the answer will be kept, and return 0. */
static int
server_memo(struct request *r)
{
	struct memo_answer	 a;
	struct buf		 what;
	const char		*h;

	buf_init(&what, 0);
	buf_printf(&what, "%s %s%c%d%c", r->method, r->url, 0, r->tcp, 0);
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
	    server_memo_arg, &what);
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	buf_printf(&what, "type=%s%c", h != NULL ? h : "", 0);
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    GOENV_HEADER);
	buf_printf(&what, "env=%s%c", h != NULL && !r->tcp ? h : "", 0);
	memo_key(r->memo_key, &what, r->body.data, r->body.len);
	buf_free(&what);
	if (memo_get(r->memo_key, &a,
	    (uint64_t)r->config->queue_wait * 1000) == 0) {
		r->memo_hit = 1;
		memcpy(r->findings, a.findings, sizeof r->findings);
		server_queue(r, a.status, a.type, a.data, a.len);
		free(a.data);
		free(a.type);
		return (1);
	}
	r->memo = 1;
	return (0);
}

/* An operation's query argument (engine/engine.h, op_call). */
static const char *
server_op_arg(void *arg, const char *name)
{
	return (request_arg(arg, name));
}

/* An operation's source: a worker's (request_worker answers why when
 * none is free). */
static struct source *
server_op_source(void *arg)
{
	struct worker	*w;

	if ((w = request_worker(arg)) == NULL)
		return (NULL);
	return (worker_source(w));
}

/* Run an operation of the engine's table on the request, and reply with
 * its answer: the same status and document --local gets. */
static void
server_run_op(struct request *r, const struct op *op, const char *rest)
{
	struct op_call	call;

	memset(&call, 0, sizeof call);
	call.rest = rest;
	call.arg = server_op_arg;
	call.arg_ctx = r;
	call.type = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	call.body = r->body.data;
	call.len = r->body.len;
	call.source = server_op_source;
	call.source_ctx = r;
	/* A caller on this machine (the socket is its user's alone) may
	 * name any network git host; over TCP, the operator's list. */
	call.git_hosts = r->tcp ? r->config->git_hosts : "*";
	call.projects_file = r->config->projects_file;
	op->run(&call);
	if (call.status != 0 && call.text != NULL) {
		memcpy(r->findings, call.findings, sizeof r->findings);
		reply_text(r, call.status, call.text_type, call.text,
		    call.text_len);
	} else if (call.status != 0) {
		reply_json(r, call.status, call.doc);
		call.doc = NULL;
	}
	if (op->changes_watch && call.status / 100 == 2) {
		memo_clear();	/* histories name watched modules */
		refresh_kick();
	}
	op_call_free(&call);
	if (r->worker != NULL)
		metrics_upstream(worker_source(r->worker));
}

/* Find the route (the daemon's own, then the engine's operations) and
 * run it; 404 or 405 when none fits. */
static void
server_dispatch(struct request *r)
{
	const struct op	*op;
	const char	*rest;
	size_t		 i;
	int		 path_known = 0;

	for (i = 0; i < nitems(server_routes); i++) {
		if (!server_match(server_routes[i], r, &rest))
			continue;
		path_known = 1;
		if (strcmp(server_routes[i]->method, r->method) != 0)
			continue;
		r->route = server_routes[i]->name;
		if (server_routes[i]->memo &&
		    r->config->memo_ttl > 0 && server_memo(r))
			return;
		server_routes[i]->handle(r, rest);
		return;
	}
	if ((op = op_find(r->method, r->url, &rest, &path_known)) != NULL) {
		r->route = op->name;
		if (op->memo && r->config->memo_ttl > 0 && server_memo(r))
			return;
		server_run_op(r, op, rest);
		return;
	}
	r->route = "unknown";
	if (path_known)
		reply_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "method-not-allowed",
		    "%s is not allowed on %s", r->method, r->url);
	else
		reply_error(r, MHD_HTTP_NOT_FOUND, "not-found",
		    "no route %s %s (see doc/openapi.yaml)", r->method, r->url);
}

/* Is v one of the space-separated words of list? */
static int
server_word_in(const char *list, const char *v)
{
	size_t		n = strlen(v);
	const char	*p = list;

	if (n == 0)		/* an empty header names nothing allowed */
		return (0);
	while (list != NULL && (p = strstr(p, v)) != NULL) {
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' ||
		    p[n] == ' '))
			return (1);
		p += n;
	}
	return (0);
}

/* The Host names a TCP client may use: the bound address and, on
 * loopback, localhost with the same port. */
void
server_set_tcp_name(const char *bound, int loopback)
{
	const char	*colon = strrchr(bound, ':');
	char		*s;

	strv_push(&server_tcp_hosts, bound);
	if (loopback && colon != NULL) {
		xasprintf(&s, "localhost%s", colon);
		strv_push_owned(&server_tcp_hosts, s);
		xasprintf(&s, "127.0.0.1%s", colon);
		strv_push_owned(&server_tcp_hosts, s);
		xasprintf(&s, "[::1]%s", colon);
		strv_push_owned(&server_tcp_hosts, s);
	}
}

/* Is the Host header one of ours? A name that resolves to us only by DNS
 * rebinding is not. */
static int
server_host_ok(struct request *r)
{
	const char	*h;
	size_t		 i;

	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);
	if (h == NULL)		/* HTTP/1.0: no browser sends that */
		return (1);
	for (i = 0; i < server_tcp_hosts.n; i++)
		if (strcasecmp(h, server_tcp_hosts.v[i]) == 0)
			return (1);
	return (server_word_in(r->config->allowed_hosts, h));
}

/* Count the values of a header. */
static enum MHD_Result
server_count_header(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	const char	*name = ((const char **)cls)[0];
	size_t		*n = (size_t *)((const char **)cls)[1];

	if (strcasecmp(key, name) == 0)
		(*n)++;
	return (MHD_YES);
}

/* How many times the request carries a header. */
static size_t
server_header_count(struct request *r, const char *name)
{
	size_t		 n = 0;
	const char	*cls[2] = { name, (const char *)&n };

	MHD_get_connection_values(r->conn, MHD_HEADER_KIND,
	    server_count_header, cls);
	return (n);
}

/* A body whose length is ambiguous (request smuggling) or declared over
 * the cap; replies and returns -1. */
static int
server_length_ok(struct request *r)
{
	const char	*cl, *errstr;
	long long	 n;
	size_t		 lengths;

	lengths = server_header_count(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (lengths > 1 || (lengths > 0 &&
	    server_header_count(r, MHD_HTTP_HEADER_TRANSFER_ENCODING) > 0)) {
		r->route = "bad-request";
		reply_error(r, MHD_HTTP_BAD_REQUEST, "bad-length", "the body's "
		    "length is given more than once (Content-Length twice, or "
		    "with Transfer-Encoding)");
		return (-1);
	}
	cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl == NULL)
		return (0);
	n = strtonum(cl, 0, INT64_MAX, &errstr);
	if (errstr == NULL && n <= r->config->max_body)
		return (0);
	r->route = "body-cap";
	reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "body-too-large",
	    "request body larger than %ld bytes (max-body)",
	    r->config->max_body);
	return (-1);
}

/* What the headers alone decide, before any body is read: replies and
 * returns -1 when the request is refused. */
static int
server_gate(struct request *r)
{
	const char	*origin;

	origin = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    "Origin");
	if (!server_authorized(r)) {
		r->route = "auth";
		reply_error(r, MHD_HTTP_UNAUTHORIZED, "unauthorized",
		    "this listener needs \"Authorization: Bearer TOKEN\" with "
		    "the token of modvetd's token-file");
	} else if (MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST) == NULL &&
	    strcmp(r->version, MHD_HTTP_VERSION_1_0) != 0) {
		/* RFC 9112, 3.2: an HTTP/1.1 request without Host is 400. */
		r->route = "host";
		reply_error(r, MHD_HTTP_BAD_REQUEST, "missing-host",
		    "an HTTP/1.1 request needs a Host header");
	} else if (r->tcp && !server_host_ok(r)) {
		r->route = "host";
		reply_error(r, MHD_HTTP_FORBIDDEN, "forbidden-host", "Host is "
		    "not this daemon's address (add it to allowed-hosts)");
	} else if (origin != NULL &&
	    !server_word_in(r->config->allowed_origins, origin)) {
		r->route = "origin";
		reply_error(r, MHD_HTTP_FORBIDDEN, "forbidden-origin", "requests "
		    "from web pages are refused (Origin not in allowed-origins)");
	} else
		return (server_length_ok(r));
	return (-1);
}

/* Start a request: its state, and the in-flight count. */
static struct request *
server_request_new(struct MHD_Connection *conn, const char *method,
    const char *url, const char *version, int tcp)
{
	const union MHD_ConnectionInfo	*ci;
	struct request			*r;

	r = xcalloc(1, sizeof *r);
	r->conn = conn;
	r->method = method;
	r->url = url;
	r->version = version;
	r->tcp = tcp;
	r->start_us = util_now_us();
	r->config = server_get_config();
	if ((ci = MHD_get_connection_info(conn,
	    MHD_CONNECTION_INFO_SOCKET_CONTEXT)) != NULL)
		r->deadline = ci->socket_context;
	buf_init(&r->body, r->config->max_body);
	pthread_mutex_lock(&server_lock);
	server_inflight++;
	pthread_mutex_unlock(&server_lock);
	return (r);
}

/* libmicrohttpd's access handler. */
static enum MHD_Result
server_access(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req_cls)
{
	struct request	*r = *req_cls;

	if (r == NULL) {
		*req_cls = r = server_request_new(conn, method, url, version,
		    cls != NULL);
		if (server_gate(r) != 0) {
			r->refused = 1;
			deadline_received(r->deadline);
		}
		return (MHD_YES);
	}
	if (r->refused) {
		*upload_size = 0;
		return (MHD_YES);
	}
	if (*upload_size != 0) {
		if (!r->too_big && buf_add(&r->body, upload, *upload_size) != 0)
			r->too_big = 1;
		*upload_size = 0;
		return (MHD_YES);
	}
	deadline_received(r->deadline);
	if (r->too_big) {
		r->route = "body-cap";
		reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "body-too-large",
		    "request body larger than %ld bytes (max-body)",
		    r->config->max_body);
	} else
		server_dispatch(r);
	return (MHD_YES);
}

/* The request is over: count it and free its state. */
static void
server_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request	*r = *req_cls;

	if (r == NULL)
		return;
	metrics_request(r->route != NULL ? r->route : "aborted",
	    r->status != 0 ? r->status : 499, util_now_us() - r->start_us,
	    r->memo_hit);
	log_debug("%s %s %d %llums", r->method, r->url, r->status,
	    (unsigned long long)((util_now_us() - r->start_us) / 1000));
	deadline_replied(r->deadline);
	if (r->worker != NULL) {
		worker_source(r->worker)->gone = NULL;
		worker_put(r->worker);
	}
	if (r->memo)		/* it never answered: let the waiters go */
		memo_abandon(r->memo_key);
	buf_free(&r->body);
	free(r);
	*req_cls = NULL;
	pthread_mutex_lock(&server_lock);
	server_inflight--;
	pthread_mutex_unlock(&server_lock);
}

/* A connection opens or closes: its request deadline is watched from
 * its accept (in the gate, cls) to its close (libmicrohttpd says closed
 * before it closes the fd). */
static void
server_connection(void *cls, struct MHD_Connection *conn,
    void **socket_context, enum MHD_ConnectionNotificationCode code)
{
	const union MHD_ConnectionInfo	*ci;
	struct gate			*g = cls;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		ci = MHD_get_connection_info(conn,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		*socket_context = ci != NULL ? deadline_watch(ci->connect_fd,
		    gate_due(g, ci->connect_fd)) : NULL;
	} else {
		deadline_forget(*socket_context);
		*socket_context = NULL;
	}
}

/* Percent-decode a URL or query part in place, except that a part with
 * an encoded NUL stays encoded: decoded, C would see it end at the NUL
 * ("github.com/x%00/y" would become "github.com/x"); encoded, it is
 * refused as the invalid path it is. */
static size_t
server_unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	if (strstr(s, "%00") != NULL)
		return (strlen(s));
	return (MHD_http_unescape(s));
}

/*
 * libmicrohttpd's messages, into modvetd's log. On the Unix socket it
 * tries TCP options on every connection and says each failed (a
 * connection the gate hands over is of a kind it does not know, and a
 * Unix socket answers "not supported", which it does not take as "not
 * TCP"): those say nothing there, and are dropped.
 */
static void
server_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char	*msg;
	size_t	 n;

	if (cls == NULL && (strncmp(fmt, "Setting %s option to %s state "
	    "failed", 36) == 0 || strncmp(fmt, "Failed to push the data", 23)
	    == 0))
		return;
	xvasprintf(&msg, fmt, ap);
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warnx("libmicrohttpd: %s", msg);
	free(msg);
}

/* Start one MHD daemon, and the gate that accepts on fd for it; tcp
 * marks its requests. */
static struct MHD_Daemon *
server_start_one(int fd, int tcp, struct gate **gate, char **cause)
{
	struct MHD_Daemon	*d;

	if ((*gate = gate_new(fd, cause)) == NULL)
		return (NULL);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC | MHD_USE_ERROR_LOG |
	    MHD_USE_NO_LISTEN_SOCKET,
	    0, NULL, NULL, server_access, tcp ? (void *)1 : NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, server_mhd_log, tcp ? (void *)1 : NULL,
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)server_get_config()->max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned int)server_get_config()->idle_timeout,
	    MHD_OPTION_THREAD_STACK_SIZE, (size_t)SERVER_STACK_SIZE,
	    MHD_OPTION_UNESCAPE_CALLBACK, server_unescape, NULL,
	    MHD_OPTION_NOTIFY_COMPLETED, server_completed, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, server_connection, *gate,
	    MHD_OPTION_END);
	if (d == NULL)
		xasprintf(cause, "cannot start the HTTP server on the %s socket",
		    tcp ? "TCP" : "Unix");
	else if (gate_start(*gate, d, cause) != 0) {
		MHD_stop_daemon(d);
		d = NULL;
	}
	if (d == NULL) {
		gate_free(*gate);
		*gate = NULL;
	}
	return (d);
}

/* Say (in /v1/health) that the cache was found damaged and replaced. */
void
server_set_cache_note(const char *note)
{
	pthread_mutex_lock(&server_lock);
	free(server_cache_note);
	server_cache_note = note != NULL ? xstrdup(note) : NULL;
	pthread_mutex_unlock(&server_lock);
}

/* The cache's state for /v1/health: "ok", or what was recovered (caller
 * frees). */
char *
server_cache_state(void)
{
	char	*s;

	pthread_mutex_lock(&server_lock);
	s = xstrdup(server_cache_note != NULL ? server_cache_note : "ok");
	pthread_mutex_unlock(&server_lock);
	return (s);
}

/* The running configuration (read-only for handlers). */
const struct daemon_config *
server_get_config(void)
{
	return (__atomic_load_n(&server_current, __ATOMIC_ACQUIRE));
}

/* Serve a new configuration (the server owns it from now on); the old
 * one is freed at exit. */
void
server_set_config(struct daemon_config *c)
{
	struct daemon_config	*old;

	old = __atomic_exchange_n(&server_current, c, __ATOMIC_ACQ_REL);
	if (old == NULL)
		return;
	pthread_mutex_lock(&server_lock);
	server_retired = xreallocarray(server_retired, server_nretired + 1,
	    sizeof *server_retired);
	server_retired[server_nretired++] = old;
	pthread_mutex_unlock(&server_lock);
}

/* Free every configuration (at exit, when nothing runs). */
void
server_free_configs(void)
{
	size_t	i;

	for (i = 0; i < server_nretired; i++) {
		config_free(server_retired[i]);
		free(server_retired[i]);
	}
	free(server_retired);
	server_retired = NULL;
	server_nretired = 0;
	if (server_current != NULL) {
		config_free(server_current);
		free(server_current);
		server_current = NULL;
	}
}

/* Serve the Unix socket fd and, unless -1, the TCP one. */
int
server_start(struct daemon_config *c, int unix_fd, int tcp_fd, char **cause)
{
	server_set_config(c);
	deadline_start();
	if ((server_unix = server_start_one(unix_fd, 0, &server_unix_gate,
	    cause)) == NULL) {
		deadline_stop();
		return (-1);
	}
	if (tcp_fd != -1 && (server_tcp = server_start_one(tcp_fd, 1,
	    &server_tcp_gate, cause)) == NULL) {
		gate_stop(server_unix_gate);
		MHD_stop_daemon(server_unix);
		gate_free(server_unix_gate);
		server_unix_gate = NULL;
		server_unix = NULL;
		deadline_stop();
		return (-1);
	}
	return (0);
}

/* Requests in flight now. */
static int
server_inflight_now(void)
{
	int	n;

	pthread_mutex_lock(&server_lock);
	n = server_inflight;
	pthread_mutex_unlock(&server_lock);
	return (n);
}

/* Stop accepting, let in-flight requests finish (up to drain-timeout),
 * abort what is left, stop. */
void
server_stop(void)
{
	uint64_t	deadline;
	int		n;

	deadline = util_now_ms() +
	    (uint64_t)server_get_config()->drain_timeout * 1000;
	gate_stop(server_unix_gate);
	gate_stop(server_tcp_gate);
	while ((n = server_inflight_now()) > 0 && util_now_ms() <= deadline)
		usleep(10 * 1000);
	if (n > 0) {
		/* Requests still waiting on an upstream are cut short: the
		 * drain is bounded whatever the upstreams do. */
		log_warnx("aborting %d requests still in flight", n);
		fetch_abort_all();
		deadline = util_now_ms() + SERVER_ABORT_MS;
		while (server_inflight_now() > 0 && util_now_ms() < deadline)
			usleep(10 * 1000);
	}
	if (server_tcp != NULL)
		MHD_stop_daemon(server_tcp);
	if (server_unix != NULL)
		MHD_stop_daemon(server_unix);
	gate_free(server_tcp_gate);
	gate_free(server_unix_gate);
	server_tcp = server_unix = NULL;
	server_tcp_gate = server_unix_gate = NULL;
	deadline_stop();
	strv_free(&server_tcp_hosts);
	server_set_cache_note(NULL);
}
