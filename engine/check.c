/*
 * check: every rule of DESIGN.md over a main module's go.mod.
 *
 * 1. The go.mod is parsed strictly, as the go command parses it, except
 *    that a version the go command would refuse (not canonical, or of the
 *    wrong major for its path) is kept as a finding instead of failing the
 *    parse: the fixer puts a placeholder in its place and remembers it.
 * 2. For every pin, in one parallel batch: the module's version list and
 *    the pin's .info (an explicit ask: "missing" is never decided from a
 *    list alone), then the go.mod of each module's latest version
 *    (retractions, deprecation) and the list of its next major.
 * 3. The module graph (as written, not tidied) for not-selected,
 *    go-version and the requirements that cannot be read.
 * 4. go.sum against the go.mod files the graph read.
 * 5. A suggestion for each error on a pin; the findings in reading order.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

/* The prefix of the placeholders the fixer writes for bad versions. */
#define CHECK_PLACEHOLDER	".0.0-modvet.bad."
#define CHECK_MAX_DIRECTIVES	5000	/* require+replace+exclude lines */

static const char *check_path_major(const char *);
long	check_placeholder_index(const char *);

/* The major a placeholder needs to pass CheckPathMajor for path. */
static char *
check_placeholder(const char *path, size_t index)
{
	const char	*major;
	char		*out;
	long		 n = 0;

	major = check_path_major(path);
	if (*major == '/' || *major == '.')
		n = strtol(major + 2, NULL, 10);
	xasprintf(&out, "v%ld%s%zu", n, CHECK_PLACEHOLDER, index);
	return (out);
}

/* The major-version suffix of a path ("" when it has none). */
static const char *
check_path_major(const char *path)
{
	size_t	prefix;

	if (!modpath_split_version(path, &prefix))
		return ("");
	return (path + prefix);
}

/* The version fixer: keep good versions, replace bad ones by a
 * placeholder and record them. */
static int
check_fixer(void *arg, const char *path, const char *vers, const char **out,
    char **cause)
{
	struct check	*c = arg;
	char		*canon, *why = NULL, *ph;

	canon = modpath_canonical_version(vers);
	if (strcmp(canon, vers) == 0 &&
	    modpath_check_major(vers, check_path_major(path), &why) == 0) {
		free(canon);
		*out = vers;
		return (0);
	}
	free(why);
	why = NULL;
	if (strcmp(canon, vers) != 0)
		strv_push(&c->bad_reasons, "invalid-version");
	else
		strv_push(&c->bad_reasons, "major-mismatch");
	free(canon);
	strv_push(&c->bad_versions, vers);
	ph = check_placeholder(path, c->bad_versions.n - 1);
	/* The placeholder must outlive the parse: keep it with the rest. */
	strv_push_owned(&c->bad_versions_ph, ph);
	*out = ph;
	(void)cause;
	return (0);
}

/* Parse data as the main go.mod, with the fixer. */
struct modfile *
check_parse(struct check *c, const char *data, size_t len, char **cause)
{
	struct modfile_errors	 errs;
	struct modfile		*mf;

	modfile_errors_init(&errs, c->name);
	mf = modfile_parse(c->name, data, len, MODFILE_STRICT, check_fixer, c,
	    &errs);
	if (mf == NULL)
		*cause = modfile_errors_string(&errs);
	modfile_errors_free(&errs);
	return (mf);
}

/* Parse the main go.mod (or the go.work) into c->mf; a file that does
 * not parse gets an invalid-gomod (for a go.work: workspace) finding at
 * each error, as the go command lists them all (annotations, not an
 * empty answer). */
static void
check_parse_main(struct check *c)
{
	struct modfile_errors	 errs;
	struct finding		*f;
	size_t			 i;

	modfile_errors_init(&errs, c->name);
	c->mf = modfile_parse(c->name, c->data, c->len, c->work ?
	    MODFILE_WORK : MODFILE_STRICT, check_fixer, c, &errs);
	for (i = 0; c->mf == NULL && i < errs.n; i++) {
		f = findings_add(&c->findings, c->work ? "workspace" :
		    "invalid-gomod", FINDING_ERROR, NULL, NULL,
		    errs.v[i].line, "%s", errs.v[i].msg);
		f->col = errs.v[i].col > 0 ? errs.v[i].col : 1;
	}
	modfile_errors_free(&errs);
}

