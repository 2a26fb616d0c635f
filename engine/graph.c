/*
 * The module graph as the go command builds it (cmd/go/internal/modload
 * readModGraph), and the build list MVS selects from it.
 *
 * The main module requires its roots: its require lines (less excluded
 * versions), go@VERSION and toolchain@NAME. Every enqueued module's go.mod
 * is read (through the source, so the cache answers when it can) and its
 * requirements become edges. With a pruned main module (go >= 1.17) the
 * requirements of a pruned dependency are edges but are not loaded; an
 * unpruned dependency (go < 1.17 or no go line) pulls in its whole
 * transitive closure. Replacements and exclusions are the main module's
 * only. A go line of 1.21 or later is a requirement on go@VERSION, and
 * go@VERSION requires toolchain@goVERSION. In a workspace
 * (graph_load_workspace) its modules and the go.work's go@ are the roots,
 * and the replacements and exclusions those workspace.c merged.
 *
 * Loading goes level by level: every go.mod a level needs is asked for in
 * one source_fetch, so a graph of depth d costs d rounds of parallel
 * requests, never one request at a time.
 *
 * The selected version of a path is the highest version any loaded module
 * requires (mvs.Graph); the main module's empty version beats all.
 *
 * A graph's nodes live in a store (struct graph_store): its own, or one
 * that graphs of the same main module share while each is used in turn
 * (the suggestions load a graph per candidate). A go.mod is read into its
 * node's edges once per store; a later graph that reaches the node
 * replays the edges, selecting as reading it would. What a node says of
 * one graph (reqs, loaded, fetched, the queue marks) and a path's
 * selection carry the graph's generation and start empty in a newer one.
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

/* Largest local replacement go.mod read (x/mod MaxGoMod). */

enum graph_pruning {
	GRAPH_PRUNED,
	GRAPH_UNPRUNED,
	GRAPH_WORKSPACE		/* every requirement, each by its pruning */
};

/* One module to load, and how (readModGraph's dedupKey). */
struct graph_item {
	struct graph_node	*node;
	enum graph_pruning	 pruning;
};
struct graph_queue {
	struct graph_item	*v;
	size_t			 n;
	size_t			 cap;
};

static struct graph_node *graph_node_get(struct graph *, const char *,
		    const char *);
static void	graph_add_edge(struct graph *, struct graph_node *,
		    const char *, const char *);
static void	graph_clear(struct graph *);

/* cmpVersion of modload: the main module's "" is above every version. */
int
graph_compare(const char *path, const char *v1, const char *v2)
{
	if (*v2 == '\0')
		return (*v1 == '\0' ? 0 : -1);
	if (*v1 == '\0')
		return (1);
	return (gover_mod_compare(path, v1, v2));
}

/* Is the go version one whose go.mod prunes its dependencies' graphs? */
static enum graph_pruning
graph_pruning_for(const char *go)
{
	if (go == NULL || gover_compare(go, "1.17") < 0)
		return (GRAPH_UNPRUNED);
	return (GRAPH_PRUNED);
}

/* Is path a toolchain pseudo-module ("go" or "toolchain")? */
static int
graph_is_toolchain(const char *path)
{
	return (strcmp(path, "go") == 0 || strcmp(path, "toolchain") == 0);
}

/* A module path the graph names, with the version selected for it so
 * far (NULL: none yet; borrowed from a node or the graph's owned). */
struct graph_path {
	const char	*path;
	unsigned	 gen;		/* the graph selected is of */
	const char	*selected;
	uint64_t	 hash;
	uint64_t	 selnum[3];	/* selected's numbers, when */
	int		 selsimple;	/* graph_version_numbers of it */
};

/* The numbers of v, a version of path (semver_numbers; 0 for the go
 * and toolchain pseudo-modules, whose versions are no semantic
 * versions). Most edges compare such versions, and where the numbers
 * differ they decide, without parsing both strings again for each
 * edge. */
static int
graph_version_numbers(const char *path, const char *v, uint64_t num[3])
{
	return (graph_is_toolchain(path) ? 0 : semver_numbers(v, num));
}

/* An open-addressed table keyed by the hash of path@version (nodes) or
 * of path (paths): an edge finds its node, and a node its path's
 * selection, without making a key. */
struct graph_table {
	void		**slots;
	size_t		  cap, n;
};

/*
 * The nodes of one or more graphs of a main module: each go.mod is read
 * into a node's edges once, whichever graph reads it first. A graph
 * (its generation) marks the nodes and paths it names; what a node or a
 * path says of a graph (reqs, loaded, the selection...) is reset when a
 * newer graph first names it. Nodes, strings and edges live in the
 * arena, freed at once.
 */
struct graph_store {
	struct arena		arena;
	struct graph_table	nodes, paths;
	unsigned		gen;
};

/* The slot of the node path@version (hash h): where it is, or the empty
 * slot where it would go. */
static void **
graph_node_slot(const struct graph_table *t, const char *path,
    const char *version, uint64_t h)
{
	struct graph_node	*n;
	size_t			 i = h & (t->cap - 1);

	while ((n = t->slots[i]) != NULL && (n->hash != h ||
	    strcmp(n->path, path) != 0 || strcmp(n->version, version) != 0))
		i = (i + 1) & (t->cap - 1);
	return (&t->slots[i]);
}

/* The slot of path (hash h), as graph_node_slot. */
static void **
graph_path_slot(const struct graph_table *t, const char *path, uint64_t h)
{
	struct graph_path	*r;
	size_t			 i = h & (t->cap - 1);

	while ((r = t->slots[i]) != NULL && (r->hash != h ||
	    strcmp(r->path, path) != 0))
		i = (i + 1) & (t->cap - 1);
	return (&t->slots[i]);
}

/* Make room for one more entry (load at most 1/2). */
static void
graph_table_reserve(struct graph_table *t, int nodes)
{
	void	**old = t->slots, **slot;
	size_t	  oldcap = t->cap, i;

	if (2 * (t->n + 1) <= t->cap)
		return;
	t->cap = oldcap == 0 ? 256 : oldcap * 2;
	t->slots = xcalloc(t->cap, sizeof *t->slots);
	for (i = 0; i < oldcap; i++) {
		if (old[i] == NULL)
			continue;
		if (nodes) {
			struct graph_node *n = old[i];

			slot = graph_node_slot(t, n->path, n->version, n->hash);
		} else {
			struct graph_path *r = old[i];

			slot = graph_path_slot(t, r->path, r->hash);
		}
		*slot = old[i];
	}
	free(old);
}

