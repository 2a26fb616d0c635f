/*
 * modvet, the thin client: the command people and CI run most, "modvet
 * check" through a running modvetd, in a process that loads libc and
 * cJSON and nothing else (no libcurl, OpenSSL, libgit2 or SQLite: loading
 * them cost more than the daemon's answer). It reads the project as the
 * whole client does (client/project.c), sends it over the Unix socket in
 * one HTTP/1.1 request with "Connection: close", and copies the answer
 * the daemon rendered (POST /v1/check?format=, render/render.c) to
 * standard output; the X-Modvet-Findings header gives the exit status.
 *
 * Everything else is the whole client's (modvet-full, the same commands
 * and options): this program executes it with the same arguments, in the
 * same directory, whenever the call is not a plain check with a daemon
 * answering, or when anything about the answer is not as expected (no
 * daemon: the whole client starts one; an error: it says which). The
 * fast path can only be skipped, never answer differently.
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "protocol.h"
#include "client/client.h"

#define THIN_MAX_REPLY		(64 << 20)	/* bytes, as client/remote.c */
#define THIN_TIMEOUT_S		600		/* one request, as remote.c */

#ifndef MODVET_FULL_PATH
#define MODVET_FULL_PATH	"modvet-full"
#endif

static const struct client_cmd thin_check_cmd = {
	"check", CLIENT_CHECK_ARGS, CLIENT_CHECK_HELP, NULL, 0
};

static char	**thin_argv;	/* as we were called, for the whole client */
static int	  thin_cwd = -1;	/* the directory we were called in */

/* The whole client: beside this program (a build tree), else where it
 * is installed. */
static void
thin_full_path(char *path, size_t size)
{
	char	self[PATH_MAX], *slash;
	ssize_t	n;

	n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			if ((size_t)snprintf(path, size, "%s/modvet-full",
			    self) < size && access(path, X_OK) == 0)
				return;
		}
	}
	strlcpy(path, MODVET_FULL_PATH, size);
}

/* Run the whole client with our arguments, where we were called. */
static void __attribute__((noreturn))
thin_forward(void)
{
	char	path[PATH_MAX];

	if (thin_cwd != -1 && fchdir(thin_cwd) != 0) {
		fprintf(stderr, "modvet: returning to the working directory: "
		    "%s\n", strerror(errno));
		exit(CLIENT_EXIT_FAILURE);
	}
	thin_full_path(path, sizeof path);
	fflush(stdout);
	execv(path, thin_argv);
	fprintf(stderr, "modvet: %s: %s\n", path, strerror(errno));
	exit(CLIENT_EXIT_FAILURE);
}

/* Does argv[*i] take a value (the next word, unless written "=V")? */
static int
thin_valued(char **argv, int i, const char *const *names)
{
	size_t	n;

	for (; *names != NULL; names++) {
		n = strlen(*names);
		if (strncmp(argv[i], *names, n) == 0 && argv[i][n] == '\0')
			return (1);
	}
	return (0);
}

/*
 * Is the call one the fast path serves: options before the command among
 * those it knows (no --local, --server or --token-file), "check" with
 * -C, -f text|json|github and at most one go.mod, and MODVET_LOCAL not
 * set? It only looks: the whole client judges everything else.
 */
static int
thin_eligible(int argc, char **argv)
{
	static const char *const global[] = { "-C", "--socket", "--fail-on",
	    "--color", NULL };
	static const char *const flags[] = { "--no-autostart", NULL };
	const char	*env = getenv("MODVET_LOCAL"), *f;
	int		 i, files = 0;

	if (env != NULL && strcmp(env, "1") == 0)
		return (0);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (thin_valued(argv, i, global) && i + 1 < argc)
			i++;
		else if (strncmp(argv[i], "--socket=", 9) == 0 ||
		    strncmp(argv[i], "--fail-on=", 10) == 0 ||
		    strncmp(argv[i], "--color=", 8) == 0 ||
		    thin_valued(argv, i, flags))
			continue;
		else
			return (0);
	}
	if (i >= argc || strcmp(argv[i], "check") != 0)
		return (0);
	for (i++; i < argc; i++) {
		if (strcmp(argv[i], "-C") == 0 && i + 1 < argc)
			i++;
		else if (strcmp(argv[i], "-f") == 0 && i + 1 < argc) {
			f = argv[++i];
			if (strcmp(f, "text") != 0 && strcmp(f, "json") != 0 &&
			    strcmp(f, "github") != 0)
				return (0);	/* sarif: the client's URIs */
		} else if (argv[i][0] == '-' || ++files > 1)
			return (0);
	}
	return (1);
}

/* Connect to the daemon's socket; the descriptor, or -1. */
static int
thin_connect(const char *path)
{
	struct timeval	tv = { THIN_TIMEOUT_S, 0 };
	int		s;

	if ((s = client_unix_connect(path)) == -1)
		return (-1);
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	return (s);
}

/* Write all of a buffer; 0 or -1. */
static int
thin_write(int s, const char *data, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = send(s, data, len, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		data += n;
		len -= (size_t)n;
	}
	return (0);
}