/* The index of a placeholder version, or -1 for a real one. */
long
check_placeholder_index(const char *v)
{
	const char	*p;

	if ((p = strstr(v, CHECK_PLACEHOLDER)) == NULL)
		return (-1);
	return (strtol(p + strlen(CHECK_PLACEHOLDER), NULL, 10));
}

/* The highest release of a list, else its highest version, leaving out
 * +incompatible ones when asked; NULL if none. */
static const char *
check_latest_of(const struct strv *v, int skip_incompatible)
{
	const char	*any = NULL;
	char		*pre;
	size_t		 i;
	int		 release;

	for (i = v->n; i > 0; i--) {
		if (skip_incompatible && semver_is_incompatible(v->v[i - 1]))
			continue;
		if (any == NULL)
			any = v->v[i - 1];
		pre = semver_prerelease(v->v[i - 1]);
		release = *pre == '\0';
		free(pre);
		if (release)
			return (v->v[i - 1]);
	}
	return (any);
}

/* The latest version of a list ("latest" as the go command queries it,
 * releases first). */
const char *
check_latest(const struct strv *v)
{
	return (check_latest_of(v, 0));
}

/* The version whose go.mod declares the pin's module's retractions. */
const char *
check_pin_latest(const struct check_pin *p)
{
	return (check_latest_of(&p->versions, p->skip_incompatible));
}

/*
 * The highest compatible version of a list that also has +incompatible
 * ones, or NULL. Whether that version has a go.mod of its own decides
 * whether the go command's "latest" may be +incompatible (modload's
 * queryMatcher.filterVersions): if it has one, the author supports
 * modules at a compatible path, and every +incompatible version is
 * ignored, even in favour of a compatible prerelease.
 */
const char *
check_last_compatible(const struct strv *v)
{
	const char	*last = NULL;
	size_t		 i;
	int		 incompatible = 0;

	for (i = 0; i < v->n; i++) {
		if (semver_is_incompatible(v->v[i]))
			incompatible = 1;
		else
			last = v->v[i];
	}
	return (incompatible ? last : NULL);
}

/* Is a go.mod the one the go command synthesizes for a repository that
 * has none (modfetch.LegacyGoMod: "module PATH\n")? */
int
check_gomod_synthesized(const char *path, const char *data, size_t len)
{
	size_t	n = strlen(path);

	return (len == n + 8 && memcmp(data, "module ", 7) == 0 &&
	    memcmp(data + 7, path, n) == 0 && data[len - 1] == '\n');
}

/*
 * For the pins whose lists mix compatible and +incompatible versions, ask
 * for the go.mod of the highest compatible one; where it is a real one,
 * the pin's latest (and so its retractions) is never +incompatible, as
 * the go command's "latest" query decides. The list itself keeps them
 * (go list -m -versions shows them). One round, for those pins only.
 */
static void
check_filter_incompatible(struct source *src, struct check_pin **pins,
    size_t n)
{
	struct source_req	**reqs;
	struct check_pin	**who;
	const char		 *last;
	size_t			  i, k = 0;

	reqs = xcalloc(n + 1, sizeof *reqs);
	who = xcalloc(n + 1, sizeof *who);
	for (i = 0; i < n; i++) {
		if ((last = check_last_compatible(&pins[i]->versions)) == NULL)
			continue;
		reqs[k] = xmalloc(sizeof *reqs[k]);
		source_req_init(reqs[k], PROXY_MOD, pins[i]->path, last);
		who[k++] = pins[i];
	}
	if (k > 0)
		source_fetch(src, reqs, k);
	for (i = 0; i < k; i++) {
		if (reqs[i]->status == 0 && !check_gomod_synthesized(
		    reqs[i]->path, reqs[i]->data, reqs[i]->len))
			who[i]->skip_incompatible = 1;
	}
	source_reqs_free(reqs, k);
	free(who);
}

/* The retraction of the pin's module that covers v, or NULL. */
const struct check_retract *
check_retraction(const struct check_pin *p, const char *v)
{
	size_t	i;

	for (i = 0; i < p->nretract; i++) {
		if (semver_compare(p->retract[i].low, v) <= 0 &&
		    semver_compare(v, p->retract[i].high) <= 0)
			return (&p->retract[i]);
	}
	return (NULL);
}

/* Is v retracted by the pin's module? */
int
check_is_retracted(const struct check_pin *p, const char *v)
{
	return (check_retraction(p, v) != NULL);
}

