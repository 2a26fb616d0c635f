/*
 * The client's side of the API: HTTP with libcurl over modvetd's Unix
 * socket (CURLOPT_UNIX_SOCKET_PATH), or to --server URL with the bearer
 * token of --token-file.
 *
 * Auto-start, as tmux's client_connect: when nothing answers on the
 * socket, take <socket>.lock with flock and try again, because another
 * client could have taken the lock, started the daemon and released the
 * lock between our first try and our flock; if still nothing answers,
 * start modvetd (detached, default configuration, our environment) and
 * wait for it, a bounded time, then release the lock.
 */

#include "config.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "protocol.h"
#include "engine/engine.h"
#include "client/client.h"

#ifndef MODVETD_PATH
#define MODVETD_PATH		"modvetd"	/* where it is installed */
#endif

#define REMOTE_MAX_REPLY	(64 << 20)	/* bytes of an API reply */
#define REMOTE_START_WAIT_MS	(10 * 1000)	/* for a starting daemon */
#define REMOTE_TIMEOUT_MS	(10 * 60 * 1000L) /* one request */
#define REMOTE_MAX_TOKEN	4096

/* Collect a reply body, up to the cap. */
static size_t
remote_write(char *data, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	if (buf_add(b, data, size * n) != 0)
		return (0);	/* too large: curl fails the transfer */
	return (size * n);
}

/* Note the protocol a reply's header names (0: none seen). */
static size_t
remote_header(char *data, size_t size, size_t n, void *arg)
{
	int		*proto = arg;
	size_t		 len = size * n, k = strlen(MODVET_PROTOCOL_HEADER);
	const char	*errstr;
	char		 v[16];

	if (len > k + 1 && strncasecmp(data, MODVET_PROTOCOL_HEADER, k) == 0 &&
	    data[k] == ':' && len - k - 1 < sizeof v) {
		memcpy(v, data + k + 1, len - k - 1);
		v[len - k - 1] = '\0';
		v[strcspn(v, "\r\n")] = '\0';
		*proto = (int)strtonum(v + strspn(v, " "), 1, INT32_MAX, &errstr);
	}
	return (len);
}

/* The message for a daemon that speaks another protocol. */
static char *
remote_mismatch(int theirs)
{
	char	*s;

	xasprintf(&s, "the running modvetd speaks protocol %d and this modvet "
	    "%d: stop that daemon (kill it, or systemctl restart modvetd) and "
	    "run modvet again, which starts the matching one", theirs,
	    MODVET_PROTOCOL_VERSION);
	return (s);
}

/* One request. Returns the HTTP status, or -1 when the transport failed
 * (*connect_failed tells whether nothing answered at all) or the daemon
 * speaks another protocol (its reply header says so). */
static long
remote_do(struct client_remote *r, const char *method, const char *route,
    const char *type, const char *body, size_t len, struct buf *reply,
    int *connect_failed, char **cause)
{
	struct curl_slist	*h = NULL;
	CURL			*curl;
	CURLcode		 rc;
	char			*url, *auth;
	long			 status = -1;
	int			 proto = 0;

	*connect_failed = 0;
	buf_reset(reply);
	if ((curl = curl_easy_init()) == NULL)
		fatalx("curl_easy_init");
	xasprintf(&url, "%s%s", r->server != NULL ? r->server :
	    "http://modvet", route);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	if (r->server == NULL)
		curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, r->socket);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, remote_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, reply);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, remote_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, &proto);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, REMOTE_TIMEOUT_MS);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (body != NULL) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)len);
		xasprintf(&auth, "Content-Type: %s", type);
		h = curl_slist_append(h, auth);
		free(auth);
	}
	if (r->token != NULL) {
		xasprintf(&auth, "Authorization: Bearer %s", r->token);
		h = curl_slist_append(h, auth);
		free(auth);
	}
	if (r->env != NULL && *r->env != '\0') {
		xasprintf(&auth, "%s: %s", GOENV_HEADER, r->env);
		h = curl_slist_append(h, auth);
		free(auth);
	}
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, h);
	if ((rc = curl_easy_perform(curl)) == CURLE_OK) {
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		if (proto != 0 && proto != MODVET_PROTOCOL_VERSION) {
			*cause = remote_mismatch(proto);
			status = -1;
		}
	} else {
		*connect_failed = rc == CURLE_COULDNT_CONNECT;
		xasprintf(cause, "%s: %s", r->server != NULL ? r->server :
		    r->socket, curl_easy_strerror(rc));
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(curl);
	free(url);
	return (status);
}

