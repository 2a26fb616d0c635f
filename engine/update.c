/*
 * The newer version of each pinned module, as `go list -m -u` reports it
 * (ModulePublic.Update): the go command's "upgrade" query on the version
 * the build selects, with the versions the main module excludes and the
 * module's authors retract left out (modload's addUpdate, Query "upgrade"
 * with CheckAllowed; queryMatcher.filterVersions in query.go):
 *
 *   - the candidates are the module's listed versions, and the versions
 *     of replace lines for its path, at or above the selected one: v0 to
 *     v1 on the same path is an upgrade, a /v2 path is another module;
 *   - +incompatible versions are ignored once the highest candidate below
 *     them has a go.mod of its own (unless the selected one is
 *     +incompatible);
 *   - the highest release wins, else the highest prerelease; with none
 *     and a pseudo-version selected, the module's @latest (or, where the
 *     proxy has none, the latest pseudo-version its list names);
 *   - from a pseudo-version, a candidate whose commit is older than the
 *     pseudo-version's is no upgrade.
 *
 * Two rounds at most after the graph: the go.mod files that decide the
 * +incompatible question where the list's own answer does not, then the
 * .info (or @latest) that the pseudo-version rule needs.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "engine/engine.h"

/* What one pin's upgrade query needs and found. */
struct update {
	struct check_pin	*pin;
	const char		*current;	/* the selected version */
	struct strv		 versions;	/* candidates, ascending */
	const char		*gomod_of;	/* needs this version's go.mod */
	int			 has_gomod;	/* -1 unknown, 0, 1 */
	const char		*pick;		/* borrowed from versions */
	char			*latest;	/* @latest's version */
	time_t			 pick_time;	/* (time_t)-1 unknown */
	int			 failed;	/* the query failed: no update */
};

/* Is v allowed: at or above current, not excluded, not retracted? */
static int
update_allowed(const struct check *c, const struct update *u, const char *v)
{
	return (semver_compare(v, u->current) >= 0 &&
	    !graph_is_excluded(c->mf, u->pin->path, v) &&
	    !check_is_retracted(u->pin, v));
}

/* Does a replace line name the path (any version)? */
static int
update_replaced(const struct check *c, const char *path)
{
	size_t	i;

	for (i = 0; i < c->mf->replace.n; i++)
		if (strcmp(c->mf->replace.v[i]->old.path, path) == 0)
			return (1);
	return (0);
}

/* The candidates: the list and the replaced versions of the path
 * (replacementRepo.Versions), sorted without repeats. */
static void
update_candidates(const struct check *c, struct update *u)
{
	const struct modfile_replace	*r;
	size_t				 i;

	strv_init(&u->versions);
	for (i = 0; i < u->pin->versions.n; i++)
		strv_push(&u->versions, u->pin->versions.v[i]);
	for (i = 0; i < c->mf->replace.n; i++) {
		r = c->mf->replace.v[i];
		if (strcmp(r->old.path, u->pin->path) == 0 &&
		    *r->old.version != '\0' && !pseudo_is_pseudo(r->old.version))
			strv_push(&u->versions, r->old.version);
	}
	semver_sort(u->versions.v, u->versions.n);
	for (i = 1; i < u->versions.n; i++) {
		if (strcmp(u->versions.v[i - 1], u->versions.v[i]) == 0) {
			free(u->versions.v[i]);
			memmove(&u->versions.v[i], &u->versions.v[i + 1],
			    (u->versions.n - i - 1) * sizeof *u->versions.v);
			u->versions.n--;
			i--;
		}
	}
}

/*
 * filterVersions: the highest allowed release, else prerelease, leaving
 * out +incompatible versions above a compatible one that has a go.mod.
 * Returns 0 with u->pick set (NULL: none), or 1 when the go.mod of
 * u->gomod_of must be read first.
 */