/* The record of path, made on first use, with g's selection. */
static struct graph_path *
graph_path_get(struct graph *g, const char *path)
{
	struct graph_store	*st = g->store;
	struct graph_path	*r;
	uint64_t		 h = strmap_hash_pair(path, NULL);
	void			**slot;

	if (st->paths.cap == 0 || (r = *graph_path_slot(&st->paths, path,
	    h)) == NULL) {
		graph_table_reserve(&st->paths, 0);
		slot = graph_path_slot(&st->paths, path, h);
		r = arena_alloc(&st->arena, sizeof *r);
		r->path = arena_strdup(&st->arena, path);
		r->hash = h;
		*slot = r;
		st->paths.n++;
	}
	return (r);
}

/* Make n one of g's nodes: its view of g starts empty. */
static void
graph_node_join(struct graph *g, struct graph_node *n)
{
	if (n->gen == g->gen)
		return;
	n->gen = g->gen;
	n->reqs = NULL;
	n->nreqs = 0;
	n->loaded = n->fetched = 0;
	n->queued_pruned = n->queued_unpruned = n->queued_workspace = 0;
	n->index = 0;
	n->visited = 0;
	if (g->nall == g->capall) {
		g->capall = g->capall == 0 ? 256 : g->capall * 2;
		g->all = xreallocarray(g->all, g->capall, sizeof *g->all);
	}
	g->all[g->nall++] = n;
}

/* The node of path@version (whose hash is h), made on first use, one of
 * g's nodes. */
static struct graph_node *
graph_node_get_hashed(struct graph *g, const char *path, const char *version,
    uint64_t h)
{
	struct graph_store	*st = g->store;
	struct graph_node	*n;
	void			**slot;

	if (st->nodes.cap == 0 || (n = *graph_node_slot(&st->nodes, path,
	    version, h)) == NULL) {
		graph_table_reserve(&st->nodes, 1);
		slot = graph_node_slot(&st->nodes, path, version, h);
		n = arena_alloc(&st->arena, sizeof *n);
		n->sel = graph_path_get(g, path);
		n->path = (char *)n->sel->path;
		n->version = arena_strdup(&st->arena, version);
		n->hash = h;
		n->vsimple = graph_version_numbers(n->path, n->version,
		    n->vnum);
		n->none = strcmp(version, "none") == 0;
		n->status = MV_EUNAVAIL;
		*slot = n;
		st->nodes.n++;
	}
	graph_node_join(g, n);
	return (n);
}

/* The node of path@version, made on first use. */
static struct graph_node *
graph_node_get(struct graph *g, const char *path, const char *version)
{
	return (graph_node_get_hashed(g, path, version,
	    strmap_hash_pair(path, version)));
}

/* Raise g's selected version of r's path to version if it is higher;
 * simple: what graph_version_numbers said of it, its numbers in num. */
static void
graph_select_path(const struct graph *g, struct graph_path *r,
    const char *version, int simple, const uint64_t num[3])
{
	const char	*cur;
	int		 higher, i;

	if (r->gen != g->gen) {
		r->gen = g->gen;
		r->selected = NULL;
		r->selsimple = 0;
	}
	cur = r->selected;
	for (i = 0; simple && r->selsimple && i < 3 &&
	    num[i] == r->selnum[i]; i++)
		;
	/* Most edges name the version already selected: two plain
	 * versions with the same numbers are the same string. */
	if (cur != NULL && (cur == version || (i == 3 && simple == 1 &&
	    r->selsimple == 1) || strcmp(cur, version) == 0))
		return;
	if (cur == NULL)
		higher = 1;
	else if (simple && r->selsimple && i < 3)
		higher = num[i] > r->selnum[i];
	else
		higher = graph_compare(r->path, cur, version) < 0;
	if (!higher)
		return;
	r->selected = version;
	r->selsimple = simple;
	if (simple)
		memcpy(r->selnum, num, sizeof r->selnum);
}

/* Raise the selected version of path to version if it is higher. */
static void
graph_select(struct graph *g, const char *path, const char *version)
{
	uint64_t	num[3];
	int		simple;

	simple = graph_version_numbers(path, version, num);
	graph_select_path(g, graph_path_get(g, path), version, simple, num);
}

/* Room for count more edges from n (their number is known before they
 * are added: one allocation, not one per edge). */
static void
graph_reserve_edges(struct graph *g, struct graph_node *n, size_t count)
{
	struct graph_node	**v;
	size_t			  cap;

	if (n->nedges + count <= n->capedges)
		return;
	cap = n->nedges + count;
	if (cap < 2 * n->capedges)
		cap = 2 * n->capedges;
	v = arena_alloc(&g->store->arena, cap * sizeof *v);
	if (n->nedges > 0)
		memcpy(v, n->edges, n->nedges * sizeof *v);
	n->edges = v;
	n->capedges = cap;
}

/* Add the edge from -> path@version (whose hash is h): to the go.mod's
 * edges, seen by g at once. */
static void
graph_add_edge_hashed(struct graph *g, struct graph_node *from,
    const char *path, const char *version, uint64_t h)
{
	struct graph_node	*to;

	to = graph_node_get_hashed(g, path, version, h);
	graph_reserve_edges(g, from, 1);
	from->edges[from->nedges++] = to;
	from->reqs = from->edges;
	from->nreqs = from->nedges;
	graph_select_path(g, to->sel, to->version, to->vsimple, to->vnum);
}

/* Add the edge from -> path@version. */
static void
graph_add_edge(struct graph *g, struct graph_node *from, const char *path,
    const char *version)
{
	graph_add_edge_hashed(g, from, path, version,
	    strmap_hash_pair(path, version));
}

/* A node whose go.mod another graph of the store read: its edges become
 * g's, as reading it again would make them. */
