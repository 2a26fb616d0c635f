/*
 * go.sum against what the upstreams serve: for every module whose go.mod
 * the graph read, the "path version/go.mod h1:" line must be there
 * (missing-sum: a -mod=readonly build needs it; with no go.sum at all,
 * every line is missing) and must equal the hash of the bytes served
 * (checksum-mismatch). A zip line is judged when the zip's hash is known
 * (the cache keeps those "modvet sum" computed); zips are not downloaded
 * by a check.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "cache/cache.h"
#include "engine/engine.h"

/* The request for the go.mod a node's go.sum line is about (its
 * replacement's, when the main module replaces it), or NULL for a local
 * replacement, which go.sum has no line for. */
static struct source_req *
rules_sum_req(const struct check *c, const struct graph_node *n)
{
	const struct modfile_replace	*r;
	struct source_req		*req;

	r = graph_replacement(c->mf, n->path, n->version);
	if (r != NULL && *r->new.version == '\0')
		return (NULL);
	req = xmalloc(sizeof *req);
	source_req_init(req, PROXY_MOD, r != NULL ? r->new.path : n->path,
	    r != NULL ? r->new.version : n->version);
	return (req);
}

/* Check one node's go.mod line (path@version: the go.mod fetched for
 * it) against the hash of the go.mod served. terse: there is no go.sum
 * and at least two lines are missing, which findings_by_cause makes one
 * finding that carries the lines and says none of their wording: each
 * finding then has its line as its message and no evidence (a go.mod
 * with a few hundred requirements needs some 800 lines). */
static void
rules_sum_node(struct check *c, const struct gosum *sum,
    const struct graph_node *n, const char *path, const char *version,
    const char *h1, int terse)
{
	const struct gosum_line	*line;
	const struct check_pin	*p;
	struct finding		*f;
	char			*key;

	p = check_find_pin(c, n->path);
	if (terse) {
		f = findings_add(&c->findings, "missing-sum", FINDING_WARNING,
		    path, version, p != NULL ? p->line : 0, "%s %s/go.mod %s",
		    path, version, h1);
		strv_push(&f->sum_lines, f->message);
		f->col = p != NULL ? p->col : 1;
		f->pin = p != NULL ? p - c->pins : -1;
		return;
	}
	xasprintf(&key, "%s/go.mod", version);
	if ((line = gosum_lookup(sum, path, key)) == NULL) {
		f = findings_add(&c->findings, "missing-sum", FINDING_WARNING,
		    path, version, p != NULL ? p->line : 0, "%s \"%s %s %s\", "
		    "which the build needs", c->gosum != NULL ? "go.sum lacks" :
		    "there is no go.sum, so it lacks", path, key, h1);
		finding_sum_line(f, "%s %s %s", path, key, h1);
	} else if (strcmp(line->hash, h1) != 0) {
		f = findings_add(&c->findings, "checksum-mismatch",
		    FINDING_ERROR, path, version, p != NULL ? p->line : 0,
		    "go.sum line %d says %s %s %s, but the upstream serves a "
		    "go.mod whose hash is %s", line->line, path, key,
		    line->hash, h1);
		finding_evidence(f, "go.sum:%d: %s", line->line, line->hash);
	} else
		f = NULL;
	if (f != NULL) {
		finding_evidence(f, "h1 of the go.mod served for %s@%s: %s",
		    path, version, h1);
		f->col = p != NULL ? p->col : 1;
		f->pin = p != NULL ? p - c->pins : -1;
	}
	free(key);
}

/* The go.mod lines of every module whose go.mod the graph read, in the
 * graph's order: the hash its summary kept (engine/modsum.c), else the
 * hash of its bytes, fetched in one batch (the graph has just cached
 * them). */
