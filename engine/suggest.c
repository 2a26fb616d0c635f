/*
 * Suggestions: for every pin with an error (unknown-version,
 * invalid-version, major-mismatch, retracted), the candidates near it:
 * the lowest listed version above it, the highest below, and the latest
 * release of its major (never a retracted one, and a prerelease only for a
 * prerelease pin). Each is tried by loading the module graph with it in
 * place: MVS then says which other pins must rise (the companion bumps,
 * applied until nothing moves) and whether a dependency needs a newer go
 * line; a candidate whose graph has a go.mod that cannot be read is out.
 * The suggestion is the working candidate with the fewest companion bumps,
 * nearest first. Pins are taken in order, each with the suggestions
 * before it in place, so the suggestions work together.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

/* Rounds of companion bumps before a candidate is given up. */
#define SUGGEST_MAX_ROUNDS	8

/* What a candidate costs. */
struct suggest_try {
	int		 ok;
	struct strv	 bumps;		/* "path version" */
	char		*go;		/* go line needed, or NULL */
	char		*selected;	/* the pin's version MVS ends with */
};

/* The main module's require lines as they will be tried: versions are
 * borrowed from the check, the pins' lists or the graph owner. */
struct suggest_state {
	struct check	 *c;
	struct graph_store *store;	/* the candidates' graphs' nodes */
	const char	**version;	/* by require index */
	const char	**path;		/* "" for a pin set aside */
	struct strv	  owned;	/* strings made here */
};

/* Is v a prerelease? */
static int
suggest_is_pre(const char *v)
{
	char	*pre;
	int	 yes;

	pre = semver_prerelease(v);
	yes = *pre != '\0';
	free(pre);
	return (yes);
}

/* May v be suggested for a pin at pinned? */
static int
suggest_usable(const struct check_pin *p, const char *v, const char *pinned)
{
	char	*a, *b;
	int	 same;

	if (check_is_retracted(p, v) || pseudo_is_pseudo(v))
		return (0);
	if (suggest_is_pre(v) && (pinned == NULL || !suggest_is_pre(pinned)))
		return (0);
	if (pinned == NULL)
		return (1);
	a = semver_major(v);
	b = semver_major(pinned);
	same = strcmp(a, b) == 0;
	free(a);
	free(b);
	return (same);
}

/* Add v to the n candidates in out unless it is NULL or there. */
static size_t
suggest_add(const char **out, size_t n, const char *v)
{
	size_t	i;

	if (v == NULL)
		return (n);
	for (i = 0; i < n; i++) {
		if (strcmp(out[i], v) == 0)
			return (n);
	}
	out[n] = v;
	return (n + 1);
}

/* The candidates for a pin, nearest first (borrowed from its list). */
static size_t
suggest_candidates(const struct check_pin *p, const char **out)	/* [4] */
{
	const char	*base = NULL, *above = NULL, *below = NULL, *latest;
	char		*canon;
	size_t		 i, n = 0;

	canon = semver_canonical(p->version);
	if (!p->bad || semver_is_valid(p->version))
		base = *canon != '\0' ? p->version : NULL;
	for (i = 0; base != NULL && i < p->versions.n; i++) {
		const char *v = p->versions.v[i];

		if (!suggest_usable(p, v, canon))
			continue;
		if (semver_compare(v, canon) < 0)
			below = v;
		else if (semver_compare(v, canon) > 0 && above == NULL)
			above = v;
	}
	latest = base != NULL ? rules_latest_of_major(p, canon) : NULL;
	if (latest == NULL && (latest = check_latest(&p->versions)) != NULL &&
	    (check_is_retracted(p, latest) || suggest_is_pre(latest)))
		latest = NULL;
	/* A non-canonical pin ("v1.2") names its canonical form first. */
	for (i = 0; p->bad && *canon != '\0' && i < p->versions.n; i++) {
		if (strcmp(p->versions.v[i], canon) == 0 &&
		    suggest_usable(p, canon, canon))
			n = suggest_add(out, n, p->versions.v[i]);
	}
	n = suggest_add(out, n, above);
	n = suggest_add(out, n, below);
	n = suggest_add(out, n, latest);
	free(canon);
	return (n);
}

