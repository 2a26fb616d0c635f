/*
 * modvetd's configuration. One table describes every option: its name
 * (the same in the file and as --name on the command line), type, bounds,
 * default and help. The file is "name = value" lines with # comments;
 * errors are counted, parsing goes on, and the caller fails once.
 */

#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "daemon/daemon.h"

#define CONFIG_MAX_FILE		(256 * 1024)	/* bytes */
#define CONFIG_MAX_TOKEN	4096		/* bytes */

enum config_type {
	CONFIG_STRING,
	CONFIG_NUMBER,
	CONFIG_FLAG
};

static const struct config_option {
	const char		*name;
	enum config_type	 type;
	size_t			 offset;
	long long		 min;
	long long		 max;
	const char		*def;		/* as it would be written */
	const char		*help;
} config_options[] = {
	{ "socket", CONFIG_STRING, offsetof(struct daemon_config,
	    socket_path), 0, 0, NULL, "Unix socket path (default "
	    "$XDG_RUNTIME_DIR/modvet/modvetd.sock)" },
	{ "socket-group", CONFIG_STRING, offsetof(struct daemon_config,
	    socket_group), 0, 0, NULL, "a group whose members may use the "
	    "Unix socket too, on a shared machine (its directory is then "
	    "0750 and the socket 0660, both of that group; off by default)" },
	{ "listen", CONFIG_STRING, offsetof(struct daemon_config, listen), 0,
	    0, NULL, "also serve TCP on ADDR:PORT (off by default)" },
	{ "token-file", CONFIG_STRING, offsetof(struct daemon_config,
	    token_file), 0, 0, NULL, "file holding the bearer token TCP "
	    "clients must send (required off loopback)" },
	{ "cache", CONFIG_STRING, offsetof(struct daemon_config, cache_path),
	    0, 0, NULL, "SQLite cache (default "
	    "$XDG_CACHE_HOME/modvet/cache.db)" },
	{ "log-level", CONFIG_STRING, offsetof(struct daemon_config,
	    log_level), 0, 0, "info", "error, warn, info or debug" },
	{ "syslog", CONFIG_FLAG, offsetof(struct daemon_config, syslog), 0, 1,
	    "no", "log to syslog instead of stderr" },
	{ "threads", CONFIG_NUMBER, offsetof(struct daemon_config, threads),
	    1, 64, "4", "requests doing work at once (each holds a cache "
	    "connection and a proxy client; cheap routes never wait)" },
	{ "max-body", CONFIG_NUMBER, offsetof(struct daemon_config, max_body),
	    1024, 64 * 1024 * 1024, "1048576", "largest request body, bytes" },
	{ "list-ttl", CONFIG_NUMBER, offsetof(struct daemon_config, list_ttl),
	    0, 86400 * 30, "600", "seconds a version list is fresh" },
	{ "negative-ttl", CONFIG_NUMBER, offsetof(struct daemon_config,
	    negative_ttl), 0, 86400 * 30, "300", "seconds a \"no such "
	    "version\" is fresh" },
	{ "failure-ttl", CONFIG_NUMBER, offsetof(struct daemon_config,
	    failure_ttl), 0, 3600, "120", "seconds an upstream failure of "
	    "something never fetched is remembered (0: never), doubled each "
	    "time the same failure comes back, up to 32 times; it is told as "
	    "a failure, never as \"no such version\"" },
	{ "refresh-interval", CONFIG_NUMBER, offsetof(struct daemon_config,
	    refresh_interval), 0, 86400 * 7, "900", "seconds between "
	    "refreshes of the watch list (0: never)" },
	{ "projects-file", CONFIG_STRING, offsetof(struct daemon_config,
	    projects_file), 0, 0, NULL, "projects file of the report that "
	    "POST /v1/reports runs with an empty body (see modvet(1) report)" },
	{ "max-connections", CONFIG_NUMBER, offsetof(struct daemon_config,
	    max_connections), 1, 4096, "1024", "connections served at once (as many more may be sending their first head; past that the one waiting longest is closed)" },
	{ "idle-timeout", CONFIG_NUMBER, offsetof(struct daemon_config,
	    idle_timeout), 1, 3600, "15", "seconds a connection may stay "
	    "idle (a silent client is closed after it)" },
	{ "request-timeout", CONFIG_NUMBER, offsetof(struct daemon_config,
	    request_timeout), 1, 3600, "10", "seconds a client has from "
	    "connecting to send its whole request, headers and body (a slow "
	    "client is closed after it; later requests on the connection "
	    "have idle-timeout)" },
	{ "queue-wait", CONFIG_NUMBER, offsetof(struct daemon_config,
	    queue_wait), 0, 3600, "30", "seconds a request waits for a free "
	    "worker before 503 with Retry-After" },
	{ "drain-timeout", CONFIG_NUMBER, offsetof(struct daemon_config,
	    drain_timeout), 0, 600, "30", "seconds SIGTERM lets requests in "
	    "flight finish before cutting their upstream transfers short" },
	{ "upstream-timeout", CONFIG_NUMBER, offsetof(struct daemon_config,
	    upstream_timeout), 1, 3600, "120", "seconds one upstream transfer "
	    "may take in all (and, up to 30 of them, with no byte coming) "
	    "before it is an error, tried again as transient faults are" },
	{ "memo-ttl", CONFIG_NUMBER, offsetof(struct daemon_config,
	    memo_ttl), 0, 3600, "10", "seconds the answer to a request is "
	    "given again to the same request (check, fix, graph, versions; "
	    "0: never)" },
	{ "tcp-without-token", CONFIG_FLAG, offsetof(struct daemon_config,
	    tcp_without_token), 0, 1, "no", "serve TCP on loopback with no "
	    "token (any local web page could then call the API)" },
	{ "allowed-hosts", CONFIG_STRING, offsetof(struct daemon_config,
	    allowed_hosts), 0, 0, NULL, "Host header values accepted on TCP "
	    "besides the listen address (space-separated, e.g. "
	    "\"modvet.example:8321\")" },
	{ "allowed-origins", CONFIG_STRING, offsetof(struct daemon_config,
	    allowed_origins), 0, 0, NULL, "Origin header values accepted "
	    "(space-separated); requests with any other Origin are refused" },
	{ "git-hosts", CONFIG_STRING, offsetof(struct daemon_config,
	    git_hosts), 0, 0, NULL, "hosts whose git URLs a POST /v1/reports "
	    "body may name (space-separated; default none)" },
	{ "direct-allow", CONFIG_STRING, offsetof(struct daemon_config,
	    direct_allow), 0, 0, NULL, "module paths (GOPRIVATE syntax) that "
	    "TCP callers may have fetched \"direct\" from their origin; "
	    "default none: only the proxies answer them" },
};