static void
graph_replay(struct graph *g, struct graph_node *n)
{
	struct graph_node	*to;
	size_t			 i;

	if (!n->applied)
		return;
	for (i = 0; i < n->nedges; i++) {
		to = n->edges[i];
		graph_node_join(g, to);
		graph_select_path(g, to->sel, to->version, to->vsimple,
		    to->vnum);
	}
	n->reqs = n->edges;
	n->nreqs = n->nedges;
	n->loaded = 1;
}

/* A new store. */
struct graph_store *
graph_store_new(void)
{
	struct graph_store	*st;

	st = xcalloc(1, sizeof *st);
	arena_init(&st->arena);
	return (st);
}

/* Free a store and every node in it. */
void
graph_store_free(struct graph_store *st)
{
	struct graph_node	*n;
	size_t			 i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nodes.cap; i++)
		if ((n = st->nodes.slots[i]) != NULL)
			free(n->evidence);
	free(st->nodes.slots);
	free(st->paths.slots);
	arena_free(&st->arena);
	free(st);
}

/* Is path@version excluded by the main module? */
int
graph_is_excluded(const struct modfile *mf, const char *path,
    const char *version)
{
	size_t	i;

	for (i = 0; i < mf->exclude.n; i++) {
		if (strcmp(mf->exclude.v[i]->mod.path, path) == 0 &&
		    strcmp(mf->exclude.v[i]->mod.version, version) == 0)
			return (1);
	}
	return (0);
}

/* The main module's replacement of path@version (exact version first, as
 * modload's Replacement), or NULL. */
const struct modfile_replace *
graph_replacement(const struct modfile *mf, const char *path,
    const char *version)
{
	const struct modfile_replace	*any = NULL;
	size_t				 i;

	for (i = 0; i < mf->replace.n; i++) {
		if (strcmp(mf->replace.v[i]->old.path, path) != 0)
			continue;
		if (strcmp(mf->replace.v[i]->old.version, version) == 0)
			return (mf->replace.v[i]);
		if (*mf->replace.v[i]->old.version == '\0')
			any = mf->replace.v[i];
	}
	return (any);
}

/* Queue a module for loading unless it is queued already with the same
 * pruning (the dedup of readModGraph's enqueue). */
static void
graph_enqueue(struct graph_queue *q, struct graph_node *n,
    enum graph_pruning pruning)
{
	int	*seen;

	if (n->none)
		return;
	seen = pruning == GRAPH_PRUNED ? &n->queued_pruned :
	    pruning == GRAPH_UNPRUNED ? &n->queued_unpruned :
	    &n->queued_workspace;
	if (*seen)
		return;
	*seen = 1;
	if (q->n == q->cap) {
		q->cap = q->cap == 0 ? 64 : q->cap * 2;
		q->v = xreallocarray(q->v, q->cap, sizeof *q->v);
	}
	q->v[q->n].node = n;
	q->v[q->n++].pruning = pruning;
}

/* Does a fetched go.mod declare a path the go command accepts for n?
 * Its own, or its replacement's (actual, NULL when not replaced), as
 * modload's goModSummary decides: a replacement may keep the original's
 * path (pulumi-terraform-bridge's fork of terraform-plugin-sdk does). */
static int
graph_path_ok(struct graph_node *n, const char *mpath, const char *actual)
{
	if (strcmp(mpath, n->path) == 0 ||
	    (actual != NULL && strcmp(mpath, actual) == 0))
		return (1);
	free(n->evidence);
	xasprintf(&n->evidence, "parsing go.mod: module declares its path as: "
	    "%s, but was required as: %s", mpath, n->path);
	n->status = MV_EINVAL;
	return (0);
}

/* A go.mod's summary into n: edges from n (go.mod order, then go@VERSION
 * for go >= 1.21), less the main module's exclusions. actual is the
 * replacement path it was fetched as (NULL: n's own); check_path: check
 * the declared path (not for a local directory). */
static int
graph_apply(struct graph *g, struct graph_node *n, const struct modsum *s,
    const char *actual, int check_path)
{
	size_t	i;

	if (check_path && !graph_path_ok(n, s->module, actual))
		return (-1);
	if (s->go != NULL)
		n->go = arena_strdup(&g->store->arena, s->go);
	n->pruned = graph_pruning_for(n->go) == GRAPH_PRUNED;
	graph_reserve_edges(g, n, s->nreq + 1);
	for (i = 0; i < s->nreq; i++) {
		if (graph_is_excluded(g->mainfile, s->req[i].path,
		    s->req[i].version))
			continue;
		graph_add_edge_hashed(g, n, s->req[i].path, s->req[i].version,
		    s->req[i].hash);
	}
	if (n->go != NULL && gover_compare(n->go, "1.21") >= 0)
		graph_add_edge(g, n, "go", n->go);
	n->reqs = n->edges;
	n->nreqs = n->nedges;
	n->applied = n->loaded = 1;
	n->status = 0;
	return (0);
}

/* The requirements of a go.mod's text into n, as graph_apply. Its
 * summary goes to *keep when keep is not NULL (caller frees; with the
 * hash of the text: a published go.mod), else is freed; NULL when the
 * text does not parse. */
static int
graph_summarize(struct graph *g, struct graph_node *n, const char *name,
    const char *data, size_t len, const char *actual, int check_path,
    struct modsum **keep)
{
	struct modsum	*s;
	char		*why;
	int		 rc;

	if (keep != NULL)
		*keep = NULL;
	if ((s = modsum_parse(name, data, len, keep != NULL, &why)) == NULL) {
		free(n->evidence);
		n->evidence = why;
		n->status = MV_EINVAL;
		return (-1);
	}
	rc = graph_apply(g, n, s, actual, check_path);
	if (keep != NULL)
		*keep = s;
	else
		free(s);
	return (rc);
}

/* go@VERSION requires toolchain@goVERSION from 1.21 on; toolchain and
 * older go versions require nothing (rawGoModSummary). */
static void
graph_load_toolchain(struct graph *g, struct graph_node *n)
{
	char	*tc;

	n->applied = n->loaded = 1;
	n->status = 0;
	n->pruned = 1;
	if (strcmp(n->path, "go") == 0 && gover_compare(n->version,
	    "1.21") >= 0) {
		xasprintf(&tc, "go%s", n->version);
		graph_add_edge(g, n, "toolchain", tc);
		free(tc);
	}
}

