/*
 * modvetd: the daemon. Reads its configuration (built-in defaults, then
 * --config FILE, then flags: --NAME VALUE for every option of config.c),
 * opens the Unix socket (and TCP with --listen), serves the API, runs the
 * refresher, and logs one fixed line when ready. Signals are taken by the
 * main thread alone (sigwait): SIGHUP re-reads the configuration and
 * applies it only when all of it is valid; SIGTERM and SIGINT drain the
 * requests in flight and exit 0.
 */

#include "config.h"

#include <sys/resource.h>

#ifdef HAVE_MALLOC_H
#include <malloc.h>
#endif

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "daemon/daemon.h"

/* malloc arenas shared by all the daemon's threads (see main). */
#define MODVETD_MALLOC_ARENAS	2

static void	modvetd_check_cache(void);

/* The command line, kept for SIGHUP: flags win over the file again. */
static int	  modvetd_argc;
static char	**modvetd_argv;

/* Print usage. */
static void
modvetd_usage(FILE *fp)
{
	fprintf(fp, "usage: modvetd [--config FILE] [--check] [--OPTION VALUE]"
	    "...\n\nmodvetd serves modvet's API on a Unix socket (and TCP "
	    "with --listen).\nOptions (also as \"name = value\" lines of the "
	    "configuration file):\n");
	config_usage(fp);
}

/* Build a configuration: defaults, the file, the flags. Returns the number
 * of errors (each printed). */
static int
modvetd_configure(struct daemon_config *c, int *check)
{
	const char	*file = NULL, *name, *value;
	char		*cause = NULL, *eq;
	int		 i, errors = 0;

	config_defaults(c);
	for (i = 1; i < modvetd_argc; i++) {
		if (strcmp(modvetd_argv[i], "--config") == 0 &&
		    i + 1 < modvetd_argc)
			file = modvetd_argv[++i];
	}
	if (file != NULL)
		errors += config_read(c, file);
	for (i = 1; i < modvetd_argc; i++) {
		name = modvetd_argv[i];
		if (strcmp(name, "--config") == 0) {
			i++;
			continue;
		}
		if (strcmp(name, "--check") == 0) {
			*check = 1;
			continue;
		}
		if (strncmp(name, "--", 2) != 0) {
			log_warnx("unexpected argument \"%s\"", name);
			errors++;
			continue;
		}
		name += 2;
		if ((eq = strchr(name, '=')) != NULL) {
			value = eq + 1;
			name = xstrndup(name, eq - name);
		} else if (config_is_flag(name) && (i + 1 == modvetd_argc ||
		    strncmp(modvetd_argv[i + 1], "--", 2) == 0)) {
			value = "yes";		/* a bare --syslog */
			name = xstrdup(name);
		} else if (i + 1 < modvetd_argc) {
			value = modvetd_argv[++i];
			name = xstrdup(name);
		} else {
			log_warnx("--%s needs a value", name);
			errors++;
			continue;
		}
		if (config_set(c, name, value, &cause) != 0) {
			log_warnx("--%s", cause);
			free(cause);
			cause = NULL;
			errors++;
		}
		free((char *)name);
	}
	if (c->socket_path == NULL)
		c->socket_path = util_socket_path();
	if (errors == 0 && config_check(c, &cause) != 0) {
		log_warnx("%s", cause);
		free(cause);
		errors++;
	}
	return (errors);
}

/* Set the log level and destination of a configuration. */
static void
modvetd_logging(const struct daemon_config *c)
{
	static const char *names[] = { "error", "warn", "info", "debug" };
	size_t	i;

	for (i = 0; i < nitems(names); i++) {
		if (strcmp(c->log_level, names[i]) == 0)
			log_set_level((enum log_level)i);
	}
	if (c->syslog)
		log_open_syslog("modvetd");
}

/* The first option that differs between two configurations and needs a
 * restart to change (sockets, listeners, the refresher), or NULL. */