/* Set every option to its default. */
void
config_defaults(struct daemon_config *c)
{
	char	*cause = NULL;
	size_t	 i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < nitems(config_options); i++) {
		if (config_options[i].def != NULL &&
		    config_set(c, config_options[i].name,
		    config_options[i].def, &cause) != 0)
			fatalx("default of %s: %s", config_options[i].name,
			    cause);
	}
}

/* Free the strings of a configuration. */
void
config_free(struct daemon_config *c)
{
	size_t	i;

	for (i = 0; i < nitems(config_options); i++) {
		if (config_options[i].type == CONFIG_STRING)
			free(*(char **)((char *)c + config_options[i].offset));
	}
	free(c->token);
	memset(c, 0, sizeof *c);
}

/* Set option name to value. */
int
config_set(struct daemon_config *c, const char *name, const char *value,
    char **cause)
{
	const struct config_option	*o = NULL;
	const char			*errstr;
	long long			 n;
	size_t				 i;
	void				*at;

	for (i = 0; i < nitems(config_options); i++) {
		if (strcmp(config_options[i].name, name) == 0)
			o = &config_options[i];
	}
	if (o == NULL) {
		xasprintf(cause, "unknown option \"%s\"", name);
		return (-1);
	}
	at = (char *)c + o->offset;
	switch (o->type) {
	case CONFIG_STRING:
		free(*(char **)at);
		*(char **)at = xstrdup(value);
		return (0);
	case CONFIG_FLAG:
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
			xasprintf(cause, "%s: \"%s\" is not yes or no", name,
			    value);
			return (-1);
		}
		*(int *)at = strcmp(value, "yes") == 0;
		return (0);
	case CONFIG_NUMBER:
		n = strtonum(value, o->min, o->max, &errstr);
		if (errstr != NULL) {
			xasprintf(cause, "%s: \"%s\" is %s (%lld to %lld)",
			    name, value, errstr, o->min, o->max);
			return (-1);
		}
		*(long *)at = n;
		return (0);
	}
	return (-1);
}

