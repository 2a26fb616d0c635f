/*
 * The go.sum lines go mod tidy keeps, so that fix -w writes the go.sum
 * tidy writes (as a set of lines). Tidy loads the "all" pattern with
 * every build tag and tests (cmd/go/internal/modcmd/tidy.go:
 * imports.AnyTags(), LoadTests): the main module's packages and tests
 * for any platform, everything they import transitively ("all"), and the
 * tests of every package in "all" with what those tests import
 * (cmd/go/internal/modload/load.go, applyPkgFlags; a main module before
 * go 1.16 closes "all" over those tests too). Then keepSums
 * (modload/init.go) keeps, for every loaded package outside the standard
 * library, the go.mod line of the module providing it (from go 1.21) and
 * the zip line
 * of every module that could provide it: the roots (the go.mod's own
 * requirements) whose paths are prefixes of the package's, when a root
 * provides it and the graph is pruned; otherwise every module of the
 * build list whose path is a prefix. The go.mod lines of the graph's
 * modules are rules-sum.c's.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gosrc/gosrc.h"
#include "cache/cache.h"
#include "engine/engine.h"
#include "engine/imports.h"

#define TIDY_LOADED	1	/* resolved, its imports queued */
#define TIDY_IN_ALL	2	/* in "all": its tests' imports queued */
#define RULES_REQUIRES_NAMED	5	/* modules a missing-require names */

struct tidy {
	struct imports	*im;
	struct strmap	 seen;		/* path -> TIDY_* flags (as a pointer) */
	struct strv	 queue;		/* "0path" or "1path": in "all"? */
	int		 closes_over_tests;	/* go < 1.16 */
	int		 pruned;		/* go >= 1.17 */
	int		 keep_gomod;		/* go >= 1.21 */
};

static void
tidy_queue(struct tidy *t, const char *path, int in_all)
{
	char	*s;

	xasprintf(&s, "%d%s", in_all, path);
	strv_push_owned(&t->queue, s);
}

static void
tidy_queue_all(struct tidy *t, const struct strv *v, int in_all)
{
	size_t	i;

	for (i = 0; i < v->n; i++)
		tidy_queue(t, v->v[i], in_all);
}

/* The version the main module's go.mod requires of path, if it does. */
static const char *
root_version(const struct check *c, const char *path)
{
	const char	*v = NULL;
	size_t		 i;

	for (i = 0; i < c->mf->require.n; i++) {
		const struct modfile_require *r = c->mf->require.v[i];

		if (strcmp(r->mod.path, path) == 0 && (v == NULL ||
		    semver_compare(r->mod.version, v) > 0))
			v = r->mod.version;
	}
	return (v);
}

/* keepSums for one loaded package provided by p. */
static void
tidy_keep(struct tidy *t, const char *path, struct provider *p)
{
	struct provider	*order[IMPORTS_MAX_PREFIXES];
	const char	*rv;
	size_t		 i, k;
	int		 from_root;

	p->tidy_gomod |= t->keep_gomod;
	rv = root_version(t->im->c, p->path);
	from_root = t->pruned && rv != NULL && strcmp(rv, p->version) == 0;
	k = imports_prefixes(t->im, path, order, nitems(order));
	for (i = 0; i < k; i++) {
		if (from_root && ((rv = root_version(t->im->c,
		    order[i]->path)) == NULL ||
		    strcmp(rv, order[i]->version) != 0))
			continue;
		order[i]->tidy_zip = 1;
	}
}

/* Load one import path (in "all" or not), as tidy's loader does. */
static void
tidy_load(struct tidy *t, const char *path, int in_all)
{
	const struct go_pkgdeps	*deps;
	struct provider		*p, *longest;
	void			*v;
	int			 flags, found, unknown;

	if (imports_is_std(path) || strcmp(path, "C") == 0 ||
	    imports_under(path, t->im->mainpath) != NULL)
		return;
	v = strmap_get(&t->seen, path, &found);
	flags = found ? (int)(intptr_t)v : 0;
	if ((flags & TIDY_LOADED) && (!in_all || (flags & TIDY_IN_ALL)))
		return;
	p = imports_provider(t->im, path, 1, NULL, &deps, &longest, &unknown);
	strmap_set(&t->seen, path, (void *)(intptr_t)(flags | TIDY_LOADED |
	    (in_all ? TIDY_IN_ALL : 0)));
	if (p == NULL)
		return;	/* no module provides it: tidy would fail, or add one */
	if (in_all) {
		p->tidy_all = 1;
		if (p->example == NULL)
			p->example = xstrdup(path);
	}
	if (!(flags & TIDY_LOADED)) {
		tidy_keep(t, path, p);
		tidy_queue_all(t, &deps->imports, in_all);
	} else
		tidy_queue_all(t, &deps->imports, 1);	/* now in "all" */
	if (in_all)
		tidy_queue_all(t, &deps->test_imports, t->closes_over_tests);
}