/* GET /v1/health: 0, -1 with *cause; *down when nothing answered. */
static int
remote_health(struct client_remote *r, int *down, char **cause)
{
	struct buf	 reply;
	cJSON		*doc, *p, *e;
	long		 st;
	int		 rc = -1;

	buf_init(&reply, REMOTE_MAX_REPLY);
	st = remote_do(r, "GET", "/v1/health", NULL, NULL, 0, &reply, down,
	    cause);
	if (st == -1)
		goto out;
	doc = cJSON_Parse(reply.data);
	p = cJSON_GetObjectItem(doc, "protocol");
	e = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "error"), "message");
	if (st != 200 && cJSON_IsString(e))	/* the daemon says why */
		xasprintf(cause, "%s: %s (HTTP %ld)", r->server != NULL ?
		    r->server : r->socket, e->valuestring, st);
	else if (st != 200 || !cJSON_IsNumber(p))
		xasprintf(cause, "%s: not a modvetd health answer (HTTP %ld)",
		    r->server != NULL ? r->server : r->socket, st);
	else if (p->valueint != MODVET_PROTOCOL_VERSION)
		*cause = remote_mismatch(p->valueint);
	else
		rc = 0;
	cJSON_Delete(doc);
out:
	buf_free(&reply);
	return (rc);
}

/* The modvetd beside this modvet (a build tree), else the installed one,
 * else "modvetd" from PATH. */
static char *
remote_daemon_path(void)
{
	char	 self[PATH_MAX], *slash, *p;
	ssize_t	 n;

	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			xasprintf(&p, "%s/modvetd", self);
			if (access(p, X_OK) == 0)
				return (p);
			free(p);
		}
	}
	/* Installed, the whole client lives in libexec, away from it. */
	if (access(MODVETD_PATH, X_OK) == 0)
		return (xstrdup(MODVETD_PATH));
	return (xstrdup("modvetd"));
}

/* Start modvetd, detached, on our socket; its log beside the socket.
 * *ready is the read end of a pipe it writes "ready" to and closes
 * (MODVETD_READY_FD), or that closes unwritten when it exits first. */