/* Make the pins from the require lines. */
static void
check_make_pins(struct check *c)
{
	const struct modfile_require	*r;
	const struct modfile_replace	*rep;
	struct check_pin		*p;
	long				 k;
	size_t				 i;

	c->pins = xcalloc(c->mf->require.n + 1, sizeof *c->pins);
	for (i = 0; i < c->mf->require.n; i++) {
		r = c->mf->require.v[i];
		if (*r->mod.path == '\0')
			continue;
		p = &c->pins[c->npins++];
		p->path = r->mod.path;
		k = check_placeholder_index(r->mod.version);
		p->bad = k >= 0;
		/* A path the go command rejects is never sent upstream. */
		if (!gover_is_toolchain(p->path) &&
		    modpath_check(p->path, &p->path_error) != 0)
			p->bad = 1;
		p->version = xstrdup(k >= 0 && (size_t)k < c->bad_versions.n ?
		    c->bad_versions.v[k] : r->mod.version);
		p->line = r->syntax != NULL ? r->syntax->start.line : 0;
		p->col = r->syntax != NULL ? r->syntax->start.line_rune : 0;
		p->indirect = r->indirect;
		if (strmap_get(&c->pin_by_path, p->path, NULL) == NULL)
			strmap_set(&c->pin_by_path, p->path, p);
		if (!p->bad && (rep = graph_replacement(c->mf, p->path,
		    p->version)) != NULL) {
			p->repl_path = rep->new.path;
			p->repl_version = rep->new.version;
		}
		p->list_status = MV_EUNAVAIL;
		p->info_status = MV_EUNAVAIL;
		strv_init(&p->versions);
	}
}

/* Take a list answer into a pin. */
static void
check_take_list(struct check_pin *p, const struct source_req *r)
{
	p->list_status = r->status;
	if (r->status == 0 || r->status == MV_ENOTFOUND)
		proxy_parse_list(r->data != NULL ? r->data : "", r->len,
		    &p->versions);
	if (r->status == 0)
		p->list_latest = proxy_list_latest(r->data != NULL ? r->data :
		    "", r->len, &p->list_latest_time);
	p->list_origin = r->origin != NULL ? xstrdup(r->origin) : NULL;
	p->list_evidence = r->evidence != NULL ? xstrdup(r->evidence) :
	    r->upstream_error != NULL ? xstrdup(r->upstream_error) : NULL;
	p->list_stale = r->stale;
	p->list_when_ms = r->when_ms;
}

/* Take an .info answer into a pin. */
static void
check_take_info(struct check_pin *p, const struct source_req *r)
{
	p->info_status = r->status;
	p->info_evidence = r->evidence != NULL ? xstrdup(r->evidence) :
	    r->upstream_error != NULL ? xstrdup(r->upstream_error) : NULL;
	p->info_origin = r->origin != NULL ? xstrdup(r->origin) : NULL;
	p->info_when_ms = r->when_ms;
}

static char	*check_next_major_path(const char *, const struct strv *);

/* The module version a pin builds: its replacement's where the main
 * module replaces it ("" for a local directory), else its own. */
static void
check_pin_module(const struct check_pin *p, const char **path,
    const char **version)
{
	*path = p->repl_path != NULL ? p->repl_path : p->path;
	*version = p->repl_path != NULL ? p->repl_version : p->version;
}

/*
 * What later rounds will ask for, asked with round 1 so that they find it
 * in the cache instead of waiting a round trip each: the go.mod of each
 * pin (the graph's first level: the replacement's where the main module
 * replaces it with a version; none for a local directory, an excluded
 * version or a go.mod whose summary the worker holds). Appended to reqs
 * from index k; returns the new count.
 */
static size_t
check_prefetch(struct check *c, struct source_req **reqs, size_t k)
{
	const struct check_pin	*p;
	const char		*path, *version;
	size_t			 i;

	for (i = 0; i < c->npins; i++) {
		p = &c->pins[i];
		if (p->bad || gover_is_toolchain(p->path))
			continue;
		check_pin_module(p, &path, &version);
		/* A go.mod the worker has read already needs nothing. */
		if (*version != '\0' &&
		    !graph_is_excluded(c->mf, p->path, p->version) &&
		    (c->source->modsums == NULL ||
		    modsums_get(c->source->modsums, path, version) == NULL)) {
			reqs[k] = xmalloc(sizeof *reqs[k]);
			source_req_init(reqs[k++], PROXY_MOD, path, version);
		}
	}
	return (k);
}

/*
 * The list of each pin's next major, where the path alone says which
 * (/vN+1 of a /vN path; /v2 of a path without a suffix, unless the pin's
 * list names a higher major), asked ahead with round 1 and taken last
 * (check_fetch_next_majors): a module proxy's 404 for a module that does
 * not exist is its slowest answer, and nothing else waits for it.
 */