/* A line tidy keeps that go.sum lacks and no finding adds yet. */
static void
tidy_missing(struct check *c, struct strmap *have, const struct gosum *sum,
    struct provider *p, const char *key, const char *h1, const char *why)
{
	const struct check_pin	*pin;
	struct finding		*f;
	char			*line;
	int			 found;

	xasprintf(&line, "%s %s %s", p->fetch_path, key, h1);
	strmap_get(have, line, &found);
	if (found || gosum_lookup(sum, p->fetch_path, key) != NULL) {
		free(line);
		return;
	}
	strmap_set(have, line, NULL);
	pin = check_find_pin(c, p->path);
	f = findings_add(&c->findings, "missing-sum", FINDING_WARNING,
	    p->fetch_path, p->fetch_version, pin != NULL ? pin->line : 0,
	    "%s \"%s\", which go mod tidy keeps: %s", c->gosum != NULL ?
	    "go.sum lacks" : "there is no go.sum, so it lacks", line, why);
	strv_push_owned(&f->sum_lines, line);
	f->col = pin != NULL ? pin->col : 1;
	f->pin = pin != NULL ? pin - c->pins : -1;
}

/* The missing-sum findings for the lines tidy keeps. */
static void
tidy_findings(struct imports *im)
{
	struct check		*c = im->c;
	struct modfile_errors	 errs;
	struct gosum		 sum;
	struct strmap		 have;
	struct source_req	**reqs;
	struct provider		**who;
	struct zip_hash		*zh = NULL;
	char			*h1, *key;
	size_t			 i, j, k = 0, nzh = 0;

	gosum_init(&sum);
	modfile_errors_init(&errs, "go.sum");
	strmap_init(&have);
	if (c->gosum != NULL &&
	    gosum_parse(c->gosum, c->gosum_len, &sum, &errs) != 0)
		goto done;	/* judged by rules_sum */
	for (i = 0; i < c->findings.n; i++) {
		const struct strv *lines = &c->findings.v[i].sum_lines;

		for (j = 0; j < lines->n; j++)
			strmap_set(&have, lines->v[j], NULL);
	}
	reqs = xcalloc(im->nprov + 1, sizeof *reqs);
	who = xcalloc(im->nprov + 1, sizeof *who);
	/* The zips' hashes together (sum_zip_hashes), by provider. */
	zh = xcalloc(im->nprov + 1, sizeof *zh);
	for (i = 0; i < im->nprov; i++) {
		struct provider *p = &im->prov[i];

		if (p->tidy_zip && gosum_lookup(&sum, p->fetch_path,
		    p->fetch_version) == NULL && imports_index(im, p) != NULL) {
			zh[nzh].path = p->fetch_path;
			zh[nzh].version = p->fetch_version;
			nzh++;
		}
	}
	sum_zip_hashes(c->source, zh, nzh);
	for (i = 0, j = 0; i < im->nprov; i++) {
		struct provider *p = &im->prov[i];

		if (j < nzh && zh[j].path == p->fetch_path &&
		    zh[j].version == p->fetch_version) {
			if (zh[j].h1 != NULL)
				tidy_missing(c, &have, &sum, p, p->fetch_version,
				    zh[j].h1, "the zip of a module that "
				    "provides, or could provide, a package it "
				    "loads");
			free(zh[j].h1);
			j++;
		}
		if (p->tidy_gomod) {
			reqs[k] = xmalloc(sizeof *reqs[k]);
			source_req_init(reqs[k], PROXY_MOD, p->fetch_path,
			    p->fetch_version);
			who[k++] = p;
		}
	}
	source_fetch(c->source, reqs, k);
	for (i = 0; i < k; i++) {
		if (reqs[i]->status == 0) {
			h1 = dirhash_gomod(reqs[i]->data, reqs[i]->len);
			xasprintf(&key, "%s/go.mod", who[i]->fetch_version);
			tidy_missing(c, &have, &sum, who[i], key, h1,
			    "the go.mod of a module that provides a package "
			    "it loads");
			free(key);
			free(h1);
		}
		source_req_free(reqs[i]);
		free(reqs[i]);
	}
	free(reqs);
	free(who);
	free(zh);
done:
	strmap_free(&have);
	modfile_errors_free(&errs);
	gosum_free(&sum);
}

