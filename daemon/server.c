/*
 * The HTTP server: one libmicrohttpd daemon per listening socket (the Unix
 * socket, and TCP with --listen), both calling server_access, which reads
 * the request body up to the cap (a chunk at a time: each is taken and
 * *upload_data_size set to 0), then on the final call checks the token
 * (TCP only) and dispatches through the route table. Per-request state
 * lives in *req_cls and is freed in the completion callback. Every error
 * is JSON: {"error": {"code": "...", "message": "..."}}.
 *
 * In-flight requests are counted so that SIGTERM can drain them: stop
 * accepting (MHD_quiesce_daemon), wait for the count to reach zero, stop.
 */

#include "config.h"

#include <sys/socket.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "util/util.h"
#include "daemon/daemon.h"

#define SERVER_DRAIN_MS		(30 * 1000)	/* 30s for in-flight work */

static const struct route *server_routes[] = {
	&route_health,
	&route_version,
	&route_modules,
	&route_check,
	&route_fix,
	&route_watch_list,
	&route_watch_add,
	&route_watch_remove,
	&route_metrics,
	&route_reports_run,
	&route_reports_list,
	&route_reports_get,
	&route_graph,
	&route_buildlist,
};

static struct MHD_Daemon	*server_unix;
static struct MHD_Daemon	*server_tcp;
static struct daemon_config	*server_config;
static pthread_mutex_t		 server_lock = PTHREAD_MUTEX_INITIALIZER;
static int			 server_inflight;

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

	if (!r->tcp || server_config->token == NULL)
		return (1);
	h = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_AUTHORIZATION);
	if (h == NULL || strncmp(h, "Bearer ", 7) != 0)
		return (0);
	return (server_token_ok(h + 7, server_config->token));
}

/* Queue a response with the protocol header. */
static void
server_queue(struct request *r, int status, const char *type,
    const char *data, size_t len)
{
	struct MHD_Response	*resp;
	char			 proto[16];

	resp = MHD_create_response_from_buffer(len, (void *)data,
	    MHD_RESPMEM_MUST_COPY);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	snprintf(proto, sizeof proto, "%d", MODVET_PROTOCOL_VERSION);
	MHD_add_response_header(resp, MODVET_PROTOCOL_HEADER, proto);
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"modvetd\"");
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
	cJSON	*doc, *e;
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	doc = cJSON_CreateObject();
	e = cJSON_AddObjectToObject(doc, "error");
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", msg);
	free(msg);
	reply_json(r, status, doc);
}

/* This thread's worker, or NULL after replying 503 (the cache cannot be
 * opened): handlers stay flat with "if ((w = request_worker(r)) == NULL)
 * return;". */
struct worker *
request_worker(struct request *r)
{
	struct worker	*w;

	if ((w = worker_get()) == NULL)
		reply_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "cache-unavailable",
		    "the cache cannot be opened (see modvetd's log)");
	return (w);
}

/* The go.mod (and go.sum) a request carries: the raw body, or JSON
 * {"gomod", "gosum", "file"}. Replies and returns -1 when it is
 * unusable; the caller deletes in->json in any case. */
int
request_gomod(struct request *r, struct gomod_input *in)
{
	const char	*type;
	cJSON		*v;

	memset(in, 0, sizeof *in);
	in->file = "go.mod";
	type = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_CONTENT_TYPE);
	if (type == NULL || strncmp(type, "application/json", 16) != 0) {
		in->gomod = r->body.data != NULL ? r->body.data : "";
		in->gomod_len = r->body.len;
	} else {
		if ((in->json = cJSON_ParseWithLength(r->body.data,
		    r->body.len)) == NULL || !cJSON_IsObject(in->json)) {
			reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-json",
			    "the body is not a JSON object: expected "
			    "{\"gomod\": \"...\", \"gosum\": \"...\"}");
			return (-1);
		}
		v = cJSON_GetObjectItem(in->json, "gomod");
		if (!cJSON_IsString(v)) {
			reply_error(r, MHD_HTTP_BAD_REQUEST, "invalid-json",
			    "field \"gomod\" must be a string holding the "
			    "go.mod");
			return (-1);
		}
		in->gomod = v->valuestring;
		in->gomod_len = strlen(v->valuestring);
		if (cJSON_IsString(v = cJSON_GetObjectItem(in->json,
		    "gosum"))) {
			in->gosum = v->valuestring;
			in->gosum_len = strlen(v->valuestring);
		}
		if (cJSON_IsString(v = cJSON_GetObjectItem(in->json, "file")))
			in->file = v->valuestring;
	}
	if (in->gomod_len == 0) {
		reply_error(r, MHD_HTTP_BAD_REQUEST, "empty-body",
		    "send the go.mod as the body (or JSON with \"gomod\")");
		return (-1);
	}
	return (0);
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
	size_t	n = strlen(rt->path);

	if (rt->path[n - 1] == '/') {
		if (strncmp(r->url, rt->path, n) != 0 || r->url[n] == '\0')
			return (0);
		*rest = r->url + n;
	} else {
		if (strcmp(r->url, rt->path) != 0)
			return (0);
		*rest = "";
	}
	return (1);
}