static void
check_ask_next_majors(struct check *c)
{
	struct source_req	**reqs;
	struct strv		  none;
	char			 *next;
	size_t			  i, k = 0;

	strv_init(&none);
	reqs = xcalloc(c->npins + 1, sizeof *reqs);
	for (i = 0; i < c->npins; i++) {
		if (c->pins[i].bad || gover_is_toolchain(c->pins[i].path) ||
		    (next = check_next_major_path(c->pins[i].path,
		    &none)) == NULL)
			continue;
		reqs[k] = xmalloc(sizeof *reqs[k]);
		source_req_init(reqs[k++], PROXY_LIST, next, NULL);
		free(next);
	}
	source_ask_ahead(c->source, reqs, k);
	source_reqs_free(reqs, k);
}

/* The checksum database's lookups of the pins' versions (their
 * replacements' where replaced by a version) and of every module version
 * go.sum names, asked ahead with round 1 for rules_sumdb
 * (checksumdb_ask_ahead): rules_sumdb then waits for the tiles alone. */
static void
check_ask_lookups(struct check *c)
{
	struct sumdb_answer	*a;
	const struct check_pin	*p;
	struct gosum		 sum;
	struct modfile_errors	 errs;
	struct strv		 owned;
	struct strmap		 index;
	size_t			 i, k;

	gosum_init(&sum);
	strv_init(&owned);
	strmap_init(&index);
	if (c->gosum != NULL) {
		modfile_errors_init(&errs, "go.sum");
		(void)gosum_parse(c->gosum, c->gosum_len, &sum, &errs);
		modfile_errors_free(&errs);
	}
	a = xcalloc(c->npins + sum.n + 1, sizeof *a);
	k = rules_sumdb_gosum_lookups(&sum, a, &owned, &index);
	for (i = 0; i < c->npins; i++) {
		p = &c->pins[i];
		if (p->bad || gover_is_toolchain(p->path) ||
		    (p->repl_path != NULL && *p->repl_version == '\0'))
			continue;
		check_pin_module(p, &a[k].path, &a[k].version);
		k++;
	}
	checksumdb_ask_ahead(c->source, a, k);
	free(a);
	strmap_free(&index);
	strv_free(&owned);
	gosum_free(&sum);
}

/* Round 1: every pin's list and .info, in one batch (with what
 * check_prefetch asks for, and check_ask_next_majors and
 * check_ask_lookups ask ahead). */
static void
check_fetch_pins(struct check *c)
{
	struct source_req	**reqs;
	size_t			  i, k = 0, n;

	source_phase(c->source, "%zu pins' versions", c->npins);
	reqs = xcalloc(3 * c->npins + 1, sizeof *reqs);
	for (i = 0; i < c->npins; i++) {
		reqs[k] = xmalloc(sizeof *reqs[k]);
		source_req_init(reqs[k++], PROXY_LIST, c->pins[i].path, NULL);
		if (c->pins[i].bad)
			continue;
		if (c->pins[i].repl_path == NULL)
			source_req_init(reqs[k] = xmalloc(sizeof *reqs[k]),
			    PROXY_INFO, c->pins[i].path, c->pins[i].version);
		else if (*c->pins[i].repl_version != '\0')
			/* The go command fetches the replacement only. */
			source_req_init(reqs[k] = xmalloc(sizeof *reqs[k]),
			    PROXY_INFO, c->pins[i].repl_path,
			    c->pins[i].repl_version);
		else {
			c->pins[i].info_status = 0;	/* a local directory */
			continue;
		}
		k++;
	}
	n = check_prefetch(c, reqs, k);
	check_ask_next_majors(c);
	check_ask_lookups(c);
	source_fetch(c->source, reqs, n);
	for (i = 0, k = 0; i < c->npins; i++) {
		check_take_list(&c->pins[i], reqs[k++]);
		if (!c->pins[i].bad && (c->pins[i].repl_path == NULL ||
		    *c->pins[i].repl_version != '\0'))
			check_take_info(&c->pins[i], reqs[k++]);
	}
	source_reqs_free(reqs, n);
}

