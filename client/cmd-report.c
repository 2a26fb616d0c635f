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
#include <unistd.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "engine/engine.h"
#include "render/render.h"
#include "client/client.h"

#define REPORT_MAX_PROJECTS_FILE	(1 << 20)	/* bytes */

static int	cmd_report_exec(int, char **);

const struct client_cmd client_cmd_report = {
	"report", "--projects FILE [--format html|md|json] [-o OUT]",
	"the cron report: findings per project, new releases, history",
	cmd_report_exec, CLIENT_CMD_OWN_OUTPUT
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

/*
 * The one-line summary: on a terminal always, and otherwise (cron) only
 * when something needs a person, so that cron mails exactly then, with
 * this line as the mail. It goes to standard output when the report went
 * to a file, else to standard error.
 */
static void
cmd_report_summary(const struct report *r, const char *out)
{
	FILE	*f = out != NULL ? stdout : stderr;
	size_t	 i, k, attention = 0, errors = 0, warnings = 0, isnew = 0;
	size_t	 fixed = 0, releases = 0, failed = 0;

	if (!isatty(fileno(f)) && !r->needs_attention)
		return;
	for (i = 0; i < r->nprojects; i++) {
		const struct report_project *p = &r->projects[i];
		size_t e = findings_count(&p->findings, FINDING_ERROR);

		errors += e;
		warnings += findings_count(&p->findings, FINDING_WARNING);
		isnew += p->new_findings.n;
		fixed += p->fixed.n;
		failed += p->error != NULL;
		attention += e > 0 || p->error != NULL;
	}
	for (i = 0; i < r->nmodules; i++)
		for (k = 0; k < r->modules[i].new_releases.n; k++)
			releases++;
	fprintf(f, "modvet report: %s; %zu project%s (%zu with errors%s), "
	    "%zu error%s, %zu warning%s, %zu new, %zu fixed; %zu watched "
	    "module%s, %zu new release%s%s%s\n", r->needs_attention ?
	    "needs attention" : "nothing needs attention", r->nprojects,
	    r->nprojects == 1 ? "" : "s", attention, failed > 0 ?
	    ", some not checked" : "", errors, errors == 1 ? "" : "s",
	    warnings, warnings == 1 ? "" : "s", isnew, fixed, r->nmodules,
	    r->nmodules == 1 ? "" : "s", releases, releases == 1 ? "" : "s",
	    out != NULL ? "; written to " : "", out != NULL ? out : "");
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
	int			 n, rc = CLIENT_EXIT_FAILURE;

	if (util_read_file(projects, REPORT_MAX_PROJECTS_FILE, &data,
	    &len) != 0) {
		fprintf(stderr, "modvet: %s: %s\n", projects, strerror(errno));
		return (CLIENT_EXIT_FAILURE);
	}
	base = cmd_report_dir(projects);
	client_local_open(&l);
	n = report_gather(&r, &l.source, projects, data, len, base, 1, NULL,
	    &errors);
	client_progress_done();
	if (n != 0)
		fprintf(stderr, "%s", errors);
	else if (report_store(&r, l.cache, &cause) != 0)
		fprintf(stderr, "modvet: report history: %s\n", cause);
	else {
		text = strcmp(format, "json") == 0 ? report_render_json(&r) :
		    strcmp(format, "md") == 0 ? report_render_md(&r) :
		    report_render_html(&r);
		if (report_write(out, text) == 0) {
			rc = r.needs_attention ? CLIENT_EXIT_FINDINGS :
			    CLIENT_EXIT_OK;
			cmd_report_summary(&r, out);
		}
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
