/*
 * The cron report's gathering: the projects of a projects file, a line
 * each,
 *
 *	NAME PATH			a go.mod on disk (its go.sum beside it)
 *	NAME git URL REF [DIR]		a go.mod in a git repository, read with
 *					libgit2 from a bare mirror (no checkout)
 *	watch MODULE			add a module to the watch list
 *
 * each checked by every rule; the watched modules' releases (lists asked
 * for afresh: a report is never older than its run); then what is new and
 * fixed since the last report, whose items the cache keeps.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "engine/engine.h"
#include "render/render.h"

#define REPORT_MAX_MODFILE	(16 << 20)	/* x/mod MaxGoMod */

/*
 * Findings that say a pin is behind (outdated, new-major) stay true
 * across a bump that is not yet the latest: their subject leaves out the
 * version, so a bump is not shown as one finding fixed and a new one.
 */
static int
report_subject_churns(const char *code)
{
	return (strcmp(code, "outdated") == 0 || strcmp(code, "new-major") ==
	    0);
}

/* The finding's subject in the history. */
char *
report_subject(const struct finding *f)
{
	char	*s;

	if (report_subject_churns(f->code))
		xasprintf(&s, "%s %s", f->code, f->path != NULL ? f->path :
		    "-");
	else
		xasprintf(&s, "%s %s@%s", f->code, f->path != NULL ?
		    f->path : "-", f->version != NULL ? f->version : "-");
	return (s);
}

/* Subjects stored by an older modvet ("PROJECT outdated path@version")
 * in today's form, so that the first report after an upgrade does not
 * show them as fixed. */
