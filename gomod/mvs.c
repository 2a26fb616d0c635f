/*
 * Minimal Version Selection (cmd/go/internal/mvs): the build list is the
 * highest version of each module path required anywhere in the graph
 * reachable from the targets. Requirements come through struct mvs_reqs,
 * so the same code serves the go command's module graph and the abstract
 * graphs of the mvs test scenarios. The walk is sequential: callers that
 * fetch go.mod files over the network prefetch them level by level first.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

/* One module version of the graph. */
struct mvs_node {
	struct mvs_mod		 m;
	struct mvs_mod		*req;		/* its requirements */
	size_t			 nreq;
	int			 required_set;
	char			*err;		/* loading it failed */
	struct mvs_node		*first_requires;	/* for FindPath */
	int			 seen;
};

struct mvs_graph {
	struct arena		 arena;
	const struct mvs_reqs	*reqs;
	struct strmap		 nodes;		/* "path@version" → node */
	struct strmap		 selected;	/* path → version */
	struct strmap		 upgrades;	/* "path@version" → node */
	const struct mvs_mod	*roots;
	size_t			 nroots;
	struct {
		struct mvs_node	**v;
		size_t		  n;
		size_t		  cap;
	}			 queue;
	size_t			 head;
};

/* An upgrade function of buildList: set *out, or -1 with *cause. */
typedef int (*mvs_upgrade_fn)(void *, const struct mvs_mod *,
    struct mvs_mod *, char **);

/* Append a module to a list. */
void
mvs_list_add(struct mvs_list *l, const char *path, const char *version)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n].path = path;
	l->v[l->n].version = version;
	l->n++;
}