/* The retractions and deprecation of a latest go.mod's summary. */
static void
check_take_latest(struct check_pin *p, const struct modsum *s)
{
	size_t	i;

	if (s == NULL)
		return;
	p->retract = xcalloc(s->nretract + 1, sizeof *p->retract);
	for (i = 0; i < s->nretract; i++) {
		p->retract[i].low = xstrdup(s->retract[i].low);
		p->retract[i].high = xstrdup(s->retract[i].high);
		p->retract[i].rationale = xstrdup(s->retract[i].rationale);
	}
	p->nretract = s->nretract;
	if (s->deprecated != NULL)
		p->deprecated = xstrdup(s->deprecated);
}

/* The summary of the go.mod a request fetched, kept in the source's
 * table when it has one (valid until the table changes), else in *own
 * (caller frees); NULL when it was not fetched or does not parse. */
static const struct modsum *
check_summary(struct source *src, const struct source_req *r,
    struct modsum **own)
{
	const struct modsum	*kept;
	struct modsum		*s;
	char			*why;

	*own = NULL;
	if (r->status != 0)
		return (NULL);
	if ((s = modsum_parse(r->path, r->data, r->len, 1, &why)) == NULL) {
		free(why);
		return (NULL);
	}
	if (src->modsums != NULL && (kept = modsums_put(src->modsums, r->path,
	    r->version, s)) != NULL)
		return (kept);
	*own = s;
	return (s);
}

/* The retractions and deprecation of the go.mod of path@latest, when the
 * source's table has its summary: 1, else 0 (it is to be fetched). */
static int
check_latest_known(struct source *src, struct check_pin *p)
{
	const struct modsum	*s;

	if (src->modsums == NULL || (s = modsums_get(src->modsums, p->path,
	    p->latest)) == NULL)
		return (0);
	check_take_latest(p, s);
	return (1);
}

/* The retractions and deprecation of a fetched latest go.mod. */
static void
check_take_fetched(struct source *src, struct check_pin *p,
    const struct source_req *r)
{
	struct modsum	*own;

	check_take_latest(p, check_summary(src, r, &own));
	free(own);
}

/* The path of the next major of a module, or NULL (gopkg.in and
 * malformed paths): /vN+1 for a /vN path; for a path without suffix, the
 * major after its highest listed version (v2 after v1, v3 after
 * v2.x.y+incompatible). */
static char *
check_next_major_path(const char *path, const struct strv *versions)
{
	const char	*major;
	char		*out, *m;
	size_t		 prefix;
	long		 n = 1;

	if (strncmp(path, "gopkg.in/", 9) == 0 ||
	    !modpath_split_version(path, &prefix))
		return (NULL);
	major = path + prefix;
	if (*major != '\0') {
		xasprintf(&out, "%.*s/v%ld", (int)prefix, path,
		    strtol(major + 2, NULL, 10) + 1);
		return (out);
	}
	if (versions->n > 0) {
		m = semver_major(versions->v[versions->n - 1]);
		if (*m == 'v' && strtol(m + 1, NULL, 10) > n)
			n = strtol(m + 1, NULL, 10);
		free(m);
	}
	xasprintf(&out, "%s/v%ld", path, n + 1);
	return (out);
}

/* Ask ahead for one request (kind, path, version) into reqs[*k]. */
static void
check_ahead_add(struct source_req **reqs, size_t *k, enum proxy_kind kind,
    const char *path, const char *version)
{
	reqs[*k] = xmalloc(sizeof *reqs[*k]);
	source_req_init(reqs[(*k)++], kind, path, version);
}

/*
 * Once round 1's lists are in, ask ahead for what the rounds after the
 * graph will most likely ask of each pin, so that those requests travel
 * with the graph's levels instead of after them (a cold check of a
 * 248-requirement go.mod spent four round trips on them after its 13
 * levels): the go.mod that decides +incompatible and the latest go.mod
 * under either answer (check_fetch_latest), the next major the list
 * names (check_fetch_next_majors; the path alone was asked in round 1)
 * and, for a pseudo-version, what its update query reads: the .info of
 * the highest listed version, or @latest where none is above it
 * (update.c). A guess the answers prove wrong costs a request, never an
 * answer: each round still asks for exactly what it needs and takes an
 * answer asked ahead only for the same request.
 */
