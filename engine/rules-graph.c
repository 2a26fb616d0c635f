/*
 * The rules that need the module graph: not-selected (MVS builds a higher
 * version than the pin), go-version (a selected dependency declares a
 * newer go than the main module) and the go.mod files of the graph that
 * cannot be read (unknown-version or upstream-unavailable deeper down).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

/* How many go-version evidence lines name a module. */
#define RULES_GO_EVIDENCE	10

/* The pin of a path, or NULL. */
const struct check_pin *
check_find_pin(const struct check *c, const char *path)
{
	return (strmap_get(&c->pin_by_path, path, NULL));
}

/* "main → a@v1 → b@v2" for a chain of nodes. */
static char *
rules_chain(struct graph_node **chain, size_t n)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&b, " -> ");
		buf_adds(&b, chain[i]->path);
		if (*chain[i]->version != '\0')
			buf_printf(&b, "@%s", chain[i]->version);
	}
	return (buf_steal(&b));
}

/* The pin through which the graph reaches path@version (its line), and
 * the chain as evidence. */
const struct check_pin *
rules_via(const struct check *c, const char *path, const char *version,
    char **why)
{
	struct graph_node	**chain;
	const struct check_pin	 *p = NULL;
	size_t			  n;

	*why = NULL;
	if ((n = graph_why(&c->graph, path, version, &chain)) == 0)
		return (NULL);
	*why = rules_chain(chain, n);
	if (n >= 2)
		p = check_find_pin(c, chain[1]->path);
	else
		p = check_find_pin(c, path);
	free(chain);
	return (p);
}

/* The line of the go.work (or go.mod) replace line by which n is in the
 * graph, or 0: where a workspace's unreadable replacement is told. */
static int
rules_replace_line(const struct check *c, const struct graph_node *n)
{
	const struct modfile_replace	*r;

	if ((r = graph_replacement(c->mf, n->path, n->version)) == NULL ||
	    r->syntax == NULL)
		return (0);
	return (r->syntax->start.line);
}

/* A go.mod of the graph that could not be read. */
static void
rules_unreadable(struct check *c, const struct graph_node *n)
{
	const struct check_pin	*p, *direct;
	struct finding		*f;
	char			*why;
	int			 missing = n->status == MV_ENOTFOUND;
	int			 line;

	direct = check_find_pin(c, n->path);
	if (direct != NULL && strcmp(direct->version, n->version) == 0 &&
	    (direct->bad || direct->info_status != 0))
		return;		/* the pin's own finding says it */
	p = rules_via(c, n->path, n->version, &why);
	line = p != NULL ? p->line : rules_replace_line(c, n);
	if (n->local)		/* the directory, not any upstream */
		f = findings_add(&c->findings, "bad-replacement", FINDING_ERROR,
		    n->path, n->version, line, "%s %s is replaced by a "
		    "directory whose go.mod cannot be read, and the go command "
		    "fails on it too", n->path, n->version);
	else if (n->status == MV_EINVAL)	/* the go command fails on it */
		f = findings_add(&c->findings, "upstream-unavailable",
		    FINDING_ERROR, n->path, n->version, line, "%s %s: the "
		    "go.mod the build needs is not usable, and the go command "
		    "fails on it too", n->path, n->version);
	else
		f = findings_add(&c->findings, missing ? "unknown-version" :
		    "upstream-unavailable", missing ? FINDING_ERROR :
		    FINDING_WARNING, n->path, n->version, line, missing ?
		    "%s %s does not exist, and the build needs its go.mod" :
		    "%s %s: its go.mod could not be read (every "
		    "upstream failed); the build list is incomplete", n->path,
		    n->version);
	if (why != NULL)
		finding_evidence(f, "required by %s", why);
	if (n->evidence != NULL)
		finding_evidence(f, "%s", n->evidence);
	if (p != NULL) {
		f->col = p->col;
		f->pin = p - c->pins;
	}
	free(why);
}

/* not-selected: the build uses a higher version than the pin. */
static void
rules_not_selected(struct check *c, size_t i)
{
	struct check_pin	*p = &c->pins[i];
	struct finding		*f;
	const char		*sel;
	char			*why;

	if (p->bad)
		return;
	sel = graph_selected(&c->graph, p->path);
	if (graph_compare(p->path, p->version, sel) >= 0)
		return;
	/* An error: a -mod=readonly build fails on it. */
	f = findings_add(&c->findings, "not-selected", FINDING_ERROR,
	    p->path, p->version, p->line, "%s is pinned at %s but the build "
	    "uses %s, because a dependency requires it (go.mod is not tidy; a "
	    "-mod=readonly build fails)", p->path, p->version, sel);
	rules_via(c, p->path, sel, &why);
	if (why != NULL)
		finding_evidence(f, "%s requires %s@%s", why, p->path, sel);
	free(why);
	f->suggested = xstrdup(sel);
	f->col = p->col;
	f->pin = i;
}

/* The node of a selected module whose go line is newer than the main
 * module's (from go 1.21, when that became an error), or NULL. */
static struct graph_node *
rules_go_newer(const struct check *c, const struct mvs_mod *m)
{
	struct graph_node	*n;

	n = graph_find(&c->graph, m->path, m->version);
	if (n == NULL || n->go == NULL || *n->version == '\0' ||
	    gover_compare(n->go, "1.21") < 0 ||
	    gover_compare(c->graph.go, n->go) >= 0)
		return (NULL);
	return (n);
}