/* Free a list (not the strings, which belong to the requirements). */
void
mvs_list_free(struct mvs_list *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* The graph key of a module. */
static char *
mvs_key(const struct mvs_mod *m)
{
	char	*k;

	xasprintf(&k, "%s@%s", m->path, m->version);
	return (k);
}

/* Compare versions of path through the requirements' Max. */
static int
mvs_cmp(const struct mvs_reqs *reqs, const char *p, const char *v1,
    const char *v2)
{
	if (strcmp(reqs->max(reqs->arg, p, v1, v2), v1) != 0)
		return (-1);
	if (strcmp(reqs->max(reqs->arg, p, v2, v1), v2) != 0)
		return (1);
	return (0);
}

/* The selected version of path ("none" if nothing requires it). */
static const char *
mvs_selected(struct mvs_graph *g, const char *path)
{
	const char	*v = strmap_get(&g->selected, path, NULL);

	return (v != NULL ? v : "none");
}

/* Raise the selected version of m's path to m's version if higher. */
static void
mvs_select(struct mvs_graph *g, const struct mvs_mod *m)
{
	if (mvs_cmp(g->reqs, m->path, mvs_selected(g, m->path),
	    m->version) < 0)
		strmap_set(&g->selected, m->path, (void *)m->version);
}

/* The node of m, created (and queued for a visit) on first sight. */
static struct mvs_node *
mvs_node(struct mvs_graph *g, const struct mvs_mod *m)
{
	struct mvs_node	*n;
	char		*k;

	k = mvs_key(m);
	if ((n = strmap_get(&g->nodes, k, NULL)) == NULL) {
		n = arena_alloc(&g->arena, sizeof *n);
		n->m = *m;
		strmap_set(&g->nodes, k, n);
		ARENA_PUSH(&g->arena, &g->queue, n);
	}
	free(k);
	return (n);
}

/* Start a graph over the roots. */
static void
mvs_graph_init(struct mvs_graph *g, const struct mvs_reqs *reqs,
    const struct mvs_mod *roots, size_t nroots)
{
	size_t	i;

	memset(g, 0, sizeof *g);
	arena_init(&g->arena);
	strmap_init(&g->nodes);
	strmap_init(&g->selected);
	strmap_init(&g->upgrades);
	g->reqs = reqs;
	g->roots = roots;
	g->nroots = nroots;
	for (i = 0; i < nroots; i++) {
		mvs_node(g, &roots[i]);
		mvs_select(g, &roots[i]);
	}
}

/* Free a graph. */
static void
mvs_graph_free(struct mvs_graph *g)
{
	strmap_free(&g->nodes);
	strmap_free(&g->selected);
	strmap_free(&g->upgrades);
	arena_free(&g->arena);
}

/* Load one module's requirements (and its upgrade) into the graph. */
static void
mvs_visit(struct mvs_graph *g, struct mvs_node *n, mvs_upgrade_fn upgrade,
    void *uparg)
{
	const struct mvs_mod	*req = NULL;
	struct mvs_mod		 u;
	size_t			 nreq = 0, i;
	char			*err = NULL, *uperr = NULL, *k;

	if (strcmp(n->m.version, "none") != 0 &&
	    g->reqs->required(g->reqs->arg, &n->m, &req, &nreq, &err) != 0)
		req = NULL, nreq = 0;
	u = n->m;
	if (upgrade != NULL && upgrade(uparg, &n->m, &u, &uperr) != 0) {
		u = n->m;
		if (err == NULL)
			err = uperr;
		else
			free(uperr);
	}
	if (err != NULL) {
		n->err = arena_strdup(&g->arena, err);
		free(err);
	}
	n->nreq = nreq;
	if (strcmp(u.path, n->m.path) != 0 ||
	    strcmp(u.version, n->m.version) != 0) {
		n->nreq++;
		k = mvs_key(&n->m);
		strmap_set(&g->upgrades, k, mvs_node(g, &u));
		free(k);
	}
	n->req = arena_alloc(&g->arena, (n->nreq + 1) * sizeof *n->req);
	i = 0;
	if (n->nreq > nreq)
		n->req[i++] = u;
	if (nreq > 0)
		memcpy(n->req + i, req, nreq * sizeof *req);
	n->required_set = 1;
	for (i = 0; i < n->nreq; i++) {
		mvs_select(g, &n->req[i]);
		mvs_node(g, &n->req[i]);
	}
}

/* FindPath: the shortest requirement path from a root to a module whose
 * loading failed (breadth first). */
static size_t
mvs_find_error_path(struct mvs_graph *g, struct mvs_node ***out)
{
	struct mvs_node	**queue, *n, *r, **path;
	size_t		  head = 0, tail = 0, cap, i, len;

	cap = g->queue.n + 1;
	queue = xcalloc(cap, sizeof *queue);
	for (i = 0; i < g->nroots; i++) {
		n = mvs_node(g, &g->roots[i]);
		if (!n->seen) {
			n->seen = 1;
			queue[tail++] = n;
		}
	}
	while (head < tail) {
		n = queue[head++];
		if (n->err != NULL) {
			for (len = 0, r = n; r != NULL; r = r->first_requires)
				len++;
			path = xcalloc(len, sizeof *path);
			for (i = len, r = n; r != NULL; r = r->first_requires)
				path[--i] = r;
			free(queue);
			*out = path;
			return (len);
		}
		for (i = 0; i < n->nreq; i++) {
			r = mvs_node(g, &n->req[i]);
			if (!r->seen && tail < cap) {
				r->seen = 1;
				r->first_requires = n;
				queue[tail++] = r;
			}
		}
	}
	free(queue);
	*out = NULL;
	return (0);
}

/* "path@version", or just the path when the version is empty. */
static void
mvs_print_mod(struct buf *b, const struct mvs_mod *m)
{
	if (*m->version != '\0')
		buf_printf(b, "%s@%s", m->path, m->version);
	else
		buf_adds(b, m->path);
}

/* module.VersionError: "path@version: err" unless err says so already. */
static void
mvs_print_error(struct buf *b, const struct mvs_mod *m, const char *err)
{
	char	*prefix;

	if (*m->version == '\0') {
		buf_printf(b, "module %s: %s", m->path, err);
		return;
	}
	xasprintf(&prefix, "%s@%s: ", m->path, m->version);
	if (strncmp(err, prefix, strlen(prefix)) != 0)
		buf_adds(b, prefix);
	buf_adds(b, err);
	free(prefix);
}

/* BuildListError: the requirement chain to the module that failed. */
static char *
mvs_build_list_error(struct mvs_graph *g)
{
	struct mvs_node	**path, *last, *up;
	struct buf	  b;
	size_t		  n, i = 0;
	char		 *k;

	n = mvs_find_error_path(g, &path);
	if (n == 0)
		return (xstrdup("internal error: no path to the module with "
		    "an error"));
	last = path[n - 1];
	buf_init(&b, 0);
	while (i < n && *path[i]->m.version == '\0')
		i++;
	if (i == n)
		buf_adds(&b, last->err);
	else {
		for (; i < n - 1; i++) {
			mvs_print_mod(&b, &path[i]->m);
			k = mvs_key(&path[i]->m);
			up = strmap_get(&g->upgrades, k, NULL);
			free(k);
			buf_printf(&b, " %s\n\t", up == path[i + 1] ?
			    "upgrades to" : "requires");
		}
		mvs_print_error(&b, &last->m, last->err);
	}
	free(path);
	return (buf_steal(&b));
}

/* Collect the selected versions of non-root paths (strmap callback). */
struct mvs_collect {
	struct mvs_graph	*g;
	struct mvs_list		*list;
};

static void
mvs_collect_one(const char *path, void *version, void *arg)
{
	struct mvs_collect	*c = arg;
	size_t			 i;

	for (i = 0; i < c->g->nroots; i++) {
		if (strcmp(c->g->roots[i].path, path) == 0)
			return;
	}
	mvs_list_add(c->list, path, version);
}

/* gover.ModSort order of module versions. */
static int
mvs_modsort_cmp(const void *a, const void *b)
{
	const struct mvs_mod	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->path, y->path)) != 0)
		return (c);
	return (gover_mod_compare(x->path, x->version, y->version));
}

