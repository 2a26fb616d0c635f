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

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "verify/verify.h"
#include "client/client.h"
#include "client/report.h"

#define REPORT_MAX_PROJECTS_FILE	(1 << 20)	/* bytes */

static int	cmd_report_exec(int, char **);

const struct client_cmd client_cmd_report = {
	"report", "--projects FILE [--format html|md|json] [-o OUT]",
	"the cron report: findings per project, new releases, history",
	cmd_report_exec
};

/* The finding's subject in the history. */
char *
report_subject(const struct finding *f)
{
	char	*s;

	xasprintf(&s, "%s %s@%s", f->code, f->path != NULL ? f->path : "-",
	    f->version != NULL ? f->version : "-");
	return (s);
}

/* Free a report. */
void
report_free(struct report *r)
{
	size_t	i;

	for (i = 0; i < r->nprojects; i++) {
		free(r->projects[i].name);
		free(r->projects[i].source);
		free(r->projects[i].error);
		findings_free(&r->projects[i].findings);
		strv_free(&r->projects[i].pins);
		strv_free(&r->projects[i].new_findings);
		strv_free(&r->projects[i].fixed);
	}
	free(r->projects);
	for (i = 0; i < r->nmodules; i++) {
		free(r->modules[i].path);
		strv_free(&r->modules[i].versions);
		strv_free(&r->modules[i].times);
		strv_free(&r->modules[i].new_releases);
	}
	free(r->modules);
	memset(r, 0, sizeof *r);
}

/* A project's go.mod from git: URL REF [DIR]. */
static int
report_read_git(struct client_local *l, char **f, int nf, char **data,
    size_t *len, char **cause)
{
	struct gitrepo	*g;
	char		*dir, *file;
	const char	*base = getenv("MODVET_GITDIR");
	int		 rc;

	if (nf < 2) {
		*cause = xstrdup("expected git URL REF [DIR]");
		return (-1);
	}
	if (base != NULL && *base != '\0')
		dir = xstrdup(base);
	else
		xasprintf(&dir, "%s.git", cache_default_path());
	if ((rc = gitrepo_mirror(dir, f[0], &g, cause)) == 0) {
		xasprintf(&file, "%s%sgo.mod", nf > 2 ? f[2] : "", nf > 2 ?
		    "/" : "");
		rc = gitrepo_read_at(g, f[1], file, data, len, cause);
		free(file);
		gitrepo_close(g);
	}
	free(dir);
	(void)l;
	return (rc == 0 ? 0 : -1);
}