static int
remote_spawn(struct client_remote *r, int *ready, char **cause)
{
	char	*prog, *logpath, num[16];
	pid_t	 pid;
	int	 fd, status, p[2];

	*ready = -1;
	if (pipe2(p, O_CLOEXEC) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return (-1);
	}
	prog = remote_daemon_path();
	xasprintf(&logpath, "%s.log", r->socket);
	if ((pid = fork()) == -1) {
		xasprintf(cause, "fork: %s", strerror(errno));
		free(prog);
		free(logpath);
		close(p[0]);
		close(p[1]);
		return (-1);
	}
	if (pid == 0) {
		/* A grandchild, so that the daemon is nobody's child. */
		setsid();
		if (fork() != 0)
			_exit(0);
		fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
		    0600);
		dup2(open("/dev/null", O_RDONLY), 0);
		if (fd != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		/* The write end alone outlives exec. */
		fcntl(p[1], F_SETFD, 0);
		snprintf(num, sizeof num, "%d", p[1]);
		setenv("MODVETD_READY_FD", num, 1);
		execlp(prog, prog, "--socket", r->socket, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	waitpid(pid, &status, 0);
	free(prog);
	free(logpath);
	*ready = p[0];
	return (0);
}

/* The last line of the daemon's log (its reason when it exited at
 * once), or NULL. Caller frees. */
static char *
remote_log_tail(const struct client_remote *r)
{
	char	*logpath, *data = NULL, *end, *start, *line = NULL;
	size_t	 len;

	xasprintf(&logpath, "%s.log", r->socket);
	if (util_read_file(logpath, 1 << 20, &data, &len) == 0) {
		end = data + len;
		while (end > data && (end[-1] == '\n' || end[-1] == '\r'))
			end--;
		start = end;
		while (start > data && start[-1] != '\n')
			start--;
		if (end > start)
			line = xstrndup(start, (size_t)(end - start));
	}
	free(data);
	free(logpath);
	return (line);
}

/* Wait for the daemon just started: its "ready" on the pipe (then its
 * answer), or the pipe closing unwritten (it exited: the log says why),
 * or the deadline. 0, or -1 with *cause. */
static int
remote_wait_start(struct client_remote *r, int ready, char **cause)
{
	struct pollfd	 pfd = { ready, POLLIN, 0 };
	uint64_t	 deadline = util_now_ms() + REMOTE_START_WAIT_MS;
	char		 buf[16], *why;
	ssize_t		 got;
	int		 down, rc = -1, exited = 0;

	while (util_now_ms() < deadline) {
		if (poll(&pfd, 1, 20) > 0) {
			got = read(ready, buf, sizeof buf);
			if (got == 0) {		/* closed unwritten */
				exited = 1;
				break;
			}
			if (got < 0 && errno != EINTR && errno != EAGAIN)
				break;
			pfd.fd = -1;	/* "ready": now ask it */
		}
		free(*cause);
		*cause = NULL;
		if ((rc = remote_health(r, &down, cause)) == 0 || !down)
			return (rc);
	}
	free(*cause);
	*cause = NULL;
	if (exited) {
		/* It may have been another daemon's exit that lost a race
		 * for the socket, while that one serves: ask once more. */
		if (remote_health(r, &down, cause) == 0)
			return (0);
		free(*cause);
		why = remote_log_tail(r);
		xasprintf(cause, "modvetd exited at once: %s (its log: %s.log)",
		    why != NULL ? why : "no reason logged", r->socket);
		free(why);
		return (-1);
	}
	xasprintf(cause, "modvetd did not start on %s (see %s.log, or run "
	    "modvet --local)", r->socket, r->socket);
	return (-1);
}

/* Make the socket's directory (and missing parents) 0700, as the
 * daemon will check it. */
static void
remote_mkdir(const char *socket)
{
	char	*dir, *p;

	dir = xstrdup(socket);
	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	free(dir);
}

/* Does something listen on the Unix socket? A connect alone, no HTTP:
 * the request itself then tells the protocol (its reply header) and the
 * cache's state (its error), so a call costs one round trip. */
static int
remote_listening(const char *path)
{
	int	s;

	if ((s = client_unix_connect(path)) == -1)
		return (0);
	close(s);
	return (1);
}

/* *cause becomes "WHAT: *cause". */
static void
remote_reword(char **cause, const char *fmt, const char *arg)
{
	char	*what, *old = *cause;

	xasprintf(&what, fmt, arg);
	xasprintf(cause, "%s: %s", what, old != NULL ? old : "no answer");
	free(what);
	free(old);
}

/* Is a modvetd to be asked without starting one: a server named, or
 * something listening on the socket the options name? */
int
client_remote_running(const struct client_opts *o, char **socket)
{
	*socket = client_socket_path(o);
	return (o->server != NULL || remote_listening(*socket));
}

/* Connect, starting the daemon when nothing answers. */
static int
remote_connect(struct client_remote *r, char **cause)
{
	char		*lock;
	int		 down, fd, rc, ready;

	if (r->server == NULL && remote_listening(r->socket))
		return (0);
	if ((rc = remote_health(r, &down, cause)) == 0 || !down)
		return (rc);
	if (r->server != NULL) {
		remote_reword(cause, "modvetd at %s does not answer", r->server);
		return (rc);
	}
	if (!r->autostart) {
		free(*cause);
		xasprintf(cause, "no modvetd answers on %s, and --no-autostart "
		    "starts none (run modvetd, or leave --no-autostart out)",
		    r->socket);
		return (rc);
	}
	free(*cause);
	*cause = NULL;
	remote_mkdir(r->socket);
	xasprintf(&lock, "%s.lock", r->socket);
	if ((fd = open(lock, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1 ||
	    flock(fd, LOCK_EX) == -1) {
		xasprintf(cause, "%s: %s", lock, strerror(errno));
		free(lock);
		if (fd != -1)
			close(fd);
		return (-1);
	}
	/* Another client may have started it while we waited for the lock. */
	if ((rc = remote_health(r, &down, cause)) != 0 && down &&
	    remote_spawn(r, &ready, cause) == 0) {
		client_progress("starting modvetd on %s", r->socket);
		rc = remote_wait_start(r, ready, cause);
		close(ready);
		client_progress_done();
	}
	flock(fd, LOCK_UN);
	close(fd);
	free(lock);
	return (rc);
}

/* Open the connection the options name. 0, or -1 after printing why. */
int
client_remote_open(struct client_remote *r, const struct client_opts *o)
{
	char	*cause = NULL;
	size_t	 len;

	memset(r, 0, sizeof *r);
	r->autostart = !o->no_autostart;
	if (o->server != NULL)
		r->server = xstrdup(o->server);
	r->socket = client_socket_path(o);
	if (client_goenv_wire(o->server != NULL, &r->env) != 0) {
		client_remote_close(r);
		return (-1);
	}
	if (o->token_file != NULL) {
		if (util_read_file(o->token_file, REMOTE_MAX_TOKEN, &r->token,
		    &len) != 0) {
			fprintf(stderr, "modvet: --token-file %s: %s\n",
			    o->token_file, strerror(errno));
			client_remote_close(r);
			return (-1);
		}
		r->token[strcspn(r->token, "\r\n")] = '\0';
	}
	if (remote_connect(r, &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
		client_remote_close(r);
		return (-1);
	}
	return (0);
}

/* Close it. */
void
client_remote_close(struct client_remote *r)
{
	free(r->server);
	free(r->socket);
	free(r->token);
	free(r->env);
	memset(r, 0, sizeof *r);
}

/* One API call; the parsed JSON reply (caller deletes), or NULL after
 * printing why. A JSON error reply is printed with its code. */
cJSON *
client_remote_call(struct client_remote *r, const char *method,
    const char *route, const char *type, const char *body, size_t len,
    long *status)
{
	struct buf	 reply;
	cJSON		*doc;
	char		*cause = NULL;
	int		 down;

	buf_init(&reply, REMOTE_MAX_REPLY);
	*status = remote_do(r, method, route, type, body, len, &reply, &down,
	    &cause);
	if (*status == -1) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
		buf_free(&reply);
		return (NULL);
	}
	doc = cJSON_ParseWithLength(reply.data, reply.len);
	buf_free(&reply);
	return (client_answer(route, *status, doc));
}