static const char *
modvetd_restart_option(const struct daemon_config *a,
    const struct daemon_config *b)
{
	if (strcmp(a->socket_path, b->socket_path) != 0)
		return ("socket");
	if ((a->socket_group == NULL) != (b->socket_group == NULL) ||
	    (a->socket_group != NULL &&
	    strcmp(a->socket_group, b->socket_group) != 0))
		return ("socket-group");
	if ((a->listen == NULL) != (b->listen == NULL) ||
	    (a->listen != NULL && strcmp(a->listen, b->listen) != 0))
		return ("listen");
	if (a->max_connections != b->max_connections)
		return ("max-connections");
	if (a->idle_timeout != b->idle_timeout)
		return ("idle-timeout");
	if (a->refresh_interval != b->refresh_interval)
		return ("refresh-interval");
	if (a->syslog != b->syslog)
		return ("syslog");
	return (NULL);
}

/* SIGHUP: a new configuration, applied whole when all of it is valid and
 * nothing in it needs a restart; else the running one is kept, and the
 * log says why. Workers move to the new cache as they finish. */
static void
modvetd_reload(void)
{
	struct daemon_config	*next;
	const char		*opt;
	int			 errors, check = 0;

	next = xcalloc(1, sizeof *next);
	if ((errors = modvetd_configure(next, &check)) != 0) {
		log_warnx("reload refused: %d error%s, keeping the running "
		    "configuration", errors, errors == 1 ? "" : "s");
		goto refuse;
	}
	if ((opt = modvetd_restart_option(server_get_config(), next)) != NULL) {
		log_warnx("reload refused: %s changed, which needs a restart; "
		    "keeping the running configuration", opt);
		goto refuse;
	}
	modvetd_logging(next);
	worker_set_config(next);
	modvetd_check_cache();
	server_set_config(next);
	memo_clear();	/* a new cache or upstreams may answer otherwise */
	log_info("configuration reloaded (cache %s)", next->cache_path != NULL ?
	    next->cache_path : "default");
	return;
refuse:
	config_free(next);
	free(next);
}

/* A client that started us (client/remote.c) waits on a pipe whose
 * write end it left open as MODVETD_READY_FD: "ready", then closed. Had
 * we exited first, the pipe would have closed unwritten, and the client
 * shows the log's reason at once instead of waiting out its deadline. */
static void
modvetd_notify_ready(void)
{
	const char	*v = getenv("MODVETD_READY_FD");
	const char	*err = NULL;
	int		 fd;

	if (v == NULL)
		return;
	fd = (int)strtonum(v, 3, 1024, &err);
	unsetenv("MODVETD_READY_FD");
	if (err != NULL)
		return;
	if (write(fd, "ready\n", 6) != 6)
		log_debug("MODVETD_READY_FD %d: the client is gone", fd);
	close(fd);
}

/* Open the sockets and start serving; the ready line names them (the
 * TCP port as bound, so --listen 127.0.0.1:0 tells which it got). */
static void
modvetd_serve(struct daemon_config *c)
{
	char	*cause = NULL, *tcp = NULL;
	int	 ufd, tfd = -1, loopback = 0;

	if ((ufd = listen_unix(c->socket_path, c->socket_group, &cause)) == -1)
		fatalx("%s", cause);
	if (c->listen != NULL &&
	    (tfd = listen_tcp(c->listen, &loopback, &cause)) == -1)
		fatalx("%s", cause);
	if (tfd != -1 && !loopback && c->token == NULL)
		fatalx("listen %s is not on loopback: set token-file",
		    c->listen);
	if (tfd != -1) {
		tcp = listen_tcp_name(tfd);
		server_set_tcp_name(tcp, loopback);
	}
	if (server_start(c, ufd, tfd, &cause) != 0)
		fatalx("%s", cause);
	log_info("%s on unix:%s%s%s (protocol %d)", MODVET_READY_LINE,
	    c->socket_path, tcp != NULL ? " and tcp:" : "",
	    tcp != NULL ? tcp : "", MODVET_PROTOCOL_VERSION);
	free(tcp);
	modvetd_notify_ready();
}