/* Graph.BuildList: the roots, then every other path sorted. */
static void
mvs_graph_build_list(struct mvs_graph *g, struct mvs_list *out)
{
	struct mvs_collect	 c = { g, out };
	const char		*v;
	size_t			 i, j, nroots;

	for (i = 0; i < g->nroots; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(g->roots[j].path, g->roots[i].path) == 0)
				break;
		}
		if (j < i)
			continue;
		v = mvs_selected(g, g->roots[i].path);
		if (strcmp(v, "none") != 0)
			mvs_list_add(out, g->roots[i].path, v);
	}
	nroots = out->n;
	strmap_each(&g->selected, mvs_collect_one, &c);
	/* The paths collected are the map's own key copies; replace them
	 * by the callers' strings held in the nodes. */
	for (i = nroots; i < out->n; i++) {
		struct mvs_mod	 m = { out->v[i].path, out->v[i].version };
		struct mvs_node	*n;
		char		*k = mvs_key(&m);

		n = strmap_get(&g->nodes, k, NULL);
		free(k);
		out->v[i] = n->m;
	}
	if (out->n - nroots > 1)
		qsort(out->v + nroots, out->n - nroots, sizeof *out->v,
		    mvs_modsort_cmp);
}

/* buildList: load the graph from the targets and select versions. */
static int
mvs_build(const struct mvs_mod *targets, size_t n,
    const struct mvs_reqs *reqs, mvs_upgrade_fn upgrade, void *uparg,
    struct mvs_list *out, char **cause)
{
	struct mvs_graph	g;
	struct mvs_node		*node;
	size_t			i;
	int			failed = 0;

	memset(out, 0, sizeof *out);
	mvs_graph_init(&g, reqs, targets, n);
	for (g.head = 0; g.head < g.queue.n; g.head++) {
		node = g.queue.v[g.head];
		mvs_visit(&g, node, upgrade, uparg);
		failed |= node->err != NULL;
	}
	if (failed) {
		if (cause != NULL)
			*cause = mvs_build_list_error(&g);
		mvs_graph_free(&g);
		return (-1);
	}
	mvs_graph_build_list(&g, out);
	for (i = 0; i < n && i < out->n; i++) {
		if (strcmp(out->v[i].version, targets[i].version) != 0)
			fatalx("mvs: chose %s@%s instead of target %s@%s",
			    out->v[i].path, out->v[i].version, targets[i].path,
			    targets[i].version);
	}
	mvs_graph_free(&g);
	return (0);
}