/* Check one project; what went wrong is kept in p->error. */
static void
report_check(struct client_local *l, struct report_project *p, char **f,
    int nf, const char *base)
{
	struct check	 c;
	char		*data = NULL, *sum = NULL, *path = NULL, *dir = NULL;
	char		*cause = NULL, *slash;
	size_t		 len = 0, sumlen = 0, i;

	if (nf >= 1 && strcmp(f[0], "git") == 0) {
		if (report_read_git(l, f + 1, nf - 1, &data, &len, &cause) != 0)
			goto fail;
	} else {
		if (f[0][0] == '/')
			path = xstrdup(f[0]);
		else
			xasprintf(&path, "%s/%s", base, f[0]);
		if (util_read_file(path, CLIENT_MAX_MODFILE, &data, &len) !=
		    0) {
			xasprintf(&cause, "%s: %s", path, strerror(errno));
			goto fail;
		}
		dir = xstrdup(path);
		if ((slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		free(path);
		xasprintf(&path, "%s/go.sum", dir);
		if (util_read_file(path, CLIENT_MAX_MODFILE, &sum, &sumlen) !=
		    0)
			sum = NULL;
		free(path);
		path = NULL;
	}
	if (check_run(&c, &l->source, "go.mod", data, len, dir, sum, sumlen,
	    1, &cause) != 0)
		goto fail;
	suggest_all(&c);
	findings_sort(&c.findings);
	p->findings = c.findings;
	memset(&c.findings, 0, sizeof c.findings);
	for (i = 0; i < c.npins; i++) {
		xasprintf(&path, "%s %s", c.pins[i].path, c.pins[i].version);
		strv_push_owned(&p->pins, path);
	}
	path = NULL;
	check_free(&c);
	goto out;
fail:
	p->error = cause;
out:
	free(data);
	free(sum);
	free(path);
	free(dir);
}

/* Split a line into blank-separated fields (in place). */
static int
report_fields(char *line, char **f, int max)
{
	int	n = 0;
	char	*tok;

	while (n < max && (tok = strsep(&line, " \t")) != NULL) {
		if (*tok != '\0')
			f[n++] = tok;
	}
	return (n);
}

/* Read the projects file: projects checked, watch lines applied. Returns
 * the number of errors (printed as FILE:LINE). */
static int
report_read_projects(struct client_local *l, const char *file,
    struct report *r)
{
	char	*data, *line, *next, *f[8], *base, *slash, *cause = NULL;
	size_t	 len;
	int	 n, lineno = 0, errors = 0;

	if (util_read_file(file, REPORT_MAX_PROJECTS_FILE, &data, &len) != 0) {
		fprintf(stderr, "modvet: %s: %s\n", file, strerror(errno));
		return (1);
	}
	base = xstrdup(file);
	if ((slash = strrchr(base, '/')) != NULL)
		*slash = '\0';
	else {
		free(base);
		base = xstrdup(".");
	}
	for (line = data; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strchr(line, '#') != NULL)
			*strchr(line, '#') = '\0';
		if ((n = report_fields(line, f, nitems(f))) == 0)
			continue;
		if (n == 2 && strcmp(f[0], "watch") == 0) {
			if (modpath_check(f[1], &cause) != 0 ||
			    cache_watch_add(l->cache, f[1], &cause) != 0) {
				fprintf(stderr, "modvet: %s:%d: %s\n", file,
				    lineno, cause);
				free(cause);
				cause = NULL;
				errors++;
			}
			continue;
		}
		if (n < 2) {
			fprintf(stderr, "modvet: %s:%d: expected \"NAME PATH\", "
			    "\"NAME git URL REF [DIR]\" or \"watch MODULE\"\n",
			    file, lineno);
			errors++;
			continue;
		}
		r->projects = xreallocarray(r->projects, r->nprojects + 1,
		    sizeof *r->projects);
		memset(&r->projects[r->nprojects], 0, sizeof *r->projects);
		r->projects[r->nprojects].name = xstrdup(f[0]);
		r->projects[r->nprojects].source = n == 2 ? xstrdup(f[1]) :
		    NULL;
		if (n > 2)
			xasprintf(&r->projects[r->nprojects].source, "%s %s %s%s%s",
			    f[1], f[2], n > 3 ? f[3] : "", n > 4 ? " " : "",
			    n > 4 ? f[4] : "");
		report_check(l, &r->projects[r->nprojects], f + 1, n - 1, base);
		r->nprojects++;
	}
	free(base);
	free(data);
	return (errors);
}

/* The watched modules' releases, asked for afresh, with their times. */
static void
report_modules(struct client_local *l, struct report *r)
{
	struct strv		  mods;
	struct check_pin	  p;
	struct source_req	**reqs;
	cJSON			 *info;
	char			 *cause = NULL;
	size_t			  i, k;

	if (cache_watch_list(l->cache, &mods, &cause) != 0) {
		fprintf(stderr, "modvet: watch list: %s\n", cause);
		free(cause);
		return;
	}
	r->modules = xcalloc(mods.n + 1, sizeof *r->modules);
	for (i = 0; i < mods.n; i++) {
		struct report_module *m = &r->modules[r->nmodules++];

		m->path = xstrdup(mods.v[i]);
		check_module(&l->source, mods.v[i], &p);
		m->failed = p.list_status != 0 && p.list_status != MV_ENOTFOUND;
		m->stale = p.list_stale;
		reqs = xcalloc(p.versions.n + 1, sizeof *reqs);
		for (k = 0; k < p.versions.n; k++)
			source_req_init(reqs[k] = xmalloc(sizeof *reqs[k]),
			    PROXY_INFO, mods.v[i], p.versions.v[k]);
		source_fetch(&l->source, reqs, p.versions.n);
		for (k = 0; k < p.versions.n; k++) {
			strv_push(&m->versions, p.versions.v[k]);
			info = reqs[k]->status == 0 ?
			    cJSON_Parse(reqs[k]->data) : NULL;
			strv_push(&m->times, cJSON_IsString(cJSON_GetObjectItem(
			    info, "Time")) ? cJSON_GetObjectItem(info,
			    "Time")->valuestring : "");
			cJSON_Delete(info);
			source_req_free(reqs[k]);
			free(reqs[k]);
		}
		free(reqs);
		check_pin_free(&p);
	}
	strv_free(&mods);
}

/* Is subject among the previous report's items of kind? */
static int
report_seen(const struct cache_report_item *items, size_t n,
    const char *kind, const char *subject)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(items[i].kind, kind) == 0 &&
		    strcmp(items[i].subject, subject) == 0)
			return (1);
	}
	return (0);
}