/* Find the route and run it; 404 or 405 when none fits. */
static void
server_dispatch(struct request *r)
{
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
		server_routes[i]->handle(r, rest);
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

/* Start a request: its state, and the in-flight count. */
static struct request *
server_request_new(struct MHD_Connection *conn, const char *method,
    const char *url, int tcp)
{
	struct request	*r;

	r = xcalloc(1, sizeof *r);
	r->conn = conn;
	r->method = method;
	r->url = url;
	r->tcp = tcp;
	r->start_ms = util_now_ms();
	buf_init(&r->body, server_config->max_body);
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
		*req_cls = server_request_new(conn, method, url, cls != NULL);
		return (MHD_YES);
	}
	if (*upload_size != 0) {
		if (!r->too_big && buf_add(&r->body, upload, *upload_size) != 0)
			r->too_big = 1;
		*upload_size = 0;
		return (MHD_YES);
	}
	if (!server_authorized(r)) {
		r->route = "auth";
		reply_error(r, MHD_HTTP_UNAUTHORIZED, "unauthorized",
		    "this listener needs \"Authorization: Bearer TOKEN\" with "
		    "the token of modvetd's token-file");
	} else if (r->too_big) {
		r->route = "body-cap";
		reply_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "body-too-large",
		    "request body larger than %ld bytes (max-body)",
		    server_config->max_body);
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
	    r->status != 0 ? r->status : 499, util_now_ms() - r->start_ms);
	log_debug("%s %s %d %llums", r->method, r->url, r->status,
	    (unsigned long long)(util_now_ms() - r->start_ms));
	buf_free(&r->body);
	free(r);
	*req_cls = NULL;
	pthread_mutex_lock(&server_lock);
	server_inflight--;
	pthread_mutex_unlock(&server_lock);
}

/* Start one MHD daemon on an fd; tcp marks its requests. */
static struct MHD_Daemon *
server_start_one(int fd, int tcp, char **cause)
{
	struct MHD_Daemon	*d;

	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, server_access,
	    tcp ? (void *)1 : NULL,
	    MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)server_config->threads,
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned int)server_config->max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)120,
	    MHD_OPTION_NOTIFY_COMPLETED, server_completed, NULL,
	    MHD_OPTION_END);
	if (d == NULL)
		xasprintf(cause, "cannot start the HTTP server on the %s socket",
		    tcp ? "TCP" : "Unix");
	return (d);
}

/* The running configuration (read-only for handlers). */
const struct daemon_config *
server_get_config(void)
{
	return (server_config);
}

/* Serve the Unix socket fd and, unless -1, the TCP one. */
int
server_start(struct daemon_config *c, int unix_fd, int tcp_fd, char **cause)
{
	server_config = c;
	if ((server_unix = server_start_one(unix_fd, 0, cause)) == NULL)
		return (-1);
	if (tcp_fd != -1 &&
	    (server_tcp = server_start_one(tcp_fd, 1, cause)) == NULL) {
		MHD_stop_daemon(server_unix);
		server_unix = NULL;
		return (-1);
	}
	return (0);
}

/* Stop accepting, let in-flight requests finish (up to 30s), stop. */
void
server_stop(void)
{
	uint64_t	deadline = util_now_ms() + SERVER_DRAIN_MS;
	int		fd, n;

	if (server_unix != NULL && (fd = MHD_quiesce_daemon(server_unix)) != -1)
		close(fd);
	if (server_tcp != NULL && (fd = MHD_quiesce_daemon(server_tcp)) != -1)
		close(fd);
	for (;;) {
		pthread_mutex_lock(&server_lock);
		n = server_inflight;
		pthread_mutex_unlock(&server_lock);
		if (n == 0 || util_now_ms() > deadline)
			break;
		usleep(10 * 1000);
	}
	if (n > 0)
		log_warnx("stopping with %d requests still in flight", n);
	if (server_tcp != NULL)
		MHD_stop_daemon(server_tcp);
	if (server_unix != NULL)
		MHD_stop_daemon(server_unix);
	server_tcp = server_unix = NULL;
}
