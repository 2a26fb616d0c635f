/*
 * modvet report --projects FILE [--format html|md|json] [-o OUT]: the
 * report a cron job runs. FILE lists, a line each:
 *
 *	NAME PATH			a go.mod on disk (its go.sum beside it)
 *	NAME git URL REF [DIR]		a go.mod in a git repository, read with
 *					libgit2 from a bare mirror (no checkout)
 *	watch MODULE			add a module to the watch list
 *
 * For each project: every finding, and which are new or fixed since the
 * last report. For each watched module: its releases, and which are new
 * since the last report (lists are asked for afresh: a report is never
 * older than its run). The history is kept in the cache. Exit status: 1
 * when something needs a person (an error finding, or a finding that is
 * new), 0 when not, 2 when the report could not be made.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "verify/verify.h"
#include "client/client.h"

#define REPORT_MAX_PROJECTS_FILE	(1 << 20)	/* bytes */

static int	cmd_report_exec(int, char **);

const struct client_cmd client_cmd_report = {
	"report", "--projects FILE [--format html|md|json] [-o OUT]",
	"the cron report: findings per project, new releases, history",
	cmd_report_exec
};

/* Write the output: stdout, or a file (temp + rename). */
static int
report_write(const char *out, const char *text)
{
	if (out == NULL) {
		fputs(text, stdout);
		return (0);
	}
	if (util_write_file(out, text, strlen(text), 0644) != 0) {
		fprintf(stderr, "modvet: writing %s: %s\n", out,
		    strerror(errno));
		return (-1);
	}
	return (0);
}

/* The directory of a file ("." for a bare name; caller frees). */
static char *
cmd_report_dir(const char *file)
{
	const char	*slash = strrchr(file, '/');

	return (slash != NULL ? xstrndup(file, slash - file) : xstrdup("."));
}

/* Gather, compare with the last report, store, render. */
static int
cmd_report_run(const char *projects, const char *format, const char *out)
{
	struct client_local	 l;
	struct report		 r;
	char			*data, *errors = NULL, *base, *text;
	char			*cause = NULL;
	size_t			 len;
	int			 rc = CLIENT_EXIT_FAILURE;

	if (util_read_file(projects, REPORT_MAX_PROJECTS_FILE, &data,
	    &len) != 0) {
		fprintf(stderr, "modvet: %s: %s\n", projects, strerror(errno));
		return (CLIENT_EXIT_FAILURE);
	}
	base = cmd_report_dir(projects);
	client_local_open(&l);
	if (report_gather(&r, &l.source, projects, data, len, base, 1, NULL,
	    &errors) != 0)
		fprintf(stderr, "%s", errors);
	else if (report_store(&r, l.cache, &cause) != 0)
		fprintf(stderr, "modvet: report history: %s\n", cause);
	else {
		text = strcmp(format, "json") == 0 ? report_render_json(&r) :
		    strcmp(format, "md") == 0 ? report_render_md(&r) :
		    report_render_html(&r);
		if (report_write(out, text) == 0)
			rc = r.needs_attention ? CLIENT_EXIT_FINDINGS :
			    CLIENT_EXIT_OK;
		free(text);
	}
	free(cause);
	free(errors);
	free(base);
	free(data);
	report_free(&r);
	client_local_close(&l);
	return (rc);
}

/* Parse the arguments. */
static int
cmd_report_exec(int argc, char **argv)
{
	const char	*projects = NULL, *format = "html", *out = NULL;
	int		 i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--projects") == 0 && i + 1 < argc)
			projects = argv[++i];
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
			format = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else
			client_usage_error(&client_cmd_report, "unexpected "
			    "argument \"%s\"", argv[i]);
	}
	if (projects == NULL)
		client_usage_error(&client_cmd_report, "--projects is needed");
	if (strcmp(format, "html") != 0 && strcmp(format, "md") != 0 &&
	    strcmp(format, "json") != 0)
		client_usage_error(&client_cmd_report, "unknown format \"%s\"",
		    format);
	return (cmd_report_run(projects, format, out));
}