static void
report_subjects_upgrade(struct cache_report_item *items, size_t n)
{
	char	*code, *at;
	size_t	 k, len;
	int	 churns;

	for (k = 0; k < n; k++) {
		if (strcmp(items[k].kind, "finding") != 0 ||
		    (code = strchr(items[k].subject, ' ')) == NULL)
			continue;
		code++;
		len = strcspn(code, " ");
		if (code[len] != ' ' || (at = strrchr(code + len, '@')) == NULL)
			continue;
		code[len] = '\0';
		churns = report_subject_churns(code);
		code[len] = ' ';
		if (churns)
			*at = '\0';
	}
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

int
report_read_git(const char *gitdir, char **f, int nf, char **data,
    size_t *len, char **cause)
{
	struct gitrepo	*g;
	char		*dir, *file;
	int		 rc;

	if (nf < 2) {
		*cause = xstrdup("expected git URL REF [DIR]");
		return (-1);
	}
	if (gitdir != NULL)
		dir = xstrdup(gitdir);
	else {
		file = cache_default_path();
		xasprintf(&dir, "%s.git", file);
		free(file);
	}
	if ((rc = gitrepo_mirror(dir, f[0], &g, cause)) == 0) {
		xasprintf(&file, "%s%sgo.mod", nf > 2 ? f[2] : "", nf > 2 ?
		    "/" : "");
		rc = gitrepo_read_at(g, f[1], file, data, len, cause);
		free(file);
		gitrepo_close(g);
	}
	free(dir);
	return (rc == 0 ? 0 : -1);
}

/*
 * May an API caller's projects file name this git URL? Only a URL of a
 * network scheme whose host is one of the operator's git-hosts (space-
 * separated; "*": any, for a caller on this machine): never a path or
 * file://, which would read the daemon's own disk, nor, over TCP, any
 * other host, which would make the daemon a port scanner.
 * Decided from the text alone, so the answer says nothing of what exists.
 */
static int
report_git_url_allowed(const char *url, const char *git_hosts)
{
	static const char *schemes[] = { "https://", "http://", "ssh://",
	    "git://" };
	const char	*host = NULL, *end, *at, *p;
	size_t		 i, n;

	for (i = 0; i < nitems(schemes); i++)
		if (strncmp(url, schemes[i], strlen(schemes[i])) == 0)
			host = url + strlen(schemes[i]);
	if (host == NULL || git_hosts == NULL)
		return (0);
	if (strcmp(git_hosts, "*") == 0)
		return (1);
	end = host + strcspn(host, "/?#");
	if ((at = memchr(host, '@', (size_t)(end - host))) != NULL)
		host = at + 1;
	if (*host == '[')	/* an IPv6 literal: never on the list */
		return (0);
	n = (size_t)(end - host);
	if ((p = memchr(host, ':', n)) != NULL)
		n = (size_t)(p - host);
	if (n == 0)
		return (0);
	for (p = git_hosts + strspn(git_hosts, " \t,"); *p != '\0';
	    p += i, p += strspn(p, " \t,")) {
		i = strcspn(p, " \t,");
		if (i == n && strncasecmp(p, host, n) == 0)
			return (1);
	}
	return (0);
}

/* Check one project's go.mod; what went wrong is kept in p->error. */
static void
report_check_gomod(struct source *src, struct report_project *p,
    const char *data, size_t len, const struct moddir *where,
    const char *sum, size_t sumlen)
{
	struct check	 c;
	char		*cause = NULL, *pin;
	size_t		 i;

	if (check_run(&c, src, "go.mod", data, len, where, sum, sumlen, 1,
	    &cause) != 0) {
		p->error = cause;
		return;
	}
	p->findings = c.findings;
	memset(&c.findings, 0, sizeof c.findings);
	for (i = 0; i < c.npins; i++) {
		xasprintf(&pin, "%s %s", c.pins[i].path, c.pins[i].version);
		strv_push_owned(&p->pins, pin);
	}
	check_free(&c);
}

/* Check a project from what its client sent (gomod_input_from_json, or
 * {"error": "why it could not be read"}). */
static void
report_check_input(struct source *src, struct report_project *p,
    const cJSON *input)
{
	struct gomod_input	 in;
	const char		*code;
	const cJSON		*e;
	char			*why = NULL;

	if ((e = cJSON_GetObjectItem(input, "error")) != NULL &&
	    cJSON_IsString(e)) {
		p->error = xstrdup(e->valuestring);
		return;
	}
	if (gomod_input_from_json(&in, input, &code, &why) != 0)
		xasprintf(&p->error, "inputs: %s: %s", p->name, why);
	else
		report_check_gomod(src, p, in.gomod, in.gomod_len, &in.where,
		    in.gosum, in.gosum_len);
	gomod_input_free(&in);
	free(why);
}

/* Check a project on this machine's disk: PATH (relative to base) or git
 * URL REF [DIR]. */
static void
report_check(struct source *src, struct report_project *p, char **f,
    int nf, const char *base)
{
	struct moddir	 where = { NULL, NULL, NULL, NULL };
	char		*data = NULL, *sum = NULL, *path = NULL, *dir = NULL;
	char		*cause = NULL, *slash;
	size_t		 len = 0, sumlen = 0;

	if (nf >= 1 && strcmp(f[0], "git") == 0) {
		if (report_read_git(src->proxy != NULL ?
		    proxy_git_dir(src->proxy) : NULL, f + 1, nf - 1, &data,
		    &len, &cause) != 0)
			goto fail;
	} else {
		if (f[0][0] == '/')
			path = xstrdup(f[0]);
		else
			xasprintf(&path, "%s/%s", base, f[0]);
		if (util_read_file(path, REPORT_MAX_MODFILE, &data, &len) !=
		    0) {
			xasprintf(&cause, "%s: %s", path, strerror(errno));
			goto fail;
		}
		dir = xstrdup(path);
		if ((slash = strrchr(dir, '/')) != NULL)
			*slash = '\0';
		free(path);
		xasprintf(&path, "%s/go.sum", dir);
		if (util_read_file(path, REPORT_MAX_MODFILE, &sum, &sumlen) !=
		    0)
			sum = NULL;
	}
	where.path = dir;	/* NULL for a project in git */
	report_check_gomod(src, p, data, len, &where, sum, sumlen);
	goto out;
fail:
	p->error = cause;
out:
	free(data);
	free(sum);
	free(path);
	free(dir);
}

/* A line of a projects file as its blank-separated fields, a comment
 * ("# ...") left out (in place). */
int
report_line_fields(char *line, char **f, int max)
{
	int	n = 0;
	char	*tok, *hash;

	if ((hash = strchr(line, '#')) != NULL)
		*hash = '\0';
	while (n < max && (tok = strsep(&line, " \t")) != NULL) {
		if (*tok != '\0')
			f[n++] = tok;
	}
	return (n);
}

/* Note a bad line of the projects file. */
static void
report_bad_line(struct buf *errs, const char *name, int lineno,
    const char *what)
{
	buf_printf(errs, "%s:%d: %s\n", name, lineno, what);
}

/* Take one line of the projects file (in place); 0, or -1 if bad. */
static int
report_line(struct report *r, struct source *src, char *line,
    const struct report_request *req, const char **why, char **cause)
{
	struct report_project	*p;
	const cJSON		*input = NULL;
	char			*f[8];
	int			 n;

	if ((n = report_line_fields(line, f, nitems(f))) == 0)
		return (0);
	if (n == 2 && strcmp(f[0], "watch") == 0) {
		if (modpath_check(f[1], cause) != 0 ||
		    cache_watch_add(src->cache, f[1], cause) == -1)
			return (-1);
		return (0);
	}
	if (n < 2 || (n > 2 && strcmp(f[1], "git") != 0)) {
		*why = "expected \"NAME PATH\", \"NAME git URL REF [DIR]\" or "
		    "\"watch MODULE\"";
		return (-1);
	}
	if (req->inputs != NULL)
		input = cJSON_GetObjectItemCaseSensitive(req->inputs, f[0]);
	if (input == NULL && req->base == NULL && n == 2) {
		*why = "a path, and no go.mod sent for it in \"inputs\" (the "
		    "daemon reads no paths it is sent: modvet report reads "
		    "them and sends what they hold)";
		return (-1);
	}
	if (input == NULL && req->base == NULL && n > 2 &&
	    !report_git_url_allowed(f[2], req->git_hosts)) {
		*why = "that git URL's host is not one modvetd may fetch from "
		    "for an API caller (git-hosts in modvetd.conf); local "
		    "paths and file:// URLs are never taken from a request "
		    "(modvet report reads them and sends what they hold)";
		return (-1);
	}
	r->projects = xreallocarray(r->projects, r->nprojects + 1,
	    sizeof *r->projects);
	p = &r->projects[r->nprojects++];
	memset(p, 0, sizeof *p);
	p->name = xstrdup(f[0]);
	if (n == 2)
		p->source = xstrdup(f[1]);
	else
		xasprintf(&p->source, "%s %s %s%s%s", f[1], f[2], n > 3 ?
		    f[3] : "", n > 4 ? " " : "", n > 4 ? f[4] : "");
	if (input != NULL)
		report_check_input(src, p, input);
	else
		report_check(src, p, f + 1, n - 1, req->base);
	return (0);
}

/* Read the projects file: projects checked, watch lines applied. */
static int
report_read_projects(struct report *r, struct source *src,
    const struct report_request *req, struct buf *errs)
{
	const char	*why;
	char		*data, *line, *next, *cause;
	int		 lineno = 0, errors = 0;

	data = xmemdup(req->text, req->len);	/* NUL-terminated */
	for (line = data; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		why = NULL;
		cause = NULL;
		if (report_line(r, src, line, req, &why, &cause) != 0) {
			report_bad_line(errs, req->name, lineno, why != NULL ?
			    why : cause);
			errors++;
		}
		free(cause);
	}
	free(data);
	return (errors);
}

/* The watched modules' releases, asked for afresh, with their times. */
static void
report_modules(struct source *src, struct report *r)
{
	struct strv		  mods;
	struct check_pin	  p;
	struct source_req	**reqs;
	char			 *cause = NULL, *iv, *it;
	size_t			  i, k;

	if (cache_watch_list(src->cache, &mods, &cause) != 0) {
		log_warnx("watch list: %s", cause);
		free(cause);
		return;
	}
	r->modules = xcalloc(mods.n + 1, sizeof *r->modules);
	for (i = 0; i < mods.n; i++) {
		struct report_module *m = &r->modules[r->nmodules++];

		m->path = xstrdup(mods.v[i]);
		check_module(src, mods.v[i], &p);
		m->failed = p.list_status != 0 && p.list_status != MV_ENOTFOUND;
		m->stale = p.list_stale;
		reqs = xcalloc(p.versions.n + 1, sizeof *reqs);
		for (k = 0; k < p.versions.n; k++)
			source_req_init(reqs[k] = xmalloc(sizeof *reqs[k]),
			    PROXY_INFO, mods.v[i], p.versions.v[k]);
		source_fetch(src, reqs, p.versions.n);
		for (k = 0; k < p.versions.n; k++) {
			strv_push(&m->versions, p.versions.v[k]);
			if (reqs[k]->status != 0 || proxy_info_parse(
			    reqs[k]->data, reqs[k]->len, &iv, &it) != 0)
				iv = it = NULL;
			strv_push(&m->times, it != NULL ? it : "");
			free(iv);
			free(it);
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

/* Check the projects and gather the watched modules. */
int
report_gather(struct report *r, struct source *src,
    const struct report_request *req, char **errors)
{
	struct buf	errs;
	int64_t		ttl = src->opts.list_ttl_ms;
	int		n;

	memset(r, 0, sizeof *r);
	r->ran_ms = util_wall_ms();
	buf_init(&errs, 0);
	/* A report asks afresh; the source (a daemon's worker's) is then
	 * as it was. */
	src->opts.list_ttl_ms = 0;
	n = report_read_projects(r, src, req, &errs);
	report_modules(src, r);
	src->opts.list_ttl_ms = ttl;
	*errors = buf_steal(&errs);
	return (n);
}

/* Compare with the last report and store this one. */
int
report_store(struct report *r, struct cache *c, char **cause)
{
	struct cache_report_item	*prev = NULL, *items = NULL;
	char				*json, *md, *html;
	size_t				 nprev = 0, nit = 0;
	int64_t				 id;
	int				 rc;

	if (cache_report_last(c, &prev, &nprev, &r->previous_ms, cause) == -1)
		return (-1);
	report_subjects_upgrade(prev, nprev);
	report_compare(r, prev, nprev, &items, &nit);
	json = report_render_json(r);
	md = report_render_md(r);
	html = report_render_html(r);
	rc = cache_report_add(c, r->ran_ms, json, md, html, r->needs_attention,
	    items, nit, &id, cause);
	r->id = id;
	free(json);
	free(md);
	free(html);
	cache_report_items_free(prev, nprev);
	cache_report_items_free(items, nit);
	return (rc);
}