static void
check_ask_after_lists(struct check *c)
{
	struct source_req	**reqs;
	const struct check_pin	 *p;
	const char		 *last, *v;
	char			 *next;
	size_t			  i, k = 0;

	reqs = xcalloc(5 * c->npins + 1, sizeof *reqs);
	for (i = 0; i < c->npins; i++) {
		p = &c->pins[i];
		if (p->bad || gover_is_toolchain(p->path))
			continue;
		if ((last = check_last_compatible(&p->versions)) != NULL) {
			check_ahead_add(reqs, &k, PROXY_MOD, p->path, last);
			if ((v = check_latest_of(&p->versions, 1)) != NULL)
				check_ahead_add(reqs, &k, PROXY_MOD, p->path,
				    v);
		}
		if ((v = check_latest_of(&p->versions, 0)) != NULL)
			check_ahead_add(reqs, &k, PROXY_MOD, p->path, v);
		if ((next = check_next_major_path(p->path,
		    &p->versions)) != NULL) {
			check_ahead_add(reqs, &k, PROXY_LIST, next, NULL);
			free(next);
		}
		if (p->repl_path != NULL || !pseudo_is_pseudo(p->version))
			continue;
		if (v != NULL && semver_compare(v, p->version) > 0)
			check_ahead_add(reqs, &k, PROXY_INFO, p->path, v);
		else
			check_ahead_add(reqs, &k, PROXY_LATEST, p->path, NULL);
	}
	source_ask_ahead(c->source, reqs, k);
	source_reqs_free(reqs, k);
}

/* After the graph (what it asks, check_ask_after_lists asked ahead):
 * each latest go.mod (and the path of each next major, whose list
 * check_fetch_next_majors takes). */
static void
check_fetch_latest(struct check *c)
{
	struct source_req	**reqs;
	struct check_pin	**pins;
	const char		 *latest;
	size_t			  i, k = 0;

	source_phase(c->source, "latest versions' go.mod files");

	pins = xcalloc(c->npins + 1, sizeof *pins);
	for (i = 0; i < c->npins; i++)
		pins[i] = &c->pins[i];
	check_filter_incompatible(c->source, pins, c->npins);
	free(pins);
	reqs = xcalloc(c->npins + 1, sizeof *reqs);
	for (i = 0; i < c->npins; i++) {
		struct check_pin *p = &c->pins[i];

		if (p->bad)
			continue;
		p->next_major_path = check_next_major_path(p->path,
		    &p->versions);
		if ((latest = check_pin_latest(p)) == NULL)
			continue;
		p->latest = xstrdup(latest);
		if (check_latest_known(c->source, p))
			p->latest_known = 1;
		else {
			reqs[k] = xmalloc(sizeof *reqs[k]);
			source_req_init(reqs[k++], PROXY_MOD, p->path, latest);
		}
	}
	source_fetch(c->source, reqs, k);
	for (i = 0, k = 0; i < c->npins; i++) {
		struct check_pin *p = &c->pins[i];

		if (p->latest != NULL && !p->latest_known)
			check_take_fetched(c->source, p, reqs[k++]);
	}
	source_reqs_free(reqs, k);
}

/* The lists of the next majors, asked ahead in round 1: taken last, when
 * everything else is known, so that the check waits for them only as
 * long as they take beyond the rest. */
static void
check_fetch_next_majors(struct check *c)
{
	struct source_req	**reqs;
	struct strv		  nv;
	size_t			  i, k = 0;

	source_phase(c->source, "next majors' lists");
	reqs = xcalloc(c->npins + 1, sizeof *reqs);
	for (i = 0; i < c->npins; i++) {
		if (c->pins[i].next_major_path == NULL)
			continue;
		reqs[k] = xmalloc(sizeof *reqs[k]);
		source_req_init(reqs[k++], PROXY_LIST,
		    c->pins[i].next_major_path, NULL);
	}
	source_fetch(c->source, reqs, k);
	for (i = 0, k = 0; i < c->npins; i++) {
		struct check_pin *p = &c->pins[i];

		if (p->next_major_path == NULL)
			continue;
		strv_init(&nv);
		if (reqs[k]->status == 0)
			proxy_parse_list(reqs[k]->data, reqs[k]->len, &nv);
		if (nv.n > 0) {
			p->next_major = 1;
			p->next_major_latest = xstrdup(check_latest(&nv));
		}
		strv_free(&nv);
		k++;
	}
	source_reqs_free(reqs, k);
}

/* Keep the requirements with bad versions out of the graph: their
 * placeholders name no real version. (The pins keep their paths.) */
static void
check_hide_bad(struct check *c)
{
	size_t	i;

	for (i = 0; i < c->mf->require.n; i++) {
		if (check_placeholder_index(c->mf->require.v[i]->mod.version) >=
		    0 || (!gover_is_toolchain(c->mf->require.v[i]->mod.path) &&
		    modpath_check(c->mf->require.v[i]->mod.path, NULL) != 0))
			c->mf->require.v[i]->mod.path = "";
	}
}

