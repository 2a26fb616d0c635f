/*
 * What the whole client and the thin one (client/thin.c) share before a
 * command runs: the options before the command, colour, usage errors,
 * reading a file with its reason, and the exit status of findings.
 */

#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "engine/engine.h"
#include "client/client.h"

struct client_opts	client_opts;

/* Report a usage error for cmd and exit 2. */
void
client_usage_error(const struct client_cmd *cmd, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "modvet %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: modvet %s %s\n", cmd->name, cmd->args);
	exit(CLIENT_EXIT_FAILURE);
}

/* Why util_read_file of path (at most max bytes) failed, from errno
 * (caller frees). */
char *
client_read_error(const char *path, size_t max)
{
	char	*why;

	if (errno == EFBIG)
		xasprintf(&why, "%s: file is larger than %zu bytes", path, max);
	else
		xasprintf(&why, "%s: %s", path, strerror(errno));
	return (why);
}

/* Read a whole file of at most max bytes. Returns 0, or -1 after printing
 * why. The caller frees *out, which is NUL-terminated. */
int
client_read_file(const char *path, size_t max, char **out, size_t *len)
{
	char	*why;

	if (util_read_file(path, max, out, len) == 0)
		return (0);
	why = client_read_error(path, max);
	fprintf(stderr, "modvet: %s\n", why);
	free(why);
	return (-1);
}

/* --fail-on error|warning|note|never. */
static void
client_fail_on(const char *v)
{
	if (strcmp(v, "error") == 0)
		client_opts.fail_on = FINDING_ERROR;
	else if (strcmp(v, "warning") == 0)
		client_opts.fail_on = FINDING_WARNING;
	else if (strcmp(v, "note") == 0)
		client_opts.fail_on = FINDING_INFO;
	else if (strcmp(v, "never") == 0)
		client_opts.fail_on = -1;
	else {
		fprintf(stderr, "modvet: --fail-on %s: expected error, warning, "
		    "note or never\n", v);
		exit(CLIENT_EXIT_FAILURE);
	}
}

/* --color auto|always|never. */
static void
client_color(const char *v)
{
	if (strcmp(v, "auto") == 0)
		client_opts.color = -1;
	else if (strcmp(v, "always") == 0)
		client_opts.color = 1;
	else if (strcmp(v, "never") == 0)
		client_opts.color = 0;
	else {
		fprintf(stderr, "modvet: --color %s: expected auto, always or "
		    "never\n", v);
		exit(CLIENT_EXIT_FAILURE);
	}
}

int
client_colour(void)
{
	const char	*no = getenv("NO_COLOR"), *term = getenv("TERM");

	if (client_opts.color >= 0)
		return (client_opts.color);
	return (isatty(STDOUT_FILENO) && (no == NULL || *no == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0));
}

/* -C DIR: work in DIR, as the go command's -C does. */
static void
client_chdir(const char *dir)
{
	if (chdir(dir) != 0) {
		fprintf(stderr, "modvet: -C %s: %s\n", dir, strerror(errno));
		exit(CLIENT_EXIT_FAILURE);
	}
}

/* The value of "--name VALUE" or "--name=VALUE" at argv[*i], advancing
 * *i past it; NULL when argv[*i] is not that option. */
static const char *
client_opt_value(int argc, char **argv, int *i, const char *name)
{
	size_t	n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return (NULL);
	if (argv[*i][n] == '=')
		return (argv[*i] + n + 1);
	if (argv[*i][n] != '\0' || *i + 1 >= argc)
		return (NULL);
	return (argv[++*i]);
}

/* Take the options before the command; returns the index of the command
 * (exits 2 on a usage error). */
int
client_global_opts(int argc, char **argv)
{
	const char	*env = getenv("MODVET_LOCAL"), *v;
	int		 i;

	client_opts.local = env != NULL && strcmp(env, "1") == 0;
	client_opts.fail_on = FINDING_ERROR;
	client_opts.color = -1;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-C") == 0 && i + 1 < argc)
			client_chdir(argv[++i]);
		else if ((v = client_opt_value(argc, argv, &i, "--server")))
			client_opts.server = v;
		else if ((v = client_opt_value(argc, argv, &i, "--socket")))
			client_opts.socket = v;
		else if ((v = client_opt_value(argc, argv, &i,
		    "--token-file")))
			client_opts.token_file = v;
		else if ((v = client_opt_value(argc, argv, &i, "--fail-on")))
			client_fail_on(v);
		else if ((v = client_opt_value(argc, argv, &i, "--color")))
			client_color(v);
		else if (strcmp(argv[i], "--local") == 0)
			client_opts.local = 1;
		else if (strcmp(argv[i], "--no-autostart") == 0)
			client_opts.no_autostart = 1;
		else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--version") == 0)
			break;
		else {
			fprintf(stderr, "modvet: unknown or incomplete option "
			    "%s (run modvet --help)\n", argv[i]);
			exit(CLIENT_EXIT_FAILURE);
		}
	}
	return (i);
}


/* The exit status for how many errors, warnings and notes were found
 * (by finding_severity): 1 when one is at or above --fail-on's severity
 * (error by default), else 0. */
int
client_exit_status(const size_t *counts)
{
	int	sev;

	for (sev = FINDING_ERROR; client_opts.fail_on >= 0 &&
	    sev <= client_opts.fail_on; sev++)
		if (counts[sev] > 0)
			return (CLIENT_EXIT_FINDINGS);
	return (CLIENT_EXIT_OK);
}

/* The exit status for findings, as client_exit_status. */
int
client_findings_status(const struct findings *fs)
{
	size_t	counts[3];

	counts[FINDING_ERROR] = findings_count(fs, FINDING_ERROR);
	counts[FINDING_WARNING] = findings_count(fs, FINDING_WARNING);
	counts[FINDING_INFO] = findings_count(fs, FINDING_INFO);
	return (client_exit_status(counts));
}

/* The socket the options name: --socket, MODVET_SOCKET, or the default
 * one (caller frees). */
char *
client_socket_path(const struct client_opts *o)
{
	if (o->socket != NULL)
		return (xstrdup(o->socket));
	if (getenv("MODVET_SOCKET") != NULL)
		return (xstrdup(getenv("MODVET_SOCKET")));
	return (util_socket_path());
}

/* Our Go environment as the go command resolves it (variables, then
 * the go env file), for the daemon to ask the same upstreams and judge
 * with the Go that builds; to a daemon over TCP (server), which asks its
 * own upstreams, only that Go. -1 after printing why when it is not
 * valid. */
int
client_goenv_wire(int server, char **wire)
{
	struct goenv	 g, go_only;
	char		*cause = NULL;

	if (goenv_load(&g, &cause) != 0) {
		fprintf(stderr, "modvet: %s\n", cause);
		free(cause);
		return (-1);
	}
	if (server) {
		memset(&go_only, 0, sizeof go_only);
		go_only.goversion = g.goversion;
		go_only.gotoolchain = g.gotoolchain;
		*wire = goenv_encode(&go_only);
	} else
		*wire = goenv_encode(&g);
	goenv_free(&g);
	return (0);
}

/* A connection to the Unix socket at path: its descriptor, or -1. */
int
client_unix_connect(const char *path)
{
	struct sockaddr_un	sun;
	int			s;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, path, sizeof sun.sun_path) >=
	    sizeof sun.sun_path || (s = socket(AF_UNIX, SOCK_STREAM |
	    SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	if (connect(s, (struct sockaddr *)&sun, sizeof sun) != 0) {
		close(s);
		return (-1);
	}
	return (s);
}