/* BuildList. */
int
mvs_build_list(const struct mvs_mod *targets, size_t n,
    const struct mvs_reqs *reqs, struct mvs_list *out, char **cause)
{
	return (mvs_build(targets, n, reqs, NULL, NULL, out, cause));
}

/* The state of Req's walks. */
struct mvs_req_walk {
	const struct mvs_reqs	*reqs;
	struct strmap		 cache;		/* key → struct mvs_cached */
	struct strmap		 have;
	struct mvs_list		 postorder;
	struct arena		 arena;
};

struct mvs_cached {
	const struct mvs_mod	*req;
	size_t			 nreq;
};

/* The first walk of Req: load requirements, record postorder. */
static int
mvs_req_walk1(struct mvs_req_walk *w, const struct mvs_mod *m, char **cause)
{
	struct mvs_cached	*c;
	size_t			 i;
	char			*k;
	int			 found;

	k = mvs_key(m);
	strmap_get(&w->cache, k, &found);
	if (found) {
		free(k);
		return (0);
	}
	c = arena_alloc(&w->arena, sizeof *c);
	if (w->reqs->required(w->reqs->arg, m, &c->req, &c->nreq,
	    cause) != 0) {
		free(k);
		return (-1);
	}
	strmap_set(&w->cache, k, c);
	free(k);
	for (i = 0; i < c->nreq; i++) {
		if (mvs_req_walk1(w, &c->req[i], cause) != 0)
			return (-1);
	}
	mvs_list_add(&w->postorder, m->path, m->version);
	return (0);
}

/* The second walk of Req: mark everything m implies. */
static void
mvs_req_walk2(struct mvs_req_walk *w, const struct mvs_mod *m)
{
	struct mvs_cached	*c;
	size_t			 i;
	char			*k;

	k = mvs_key(m);
	if (strmap_get(&w->have, k, NULL) != NULL) {
		free(k);
		return;
	}
	strmap_set(&w->have, k, (void *)1);
	c = strmap_get(&w->cache, k, NULL);
	free(k);
	for (i = 0; c != NULL && i < c->nreq; i++)
		mvs_req_walk2(w, &c->req[i]);
}

/* Sort a list by path only (sort.Slice order of Req). */
static int
mvs_path_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct mvs_mod *)a)->path,
	    ((const struct mvs_mod *)b)->path));
}

/*
 * Req: the minimal requirement list for the main module that yields the
 * same build list, listing the paths in base whatever they imply.
 */
int
mvs_req(const struct mvs_mod *main, const char **base, size_t nbase,
    const struct mvs_reqs *reqs, struct mvs_list *out, char **cause)
{
	struct mvs_req_walk	 w;
	struct mvs_list		 list;
	struct strmap		 max, have_base;
	struct mvs_mod		 m;
	const char		*v;
	size_t			 i;
	char			*k;
	int			 rc = -1;

	memset(out, 0, sizeof *out);
	if (mvs_build_list(main, 1, reqs, &list, cause) != 0)
		return (-1);
	memset(&w, 0, sizeof w);
	w.reqs = reqs;
	arena_init(&w.arena);
	strmap_init(&w.cache);
	strmap_init(&w.have);
	strmap_init(&max);
	strmap_init(&have_base);
	for (i = 0; i < list.n; i++)
		strmap_set(&max, list.v[i].path, (void *)list.v[i].version);
	k = mvs_key(main);
	strmap_set(&w.cache, k, arena_alloc(&w.arena,
	    sizeof (struct mvs_cached)));
	free(k);
	for (i = 0; i < list.n; i++) {
		if (mvs_req_walk1(&w, &list.v[i], cause) != 0)
			goto done;
	}
	for (i = 0; i < nbase; i++) {
		if (strmap_get(&have_base, base[i], NULL) != NULL)
			continue;
		v = strmap_get(&max, base[i], NULL);
		m.path = base[i];
		m.version = v != NULL ? v : "";
		mvs_list_add(out, m.path, m.version);
		mvs_req_walk2(&w, &m);
		strmap_set(&have_base, base[i], (void *)1);
	}
	for (i = w.postorder.n; i > 0; i--) {
		m = w.postorder.v[i - 1];
		v = strmap_get(&max, m.path, NULL);
		if (v == NULL || strcmp(v, m.version) != 0)
			continue;
		k = mvs_key(&m);
		if (strmap_get(&w.have, k, NULL) == NULL) {
			mvs_list_add(out, m.path, m.version);
			mvs_req_walk2(&w, &m);
		}
		free(k);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, mvs_path_cmp);
	rc = 0;
done:
	if (rc != 0)
		mvs_list_free(out);
	mvs_list_free(&list);
	mvs_list_free(&w.postorder);
	strmap_free(&w.cache);
	strmap_free(&w.have);
	strmap_free(&max);
	strmap_free(&have_base);
	arena_free(&w.arena);
	return (rc);
}