/* Write the state into the check's go.mod requirements. */
static void
suggest_apply(struct suggest_state *st)
{
	struct modfile	*mf = st->c->mf;
	size_t		 i;

	for (i = 0; i < mf->require.n; i++) {
		mf->require.v[i]->mod.path = st->path[i];
		mf->require.v[i]->mod.version = st->version[i];
	}
}

/* The highest go line a graph's selected modules declare (borrowed). */
static const char *
suggest_max_go(const struct graph *g)
{
	struct mvs_list	 list;
	const char	*best = g->go;
	struct graph_node *n;
	size_t		 i;

	graph_build_list(g, &list);
	for (i = 0; i < list.n; i++) {
		n = graph_find(g, list.v[i].path, list.v[i].version);
		if (n != NULL && n->go != NULL && *n->version != '\0' &&
		    gover_compare(n->go, "1.21") >= 0 &&
		    gover_compare(best, n->go) < 0)
			best = n->go;
	}
	mvs_list_free(&list);
	return (best);
}

/* Raise every require the graph selects higher; 1 if one moved. */
static int
suggest_raise(struct suggest_state *st, const struct graph *g, size_t pin,
    struct suggest_try *t)
{
	const char	*sel;
	char		*bump;
	size_t		 i;
	int		 moved = 0;

	for (i = 0; i < st->c->mf->require.n; i++) {
		if (*st->path[i] == '\0')
			continue;
		sel = graph_selected(g, st->path[i]);
		if (graph_compare(st->path[i], st->version[i], sel) >= 0)
			continue;
		st->version[i] = xstrdup(sel);
		strv_push_owned(&st->owned, (char *)st->version[i]);
		moved = 1;
		if (i == pin)
			continue;
		xasprintf(&bump, "%s %s", st->path[i], sel);
		strv_push_owned(&t->bumps, bump);
	}
	return (moved);
}

/* Does the graph read every go.mod it needs? */
static int
suggest_graph_ok(const struct graph *g)
{
	size_t	i;

	for (i = 0; i < g->nall; i++) {
		if (g->all[i]->fetched && g->all[i]->status != 0)
			return (0);
	}
	return (1);
}

/* Try the pin at index pin with version v; the state is left with the
 * bumps applied. */
static void
suggest_try(struct suggest_state *st, size_t pin, const char *v,
    struct suggest_try *t)
{
	struct graph	 g;
	int		 round;

	memset(t, 0, sizeof *t);
	strv_init(&t->bumps);
	st->version[pin] = v;
	st->path[pin] = st->c->pins[pin].path;
	for (round = 0; round < SUGGEST_MAX_ROUNDS; round++) {
		suggest_apply(st);
		graph_load_in(&g, st->store, st->c->source, st->c->mf,
		    st->c->where, 0);
		if (!suggest_graph_ok(&g)) {
			graph_free(&g);
			return;
		}
		if (!suggest_raise(st, &g, pin, t)) {
			const char *go = suggest_max_go(&g);

			if (gover_compare(go, g.go) > 0)
				t->go = xstrdup(go);
			t->selected = xstrdup(st->version[pin]);
			t->ok = 1;
			graph_free(&g);
			return;
		}
		graph_free(&g);
	}
}

/* What a working candidate costs: its companion bumps, a go line change
 * counting as one. */
static size_t
suggest_cost(const struct suggest_try *t)
{
	return (t->bumps.n + (t->go != NULL));
}

/* Free a try. */
static void
suggest_try_free(struct suggest_try *t)
{
	strv_free(&t->bumps);
	free(t->go);
	free(t->selected);
}

/* Say what trying a candidate showed. */
static void
suggest_note(struct finding *f, const char *v, const struct suggest_try *t)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	if (!t->ok)
		buf_adds(&b, "a go.mod its build needs cannot be read");
	else if (t->bumps.n == 0 && t->go == NULL)
		buf_adds(&b, "works as it is");
	else {
		buf_adds(&b, "works with");
		for (i = 0; i < t->bumps.n; i++)
			buf_printf(&b, "%s %s", i > 0 ? "," : "",
			    t->bumps.v[i]);
		if (t->go != NULL)
			buf_printf(&b, "%s go %s", t->bumps.n > 0 ? " and" : "",
			    t->go);
	}
	finding_evidence(f, "tried %s: %s", v, b.data);
	buf_free(&b);
}