/* Is name a yes/no option (which a bare --name sets to yes)? */
int
config_is_flag(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(config_options); i++) {
		if (strcmp(config_options[i].name, name) == 0)
			return (config_options[i].type == CONFIG_FLAG);
	}
	return (0);
}

/* Strip blanks at both ends, in place. */
static char *
config_trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return (s);
}

/* Read a configuration file; the number of errors. */
int
config_read(struct daemon_config *c, const char *path)
{
	char	*data, *line, *next, *eq, *cause = NULL;
	size_t	 len;
	int	 errors = 0, n = 0;

	if (util_read_file(path, CONFIG_MAX_FILE, &data, &len) != 0) {
		log_warn("%s", path);
		return (1);
	}
	for (line = data; line != NULL; line = next) {
		n++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strchr(line, '#') != NULL)
			*strchr(line, '#') = '\0';
		line = config_trim(line);
		if (*line == '\0')
			continue;
		if ((eq = strchr(line, '=')) == NULL) {
			log_warnx("%s:%d: expected \"name = value\"", path, n);
			errors++;
			continue;
		}
		*eq = '\0';
		if (config_set(c, config_trim(line), config_trim(eq + 1),
		    &cause) != 0) {
			log_warnx("%s:%d: %s", path, n, cause);
			free(cause);
			cause = NULL;
			errors++;
		}
	}
	free(data);
	return (errors);
}

/* Is "ADDR:PORT" on a loopback address? */
static int
config_is_loopback(const char *listen)
{
	return (strncmp(listen, "127.", 4) == 0 ||
	    strncmp(listen, "[::1]:", 6) == 0 ||
	    strncmp(listen, "localhost:", 10) == 0);
}

/* The token file must be ours alone, as ssh wants of a key: refuse one
 * that group or others may read or write. */
static int
config_token_private(const char *path, char **cause)
{
	struct stat	st;

	if (stat(path, &st) != 0) {
		xasprintf(cause, "token-file %s: %s", path, strerror(errno));
		return (-1);
	}
	if ((st.st_mode & 077) != 0) {
		xasprintf(cause, "token-file %s: mode %03o lets others read the "
		    "token; chmod 600 %s", path, (unsigned)(st.st_mode & 0777),
		    path);
		return (-1);
	}
	return (0);
}

/* Check the configuration as a whole and read the token. */
int
config_check(struct daemon_config *c, char **cause)
{
	char	*data;
	size_t	 len;

	if (c->listen != NULL && c->token_file == NULL &&
	    !config_is_loopback(c->listen)) {
		xasprintf(cause, "listen %s: TCP off loopback needs a token: "
		    "set token-file (a file holding one line, the bearer "
		    "token clients send)", c->listen);
		return (-1);
	}
	/* Any web page can reach a loopback port: a token there too. */
	if (c->listen != NULL && c->token_file == NULL &&
	    !c->tcp_without_token) {
		xasprintf(cause, "listen %s: TCP needs a token, loopback "
		    "included (a web page on this machine can reach a loopback "
		    "port): set token-file, or tcp-without-token = yes to "
		    "accept that risk on loopback", c->listen);
		return (-1);
	}
	if (c->token_file == NULL)
		return (0);
	if (config_token_private(c->token_file, cause) != 0)
		return (-1);
	if (util_read_file(c->token_file, CONFIG_MAX_TOKEN, &data, &len) != 0) {
		xasprintf(cause, "token-file %s: %s", c->token_file,
		    strerror(errno));
		return (-1);
	}
	free(c->token);
	c->token = xstrdup(config_trim(data));
	free(data);
	if (strlen(c->token) < 16) {
		xasprintf(cause, "token-file %s: the token is shorter than 16 "
		    "characters", c->token_file);
		return (-1);
	}
	return (0);
}

/* The options, for --help. */
void
config_usage(FILE *fp)
{
	size_t	i;

	for (i = 0; i < nitems(config_options); i++)
		fprintf(fp, "  --%-18s %s%s%s%s\n", config_options[i].name,
		    config_options[i].help, config_options[i].def != NULL ?
		    " [" : "", config_options[i].def != NULL ?
		    config_options[i].def : "", config_options[i].def != NULL ?
		    "]" : "");
}