/* The node of v (n > 0) whose go line is the newest. */
const struct graph_node *
rules_go_newest(const struct graph_node *const *v, size_t n)
{
	const struct graph_node	*top = v[0];
	size_t			 i;

	for (i = 1; i < n; i++)
		if (gover_compare(v[i]->go, top->go) > 0)
			top = v[i];
	return (top);
}

/* The evidence of a finding about the go lines of v (n of them): what
 * requires the newest (top), then each go line, up to ten. */
void
rules_go_evidence(const struct check *c, struct finding *f,
    const struct graph_node *top, const struct graph_node *const *v,
    size_t n)
{
	char	*why;
	size_t	 i;

	(void)rules_via(c, top->path, top->version, &why);
	if (why != NULL)
		finding_evidence(f, "%s@%s is required by %s", top->path,
		    top->version, why);
	free(why);
	for (i = 0; i < n && i < RULES_GO_EVIDENCE; i++)
		finding_evidence(f, "go %s in the go.mod of %s@%s", v[i]->go,
		    v[i]->path, v[i]->version);
	if (n > RULES_GO_EVIDENCE)
		finding_evidence(f, "and %zu more", n - RULES_GO_EVIDENCE);
}

/*
 * go-version: selected modules whose go line is newer than the main
 * one's. They have one cause, the main module's go line, so they make
 * one finding at that line: the newest (whose go line the fix writes),
 * the others as evidence. A go 1.16 module, or one with no go line,
 * under a modern graph would otherwise get a finding per dependency.
 */
static void
rules_go_version(struct check *c, const struct mvs_list *list)
{
	const struct check_pin	 *p;
	const struct graph_node	 *top, **v;
	struct graph_node	 *n;
	struct finding		 *f;
	char			 *why, *others = NULL;
	size_t			  i, count = 0;
	int			  line;

	v = xcalloc(list->n + 1, sizeof *v);
	for (i = 0; i < list->n; i++)
		if ((n = rules_go_newer(c, &list->v[i])) != NULL)
			v[count++] = n;
	if (count == 0) {
		free(v);
		return;
	}
	top = rules_go_newest(v, count);
	p = rules_via(c, top->path, top->version, &why);
	free(why);
	line = c->mf->go != NULL && c->mf->go->syntax != NULL ?
	    c->mf->go->syntax->start.line : p != NULL ? p->line : 0;
	if (count > 1)
		xasprintf(&others, " (the newest of %zu selected modules whose "
		    "go line is newer)", count);
	f = findings_add(&c->findings, "go-version", FINDING_ERROR, top->path,
	    top->version, line, "%s%s %s declares go %s, newer than this "
	    "module's go %s%s: since Go 1.21 the main module's go line must "
	    "be at least every dependency's, so a -mod=readonly build fails",
	    c->mf->go == NULL ? "go.mod has no go line, which the go command "
	    "reads as go 1.16; " : "", top->path, top->version, top->go,
	    c->graph.go, others != NULL ? others : "");
	free(others);
	rules_go_evidence(c, f, top, v, count);
	f->suggested_go = xstrdup(top->go);
	if (p != NULL)
		f->pin = p - c->pins;
	free(v);
}

/*
 * The selected versions whose go.mod the pruned graph never read must
 * still exist: "go list -m all" reads the .info of every module of the
 * build list, and a build that needs one of their packages downloads
 * them. One batch of .info requests (cached for good once answered): a
 * proved absence is an error, an .info that could not be read a warning
 * (go list -m all fails on it; a build may not need it).
 */
static void
rules_selected_exist(struct check *c)
{
	struct source_req	**reqs;
	struct finding		 *f;
	const struct check_pin	 *p;
	char			 *why;
	size_t			  i, k;

	k = graph_fetch_infos(&c->graph, 1, &reqs);
	for (i = 0; i < k; i++) {
		if (reqs[i]->status == 0)
			continue;
		p = rules_via(c, reqs[i]->path, reqs[i]->version, &why);
		if (reqs[i]->status == MV_ENOTFOUND)
			f = findings_add(&c->findings, "unknown-version",
			    FINDING_ERROR, reqs[i]->path, reqs[i]->version,
			    p != NULL ? p->line : 0, "%s %s does not exist, but "
			    "MVS selects it: a build that needs one of its "
			    "packages fails", reqs[i]->path, reqs[i]->version);
		else
			f = findings_add(&c->findings, "upstream-unavailable",
			    FINDING_WARNING, reqs[i]->path, reqs[i]->version,
			    p != NULL ? p->line : 0, "%s %s, which MVS selects, "
			    "could not be checked: its .info could not be read, "
			    "and go list -m all fails on it", reqs[i]->path,
			    reqs[i]->version);
		if (why != NULL)
			finding_evidence(f, "required by %s", why);
		finding_evidence(f, "%s", reqs[i]->evidence);
		if (p != NULL) {
			f->col = p->col;
			f->pin = p - c->pins;
		}
		free(why);
	}
	source_reqs_free(reqs, k);
}

/* Every rule over the graph. */
void
rules_graph(struct check *c)
{
	struct mvs_list	list;
	size_t		i;

	for (i = 0; i < c->graph.nall; i++) {
		if (c->graph.all[i]->fetched && c->graph.all[i]->status != 0)
			rules_unreadable(c, c->graph.all[i]);
	}
	for (i = 0; i < c->npins; i++)
		rules_not_selected(c, i);
	graph_build_list(&c->graph, &list);
	if (!c->work)	/* a workspace build takes newer go lines */
		rules_go_version(c, &list);
	if (c->deep)
		rules_selected_exist(c);
	mvs_list_free(&list);
}
