/*
 * The results of the data operations (buildlist, graph, versions) as the
 * API's JSON documents. The daemon's routes answer with them and the
 * client builds the same ones with --local, then prints either door's
 * document the same way (as text, or with --format json as it is): one
 * encoder, so both doors answer alike by construction.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "engine/engine.h"

/* The build list: {"modules": [{"path", "version", "replace"?}]}, in the
 * go command's order, less go@ and toolchain@. */
cJSON *
result_buildlist(const struct graph *g, const struct modfile *mf)
{
	const struct modfile_replace	*rep;
	struct mvs_list			 list;
	cJSON				*doc, *a, *o, *ro;
	size_t				 i;

	doc = cJSON_CreateObject();
	a = cJSON_AddArrayToObject(doc, "modules");
	graph_build_list(g, &list);
	for (i = 0; i < list.n; i++) {
		if (strcmp(list.v[i].path, "go") == 0 ||
		    strcmp(list.v[i].path, "toolchain") == 0)
			continue;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "path", list.v[i].path);
		cJSON_AddStringToObject(o, "version", list.v[i].version);
		if (*list.v[i].version != '\0' && (rep = graph_replacement(mf,
		    list.v[i].path, list.v[i].version)) != NULL) {
			ro = cJSON_AddObjectToObject(o, "replace");
			cJSON_AddStringToObject(ro, "path", rep->new.path);
			cJSON_AddStringToObject(ro, "version", rep->new.version);
		}
		cJSON_AddItemToArray(a, o);
	}
	mvs_list_free(&list);
	return (doc);
}

/* "path@version", or the bare path of the main module (caller frees). */
static char *
result_node_name(const struct graph_node *n)
{
	char	*s;

	if (*n->version == '\0')
		return (xstrdup(n->path));
	xasprintf(&s, "%s@%s", n->path, n->version);
	return (s);
}

/* A node's edges into the array (graph_walk callback). */
static void
result_graph_node(const struct graph_node *n, void *arg)
{
	cJSON	*edges = arg, *e;
	char	*from, *to;
	size_t	 i;

	from = result_node_name(n);
	for (i = 0; i < n->nreqs; i++) {
		to = result_node_name(n->reqs[i]);
		e = cJSON_CreateArray();
		cJSON_AddItemToArray(e, cJSON_CreateString(from));
		cJSON_AddItemToArray(e, cJSON_CreateString(to));
		cJSON_AddItemToArray(edges, e);
		free(to);
	}
	free(from);
}

/* The requirement graph: {"edges": [[from, to]]}, as go mod graph. */
cJSON *
result_graph(const struct graph *g)
{
	cJSON	*doc;

	doc = cJSON_CreateObject();
	graph_walk(g, result_graph_node, cJSON_AddArrayToObject(doc, "edges"));
	return (doc);
}

/* An RFC 3339 time of a wall-clock millisecond count. */
static void
result_add_time(cJSON *o, const char *name, int64_t ms)
{
	char	buf[32];

	cJSON_AddStringToObject(o, name, util_format_rfc3339(ms / 1000, buf));
}

/* The "Time" of an .info body, or NULL (caller frees). */
char *
result_info_time(const char *data, size_t len)
{
	char	*version, *time;

	if (proxy_info_parse(data, len, &version, &time) != 0)
		return (NULL);
	free(version);
	return (time);
}

/* A version's go line and its requirements on watched modules. */
static void
result_add_details(cJSON *o, const char *path, const struct source_req *mod,
    const struct strv *watched)
{
	struct modfile_errors	 errs;
	struct modfile		*f;
	cJSON			*req;
	size_t			 i, k;

	if (mod->status != 0)
		return;
	modfile_errors_init(&errs, path);
	f = modfile_parse(path, mod->data, mod->len, MODFILE_LAX, NULL, NULL,
	    &errs);
	modfile_errors_free(&errs);
	if (f == NULL)
		return;
	if (f->go != NULL)
		cJSON_AddStringToObject(o, "go", f->go->version);
	req = cJSON_AddObjectToObject(o, "requires");
	for (i = 0; i < f->require.n; i++) {
		for (k = 0; k < watched->n; k++) {
			if (strcmp(watched->v[k], f->require.v[i]->mod.path) ==
			    0)
				cJSON_AddStringToObject(req, watched->v[k],
				    f->require.v[i]->mod.version);
		}
	}
	modfile_free(f);
}

/*
 * The release history of path: {"module", "origin", "fetched", "stale",
 * "latest", "deprecated", "versions": [{"version", "time", "retracted",
 * "rationale"; with details "go" and "requires" (on watched modules)}]}.
 * NULL when every upstream failed and the cache has no list.
 */
cJSON *
result_versions(struct source *src, const char *path, int details)
{
	struct check_pin	  p;
	struct source_req	**reqs;
	struct strv		  watched;
	const struct check_retract *rt;
	cJSON			 *doc, *a, *o;
	char			 *t, *cause = NULL;
	size_t			  i, n;

	details = details != 0;
	check_module(src, path, &p);
	if (p.list_status != 0 && p.list_status != MV_ENOTFOUND) {
		check_pin_free(&p);
		return (NULL);
	}
	n = p.versions.n;
	strv_init(&watched);
	if (details && cache_watch_list(src->cache, &watched, &cause) != 0) {
		log_warnx("watch list: %s", cause);
		free(cause);
	}
	reqs = xcalloc(2 * n + 1, sizeof *reqs);
	for (i = 0; i < n * (1 + details); i++) {
		reqs[i] = xmalloc(sizeof *reqs[i]);
		source_req_init(reqs[i], i < n ? PROXY_INFO : PROXY_MOD, path,
		    p.versions.v[i % n]);
	}
	source_fetch(src, reqs, n * (1 + details));
	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "module", path);
	if (p.list_origin != NULL)
		cJSON_AddStringToObject(doc, "origin", p.list_origin);
	result_add_time(doc, "fetched", p.list_when_ms);
	cJSON_AddBoolToObject(doc, "stale", p.list_stale);
	if (p.latest != NULL)
		cJSON_AddStringToObject(doc, "latest", p.latest);
	if (p.deprecated != NULL)
		cJSON_AddStringToObject(doc, "deprecated", p.deprecated);
	a = cJSON_AddArrayToObject(doc, "versions");
	for (i = 0; i < p.versions.n; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "version", p.versions.v[i]);
		if (reqs[i]->status == 0 &&
		    (t = result_info_time(reqs[i]->data, reqs[i]->len)) !=
		    NULL) {
			cJSON_AddStringToObject(o, "time", t);
			free(t);
		}
		rt = check_retraction(&p, p.versions.v[i]);
		cJSON_AddBoolToObject(o, "retracted", rt != NULL);
		if (rt != NULL && *rt->rationale != '\0')
			cJSON_AddStringToObject(o, "rationale", rt->rationale);
		if (details)
			result_add_details(o, path, reqs[n + i], &watched);
		cJSON_AddItemToArray(a, o);
	}
	for (i = 0; i < n * (1 + details); i++) {
		source_req_free(reqs[i]);
		free(reqs[i]);
	}
	free(reqs);
	strv_free(&watched);
	check_pin_free(&p);
	return (doc);
}