/* A local replacement's go.mod as the client sent it (read on the
 * client's machine); a directory it could not read was not sent. */
static void
graph_load_sent(struct graph *g, struct graph_node *n, const char *dir)
{
	const char	*text;
	char		*name;

	if ((text = strmap_get(g->sent, dir, NULL)) == NULL) {
		n->status = MV_EINVAL;
		n->local = 1;
		if (g->unread != NULL &&
		    (text = strmap_get(g->unread, dir, NULL)) != NULL)
			/* The client's words, as in-process says them. */
			xasprintf(&n->evidence, "%s@%s (replaced by %s): %s",
			    n->path, n->version, dir, text);
		else
			xasprintf(&n->evidence, "%s@%s (replaced by %s): its "
			    "go.mod was not sent with the request (modvet "
			    "sends those it can read)", n->path, n->version,
			    dir);
		return;
	}
	xasprintf(&name, "%s/go.mod", dir);
	graph_summarize(g, n, name, text, strlen(text), NULL, 0, NULL);
	free(name);
}

/* Read a local (directory) replacement's go.mod; dir is relative to the
 * main module's directory unless absolute. */
static void
graph_load_local(struct graph *g, struct graph_node *n, const char *dir)
{
	char	*file, *why, *data = NULL;
	size_t	 len;

	if (g->sent != NULL) {
		graph_load_sent(g, n, dir);
		return;
	}
	if (g->dir == NULL) {
		/* Nothing was sent, and no disk is ours to read. */
		n->status = MV_EINVAL;
		n->local = 1;
		xasprintf(&n->evidence, "%s@%s (replaced by %s): its go.mod "
		    "was not sent with the request", n->path, n->version, dir);
		return;
	}
	file = moddir_gomod(g->dir, dir);
	if ((why = moddir_read(g->dir, dir, &data, &len)) == NULL)
		graph_summarize(g, n, file, data, len, NULL, 0, NULL);
	else {
		/* The go command refuses a directory without go.mod: a fault
		 * of the replacement, never a version that does not exist. */
		n->status = MV_EINVAL;
		n->local = 1;
		xasprintf(&n->evidence, "%s@%s (replaced by %s): %s", n->path,
		    n->version, dir, why);
	}
	free(why);
	free(data);
	free(file);
}

/* Load every item of a level: toolchain and local ones at once, the rest
 * in one parallel fetch of what the source's table of summaries does not
 * hold, applied in the level's order whichever way each came (the order
 * of the graph's nodes must not depend on what a worker has seen). A
 * summary the table holds costs no request. */
static void
graph_load_level(struct graph *g, struct graph_item *items, size_t n)
{
	const struct modfile_replace	 *r;
	const struct modsum		**known;
	struct modsum			**kept;
	struct source_req		**reqs, **fetch;
	struct graph_node		**who;
	const char			**actual;
	struct modsums			 *table = g->source->modsums;
	const char			 *path, *version;
	size_t				  i, k = 0, nfetch = 0;

	reqs = xcalloc(n + 1, sizeof *reqs);
	fetch = xcalloc(n + 1, sizeof *fetch);
	who = xcalloc(n + 1, sizeof *who);
	known = xcalloc(n + 1, sizeof *known);
	kept = xcalloc(n + 1, sizeof *kept);
	actual = xcalloc(n + 1, sizeof *actual);
	for (i = 0; i < n; i++) {
		struct graph_node *node = items[i].node;

		if (node->fetched)
			continue;
		node->fetched = 1;
		if (node->answered) {
			/* Another graph of the store read it. */
			graph_replay(g, node);
			continue;
		}
		node->answered = 1;
		if (graph_is_toolchain(node->path)) {
			graph_load_toolchain(g, node);
			continue;
		}
		path = node->path;
		version = node->version;
		if ((r = graph_replacement(g->mainfile, path, version)) !=
		    NULL) {
			if (*r->new.version == '\0') {
				graph_load_local(g, node, r->new.path);
				continue;
			}
			path = r->new.path;
			version = r->new.version;
			actual[k] = path;
		}
		if (table != NULL &&
		    (known[k] = modsums_get(table, path, version)) != NULL)
			g->source->stats.cache_hits++;
		else {
			reqs[k] = xmalloc(sizeof *reqs[k]);
			source_req_init(reqs[k], PROXY_MOD, path, version);
			fetch[nfetch++] = reqs[k];
		}
		who[k++] = node;
	}
	if (nfetch > 0)
		source_fetch(g->source, fetch, nfetch);
	/* Nothing is put in the table until every known summary is read. */
	for (i = 0; i < k; i++) {
		if (known[i] != NULL) {
			who[i]->from_cache = 1;
			graph_apply(g, who[i], known[i], actual[i], 1);
			continue;
		}
		who[i]->status = reqs[i]->status;
		who[i]->from_cache = reqs[i]->from_cache;
		if (reqs[i]->status == 0) {
			char *name;

			xasprintf(&name, "%s@%s/go.mod", reqs[i]->path,
			    reqs[i]->version);
			graph_summarize(g, who[i], name, reqs[i]->data,
			    reqs[i]->len, actual[i], 1, &kept[i]);
			free(name);
		} else if (reqs[i]->evidence != NULL)
			who[i]->evidence = xstrdup(reqs[i]->evidence);
	}
	for (i = 0; i < k; i++) {
		if (reqs[i] == NULL)
			continue;
		/* What parsed is kept, whatever path it declares: the check
		 * of the path is made at each use. */
		if (kept[i] != NULL && (table == NULL || modsums_put(table,
		    reqs[i]->path, reqs[i]->version, kept[i]) == NULL))
			free(kept[i]);
		source_req_free(reqs[i]);
		free(reqs[i]);
	}
	free(reqs);
	free(fetch);
	free(who);
	free(known);
	free(kept);
	free(actual);
}