static int
update_filter(const struct check *c, struct update *u)
{
	const char	*last = NULL, *release = NULL, *pre = NULL, *v;
	char		*p;
	int		 need_incompatible;
	size_t		 i;

	need_incompatible = semver_is_incompatible(u->current);
	for (i = 0; i < u->versions.n; i++) {
		v = u->versions.v[i];
		if (!update_allowed(c, u, v))
			continue;
		if (!need_incompatible) {
			if (!semver_is_incompatible(v))
				last = v;
			else if (last != NULL) {
				if (u->gomod_of == NULL || strcmp(u->gomod_of,
				    last) != 0) {
					u->gomod_of = last;
					u->has_gomod = -1;
				}
				if (u->has_gomod < 0)
					return (1);
				if (u->has_gomod)
					break;
				need_incompatible = 1;
			}
		}
		p = semver_prerelease(v);
		if (*p == '\0')
			release = v;
		else
			pre = v;
		free(p);
	}
	u->pick = release != NULL ? release : pre;
	return (0);
}

/* Whether the highest compatible version has a go.mod is known from the
 * list's own question (check_filter_incompatible, asked only of a list
 * with +incompatible versions) when it is the same version: 1 yes, 0 no,
 * -1 not known. */
static int
update_known_gomod(const struct update *u)
{
	const char	*last = check_last_compatible(&u->pin->versions);

	if (last == NULL || strcmp(last, u->gomod_of) != 0)
		return (-1);
	return (u->pin->skip_incompatible);
}

/* The Time of an .info body, or (time_t)-1; the version into *version
 * (caller frees) when asked. */
static time_t
update_info_time(const struct source_req *r, char **version)
{
	time_t	 when = (time_t)-1;
	char	*v, *t;

	if (r->status != 0 || proxy_info_parse(r->data, r->len, &v, &t) != 0)
		return (when);
	if (t != NULL)
		when = util_parse_rfc3339(t);
	if (version != NULL && v != NULL && semver_is_valid(v)) {
		*version = v;
		v = NULL;
	}
	free(v);
	free(t);
	return (when);
}

/* Ask for one request per update that wants one (kind of ask(u) ->
 * version, NULL for none) and hand each answer to take. */
static void
update_round(struct check *c, struct update *us, size_t n,
    enum proxy_kind (*ask)(struct update *, const char **),
    void (*take)(struct update *, const struct source_req *))
{
	struct source_req	**reqs;
	struct update		**who;
	enum proxy_kind		  kind;
	const char		 *v;
	size_t			  i, k = 0;

	reqs = xcalloc(n + 1, sizeof *reqs);
	who = xcalloc(n + 1, sizeof *who);
	for (i = 0; i < n; i++) {
		if ((kind = ask(&us[i], &v)) == PROXY_ZIP)
			continue;
		reqs[k] = xmalloc(sizeof *reqs[k]);
		source_req_init(reqs[k], kind, us[i].pin->path, v);
		who[k++] = &us[i];
	}
	if (k > 0)
		source_fetch(c->source, reqs, k);
	for (i = 0; i < k; i++)
		take(who[i], reqs[i]);
	source_reqs_free(reqs, k);
	free(who);
}

/* Round 1: the go.mod that decides +incompatible (PROXY_ZIP: none). */
static enum proxy_kind
update_ask_gomod(struct update *u, const char **v)
{
	*v = u->gomod_of;
	return (u->gomod_of != NULL && u->has_gomod < 0 ? PROXY_MOD :
	    PROXY_ZIP);
}

static void
update_take_gomod(struct update *u, const struct source_req *r)
{
	/* A go.mod that cannot be read: the go command fails the query,
	 * and reports no update. */
	if (r->status != 0)
		u->failed = 1;
	else
		u->has_gomod = !check_gomod_synthesized(r->path, r->data,
		    r->len);
}

/* Round 2: from a pseudo-version, the candidate's .info (its time) or,
 * with no candidate, the module's @latest. */