/* UpgradeAll's upgrade function: everything but the target to latest. */
struct mvs_upall {
	const struct mvs_mod	*target;
	const struct mvs_reqs	*reqs;
};

static int
mvs_upgrade_all_fn(void *arg, const struct mvs_mod *m, struct mvs_mod *out,
    char **cause)
{
	struct mvs_upall	*u = arg;

	if (strcmp(m->path, u->target->path) == 0) {
		*out = *u->target;
		return (0);
	}
	return (u->reqs->upgrade(u->reqs->arg, m, out, cause));
}

/* UpgradeAll: a build list with every module at its latest version. */
int
mvs_upgrade_all(const struct mvs_mod *target, const struct mvs_reqs *reqs,
    struct mvs_list *out, char **cause)
{
	struct mvs_upall	u = { target, reqs };

	return (mvs_build(target, 1, reqs, mvs_upgrade_all_fn, &u, out,
	    cause));
}

/* Requirements with the target's replaced by a given list. */
struct mvs_override {
	struct mvs_reqs		 reqs;
	const struct mvs_mod	*target;
	const struct mvs_mod	*list;
	size_t			 nlist;
	const struct mvs_reqs	*inner;
};

static int
mvs_override_required(void *arg, const struct mvs_mod *m,
    const struct mvs_mod **out, size_t *n, char **cause)
{
	struct mvs_override	*o = arg;

	if (strcmp(m->path, o->target->path) == 0 &&
	    strcmp(m->version, o->target->version) == 0) {
		*out = o->list;
		*n = o->nlist;
		return (0);
	}
	return (o->inner->required(o->inner->arg, m, out, n, cause));
}

static const char *
mvs_override_max(void *arg, const char *p, const char *v1, const char *v2)
{
	struct mvs_override	*o = arg;

	return (o->inner->max(o->inner->arg, p, v1, v2));
}

/* Set up requirements overriding the target's. */
static void
mvs_override_init(struct mvs_override *o, const struct mvs_mod *target,
    const struct mvs_mod *list, size_t n, const struct mvs_reqs *inner)
{
	o->reqs = *inner;
	o->reqs.arg = o;
	o->reqs.required = mvs_override_required;
	o->reqs.max = mvs_override_max;
	o->target = target;
	o->list = list;
	o->nlist = n;
	o->inner = inner;
}

/* Upgrade's upgrade function: the versions asked for. */
struct mvs_upto {
	struct strmap	to;	/* path → version */
};

static int
mvs_upto_fn(void *arg, const struct mvs_mod *m, struct mvs_mod *out,
    char **cause)
{
	struct mvs_upto	*u = arg;
	const char	*v = strmap_get(&u->to, m->path, NULL);

	*out = *m;
	if (v != NULL)
		out->version = v;
	return (0);
}