/* Queue the requirements of a loaded item, by readModGraph's rule. */
static void
graph_expand(struct graph_queue *next, const struct graph_item *it)
{
	enum graph_pruning	 nextp;
	size_t			 i;

	if (!it->node->loaded)
		return;
	nextp = it->pruning == GRAPH_UNPRUNED || !it->node->pruned ?
	    GRAPH_UNPRUNED : GRAPH_PRUNED;
	/* A workspace item's requirements are all loaded, each by its own
	 * pruning (readModGraph: pruning != pruned). */
	if (it->pruning == GRAPH_PRUNED && it->node->pruned)
		return;
	if (it->pruning == GRAPH_WORKSPACE)
		nextp = it->node->pruned ? GRAPH_PRUNED : GRAPH_UNPRUNED;
	for (i = 0; i < it->node->nreqs; i++)
		graph_enqueue(next, it->node->reqs[i], nextp);
}

/* ModSort order: by path, then by version. */
static int
graph_mod_cmp(const void *a, const void *b)
{
	const struct mvs_mod	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->path, y->path)) != 0)
		return (c);
	return (graph_compare(x->path, x->version, y->version));
}

/* The main module's roots (rootsFromModFile): its requirements less the
 * excluded ones, go@VERSION and toolchain@NAME, in ModSort order. */
static void
graph_main_roots(const struct modfile *mf, const char *go,
    struct mvs_list *out)
{
	size_t	i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < mf->require.n; i++) {
		if (*mf->require.v[i]->mod.path == '\0' ||
		    graph_is_excluded(mf, mf->require.v[i]->mod.path,
		    mf->require.v[i]->mod.version))
			continue;
		mvs_list_add(out, mf->require.v[i]->mod.path,
		    mf->require.v[i]->mod.version);
	}
	mvs_list_add(out, "go", go);
	if (mf->toolchain != NULL)
		mvs_list_add(out, "toolchain", mf->toolchain->name);
	qsort(out->v, out->n, sizeof *out->v, graph_mod_cmp);
}

static void	graph_ask_infos_new(struct graph *);

/* Load what is queued, level by level, until nothing is (the queue is
 * freed). */
static void
graph_run(struct graph *g, struct graph_queue *queue)
{
	struct graph_queue	 cur = *queue, next = { NULL, 0, 0 }, tmp;
	size_t			 i;

	while (cur.n > 0) {
		g->levels++;
		source_phase(g->source, "graph level %d, %zu go.mod files",
		    g->levels, cur.n);
		graph_load_level(g, cur.v, cur.n);
		for (i = 0; i < cur.n; i++)
			graph_expand(&next, &cur.v[i]);
		tmp = cur;
		cur = next;
		next = tmp;
		next.n = 0;
		/* What this level's edges select and no level will read:
		 * its .info asked now, not after the last level. */
		if (g->ask_infos && cur.n > 0)
			graph_ask_infos_new(g);
	}
	free(cur.v);
	free(next.v);
	memset(queue, 0, sizeof *queue);
}

/* Load the graph from the given roots. */
static void
graph_load_roots(struct graph *g, const struct mvs_list *roots)
{
	struct graph_queue	 cur = { NULL, 0, 0 };
	enum graph_pruning	 mainp;
	size_t			 i;

	g->main = graph_node_get(g, g->mainfile->module != NULL ?
	    g->mainfile->module->mod.path : "", "");
	/* Its edges are this graph's roots, whatever another graph of the
	 * store had. */
	g->main->nedges = 0;
	g->main->answered = g->main->applied = 1;
	g->main->loaded = g->main->fetched = 1;
	g->main->status = 0;
	g->main->go = arena_strdup(&g->store->arena, g->go);
	graph_select(g, g->main->path, g->main->version);
	for (i = 0; i < roots->n; i++)
		graph_add_edge(g, g->main, roots->v[i].path,
		    roots->v[i].version);
	g->roots = xcalloc(1, sizeof *g->roots);
	g->roots[g->nroots++] = g->main;
	mainp = graph_pruning_for(g->go);
	g->pruned = mainp == GRAPH_PRUNED;
	for (i = 0; i < g->main->nreqs; i++)
		graph_enqueue(&cur, g->main->reqs[i], mainp);
	graph_run(g, &cur);
}

/* Set up an empty graph in store (NULL: one of its own). */
static void
graph_init(struct graph *g, struct graph_store *store, struct source *src,
    const struct modfile *mf, const struct moddir *where)
{
	memset(g, 0, sizeof *g);
	if ((g->store = store) == NULL) {
		g->store = graph_store_new();
		g->own_store = 1;
	}
	g->gen = ++g->store->gen;
	g->source = src;
	g->mainfile = mf;
	if (where != NULL && where->path != NULL)
		g->dir = xstrdup(where->path);
	if (where != NULL) {
		g->sent = where->sent;
		g->unread = where->unread;
	}
	g->go = xstrdup(mf->go != NULL ? mf->go->version : "1.16");
}

/* Drop roots that raising made equal to their neighbour (the list is in
 * ModSort order): "require go v1.99.0" beside "go 1.18" becomes a second
 * go@1.18, and the go command lists each edge once. */
static void
graph_dedup_roots(struct mvs_list *roots)
{
	size_t	i, n = 0;

	qsort(roots->v, roots->n, sizeof *roots->v, graph_mod_cmp);
	for (i = 0; i < roots->n; i++) {
		if (n > 0 && strcmp(roots->v[n - 1].path,
		    roots->v[i].path) == 0 && strcmp(roots->v[n - 1].version,
		    roots->v[i].version) == 0)
			continue;
		roots->v[n++] = roots->v[i];
	}
	roots->n = n;
}

/*
 * Raise every root of a pruned main module to its selected version until
 * none changes: what "go list -m all" and "go mod graph" do to a go.mod
 * that is not tidy under -mod=mod (modload's updatePrunedRoots). Returns
 * 1 when a root was raised (the graph is then reloaded).
 */
static int
graph_tidy_roots(struct graph *g, struct mvs_list *roots)
{
	const char	*sel;
	char		*go = NULL;
	size_t		 i;
	int		 changed = 0;

	if (!g->pruned)
		return (0);
	for (i = 0; i < roots->n; i++) {
		sel = graph_selected(g, roots->v[i].path);
		if (graph_compare(roots->v[i].path, roots->v[i].version,
		    sel) < 0) {
			roots->v[i].version = xstrdup(sel);
			g->owned = xreallocarray(g->owned, g->nowned + 1,
			    sizeof *g->owned);
			g->owned[g->nowned++] = (char *)roots->v[i].version;
			if (strcmp(roots->v[i].path, "go") == 0)
				go = (char *)roots->v[i].version;
			changed = 1;
		}
	}
	if (changed) {
		graph_clear(g);
		if (go != NULL) {
			/* The go line's root borrows g->go: move it first. */
			for (i = 0; i < roots->n; i++)
				if (roots->v[i].version == g->go)
					roots->v[i].version = go;
			free(g->go);
			g->go = xstrdup(go);
		}
		graph_dedup_roots(roots);
	}
	return (changed);
}

