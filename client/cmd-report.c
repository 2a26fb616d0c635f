/*
 * modvet report --projects FILE [--format html|md|json] [-o OUT]: the
 * report a cron job runs. FILE lists, a line each:
 *
 *	NAME PATH			a go.mod on disk (its go.sum beside it)
 *	NAME git URL REF [DIR]		a go.mod in a git repository, read with
 *					libgit2 from a bare mirror (no checkout)
 *	watch MODULE			add a module to the watch list
 *
 * The report runs through either door (POST /v1/reports, engine/op-
 * report.c); the projects on this machine's disk (PATH, and git
 * repositories named by a path or file://) are read here and sent as
 * their check's input, so that the daemon reads no path of ours.
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

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
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

/* Is a git project's URL on this machine (a path or file://), which the
 * daemon never reads for a caller? */
static int
cmd_report_git_local(const char *url)
{
	return (strncmp(url, "file://", 7) == 0 || *url == '/' ||
	    *url == '.');
}

/*
 * The input of a project on this machine's disk, read here whichever
 * door runs the report (the engine then checks what it is sent, and the
 * daemon reads no path of ours): PATH relative to base, as a check reads
 * its project (go.sum, local replacements, the Go files' imports); or a
 * git URL on this machine, mirrored beside the cache as the engine
 * mirrors network ones. NULL: not ours to read.
 */
static cJSON *
cmd_report_input(char **f, int n, const char *base)
{
	struct client_project	 p;
	cJSON			*in;
	char			*data, *text, *cause = NULL, *gitdir;
	size_t			 len;

	in = cJSON_CreateObject();
	if (n == 2) {
		memset(&p, 0, sizeof p);
		p.sources = 1;
		if (f[1][0] == '/')
			p.gomod = xstrdup(f[1]);
		else
			xasprintf(&p.gomod, "%s/%s", base, f[1]);
		/* What cannot be read is the project's error, in the
		 * report. */
		if (client_project_load(&p, &cause) != 0)
			cJSON_AddStringToObject(in, "error", cause);
		else {
			cJSON_Delete(in);
			text = client_project_json(&p);
			in = cJSON_Parse(text);
			free(text);
		}
		client_project_free(&p);
	} else if (n == 3 && strcmp(f[1], "git") == 0 &&
	    cmd_report_git_local(f[2]))
		cJSON_AddStringToObject(in, "error", "expected git URL REF "
		    "[DIR]");
	else if (n >= 4 && strcmp(f[1], "git") == 0 &&
	    cmd_report_git_local(f[2])) {
		gitdir = client_local_git_dir();
		if (report_read_git(gitdir, f + 2, n - 2, &data, &len,
		    &cause) != 0)
			cJSON_AddStringToObject(in, "error", cause);
		else {
			cJSON_AddStringToObject(in, "gomod", data);
			free(data);
		}
		free(gitdir);
	} else {
		cJSON_Delete(in);
		in = NULL;
	}
	free(cause);
	return (in);
}

/* The request: the projects file and the inputs of its projects on this
 * machine (caller frees). */
static char *
cmd_report_request(const char *projects, const char *text, size_t len)
{
	cJSON	*doc, *inputs, *in;
	char	*copy, *line, *next, *f[8], *base, *out, *json;
	int	 n;

	base = gopath_dir(projects);	/* "." for a bare name */
	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "name", projects);
	cJSON_AddStringToObject(doc, "projects", text);
	inputs = cJSON_AddObjectToObject(doc, "inputs");
	copy = xmemdup(text, len);	/* NUL-terminated */
	for (line = copy; line != NULL; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		n = report_line_fields(line, f, nitems(f));
		if (n < 2 || strcmp(f[0], "watch") == 0 ||
		    cJSON_GetObjectItemCaseSensitive(inputs, f[0]) != NULL)
			continue;
		if ((in = cmd_report_input(f, n, base)) != NULL)
			cJSON_AddItemToObject(inputs, f[0], in);
	}
	json = cJSON_PrintUnformatted(doc);
	out = xstrdup(json);
	cJSON_free(json);
	cJSON_Delete(doc);
	free(copy);
	free(base);
	return (out);
}

/* Run the report through either door, and render what it answers. */
static int
cmd_report_run(const char *projects, const char *format, const char *out)
{
	struct report	 r;
	cJSON		*doc;
	char		*data, *body, *text, *cause = NULL;
	size_t		 len;
	int		 rc = CLIENT_EXIT_FAILURE;

	if (util_read_file(projects, REPORT_MAX_PROJECTS_FILE, &data,
	    &len) != 0) {
		fprintf(stderr, "modvet: %s: %s\n", projects, strerror(errno));
		return (CLIENT_EXIT_FAILURE);
	}
	body = cmd_report_request(projects, data, len);
	client_progress("report %s", projects);
	doc = client_call("POST", "/v1/reports", "application/json", body,
	    strlen(body));
	client_progress_done();
	if (doc == NULL)
		;
	else if (report_from_json(doc, &r, &cause) != 0)
		fprintf(stderr, "modvet: /v1/reports: %s\n", cause);
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
		report_free(&r);
	}
	cJSON_Delete(doc);
	free(cause);
	free(body);
	free(data);
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