/* Upgrade: a build list with the given modules upgraded. */
int
mvs_upgrade(const struct mvs_mod *target, const struct mvs_reqs *reqs,
    const struct mvs_mod *upgrade, size_t nup, struct mvs_list *out,
    char **cause)
{
	struct mvs_override	 o;
	struct mvs_upto		 u;
	struct mvs_list		 list = { NULL, 0, 0 };
	const struct mvs_mod	*req;
	const char		*prev;
	size_t			 nreq, i, j;
	int			 rc;

	memset(out, 0, sizeof *out);
	if (reqs->required(reqs->arg, target, &req, &nreq, cause) != 0)
		return (-1);
	for (i = 0; i < nreq; i++)
		mvs_list_add(&list, req[i].path, req[i].version);
	strmap_init(&u.to);
	for (i = 0; i < nup; i++) {
		for (j = 0; j < nreq; j++) {
			if (strcmp(req[j].path, upgrade[i].path) == 0)
				break;
		}
		if (j == nreq)
			mvs_list_add(&list, upgrade[i].path, "none");
		prev = strmap_get(&u.to, upgrade[i].path, NULL);
		strmap_set(&u.to, upgrade[i].path, (void *)(prev == NULL ?
		    upgrade[i].version : reqs->max(reqs->arg, upgrade[i].path,
		    prev, upgrade[i].version)));
	}
	mvs_override_init(&o, target, list.v, list.n, reqs);
	rc = mvs_build(target, 1, &o.reqs, mvs_upto_fn, &u, out, cause);
	strmap_free(&u.to);
	mvs_list_free(&list);
	return (rc);
}

/* The state of Downgrade's exclusion walk. */
struct mvs_down {
	const struct mvs_reqs	*reqs;
	struct strmap		 max;		/* path → version */
	struct strmap		 added;
	struct strmap		 excluded;
	struct strmap		 rdeps;		/* key → struct mvs_list * */
	struct arena		 arena;
};

/* Is m excluded? */
static int
mvs_down_excluded(struct mvs_down *d, const struct mvs_mod *m)
{
	char	*k = mvs_key(m);
	int	 found = strmap_get(&d->excluded, k, NULL) != NULL;

	free(k);
	return (found);
}

/* exclude: m and everything that requires it. */
static void
mvs_down_exclude(struct mvs_down *d, const struct mvs_mod *m)
{
	struct mvs_list	*rd;
	char		*k = mvs_key(m);
	size_t		 i;

	if (strmap_get(&d->excluded, k, NULL) != NULL) {
		free(k);
		return;
	}
	strmap_set(&d->excluded, k, (void *)1);
	rd = strmap_get(&d->rdeps, k, NULL);
	free(k);
	for (i = 0; rd != NULL && i < rd->n; i++)
		mvs_down_exclude(d, &rd->v[i]);
}

/* Record that from requires r. */
static void
mvs_down_rdep(struct mvs_down *d, const struct mvs_mod *r,
    const struct mvs_mod *from)
{
	struct mvs_list	*rd;
	char		*k = mvs_key(r);

	if ((rd = strmap_get(&d->rdeps, k, NULL)) == NULL) {
		rd = arena_alloc(&d->arena, sizeof *rd);
		strmap_set(&d->rdeps, k, rd);
	}
	free(k);
	mvs_list_add(rd, from->path, from->version);
}

/* add: consider m as part of the downgraded build list. */
static void
mvs_down_add(struct mvs_down *d, const struct mvs_mod *m)
{
	const struct mvs_mod	*req;
	const char		*v;
	size_t			 nreq, i;
	char			*k = mvs_key(m), *err = NULL;

	if (strmap_get(&d->added, k, NULL) != NULL) {
		free(k);
		return;
	}
	strmap_set(&d->added, k, (void *)1);
	free(k);
	v = strmap_get(&d->max, m->path, NULL);
	if (v != NULL && strcmp(d->reqs->max(d->reqs->arg, m->path,
	    m->version, v), v) != 0) {
		/* m would upgrade an existing dependency. */
		mvs_down_exclude(d, m);
		return;
	}
	if (d->reqs->required(d->reqs->arg, m, &req, &nreq, &err) != 0) {
		free(err);
		mvs_down_exclude(d, m);
		return;
	}
	for (i = 0; i < nreq; i++) {
		mvs_down_add(d, &req[i]);
		if (mvs_down_excluded(d, &req[i])) {
			mvs_down_exclude(d, m);
			return;
		}
		mvs_down_rdep(d, &req[i], m);
	}
}

/* Free the reverse dependency lists (strmap callback). */
static void
mvs_down_free_rdep(const char *k, void *v, void *arg)
{
	mvs_list_free(v);
}