/* Load the graph of the main module mf (its local replacements read
 * from where: a directory, or what a client sent; NULL: none). The graph
 * borrows mf, where and the source. With GRAPH_TIDY in flags, roots
 * are raised to their selected versions as the go command does under
 * -mod=mod; without, the graph is the go.mod's as written. With
 * GRAPH_ASK_INFOS, see graph_ask_infos. */
void
graph_load_in(struct graph *g, struct graph_store *store, struct source *src,
    const struct modfile *mf, const struct moddir *where, int flags)
{
	struct mvs_list	roots;

	graph_init(g, store, src, mf, where);
	if (flags & GRAPH_ASK_INFOS) {
		g->ask_infos = 1;
		strmap_init(&g->infos_asked);
	}
	graph_main_roots(mf, g->go, &roots);
	graph_load_roots(g, &roots);
	while ((flags & GRAPH_TIDY) && graph_tidy_roots(g, &roots))
		graph_load_roots(g, &roots);
	mvs_list_free(&roots);
}

void
graph_load(struct graph *g, struct source *src, const struct modfile *mf,
    const struct moddir *where, int flags)
{
	graph_load_in(g, NULL, src, mf, where, flags);
}

/* ModSort order of nodes. */
static int
graph_node_cmp(const void *a, const void *b)
{
	const struct graph_node	*x = *(const struct graph_node *const *)a;
	const struct graph_node	*y = *(const struct graph_node *const *)b;
	int			 c;

	if ((c = strcmp(x->path, y->path)) != 0)
		return (c);
	return (graph_compare(x->path, x->version, y->version));
}

/* A workspace module as a root: loaded from its go.mod already parsed
 * (its requirements less the excluded, go@ from go 1.21, as
 * rawGoModSummary reads a main module). */
static struct graph_node *
graph_workspace_module(struct graph *g, const struct modfile *m)
{
	struct graph_node	*n;
	size_t			 i;

	n = graph_node_get(g, m->module != NULL ? m->module->mod.path : "",
	    "");
	n->nedges = 0;
	n->answered = n->applied = 1;
	n->loaded = n->fetched = 1;
	n->status = 0;
	if (m->go != NULL)
		n->go = arena_strdup(&g->store->arena, m->go->version);
	n->pruned = graph_pruning_for(n->go) == GRAPH_PRUNED;
	for (i = 0; i < m->require.n; i++) {
		if (*m->require.v[i]->mod.path == '\0' ||
		    graph_is_excluded(g->mainfile, m->require.v[i]->mod.path,
		    m->require.v[i]->mod.version))
			continue;
		graph_add_edge(g, n, m->require.v[i]->mod.path,
		    m->require.v[i]->mod.version);
	}
	if (n->go != NULL && gover_compare(n->go, "1.21") >= 0)
		graph_add_edge(g, n, "go", n->go);
	graph_select(g, n->path, "");
	return (n);
}

/* Add n to the list unless it is there. */
static void
graph_needs(struct graph_node ***v, size_t *n, struct graph_node *m)
{
	size_t	i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == m)
			return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = m;
}

/*
 * readModGraph's last step in a workspace: the requirements of the
 * modules whose dependencies may provide packages in "all" (the
 * workspace's modules first) are loaded again at their selected versions
 * where those are higher than required, until none is new.
 */
static void
graph_workspace_deps(struct graph *g)
{
	struct graph_queue	  q = { NULL, 0, 0 };
	struct graph_node	**needs = NULL, *m, *s;
	struct strv		  paths;
	struct strmap		  inall;
	const char		 *sel;
	size_t			  i, j, nneeds;

	strv_init(&paths);
	strmap_init(&inall);
	for (i = 0; i < g->nroots; i++)
		if (strmap_get(&inall, g->roots[i]->path, NULL) == NULL) {
			strmap_set(&inall, g->roots[i]->path, g->roots[i]);
			strv_push(&paths, g->roots[i]->path);
		}
	for (;;) {
		nneeds = 0;
		for (i = 0; i < paths.n; i++) {
			sel = graph_selected(g, paths.v[i]);
			if ((m = graph_find(g, paths.v[i], sel)) == NULL)
				continue;
			if (!m->visited) {
				graph_needs(&needs, &nneeds, m);
				continue;
			}
			for (j = 0; j < m->nreqs; j++) {
				sel = graph_selected(g, m->reqs[j]->path);
				if (graph_compare(m->reqs[j]->path, sel,
				    m->reqs[j]->version) > 0 &&
				    (s = graph_find(g, m->reqs[j]->path,
				    sel)) != NULL && !s->visited)
					graph_needs(&needs, &nneeds, s);
			}
		}
		if (nneeds == 0)
			break;
		for (i = 0; i < nneeds; i++) {
			graph_enqueue(&q, needs[i], GRAPH_WORKSPACE);
			needs[i]->visited = 1;	/* readModGraph's seen */
			if (strmap_get(&inall, needs[i]->path, NULL) == NULL) {
				strmap_set(&inall, needs[i]->path, needs[i]);
				strv_push(&paths, needs[i]->path);
			}
		}
		graph_run(g, &q);
	}
	for (i = 0; i < g->nall; i++)
		g->all[i]->visited = 0;
	free(needs);
	strv_free(&paths);
	strmap_free(&inall);
}

/*
 * The graph of a workspace (readModGraph with workspace pruning): the
 * roots are its modules and go@ (and toolchain@) of the go.work; each
 * module's requirements are loaded by its own pruning, then the
 * requirements of what "all" may need at the versions selected.
 */
