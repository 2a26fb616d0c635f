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
#include "verify/verify.h"

/* The go.mod bytes of a graph node's module (after replacement), from the
 * source (the graph has just put them in the cache). */
static char *
rules_sum_gomod(struct check *c, const struct graph_node *n,
    const char **path, const char **version, size_t *len)
{
	const struct modfile_replace	*r;
	struct source_req		 req, *rp = &req;
	char				*data = NULL;

	*path = n->path;
	*version = n->version;
	if ((r = graph_replacement(c->mf, n->path, n->version)) != NULL) {
		if (*r->new.version == '\0')
			return (NULL);	/* local: go.sum has no line */
		*path = r->new.path;
		*version = r->new.version;
	}
	source_req_init(&req, PROXY_MOD, *path, *version);
	source_fetch(c->source, &rp, 1);
	if (req.status == 0) {
		data = req.data;
		*len = req.len;
		req.data = NULL;
	}
	source_req_free(&req);
	return (data);
}

/* Check one node's go.mod line. */
static void
rules_sum_node(struct check *c, const struct gosum *sum,
    const struct graph_node *n, size_t *missing)
{
	const struct gosum_line	*line;
	const struct check_pin	*p;
	struct finding		*f;
	const char		*path, *version;
	char			*data, *h1, *key;
	size_t			 len;

	if ((data = rules_sum_gomod(c, n, &path, &version, &len)) == NULL)
		return;
	h1 = dirhash_gomod(data, len);
	free(data);
	xasprintf(&key, "%s/go.mod", version);
	p = check_find_pin(c, n->path);
	if ((line = gosum_lookup(sum, path, key)) == NULL) {
		(*missing)++;
		f = findings_add(&c->findings, "missing-sum", FINDING_WARNING,
		    path, version, p != NULL ? p->line : 0, "%s \"%s %s %s\", "
		    "which the build needs", c->gosum != NULL ? "go.sum lacks" :
		    "there is no go.sum, so it lacks", path, key, h1);
		xasprintf(&f->sum_line, "%s %s %s", path, key, h1);
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
	size_t			 i, missing = 0;

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
	for (i = 0; i < c->graph.nall; i++) {
		const struct graph_node *n = c->graph.all[i];

		if (n->loaded && n->status == 0 && *n->version != '\0' &&
		    strcmp(n->path, "go") != 0 &&
		    strcmp(n->path, "toolchain") != 0)
			rules_sum_node(c, &sum, n, &missing);
	}
	for (i = 0; i < sum.n; i++) {
		if (strchr(sum.v[i].version, '/') == NULL)
			rules_sum_zip(c, &sum.v[i]);
	}
	gosum_free(&sum);
}