/* Add an item to the list stored for the next report. */
static void
report_item(struct cache_report_item **items, size_t *n, const char *kind,
    char *subject, const char *detail)
{
	*items = xreallocarray(*items, *n + 1, sizeof **items);
	(*items)[*n].kind = xstrdup(kind);
	(*items)[*n].subject = subject;
	(*items)[*n].detail = xstrdup(detail);
	(*n)++;
}

/* What is new and fixed since the last report; the items to store. */
static void
report_compare(struct report *r, const struct cache_report_item *prev,
    size_t nprev, struct cache_report_item **items, size_t *nitems)
{
	size_t	 i, k, plen;
	char	*s;

	for (i = 0; i < r->nmodules; i++) {
		for (k = 0; k < r->modules[i].versions.n; k++) {
			xasprintf(&s, "%s@%s", r->modules[i].path,
			    r->modules[i].versions.v[k]);
			if (r->previous_ms != 0 &&
			    !report_seen(prev, nprev, "release", s))
				strv_push(&r->modules[i].new_releases,
				    r->modules[i].versions.v[k]);
			report_item(items, nitems, "release", s,
			    r->modules[i].times.v[k]);
		}
	}
	for (i = 0; i < r->nprojects; i++) {
		struct report_project *p = &r->projects[i];

		for (k = 0; k < p->findings.n; k++) {
			char *sub = report_subject(&p->findings.v[k]);

			xasprintf(&s, "%s %s", p->name, sub);
			if (r->previous_ms != 0 &&
			    !report_seen(prev, nprev, "finding", s))
				strv_push(&p->new_findings, sub);
			if (p->findings.v[k].severity == FINDING_ERROR ||
			    (r->previous_ms != 0 &&
			    !report_seen(prev, nprev, "finding", s) &&
			    p->findings.v[k].severity == FINDING_WARNING))
				r->needs_attention = 1;
			report_item(items, nitems, "finding", s,
			    finding_severity_name(p->findings.v[k].severity));
			free(sub);
		}
		/* Fixed: the previous report's findings of this project that
		 * are gone. */
		plen = strlen(p->name);
		for (k = 0; k < nprev; k++) {
			if (strcmp(prev[k].kind, "finding") != 0 ||
			    strncmp(prev[k].subject, p->name, plen) != 0 ||
			    prev[k].subject[plen] != ' ' ||
			    report_seen(*items, *nitems, "finding",
			    prev[k].subject))
				continue;
			strv_push(&p->fixed, prev[k].subject + plen + 1);
		}
		if (p->error != NULL)
			r->needs_attention = 1;
	}
}

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

/* Gather, compare with the last report, render, store. */
static int
cmd_report_run(const char *projects, const char *format, const char *out)
{
	struct client_local		 l;
	struct report			 r;
	struct cache_report_item	*prev = NULL, *items = NULL;
	char				*text, *summary, *cause = NULL;
	size_t				 nprev = 0, nit = 0;
	int64_t				 id;
	int				 rc = CLIENT_EXIT_FAILURE;

	memset(&r, 0, sizeof r);
	r.ran_ms = util_wall_ms();
	client_local_open(&l);
	l.source.opts.list_ttl_ms = 0;	/* a report asks afresh */
	if (report_read_projects(&l, projects, &r) != 0)
		goto out;
	report_modules(&l, &r);
	if (cache_report_last(l.cache, &prev, &nprev, &r.previous_ms,
	    &cause) == -1) {
		fprintf(stderr, "modvet: report history: %s\n", cause);
		goto out;
	}
	report_compare(&r, prev, nprev, &items, &nit);
	text = strcmp(format, "json") == 0 ? report_render_json(&r) :
	    strcmp(format, "md") == 0 ? report_render_md(&r) :
	    report_render_html(&r);
	summary = report_render_json(&r);
	if (cache_report_add(l.cache, r.ran_ms, summary, r.needs_attention,
	    items, nit, &id, &cause) != 0)
		fprintf(stderr, "modvet: report history: %s\n", cause);
	else if (report_write(out, text) == 0)
		rc = r.needs_attention ? CLIENT_EXIT_FINDINGS : CLIENT_EXIT_OK;
	free(summary);
	free(text);
out:
	free(cause);
	cache_report_items_free(prev, nprev);
	cache_report_items_free(items, nit);
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