/* What the upstreams say of one module: its version list, and the
 * retractions and deprecation of its latest go.mod (two rounds). The pin
 * is filled for path (borrowed: it must outlive p); free it with
 * check_pin_free. */
void
check_module(struct source *src, const char *path, struct check_pin *p)
{
	struct source_req	 r, *rp = &r;
	const char		*latest;

	memset(p, 0, sizeof *p);
	strv_init(&p->versions);
	p->path = path;
	p->version = xstrdup("");
	source_req_init(&r, PROXY_LIST, path, NULL);
	source_fetch(src, &rp, 1);
	check_take_list(p, &r);
	source_req_free(&r);
	check_filter_incompatible(src, &p, 1);
	if ((latest = check_pin_latest(p)) == NULL)
		return;
	p->latest = xstrdup(latest);
	if (check_latest_known(src, p))
		return;
	source_req_init(&r, PROXY_MOD, path, latest);
	source_fetch(src, &rp, 1);
	check_take_fetched(src, p, &r);
	source_req_free(&r);
}

/* Free what a pin holds. */
void
check_pin_free(struct check_pin *p)
{
	size_t	j;

	free(p->version);
	strv_free(&p->versions);
	free(p->list_origin);
	free(p->list_evidence);
	free(p->info_evidence);
	free(p->info_origin);
	free(p->latest);
	free(p->path_error);
	for (j = 0; j < p->nretract; j++) {
		free(p->retract[j].low);
		free(p->retract[j].high);
		free(p->retract[j].rationale);
	}
	free(p->retract);
	free(p->deprecated);
	free(p->update);
	free(p->update_from);
	free(p->list_latest);
	free(p->next_major_path);
	free(p->next_major_latest);
	memset(p, 0, sizeof *p);
}

/* Keep replace lines with a bad version out of play: no upstream is
 * asked for a placeholder, and the module is built as if not replaced.
 * (Their findings are made before, by rules_bad_directives.) */
static void
check_hide_bad_replace(struct check *c)
{
	size_t	i;

	for (i = 0; i < c->mf->replace.n; i++) {
		if (check_placeholder_index(c->mf->replace.v[i]->old.version) >=
		    0 || check_placeholder_index(
		    c->mf->replace.v[i]->new.version) >= 0)
			c->mf->replace.v[i]->old.path = "";
	}
}

/*
 * Refuse a go.mod larger than any real one, before it costs upstream
 * requests: each requirement is several (its list, its .info, its latest
 * go.mod, the next major's list). The largest real go.mod files hold a
 * few hundred requirements. 0, or -1 with *cause.
 */
int
check_limits(const struct modfile *mf, const char *name, char **cause)
{
	size_t	n = mf->require.n + mf->replace.n + mf->exclude.n;

	if (n <= CHECK_MAX_DIRECTIVES)
		return (0);
	xasprintf(cause, "%s: %zu require, replace and exclude lines: modvet "
	    "checks go.mod files of at most %d", name, n,
	    CHECK_MAX_DIRECTIVES);
	return (-1);
}

/* What check_run and check_workspace share before the rules run. */
static void
check_begin(struct check *c, struct source *src, const char *name,
    const char *data, size_t len, const struct moddir *where)
{
	memset(c, 0, sizeof *c);
	strv_init(&c->bad_versions);
	strv_init(&c->bad_versions_ph);
	strv_init(&c->bad_reasons);
	strv_init(&c->packages);
	c->source = src;
	c->name = name;
	c->data = data;
	c->len = len;
	c->where = where;
}

/* Run every rule over the go.mod data (named name, its local
 * replacements from where) and the go.sum (NULL when there is none). */
int
check_run(struct check *c, struct source *src, const char *name,
    const char *data, size_t len, const struct moddir *where,
    const char *gosum, size_t gosum_len, int flags, char **cause)
{
	check_begin(c, src, name, data, len, where);
	c->gosum = gosum;
	c->gosum_len = gosum_len;
	c->deep = (flags & CHECK_DEEP) != 0;
	c->tidy = (flags & CHECK_TIDY) != 0;
	check_parse_main(c);
	if (c->mf == NULL) {
		findings_sort(&c->findings);
		return (0);
	}
	if (check_limits(c->mf, name, cause) != 0)
		return (-1);
	rules_bad_directives(c);
	check_hide_bad_replace(c);
	check_make_pins(c);
	check_fetch_pins(c);
	check_ask_after_lists(c);
	check_hide_bad(c);
	graph_load(&c->graph, src, c->mf, where,
	    c->deep ? GRAPH_ASK_INFOS : 0);	/* for rules_selected_exist */
	c->have_graph = 1;
	graph_ask_infos(&c->graph);	/* what the last level selected */
	/* After the graph: what it asks was asked ahead, and what the
	 * graph read the table of summaries answers. */
	check_fetch_latest(c);
	check_fetch_updates(c);
	rules_pins(c);
	rules_graph(c);
	rules_toolchain(c);
	rules_sum(c);
	rules_imports(c);
	rules_sumdb(c);		/* after every missing-sum finding */
	suggest_all(c);
	rules_sumdb_unknown(c);
	check_fetch_next_majors(c);
	source_forget_ahead(c->source);	/* the check asks nothing more */
	rules_new_major(c);
	findings_by_cause(c);
	findings_sort(&c->findings);
	return (0);
}