/* Read to the end of the connection into reply; 0 or -1. */
static int
thin_read(int s, struct buf *reply)
{
	char	chunk[65536];
	ssize_t	n;

	for (;;) {
		if ((n = read(s, chunk, sizeof chunk)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (n == 0)
			return (0);
		if (buf_add(reply, chunk, (size_t)n) != 0)
			return (-1);
	}
}

/* The value of header name in a reply's head (NUL-terminated, between
 * its first line and the blank line), or NULL. */
static const char *
thin_header(const char *head, const char *name, char *value, size_t size)
{
	const char	*line = strstr(head, "\r\n"), *end;
	size_t		 n = strlen(name), len;

	while (line != NULL && line[2] != '\0') {
		line += 2;
		end = strstr(line, "\r\n");
		if (end == NULL)
			return (NULL);
		if (strncasecmp(line, name, n) == 0 && line[n] == ':') {
			line += n + 1;
			line += strspn(line, " \t");
			len = (size_t)(end - line);
			if (len >= size)
				return (NULL);
			memcpy(value, line, len);
			value[len] = '\0';
			return (value);
		}
		line = end;
	}
	return (NULL);
}

/*
 * The answer, checked: HTTP 200 from a daemon of our protocol, with the
 * findings header and a Content-Length that is the whole body. Sets the
 * body and the counts by severity; -1 for anything else.
 */
static int
thin_answer(struct buf *reply, const char **body, size_t *len,
    size_t *counts)
{
	char		*head_end, v[MODVET_FINDINGS_MAX], proto[16];
	const char	*errstr;
	long long	 clen;
	int		 got;

	if (reply->len < 12 || (head_end = memmem(reply->data, reply->len,
	    "\r\n\r\n", 4)) == NULL)
		return (-1);
	head_end[2] = '\0';	/* the head, each line ending in CRLF */
	if (strncmp(reply->data, "HTTP/1.1 200 ", 13) != 0)
		return (-1);
	snprintf(proto, sizeof proto, "%d", MODVET_PROTOCOL_VERSION);
	if (thin_header(reply->data, MODVET_PROTOCOL_HEADER, v,
	    sizeof v) == NULL || strcmp(v, proto) != 0)
		return (-1);
	if (thin_header(reply->data, MODVET_FINDINGS_HEADER, v,
	    sizeof v) == NULL || sscanf(v, "%zu %zu %zu%n", &counts[0],
	    &counts[1], &counts[2], &got) != 3 || v[got] != '\0')
		return (-1);
	if (thin_header(reply->data, "Content-Length", v, sizeof v) == NULL)
		return (-1);
	clen = strtonum(v, 0, THIN_MAX_REPLY, &errstr);
	*body = head_end + 4;
	*len = reply->len - (size_t)(*body - reply->data);
	if (errstr != NULL || (size_t)clen != *len)
		return (-1);
	return (0);
}

/* Has the project a modvet.accept (client/accept.c)? The daemon's
 * rendered answer cannot leave accepted findings out. */
static int
thin_has_accept(const struct client_project *p)
{
	char	*path;
	int	 has;

	if (strcmp(p->gomod, "-") == 0)
		return (0);
	xasprintf(&path, "%s/modvet.accept", p->moddir != NULL ? p->moddir :
	    ".");
	has = access(path, F_OK) == 0;
	free(path);
	return (has);
}

/* The check through the daemon; returns the exit status, or forwards. */
static int
thin_check(struct client_project *p)
{
	struct buf	 req, reply;
	const char	*body;
	char		*socket, *env = NULL, *json;
	size_t		 len, counts[3];
	int		 s, colour;

	socket = client_socket_path(&client_opts);
	if ((s = thin_connect(socket)) == -1)
		thin_forward();	/* nothing answers: it starts a daemon */
	if (client_project_read(p) != 0 || client_goenv_wire(0, &env) != 0)
		exit(CLIENT_EXIT_FAILURE);
	if (thin_has_accept(p))
		thin_forward();	/* the whole client applies it */
	json = client_project_json(p);
	colour = client_colour();
	buf_init(&req, 0);
	buf_printf(&req, "POST /v1/check?format=%s&color=%d HTTP/1.1\r\n"
	    "Host: modvet\r\nContent-Type: application/json\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n",
	    p->format != NULL ? p->format : "text", colour, strlen(json));
	if (*env != '\0')
		buf_printf(&req, "%s: %s\r\n", GOENV_HEADER, env);
	buf_adds(&req, "\r\n");
	buf_adds(&req, json);
	client_progress("check %s through modvetd", p->gomod);
	buf_init(&reply, THIN_MAX_REPLY);
	/* Not shut down for writing: the daemon would take the end of
	 * file for a client that left (server.c). */
	if (thin_write(s, req.data, req.len) != 0 ||
	    thin_read(s, &reply) != 0 ||
	    thin_answer(&reply, &body, &len, counts) != 0) {
		client_progress_done();
		thin_forward();	/* it says what went wrong */
	}
	client_progress_done();
	fwrite(body, 1, len, stdout);
	close(s);
	buf_free(&req);
	buf_free(&reply);
	free(json);
	free(env);
	free(socket);
	return (client_exit_status(counts));
}

int
main(int argc, char **argv)
{
	struct client_project	 p;
	int			 k, rc;

	thin_argv = argv;
	if (!thin_eligible(argc, argv))
		thin_forward();
	thin_cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	k = client_global_opts(argc, argv);
	argc -= k;
	argv += k;
	client_project_args(&thin_check_cmd, argc, argv, &p);
	p.sources = 1;
	if (p.gowork != NULL)
		thin_forward();	/* a workspace: the whole client's */
	rc = thin_check(&p);
	client_project_free(&p);
	return (rc);
}