void
rules_tidy(struct imports *im)
{
	struct check	*c = im->c;
	struct tidy	 t;
	const char	*go = c->mf->go != NULL ? c->mf->go->version : NULL;
	size_t		 i, at;

	memset(&t, 0, sizeof t);
	t.im = im;
	strmap_init(&t.seen);
	strv_init(&t.queue);
	t.closes_over_tests = go == NULL || gover_compare(go, "1.16") < 0;
	t.pruned = go != NULL && gover_compare(go, "1.17") >= 0;
	/* gover.TidyGoModSumVersion: before it, tidy kept no go.mod line
	 * for a package's module, "to avoid introducing unnecessary churn". */
	t.keep_gomod = go != NULL && gover_compare(go, "1.21") >= 0;
	/* The main module's packages and tests, for every platform, are
	 * in "all", and so is what they import. */
	for (i = 0; i < c->where->sources->n; i++) {
		const struct go_file *f = &c->where->sources->v[i].f;
		size_t j;

		for (j = 0; j < f->nimports; j++)
			tidy_queue(&t, f->imports[j].path, 1);
	}
	for (at = 0; at < t.queue.n; at++)
		tidy_load(&t, t.queue.v[at] + 1, t.queue.v[at][0] == '1');
	tidy_findings(im);
	strv_free(&t.queue);
	strmap_free(&t.seen);
}

/*
 * missing-require. With a pruned graph (go >= 1.17), every module that
 * provides a package in "all" is one of the go.mod's own requirements
 * (cmd/go/internal/modload/buildlist.go, tidyPrunedRoots: "we start by
 * adding roots for every package in all"; the lazy-loading design's
 * import invariant); otherwise the go command must add it, and a
 * -mod=readonly build stops with "updates to go.mod needed". A module
 * required at a lower version is not-selected's (rules-graph.c).
 */
void
rules_requires(struct imports *im, int tidy)
{
	struct check		*c = im->c;
	struct provider		*p, *longest;
	const struct go_package	*pkg;
	const char		*go = c->mf->go != NULL ? c->mf->go->version : NULL;
	struct provider		*first = NULL;
	struct strv		 lines, names;
	char			*line;
	size_t			 i, j;
	int			 unknown;

	if (go == NULL || gover_compare(go, "1.17") < 0)
		return;
	/* Direct: the main module's own files import from it. */
	for (i = 0; i < c->where->sources->n; i++) {
		const struct go_srcfile *sf = &c->where->sources->v[i];

		if (sf->other && !tidy)
			continue;
		for (j = 0; j < sf->f.nimports; j++) {
			const char *ip = sf->f.imports[j].path;

			if (imports_is_std(ip) || imports_under(ip,
			    im->mainpath) != NULL)
				continue;
			p = imports_provider(im, ip, tidy, &pkg, NULL,
			    &longest, &unknown);
			if (p != NULL)
				p->direct = 1;
		}
	}
	strv_init(&lines);
	strv_init(&names);
	for (i = 0; i < im->nprov; i++) {
		p = &im->prov[i];
		if (!(tidy ? p->tidy_all : p->used) || p->example == NULL ||
		    root_version(c, p->path) != NULL)
			continue;
		xasprintf(&line, "%s %s%s", p->path, p->version,
		    p->direct ? "" : " // indirect");
		strv_push_owned(&lines, line);
		if (names.n < RULES_REQUIRES_NAMED) {
			xasprintf(&line, "%s %s", p->path, p->version);
			strv_push_owned(&names, line);
		}
		if (first == NULL)
			first = p;
	}
	if (lines.n > 0) {
		struct finding	*f;
		struct buf	 b;
		char		*list;

		buf_init(&b, 0);
		for (i = 0; i < names.n; i++)
			buf_printf(&b, "%s%s", i > 0 ? ", " : "", names.v[i]);
		list = buf_steal(&b);

		f = findings_add(&c->findings, "missing-require",
		    FINDING_ERROR, NULL, NULL, 0, "go.mod does not require %zu "
		    "module%s that provide%s packages to the build (%s%s): a "
		    "-mod=readonly build stops with \"updates to go.mod "
		    "needed\"", lines.n, lines.n == 1 ? "" : "s",
		    lines.n == 1 ? "s" : "", list, lines.n > names.n ?
		    ", ..." : "");
		finding_evidence(f, "%s is in %s@%s, the version the module "
		    "graph selects, which go.mod does not require",
		    first->example, first->path, first->version);
		for (i = 0; i < lines.n; i++)
			strv_push(&f->requires, lines.v[i]);
		f->col = 1;
		f->pin = -1;
		free(list);
	}
	strv_free(&lines);
	strv_free(&names);
}