void
graph_load_workspace(struct graph *g, struct source *src,
    const struct workspace *ws, const struct moddir *where)
{
	struct graph_queue	 q = { NULL, 0, 0 };
	struct graph_node	*n;
	size_t			 i;

	graph_init(g, NULL, src, ws->merged, where);
	g->pruned = 1;
	g->roots = xcalloc(ws->dirs.n + 2, sizeof *g->roots);
	for (i = 0; i < ws->dirs.n; i++)
		g->roots[g->nroots++] = graph_workspace_module(g, ws->mods[i]);
	n = graph_node_get(g, "go", g->go);
	graph_select(g, n->path, n->version);
	g->roots[g->nroots++] = n;
	if (ws->work->toolchain != NULL) {
		n = graph_node_get(g, "toolchain", ws->work->toolchain->name);
		graph_select(g, n->path, n->version);
		g->roots[g->nroots++] = n;
	}
	qsort(g->roots, g->nroots, sizeof *g->roots, graph_node_cmp);
	for (i = 0; i < g->nroots; i++) {
		if (g->main == NULL && *g->roots[i]->version == '\0')
			g->main = g->roots[i];
		graph_enqueue(&q, g->roots[i], GRAPH_WORKSPACE);
	}
	graph_run(g, &q);
	graph_workspace_deps(g);
}

/* Forget the graph's nodes, to load it again: a new generation of the
 * store (whose go.mod files stay read). */
static void
graph_clear(struct graph *g)
{
	free(g->all);
	g->all = NULL;
	g->nall = g->capall = 0;
	g->main = NULL;
	free(g->roots);
	g->roots = NULL;
	g->nroots = 0;
	if (g->store != NULL)
		g->gen = ++g->store->gen;
}

/* Free a graph (and its store, if its own). */
void
graph_free(struct graph *g)
{
	size_t	i;

	graph_clear(g);
	if (g->ask_infos)
		strmap_free(&g->infos_asked);
	if (g->own_store)
		graph_store_free(g->store);
	for (i = 0; i < g->nowned; i++)
		free(g->owned[i]);
	free(g->owned);
	free(g->dir);
	free(g->go);
	memset(g, 0, sizeof *g);
}

/* The selected version of path ("none" when the graph has none). */
const char *
graph_selected(const struct graph *g, const char *path)
{
	const struct graph_path	*r;

	if (g->store->paths.cap == 0 || (r = *graph_path_slot(&g->store->paths,
	    path, strmap_hash_pair(path, NULL))) == NULL || r->gen != g->gen ||
	    r->selected == NULL)
		return ("none");
	return (r->selected);
}

/* The node of path@version if the graph has it. */
struct graph_node *
graph_find(const struct graph *g, const char *path, const char *version)
{
	struct graph_node	*n;

	if (g->store->nodes.cap == 0 || (n = *graph_node_slot(&g->store->nodes,
	    path, version, strmap_hash_pair(path, version))) == NULL ||
	    n->gen != g->gen)
		return (NULL);
	return (n);
}

/* Is path the path of one of the graph's roots? */
static int
graph_is_root_path(const struct graph *g, const char *path)
{
	size_t	i;

	for (i = 0; i < g->nroots; i++)
		if (strcmp(g->roots[i]->path, path) == 0)
			return (1);
	return (0);
}

/* The build list (mvs.Graph.BuildList): the roots' selected versions in
 * their order (the main module; a workspace's modules and go), then
 * every other selected module in ModSort order. Strings are borrowed
 * from the graph. */
void
graph_build_list(const struct graph *g, struct mvs_list *out)
{
	struct mvs_list	all = { NULL, 0, 0 };
	size_t		i;

	memset(out, 0, sizeof *out);
	for (i = 0; i < g->store->paths.cap; i++) {
		const struct graph_path *r = g->store->paths.slots[i];

		if (r != NULL && r->gen == g->gen && r->selected != NULL)
			mvs_list_add(&all, r->path, r->selected);
	}
	for (i = 0; i < g->nroots; i++)
		if ((i == 0 || strcmp(g->roots[i - 1]->path,
		    g->roots[i]->path) != 0) &&
		    strcmp(graph_selected(g, g->roots[i]->path), "none") != 0)
			mvs_list_add(out, g->roots[i]->path,
			    graph_selected(g, g->roots[i]->path));
	if (all.n > 1)
		qsort(all.v, all.n, sizeof *all.v, graph_mod_cmp);
	for (i = 0; i < all.n; i++) {
		if (!graph_is_root_path(g, all.v[i].path))
			mvs_list_add(out, all.v[i].path, all.v[i].version);
	}
	mvs_list_free(&all);
}

/* Visit the graph breadth first from the main module, each node once
 * (mvs.Graph.WalkBreadthFirst): go mod graph's order. */
void
graph_walk(const struct graph *g, void (*fn)(const struct graph_node *,
    void *), void *arg)
{
	struct graph_node	**queue;
	struct strmap		  seen;
	size_t			  head = 0, tail = 0, i;
	char			 *key;

	queue = xcalloc(g->nall + 1, sizeof *queue);
	strmap_init(&seen);
	for (i = 0; i < g->nroots; i++) {
		xasprintf(&key, "%s@%s", g->roots[i]->path,
		    g->roots[i]->version);
		strmap_set(&seen, key, g->roots[i]);
		free(key);
		queue[tail++] = g->roots[i];
	}
	while (head < tail) {
		struct graph_node *n = queue[head++];

		fn(n, arg);
		for (i = 0; i < n->nreqs; i++) {
			xasprintf(&key, "%s@%s", n->reqs[i]->path,
			    n->reqs[i]->version);
			if (strmap_get(&seen, key, NULL) == NULL &&
			    strcmp(n->reqs[i]->version, "none") != 0) {
				strmap_set(&seen, key, n->reqs[i]);
				queue[tail++] = n->reqs[i];
			}
			free(key);
		}
	}
	strmap_free(&seen);
	free(queue);
}

/* A path of requirements from the main module to a node requiring
 * path@version (breadth first, so the shortest): the nodes, main first,
 * ending with the one that requires it. 0 when none. The caller frees
 * *out. */
size_t
graph_why(const struct graph *g, const char *path, const char *version,
    struct graph_node ***out)
{
	struct graph_node	**queue, **parent, *end = NULL;
	size_t			  head = 0, tail = 0, i, j, n = 0;