static enum proxy_kind
update_ask_time(struct update *u, const char **v)
{
	*v = NULL;
	if (u->failed || !pseudo_is_pseudo(u->current))
		return (PROXY_ZIP);
	if (u->pick == NULL)
		return (PROXY_LATEST);
	if (strcmp(u->pick, u->current) == 0)
		return (PROXY_ZIP);
	*v = u->pick;
	return (PROXY_INFO);
}

static void
update_take_time(struct update *u, const struct source_req *r)
{
	if (r->kind != PROXY_LATEST)
		u->pick_time = update_info_time(r, NULL);
	else if (r->status == MV_ENOTFOUND && u->pin->list_latest != NULL) {
		/* No @latest: the list's latest pseudo-version
		 * (proxyRepo.Latest falls back to latestFromList). */
		u->latest = xstrdup(u->pin->list_latest);
		u->pick_time = u->pin->list_latest_time;
	} else
		u->pick_time = update_info_time(r, &u->latest);
}

/* The update of one query, or NULL: above the selected version, and from
 * a pseudo-version not to an older commit. */
static const char *
update_result(const struct check *c, struct update *u)
{
	const char	*v = u->pick;
	time_t		 t;

	if (u->failed)
		return (NULL);
	if (v == NULL && u->latest != NULL && update_allowed(c, u, u->latest))
		v = u->latest;
	if (v == NULL || semver_compare(v, u->current) <= 0)
		return (NULL);
	if (pseudo_is_pseudo(u->current)) {
		if (u->pick_time == (time_t)-1)
			return (NULL);	/* Stat failed: the query fails */
		if (pseudo_time(u->current, &t, NULL) == 0 && u->pick_time < t)
			return (NULL);
	}
	return (v);
}

/* Set p->update (and p->update_from) for every pin the query applies
 * to: a good pin whose module exists and whose list could be read (a
 * replaced module whose list the upstream does not have has none). */
void
check_fetch_updates(struct check *c)
{
	struct update	*us;
	const char	*sel, *v;
	size_t		 i, n = 0;
	int		 again;

	source_phase(c->source, "updates");
	us = xcalloc(c->npins + 1, sizeof *us);
	for (i = 0; i < c->npins; i++) {
		struct check_pin *p = &c->pins[i];

		/* A list the upstream does not have fails the query
		 * (proxyRepo.Versions), unless replace lines name the path
		 * (replacementRepo.Versions reads theirs instead). */
		if (p->bad || p->info_status != 0 || (p->list_status != 0 &&
		    (p->list_status != MV_ENOTFOUND ||
		    !update_replaced(c, p->path))) ||
		    gover_is_toolchain(p->path))
			continue;
		sel = c->have_graph ? graph_selected(&c->graph, p->path) :
		    p->version;
		if (strcmp(sel, "none") == 0 || !semver_is_valid(sel))
			continue;
		us[n].pin = p;
		us[n].current = sel;
		us[n].has_gomod = -1;
		us[n].pick_time = (time_t)-1;
		update_candidates(c, &us[n]);
		n++;
	}
	/* The go.mod asked for is that of the highest allowed compatible
	 * version, which no answer changes: one round settles it. */
	again = 0;
	for (i = 0; i < n; i++) {
		if (update_filter(c, &us[i]) == 1) {
			if ((us[i].has_gomod = update_known_gomod(&us[i])) < 0)
				again = 1;
			else
				(void)update_filter(c, &us[i]);
		}
	}
	if (again) {
		update_round(c, us, n, update_ask_gomod, update_take_gomod);
		for (i = 0; i < n; i++) {
			if (!us[i].failed && us[i].gomod_of != NULL &&
			    update_filter(c, &us[i]) == 1)
				us[i].failed = 1;
		}
	}
	update_round(c, us, n, update_ask_time, update_take_time);
	for (i = 0; i < n; i++) {
		if ((v = update_result(c, &us[i])) != NULL) {
			us[i].pin->update = xstrdup(v);
			us[i].pin->update_from = xstrdup(us[i].current);
		}
		strv_free(&us[i].versions);
		free(us[i].latest);
	}
	free(us);
}