/* A cache file that is damaged (not a database, or failing SQLite's
 * quick_check) is moved aside, kept as evidence, and a new one made; the
 * log and /v1/health say so. Killed mid-write the file is sound (WAL):
 * this is for a disk that lost blocks or a file someone overwrote. */
static void
modvetd_check_cache(void)
{
	char	*path, *cause = NULL, *aside = NULL, *note;

	if ((path = worker_cache_path_now()) == NULL)
		return;
	if (cache_verify_file(path, &cause) != 0) {
		if (cache_move_aside(path, &aside, &note) == 0) {
			xasprintf(&note, "recovered: %s; it was moved aside as "
			    "%s and a new cache started", cause, aside);
			log_warnx("%s", note);
			server_set_cache_note(note);
		} else
			log_warnx("%s; %s", cause, note);
		free(note);
		free(aside);
		free(cause);
	}
	free(path);
}

/* Raise the soft limit on open files to the hard one (at most 65536):
 * each worker keeps up to max-inflight upstream connections (256), and
 * every client connection is one more. */
static void
modvetd_raise_nofile(void)
{
	struct rlimit	rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	rl.rlim_cur = rl.rlim_max < 65536 ? rl.rlim_max : 65536;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		log_warn("setrlimit RLIMIT_NOFILE");
}

/* After SIGTERM: if the drain and the abort have not ended the daemon
 * this long after the drain-timeout, SIGALRM (not blocked, default
 * action) does. */
#define MODVETD_STOP_BACKSTOP_S	15

int
main(int argc, char **argv)
{
	struct daemon_config	*c;
	sigset_t		 set;
	int			 sig, check = 0, errors;
	char			*socket_path;

	modvetd_argc = argc;
	modvetd_argv = argv;
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0)) {
		modvetd_usage(stdout);
		return (0);
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("modvetd %s (protocol %d)\n", PACKAGE_VERSION,
		    MODVET_PROTOCOL_VERSION);
		return (0);
	}
#ifdef HAVE_MALLOPT
	/* glibc gives each thread that allocates an arena of its own, up
	 * to eight per core, and keeps their freed pages: the connection
	 * threads' requests, spread over many arenas, held the daemon's
	 * memory above its 30 MB target under load (bench/rss.sh). */
	mallopt(M_ARENA_MAX, MODVETD_MALLOC_ARENAS);
#endif
	c = xcalloc(1, sizeof *c);
	if ((errors = modvetd_configure(c, &check)) != 0) {
		fprintf(stderr, "modvetd: %d configuration error%s\n", errors,
		    errors == 1 ? "" : "s");
		return (2);
	}
	if (check) {
		printf("configuration OK\n");
		config_free(c);
		free(c);
		return (0);
	}
	modvetd_logging(c);
	modvetd_raise_nofile();
	/* Every thread started from here on inherits the blocked set. */
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	worker_set_config(c);
	modvetd_check_cache();
	refresh_seed();
	socket_path = xstrdup(c->socket_path);
	modvetd_serve(c);	/* the server owns c from here on */
	refresh_start(c->refresh_interval);
	for (;;) {
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			modvetd_reload();
			continue;
		}
		log_info("signal %d: draining requests, then exiting", sig);
		break;
	}
	alarm((unsigned)server_get_config()->drain_timeout +
	    MODVETD_STOP_BACKSTOP_S);
	server_stop();
	fetch_abort_all();	/* the refresher's round ends now */
	refresh_stop();
	unlink(socket_path);
	free(socket_path);
	worker_reset_all();
	unresolved_reset();
	memo_clear();
	server_free_configs();
	log_info("modvetd: stopped");
	return (0);
}