/* The finding of a workspace the go command refuses: the first line of
 * its words (at the go line), the others ("\tgo work use") evidence. */
static void
check_workspace_refused(struct check *c, const char *words)
{
	struct finding	*f;
	const char	*nl = strchr(words, '\n'), *next;

	f = findings_add(&c->findings, "workspace", FINDING_ERROR, NULL, NULL,
	    c->mf->go != NULL && c->mf->go->syntax != NULL ?
	    c->mf->go->syntax->start.line : 0, "%.*s", nl != NULL ?
	    (int)(nl - words) : (int)strlen(words), words);
	while (nl != NULL) {
		words = nl + 1 + strspn(nl + 1, "\t ");
		next = strchr(words, '\n');
		if (*words != '\0' && *words != '\n')
			finding_evidence(f, "%.*s", next != NULL ?
			    (int)(next - words) : (int)strlen(words), words);
		nl = next;
	}
	finding_evidence(f, "every go command run in the workspace stops "
	    "here");
}

/*
 * The go.work's own lines, as a build in the workspace meets them: the
 * workspace the go command would refuse (ws_cause: why workspace_init or
 * workspace_complete failed), its replace lines, the graph of every
 * module together (a replacement that does not exist), and its go and
 * toolchain lines against the Go that runs (toolchain.go's TooNewError
 * names the go.work). The go lines of dependencies above the go.work's
 * are not a finding: a workspace build accepts them (only "go work use"
 * raises the go.work's go line). Each module's own pins are checked by
 * check_run over its go.mod. 0, or -1 with *cause as check_run.
 */
int
check_workspace(struct check *c, struct source *src,
    const struct workspace *ws, const char *ws_cause, const char *data,
    size_t len, const struct moddir *where, char **cause)
{
	char		*why = NULL;

	check_begin(c, src, ws->name != NULL ? ws->name : "go.work", data,
	    len, where);
	c->work = 1;
	check_parse_main(c);
	if (c->mf == NULL)
		goto out;
	if (check_limits(c->mf, c->name, cause) != 0)
		return (-1);
	rules_bad_directives(c);
	if (ws_cause == NULL && workspace_lines_ok(ws, &why) != 0)
		ws_cause = why;
	if (ws_cause != NULL) {
		/* Nothing more can be loaded; a bad version already
		 * said why the go command refuses the file. */
		if (c->findings.n == 0)
			check_workspace_refused(c, ws_cause);
		goto out;
	}
	check_hide_bad_replace(c);
	check_make_pins(c);	/* a go.work requires nothing: none */
	graph_load_workspace(&c->graph, src, ws, where);
	c->have_graph = 1;
	rules_graph(c);
	rules_toolchain(c);
	findings_by_cause(c);
out:
	free(why);
	findings_sort(&c->findings);
	return (0);
}

/* Is the finding about its pin's own module (not one reached through
 * it)? */
int
check_finding_on_pin(const struct check *c, const struct finding *f)
{
	return (f->pin >= 0 && (size_t)f->pin < c->npins && f->path != NULL &&
	    strcmp(f->path, c->pins[f->pin].path) == 0);
}

/* Free a check. */
void
check_free(struct check *c)
{
	size_t	i;

	for (i = 0; i < c->npins; i++)
		check_pin_free(&c->pins[i]);
	free(c->pins);
	strmap_free(&c->pin_by_path);
	if (c->have_graph)
		graph_free(&c->graph);
	findings_free(&c->findings);
	strv_free(&c->packages);
	modfile_free(c->mf);
	strv_free(&c->bad_versions);
	strv_free(&c->bad_versions_ph);
	strv_free(&c->bad_reasons);
	memset(c, 0, sizeof *c);
}