/* The downgraded list of Downgrade's main loop; -1 on error. */
static int
mvs_down_walk(struct mvs_down *d, const struct mvs_list *list,
    struct mvs_list *down, char **cause)
{
	struct mvs_mod	 r, p;
	const char	*v;
	size_t		 i;
	int		 skip;

	for (i = 0; i < list->n; i++) {
		r = list->v[i];
		mvs_down_add(d, &r);
		skip = 0;
		while (!skip && mvs_down_excluded(d, &r)) {
			if (d->reqs->previous(d->reqs->arg, &r, &p, cause) != 0)
				return (-1);
			/* A pseudo-version target is not enumerated by
			 * Previous; put it back in its place. */
			v = strmap_get(&d->max, r.path, NULL);
			if (strcmp(d->reqs->max(d->reqs->arg, r.path, v,
			    r.version), v) != 0 && strcmp(d->reqs->max(
			    d->reqs->arg, r.path, p.version, v), p.version) != 0)
				p.version = v;
			if (strcmp(p.version, "none") == 0)
				skip = 1;
			else {
				mvs_down_add(d, &p);
				r = p;
			}
		}
		if (!skip)
			mvs_list_add(down, r.path, r.version);
	}
	return (0);
}

/*
 * Downgrade: a build list for the target with the given modules
 * downgraded, potentially overriding the target's requirements.
 */
int
mvs_downgrade(const struct mvs_mod *target, const struct mvs_reqs *reqs,
    const struct mvs_mod *downgrade, size_t ndown, struct mvs_list *out,
    char **cause)
{
	struct mvs_down		d;
	struct mvs_override	o;
	struct mvs_list		full, list, down = { NULL, 0, 0 }, actual;
	const char		*v;
	size_t			i;
	int			rc = -1;

	memset(out, 0, sizeof *out);
	if (mvs_build_list(target, 1, reqs, &full, cause) != 0)
		return (-1);
	list.v = full.v + 1;
	list.n = full.n - 1;
	memset(&d, 0, sizeof d);
	d.reqs = reqs;
	arena_init(&d.arena);
	strmap_init(&d.max);
	strmap_init(&d.added);
	strmap_init(&d.excluded);
	strmap_init(&d.rdeps);
	for (i = 0; i < list.n; i++)
		strmap_set(&d.max, list.v[i].path, (void *)list.v[i].version);
	for (i = 0; i < ndown; i++) {
		v = strmap_get(&d.max, downgrade[i].path, NULL);
		if (v == NULL || strcmp(reqs->max(reqs->arg, downgrade[i].path,
		    v, downgrade[i].version), downgrade[i].version) != 0)
			strmap_set(&d.max, downgrade[i].path,
			    (void *)downgrade[i].version);
	}
	mvs_list_add(&down, target->path, target->version);
	if (mvs_down_walk(&d, &list, &down, cause) != 0)
		goto done;
	/* Previous skips versions (pseudo-versions, retractions) that other
	 * modules may still select: rebuild with the downgrades as the
	 * target's requirements, then once more from what that selects. */
	mvs_override_init(&o, target, down.v + 1, down.n - 1, reqs);
	if (mvs_build_list(target, 1, &o.reqs, &actual, cause) != 0)
		goto done;
	strmap_free(&d.max);
	strmap_init(&d.max);
	for (i = 0; i < actual.n; i++)
		strmap_set(&d.max, actual.v[i].path,
		    (void *)actual.v[i].version);
	down.n = 1;
	for (i = 0; i < list.n; i++) {
		if ((v = strmap_get(&d.max, list.v[i].path, NULL)) != NULL)
			mvs_list_add(&down, list.v[i].path, v);
	}
	mvs_list_free(&actual);
	mvs_override_init(&o, target, down.v + 1, down.n - 1, reqs);
	rc = mvs_build_list(target, 1, &o.reqs, out, cause);
done:
	strmap_each(&d.rdeps, mvs_down_free_rdep, NULL);
	strmap_free(&d.rdeps);
	strmap_free(&d.max);
	strmap_free(&d.added);
	strmap_free(&d.excluded);
	arena_free(&d.arena);
	mvs_list_free(&down);
	mvs_list_free(&full);
	return (rc);
}
