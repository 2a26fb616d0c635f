/*
 * modvet: the command-line client. Commands are looked up in a table
 * (tmux's cmd_table); each lives in its own cmd-*.c file.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "protocol.h"
#include "engine/engine.h"
#include "client/client.h"

static const struct client_cmd *client_cmds[] = {
	&client_cmd_status,
	&client_cmd_mod_json,
	&client_cmd_mod_fmt,
	&client_cmd_check,
	&client_cmd_fix,
	&client_cmd_versions,
	&client_cmd_buildlist,
	&client_cmd_graph,
	&client_cmd_sum,
	&client_cmd_history,
	&client_cmd_report,
	&client_cmd_watch,
	&client_cmd_explain,
	&client_cmd_completion,
};

/* The options before the command: for the usage line and completion.
 * value: NULL for a flag, a placeholder (DIR, FILE, PATH, URL), or the
 * choices ("a|b"). */
const struct client_gopt client_gopts[] = {
	{ "-C", "DIR" },
	{ "--local", NULL },
	{ "--socket", "PATH" },
	{ "--server", "URL" },
	{ "--token-file", "FILE" },
	{ "--no-autostart", NULL },
	{ "--fail-on", "error|warning|note|never" },
	{ "--color", "auto|always|never" },
	{ "--help", NULL },
	{ "--version", NULL },
	{ NULL, NULL }
};

/* Every command, in --help's order. */
const struct client_cmd *const *
client_commands(size_t *n)
{
	*n = nitems(client_cmds);
	return (client_cmds);
}

/* Print the list of commands. */
static void
client_help(FILE *fp)
{
	size_t	i;

	fprintf(fp, "usage: modvet [-C DIR] [--local] [--socket PATH] [--server "
	    "URL [--token-file FILE]]\n              [--no-autostart] "
	    "[--fail-on error|warning|note|never]\n              "
	    "[--color auto|always|never] command [args]\n\n"
	    "modvet checks the pins of a Go module's go.mod. check and fix go "
	    "through\nmodvetd (started when none answers on the socket); "
	    "--local runs them here.\n\nCommands:\n");
	for (i = 0; i < nitems(client_cmds); i++)
		fprintf(fp, "  %-10s %s\n  %-10s   %s\n",
		    client_cmds[i]->name, client_cmds[i]->args, "",
		    client_cmds[i]->help);
	fprintf(fp, "\nExit status: 0 no error findings, 1 error findings (or "
	    "findings at the --fail-on severity), 2 usage or operational "
	    "failure. modvet COMMAND --help: that command's help.\n\n"
	    "Every command takes --output FILE (-o; report's -o is its own): "
	    "its output\nwritten to FILE whole, or not at all. --format F "
	    "and -json (= --format json)\nwork as -f for check and fix. "
	    "Long options also take --opt=value.\n");
}

/* filepath.Rel of two absolute paths; NULL if not both absolute. */
char *
client_rel(const char *base, const char *target)
{
	struct buf	 b;
	char		*cb, *ct;
	size_t		 i = 0, j, common = 0;

	if (base[0] != '/' || target[0] != '/')
		return (NULL);
	cb = gopath_clean(base);
	ct = gopath_clean(target);
	/* The longest common prefix of whole elements. */
	for (j = 0;; j++) {
		if ((cb[j] == '\0' || cb[j] == '/') &&
		    (ct[j] == '\0' || ct[j] == '/'))
			common = j;
		if (cb[j] == '\0' || ct[j] == '\0' || cb[j] != ct[j])
			break;
	}
	buf_init(&b, 0);
	for (i = common; cb[i] != '\0'; i++) {
		if (cb[i] == '/' || i == common)
			buf_adds(&b, b.len == 0 ? ".." : "/..");
	}
	if (strcmp(cb, "/") == 0)
		buf_reset(&b);
	if (ct[common] != '\0') {
		if (b.len > 0)
			buf_addc(&b, '/');
		buf_adds(&b, ct + common + (ct[common] == '/'));
	}
	if (b.len == 0)
		buf_addc(&b, '.');
	free(cb);
	free(ct);
	return (buf_steal(&b));
}

/* base.ShortPath: the path relative to the current directory when that is
 * shorter (and names the same file), as the go command prints paths. */
static char *
client_short_path(const char *path)
{
	struct stat	 a, b;
	char		 cwd[PATH_MAX], *rel;

	if (getcwd(cwd, sizeof cwd) == NULL ||
	    (rel = client_rel(cwd, path)) == NULL)
		return (xstrdup(path));
	if (strlen(rel) < strlen(path) && stat(rel, &a) == 0 &&
	    stat(path, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino)
		return (rel);
	free(rel);
	return (xstrdup(path));
}

/* Read and parse a main module's go.mod strictly, as "go mod edit" does. */
struct modfile *
client_parse_gomod(const char *path)
{
	struct modfile_errors	 errs;
	struct modfile		*f;
	char			*data, *msg, *shortp;
	size_t			 len;

	if (client_read_file(path, CLIENT_MAX_MODFILE, &data, &len) != 0)
		exit(CLIENT_EXIT_FAILURE);
	modfile_errors_init(&errs, path);
	f = modfile_parse(path, data, len, MODFILE_STRICT, NULL, NULL, &errs);
	if (f == NULL) {
		msg = modfile_errors_string(&errs);
		shortp = client_short_path(path);
		fprintf(stderr, "modvet: errors parsing %s:\n%s\n", shortp,
		    msg);
		free(shortp);
		free(msg);
	}
	modfile_errors_free(&errs);
	free(data);
	return (f);
}

/* Does a command's argument list ask for its help (-h or --help)? */
static int
client_wants_help(int argc, char **argv)
{
	int	i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return (1);
	return (0);
}

int
main(int argc, char **argv)
{
	size_t	i;
	int	k;

	k = client_global_opts(argc, argv);
	argc -= k - 1;
	argv += k - 1;
	if (argc < 2) {
		client_help(stderr);
		return (CLIENT_EXIT_FAILURE);
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		client_help(stdout);
		return (CLIENT_EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("modvet %s (protocol %d)\n", PACKAGE_VERSION,
		    MODVET_PROTOCOL_VERSION);
		return (CLIENT_EXIT_OK);
	}
	for (i = 0; i < nitems(client_cmds); i++) {
		if (strcmp(argv[1], client_cmds[i]->name) != 0)
			continue;
		if (client_wants_help(argc - 1, argv + 1)) {
			printf("usage: modvet %s %s\n\n%s\n",
			    client_cmds[i]->name, client_cmds[i]->args,
			    client_cmds[i]->help);
			return (CLIENT_EXIT_OK);
		}
		argc--;
		argv++;
		client_args_common(client_cmds[i], &argc, &argv);
		return (client_args_finish(client_cmds[i]->exec(argc, argv)));
	}
	fprintf(stderr, "modvet: unknown command \"%s\" (run modvet --help "
	    "for the list)\n", argv[1]);
	return (CLIENT_EXIT_FAILURE);
}
