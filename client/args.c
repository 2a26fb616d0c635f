/*
 * The options every command may carry, read once before the command
 * runs, as Go users write them:
 *
 *	--opt=value		the same as --opt value (getopt_long's form)
 *	--format F, -json	the output format: for check and fix their -f;
 *				for the data commands (CLIENT_CMD_DATA) text
 *				or json, in client_opts.format
 *	--output F, -o F	standard output goes to F instead, written
 *				whole or not at all (report keeps its own -o)
 *
 * The command then sees its own options only (-f for check and fix).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"
#include "client/client.h"

static char	*args_output;		/* --output's file */
static char	*args_output_tmp;	/* where it is written until done */
static char	**args_argv;		/* the command's arguments */
static struct strv args_owned;		/* words made by splitting */

/* A command that exits on its own (a usage error) leaves no half file. */
static void
args_output_abandon(void)
{
	if (args_output_tmp != NULL)
		unlink(args_output_tmp);
}

/* Send standard output to a new file beside path, renamed over it when
 * the command is done (client_args_finish). */
static void
args_output_open(const struct client_cmd *cmd, const char *path)
{
	mode_t	mask;
	int	fd;

	xasprintf(&args_output_tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(args_output_tmp)) == -1) {
		fprintf(stderr, "modvet %s: --output %s: %s\n", cmd->name, path,
		    strerror(errno));
		exit(CLIENT_EXIT_FAILURE);
	}
	mask = umask(0);
	umask(mask);
	(void)fchmod(fd, 0666 & ~mask);
	fflush(stdout);
	if (dup2(fd, STDOUT_FILENO) == -1) {
		fprintf(stderr, "modvet %s: --output %s: %s\n", cmd->name, path,
		    strerror(errno));
		unlink(args_output_tmp);
		exit(CLIENT_EXIT_FAILURE);
	}
	close(fd);
	args_output = xstrdup(path);
	atexit(args_output_abandon);
}

/* The command is done with status rc: the output file takes what it
 * printed, unless it failed (2), which leaves any earlier file as it
 * was. Returns rc, or 2 when the file could not be written. */
int
client_args_finish(int rc)
{
	int	bad;

	free(args_argv);
	args_argv = NULL;
	strv_free(&args_owned);
	if (args_output == NULL)
		return (rc);
	bad = fflush(stdout) != 0 || fsync(STDOUT_FILENO) != 0;
	if (rc == CLIENT_EXIT_FAILURE || bad) {
		unlink(args_output_tmp);
		if (bad) {
			fprintf(stderr, "modvet: --output %s: %s\n",
			    args_output, strerror(errno));
			rc = CLIENT_EXIT_FAILURE;
		}
	} else if (rename(args_output_tmp, args_output) != 0) {
		fprintf(stderr, "modvet: --output %s: %s\n", args_output,
		    strerror(errno));
		unlink(args_output_tmp);
		rc = CLIENT_EXIT_FAILURE;
	}
	free(args_output);
	free(args_output_tmp);
	args_output = args_output_tmp = NULL;
	return (rc);
}

/* Is a the option name (with one dash or two, as the go command takes
 * its flags)? */
static int
args_is(const char *a, const char *name)
{
	if (a[0] != '-')
		return (0);
	a += a[1] == '-' ? 2 : 1;
	return (strcmp(a, name) == 0);
}

/* The value of an option at argv[*i]: the next word. */
static const char *
args_value(const struct client_cmd *cmd, int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		client_usage_error(cmd, "%s needs a value", argv[*i]);
	return (argv[++*i]);
}

/*
 * Read the common options out of a command's arguments (argv[0] is the
 * command's name); *argc and *argv become what the command itself reads
 * (valid until client_args_finish).
 */
void
client_args_common(const struct client_cmd *cmd, int *argc, char ***argv)
{
	char		**in = *argv, **words, **out, *eq;
	const char	 *format = NULL, *output = NULL;
	int		  i, n = 0, k, rest = 0, own_o;

	own_o = (cmd->flags & CLIENT_CMD_OWN_OUTPUT) != 0;
	/* --opt=value becomes two words (room for every word split). */
	words = xcalloc(2 * *argc + 1, sizeof *words);
	for (i = 0; i < *argc; i++) {
		if (i > 0 && !rest && strncmp(in[i], "--", 2) == 0 &&
		    (eq = strchr(in[i], '=')) != NULL) {
			words[n] = xstrndup(in[i], eq - in[i]);
			strv_push_owned(&args_owned, words[n++]);
			words[n++] = eq + 1;
			continue;
		}
		if (strcmp(in[i], "--") == 0)
			rest = 1;
		words[n++] = in[i];
	}
	/* The common options out; check's and fix's format goes back as
	 * their -f, first, before any go.mod named. */
	args_argv = out = xcalloc(n + 3, sizeof *out);
	out[0] = words[0];
	k = 3;
	for (i = 1, rest = 0; i < n; i++) {
		if (rest || words[i][0] != '-')
			out[k++] = words[i];
		else if (strcmp(words[i], "--") == 0) {
			rest = 1;
			out[k++] = words[i];
		} else if (args_is(words[i], "json"))
			format = "json";
		else if (args_is(words[i], "format") ||
		    (strcmp(words[i], "-f") == 0 &&
		    (cmd->flags & CLIENT_CMD_DATA)))
			format = args_value(cmd, n, words, &i);
		else if (!own_o && (args_is(words[i], "output") ||
		    strcmp(words[i], "-o") == 0))
			output = args_value(cmd, n, words, &i);
		else if (own_o && args_is(words[i], "output"))
			out[k++] = (char *)"-o";
		else
			out[k++] = words[i];
	}
	free(words);
	n = 1;
	if (format != NULL) {
		if (cmd->flags & CLIENT_CMD_DATA) {
			if (strcmp(format, "text") != 0 &&
			    strcmp(format, "json") != 0)
				client_usage_error(cmd, "--format %s: expected "
				    "text or json", format);
			client_opts.format = format;
		} else if (cmd->flags & (CLIENT_CMD_FINDINGS |
		    CLIENT_CMD_OWN_OUTPUT)) {
			out[n++] = (char *)(cmd->flags & CLIENT_CMD_FINDINGS ?
			    "-f" : "--format");
			out[n++] = (char *)format;
		} else
			client_usage_error(cmd, "has no --format");
	}
	/* Close the gap left for -f. */
	memmove(out + n, out + 3, (k - 3) * sizeof *out);
	n += k - 3;
	out[n] = NULL;
	if (output != NULL)
		args_output_open(cmd, output);
	*argc = n;
	*argv = out;
}

/* Is the output JSON (--format json, -json)? */
int
client_args_json(void)
{
	return (client_opts.format != NULL &&
	    strcmp(client_opts.format, "json") == 0);
}