static void
rules_sum_gomods(struct check *c, const struct gosum *sum)
{
	const struct graph_node	**who;
	const struct modsum	 *s;
	struct source_req	**reqs, **fetch;
	char			**h1;
	size_t			  i, k = 0, nfetch = 0;
	int			  terse = 0;

	reqs = xcalloc(c->graph.nall + 1, sizeof *reqs);
	fetch = xcalloc(c->graph.nall + 1, sizeof *fetch);
	who = xcalloc(c->graph.nall + 1, sizeof *who);
	h1 = xcalloc(c->graph.nall + 1, sizeof *h1);
	for (i = 0; i < c->graph.nall; i++) {
		const struct graph_node *n = c->graph.all[i];

		if (!n->loaded || n->status != 0 || *n->version == '\0' ||
		    strcmp(n->path, "go") == 0 ||
		    strcmp(n->path, "toolchain") == 0 ||
		    (reqs[k] = rules_sum_req(c, n)) == NULL)
			continue;
		if (c->source->modsums != NULL && (s = modsums_get(
		    c->source->modsums, reqs[k]->path, reqs[k]->version)) !=
		    NULL && s->h1[0] != '\0')
			h1[k] = xstrdup(s->h1);
		else
			fetch[nfetch++] = reqs[k];
		who[k++] = n;
	}
	source_fetch(c->source, fetch, nfetch);
	/* Two modules' lines at least, with no go.sum: two lines missing. */
	for (i = 1; c->gosum == NULL && i < k && !terse; i++)
		terse = strcmp(reqs[i]->path, reqs[0]->path) != 0;
	for (i = 0; i < k; i++) {
		if (h1[i] == NULL && reqs[i]->status == 0)
			h1[i] = dirhash_gomod(reqs[i]->data, reqs[i]->len);
		if (h1[i] != NULL)
			rules_sum_node(c, sum, who[i], reqs[i]->path,
			    reqs[i]->version, h1[i], terse);
		free(h1[i]);
		source_req_free(reqs[i]);
		free(reqs[i]);
	}
	free(reqs);
	free(fetch);
	free(who);
	free(h1);
}

/* A go.sum zip line against the zip hash the cache knows, if any. */
static void
rules_sum_zip(struct check *c, const struct gosum_line *line)
{
	const struct check_pin	*p;
	struct finding		*f;
	char			*h1 = NULL, *cause = NULL;

	if (strcmp(graph_selected(&c->graph, line->path), line->version) != 0 ||
	    cache_get_hash(c->source->cache, line->path, line->version, "zip",
	    &h1, &cause) != 0) {
		free(cause);
		return;
	}
	if (strcmp(h1, line->hash) != 0) {
		p = check_find_pin(c, line->path);
		f = findings_add(&c->findings, "checksum-mismatch",
		    FINDING_ERROR, line->path, line->version, p != NULL ?
		    p->line : 0, "go.sum line %d says %s %s %s, but the "
		    "module zip the upstream serves hashes to %s", line->line,
		    line->path, line->version, line->hash, h1);
		finding_evidence(f, "h1 of the zip of %s@%s, computed when it "
		    "was downloaded: %s", line->path, line->version, h1);
		f->pin = p != NULL ? p - c->pins : -1;
		f->col = p != NULL ? p->col : 1;
	}
	free(h1);
}

/* Every go.sum rule. */
void
rules_sum(struct check *c)
{
	struct modfile_errors	 errs;
	struct gosum		 sum;
	char			*msg;
	size_t			 i;

	gosum_init(&sum);
	modfile_errors_init(&errs, "go.sum");
	if (c->gosum != NULL &&
	    gosum_parse(c->gosum, c->gosum_len, &sum, &errs) != 0) {
		msg = modfile_errors_string(&errs);
		findings_add(&c->findings, "checksum-mismatch",
		    FINDING_ERROR, NULL, NULL, 0, "go.sum cannot be read: %s",
		    msg);
		free(msg);
	}
	modfile_errors_free(&errs);
	for (i = 0; i < sum.ignored.n; i++)
		findings_add(&c->findings, "malformed-sum", FINDING_INFO, NULL,
		    NULL, 0, "go.sum:%s: the go command reads this line but it "
		    "names no module it can use (a merge conflict's marker?); "
		    "go mod tidy drops it", sum.ignored.v[i]);
	rules_sum_gomods(c, &sum);
	for (i = 0; i < sum.n; i++) {
		if (strchr(sum.v[i].version, '/') == NULL)
			rules_sum_zip(c, &sum.v[i]);
	}
	gosum_free(&sum);
}