/* Suggest for one pin: the best working candidate, set into the state
 * (so later pins are tried with it). */
static void
suggest_pin(struct suggest_state *st, size_t pin, struct finding *f)
{
	const char		 *cand[4];
	const char		**saved, **won;
	struct suggest_try	  t, best;
	size_t			  n, i, k, nreq = st->c->mf->require.n;
	int			  have = 0;

	n = suggest_candidates(&st->c->pins[pin], cand);
	saved = xcalloc(nreq + 1, sizeof *saved);
	won = xcalloc(nreq + 1, sizeof *won);
	memcpy(saved, st->version, nreq * sizeof *saved);
	memset(&best, 0, sizeof best);
	for (i = 0; i < n; i++) {
		memcpy(st->version, saved, nreq * sizeof *saved);
		suggest_try(st, pin, cand[i], &t);
		suggest_note(f, cand[i], &t);
		if (t.ok && (!have || suggest_cost(&t) < suggest_cost(&best))) {
			if (have)
				suggest_try_free(&best);
			best = t;
			have = 1;
			/* The state the winner left (its bumps applied; the
			 * strings are the state's), kept for the next pins
			 * rather than tried again. */
			memcpy(won, st->version, nreq * sizeof *won);
		} else
			suggest_try_free(&t);
	}
	if (!have) {
		memcpy(st->version, saved, nreq * sizeof *saved);
		st->path[pin] = "";	/* nothing works: leave it aside */
		free(saved);
		free(won);
		return;
	}
	f->suggested = xstrdup(best.selected);
	for (k = 0; k < best.bumps.n; k++)
		strv_push(&f->companions, best.bumps.v[k]);
	if (best.go != NULL)
		f->suggested_go = xstrdup(best.go);
	/* Keep the winner in place for the next pins. */
	memcpy(st->version, won, nreq * sizeof *won);
	st->path[pin] = st->c->pins[pin].path;
	suggest_try_free(&best);
	free(saved);
	free(won);
}

/* Is the finding one whose pin needs another version? */
static int
suggest_wanted(const struct check *c, const struct finding *f)
{
	return (check_finding_on_pin(c, f) && f->severity == FINDING_ERROR &&
	    (strcmp(f->code, "unknown-version") == 0 ||
	    strcmp(f->code, "invalid-version") == 0 ||
	    strcmp(f->code, "major-mismatch") == 0 ||
	    strcmp(f->code, "retracted") == 0) && f->suggested == NULL);
}

/* Suggest a version for every error finding on a pin. */
void
suggest_all(struct check *c)
{
	struct suggest_state	 st;
	const char		**orig_path, **orig_version;
	size_t			 i, j, nreq = c->mf->require.n;

	source_phase(c->source, "suggestions");
	memset(&st, 0, sizeof st);
	st.c = c;
	/* Every candidate's graph is the main module's with other require
	 * versions: the same replace and exclude lines, so one store. */
	st.store = graph_store_new();
	st.version = xcalloc(nreq + 1, sizeof *st.version);
	st.path = xcalloc(nreq + 1, sizeof *st.path);
	orig_version = xcalloc(nreq + 1, sizeof *orig_version);
	orig_path = xcalloc(nreq + 1, sizeof *orig_path);
	strv_init(&st.owned);
	for (i = 0; i < nreq; i++) {
		st.path[i] = orig_path[i] = c->mf->require.v[i]->mod.path;
		st.version[i] = orig_version[i] =
		    c->mf->require.v[i]->mod.version;
	}
	/* Pins and require lines share their indexes (check_make_pins). */
	for (i = 0; i < c->npins && i < nreq; i++) {
		for (j = 0; j < c->findings.n; j++) {
			if (c->findings.v[j].pin == (int)i &&
			    suggest_wanted(c, &c->findings.v[j])) {
				suggest_pin(&st, i, &c->findings.v[j]);
				break;
			}
		}
	}
	/* Put the go.mod back as it was parsed. */
	for (i = 0; i < nreq; i++) {
		c->mf->require.v[i]->mod.path = orig_path[i];
		c->mf->require.v[i]->mod.version = orig_version[i];
	}
	free(orig_path);
	free(orig_version);
	free(st.version);
	free(st.path);
	strv_free(&st.owned);
	graph_store_free(st.store);
}