	*out = NULL;
	queue = xcalloc(g->nall + 1, sizeof *queue);
	parent = xcalloc(g->nall + 1, sizeof *parent);
	for (i = 0; i < g->nall; i++)
		g->all[i]->index = i;
	for (i = 0; i < g->nroots; i++) {
		queue[tail++] = g->roots[i];
		g->roots[i]->visited = 1;
	}
	while (head < tail && end == NULL) {
		struct graph_node *m = queue[head++];

		for (i = 0; i < m->nreqs && end == NULL; i++) {
			struct graph_node *r = m->reqs[i];

			if (strcmp(r->path, path) == 0 &&
			    strcmp(r->version, version) == 0)
				end = m;
			else if (!r->visited) {
				r->visited = 1;
				parent[r->index] = m;
				queue[tail++] = r;
			}
		}
	}
	for (i = 0; i < g->nall; i++)
		g->all[i]->visited = 0;
	if (end != NULL) {
		struct graph_node *m;

		for (m = end; m != NULL; m = parent[m->index])
			n++;
		*out = xcalloc(n, sizeof **out);
		for (m = end, j = n; m != NULL; m = parent[m->index])
			(*out)[--j] = m;
	}
	free(queue);
	free(parent);
	return (n);
}

/*
 * The .info requests of every module of the build list but the main
 * module, as "go list -m all" reads them (modload's moduleInfo): of the
 * replacement where it is a module version, none where it is a directory.
 * With skip_read, not of the versions whose go.mod the graph read. The
 * requests in *out (source_reqs_free frees); their number.
 */
static size_t
graph_info_reqs(const struct graph *g, int skip_read,
    struct source_req ***out)
{
	const struct modfile_replace	 *r;
	const struct graph_node		 *n;
	struct source_req		**reqs;
	struct mvs_list			  list;
	const char			 *path, *version;
	size_t				  i, k = 0;

	graph_build_list(g, &list);
	reqs = xcalloc(list.n + 1, sizeof *reqs);
	for (i = 0; i < list.n; i++) {
		path = list.v[i].path;
		version = list.v[i].version;
		if (*version == '\0' || gover_is_toolchain(path))
			continue;	/* a main module, go, toolchain */
		if ((r = graph_replacement(g->mainfile, path, version)) !=
		    NULL) {
			if (*r->new.version == '\0')
				continue;
			path = r->new.path;
			version = r->new.version;
		}
		n = graph_find(g, list.v[i].path, list.v[i].version);
		/* (Queued: read by a level to come, while loading.) */
		if (skip_read && (r != NULL || (n != NULL && (n->fetched ||
		    n->queued_pruned || n->queued_unpruned ||
		    n->queued_workspace))))
			continue;
		reqs[k] = xmalloc(sizeof *reqs[k]);
		source_req_init(reqs[k++], PROXY_INFO, path, version);
	}
	mvs_list_free(&list);
	*out = reqs;
	return (k);
}

/* Ask for the .info requests of graph_info_reqs (the answered requests
 * in *out, source_reqs_free frees); their number. */
size_t
graph_fetch_infos(const struct graph *g, int skip_read,
    struct source_req ***out)
{
	size_t	k = graph_info_reqs(g, skip_read, out);

	source_phase(g->source, "%zu selected versions' .info files", k);
	if (k > 0)
		source_fetch(g->source, *out, k);
	return (k);
}

/* Ask ahead for the .info files of the selected versions whose go.mod
 * the graph does not read, those not asked before by this graph. */
static void
graph_ask_infos_new(struct graph *g)
{
	struct source_req	**reqs;
	char			 *key;
	size_t			  i, k, n = 0;

	k = graph_info_reqs(g, 1, &reqs);
	for (i = 0; i < k; i++) {
		if (strmap_get_pair(&g->infos_asked, reqs[i]->path,
		    reqs[i]->version) != NULL) {
			source_req_free(reqs[i]);
			free(reqs[i]);
			continue;
		}
		xasprintf(&key, "%s@%s", reqs[i]->path, reqs[i]->version);
		strmap_set(&g->infos_asked, key, g);
		free(key);
		reqs[n++] = reqs[i];
	}
	source_ask_ahead(g->source, reqs, n);
	source_reqs_free(reqs, n);
}

/*
 * With GRAPH_ASK_INFOS, ask ahead for the .info files that
 * graph_fetch_infos with skip_read (a deep check's rules_selected_exist)
 * will ask: after each level, of what it selects that no level will read
 * (a pruned dependency's requirements: most of them are final), and once
 * more when the graph is loaded. They then travel with the graph's levels
 * and the rounds that follow it instead of after them.
 */
void
graph_ask_infos(struct graph *g)
{
	if (g->ask_infos)
		graph_ask_infos_new(g);
}

/*
 * Why the go command would refuse to list the graph, one line each: every
 * go.mod it could not read ("go mod graph" and "go list -m all" stop on
 * them) and, with infos ("go list -m all", which reads the .info of every
 * selected version), every .info it could not read. Returns how many, the
 * lines in *why (caller frees).
 */
size_t
graph_unreadable(const struct graph *g, int infos, struct strv *why)
{
	struct source_req	**reqs;
	char			 *line;
	size_t			  i, n;

	strv_init(why);
	for (i = 0; i < g->nall; i++) {
		const struct graph_node *m = g->all[i];

		if (!m->fetched || m->status == 0)
			continue;
		xasprintf(&line, "%s@%s: reading go.mod: %s (%s)", m->path,
		    m->version, m->evidence != NULL ? m->evidence :
		    "no answer", source_status_name(m->status));
		strv_push_owned(why, line);
	}
	if (!infos || why->n > 0)
		return (why->n);
	n = graph_fetch_infos(g, 0, &reqs);
	for (i = 0; i < n; i++) {
		if (reqs[i]->status == 0)
			continue;
		xasprintf(&line, "%s@%s: reading .info: %s (%s)",
		    reqs[i]->path, reqs[i]->version, reqs[i]->evidence != NULL ?
		    reqs[i]->evidence : "no answer",
		    source_status_name(reqs[i]->status));
		strv_push_owned(why, line);
	}
	source_reqs_free(reqs, n);
	return (why->n);
}
