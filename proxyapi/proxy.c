/*
 * The GOPROXY protocol (https://go.dev/ref/mod#goproxy-protocol) over the
 * configured upstreams, with the go command's rules (modfetch TryProxies):
 * an upstream's "not found" moves on to the next; another error moves on
 * only after a '|'; the error reported is the most useful one (direct,
 * then a proxy's own failure, then "not found"). So a version is reported
 * absent only when the upstreams that could be asked said so.
 *
 * Queries run in rounds: every query asks its current upstream, each kind
 * of upstream (one file and one row of proxy_kinds: upstream-proxy.c,
 * -file.c, -off.c, -direct.c) its queries together, the module proxies'
 * all at once through fetch.c; then the answers are checked (a .info must
 * be JSON naming the version asked for, a .mod must declare the module
 * asked for) and classified.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxy-int.h"

/* TryProxies' ranking of errors. */
#define PROXY_RANK_NOTEXIST	0
#define PROXY_RANK_PROXY	1
#define PROXY_RANK_DIRECT	2

/* Create a client for the configured upstreams. */
struct proxy *
proxy_create(const struct goenv *env, const struct fetch_opts *opts,
    char **cause)
{
	struct proxy		*p;
	struct fetch_opts	 o = *opts;
	size_t			 i;

	p = xcalloc(1, sizeof *p);
	if (upstream_parse_list(env->goproxy, &p->specs, &p->nspecs,
	    cause) != 0) {
		free(p);
		return (NULL);
	}
	if (env->gonoproxy != NULL && *env->gonoproxy != '\0' &&
	    strcmp(env->goproxy, "direct") != 0) {
		p->gonoproxy = xstrdup(env->gonoproxy);
		/* A module matching GONOPROXY is fetched directly first; a
		 * "not found" there still falls through to the list. */
		p->direct_first = xcalloc(p->nspecs + 1, sizeof *p->specs);
		p->direct_first[0].kind = UPSTREAM_DIRECT;
		p->direct_first[0].url = xstrdup("direct");
		for (i = 0; i < p->nspecs; i++) {
			p->direct_first[i + 1] = p->specs[i];
			p->direct_first[i + 1].url = xstrdup(p->specs[i].url);
		}
		p->ndirect_first = p->nspecs + 1;
	}
	if (env->goinsecure != NULL)
		p->goinsecure = xstrdup(env->goinsecure);
	if (env->netrc != NULL)
		o.netrc_file = env->netrc;
	p->fetch = fetch_create(&o);
	/* A bad GOSUMDB matters only when the database is asked, as for the
	 * go command. */
	if (sumdb_conf_parse(env, &p->sumdb, &p->sumdb_error) != 0)
		p->sumdb.off = 1;
	return (p);
}

struct fetch *
proxy_fetch(struct proxy *p)
{
	return (p->fetch);
}

const struct upstream_spec *
proxy_specs(struct proxy *p, size_t *n)
{
	*n = p->nspecs;
	return (p->specs);
}

const struct sumdb_conf *
proxy_sumdb(struct proxy *p, const char **error)
{
	*error = p->sumdb_error;
	return (&p->sumdb);
}

/* Free a client. */
void
proxy_free(struct proxy *p)
{
	if (p == NULL)
		return;
	upstream_free_list(p->specs, p->nspecs);
	upstream_free_list(p->direct_first, p->ndirect_first);
	fetch_free(p->fetch);
	free(p->gonoproxy);
	free(p->goinsecure);
	sumdb_conf_free(&p->sumdb);
	free(p->sumdb_error);
	free(p->git_dir);
	free(p->direct_allow);
	free(p);
}

/* Where direct fetches keep their bare mirrors. */
void
proxy_set_git_dir(struct proxy *p, const char *dir)
{
	free(p->git_dir);
	p->git_dir = dir != NULL ? xstrdup(dir) : NULL;
}

/* The directory of the bare mirrors, or NULL (borrowed). */
const char *
proxy_git_dir(const struct proxy *p)
{
	return (p->git_dir);
}

/* The upstreams asked for a module path, in order. */
static const struct upstream_spec *
proxy_route(struct proxy *p, const char *path, size_t *n)
{
	if (p->gonoproxy != NULL &&
	    glob_match_prefix_patterns(p->gonoproxy, path)) {
		*n = p->ndirect_first;
		return (p->direct_first);
	}
	*n = p->nspecs;
	return (p->specs);
}

/* Prepare a query. */
void
proxy_query_init(struct proxy_query *q, enum proxy_kind kind,
    const char *path, const char *version)
{
	memset(q, 0, sizeof *q);
	q->kind = kind;
	q->path = xstrdup(path);
	q->version = xstrdup(version != NULL ? version : "");
	q->zip_fd = -1;
	buf_init(&q->body, 0);
}

/* Free a query's memory. */
void
proxy_query_free(struct proxy_query *q)
{
	free(q->path);
	free(q->version);
	buf_free(&q->body);
	free(q->origin);
	free(q->evidence);
	free(q->info_version);
	free(q->info_time);
	memset(q, 0, sizeof *q);
}

/* Add to a query's evidence (one clause per upstream asked). */
void
proxy_evidence_add(struct proxy_query *q, const char *fmt, ...)
{
	va_list	 ap;
	char	*s, *t;

	va_start(ap, fmt);
	xvasprintf(&s, fmt, ap);
	va_end(ap);
	if (q->evidence == NULL)
		q->evidence = s;
	else {
		xasprintf(&t, "%s; %s", q->evidence, s);
		free(q->evidence);
		free(s);
		q->evidence = t;
	}
}

/* The URL path of a query below an upstream base: "<path>/@v/list" etc.
 * NULL (with the query failed) if the path or version cannot be escaped. */
char *
proxy_object(struct proxy_query *q)
{
	char	*ep = NULL, *ev = NULL, *why = NULL, *obj = NULL;

	if (modpath_escape(q->path, &ep, &why) != 0)
		goto bad;
	switch (q->kind) {
	case PROXY_LIST:
		xasprintf(&obj, "%s/@v/list", ep);
		break;
	case PROXY_LATEST:
		xasprintf(&obj, "%s/@latest", ep);
		break;
	default:
		if (modpath_escape_version(q->version, &ev, &why) != 0)
			goto bad;
		xasprintf(&obj, "%s/@v/%s.%s", ep, ev, q->kind == PROXY_INFO ?
		    "info" : q->kind == PROXY_MOD ? "mod" : "zip");
		break;
	}
	free(ep);
	free(ev);
	return (obj);
bad:
	q->status = MV_EINVAL;
	q->finished = 1;
	proxy_evidence_add(q, "%s", why);
	free(why);
	free(ep);
	return (NULL);
}

/* The URL of a query at the first upstream of its path's route, when
 * that is a module proxy (http, https): the one proxy_round asks first.
 * NULL for anything else (direct, file://, off), or a path or version
 * that cannot be escaped. */
static char *
proxy_first_url(struct proxy *p, enum proxy_kind kind, const char *path,
    const char *version)
{
	const struct upstream_spec	*specs;
	struct proxy_query		 q;
	char				*obj, *url = NULL;
	size_t				 nspecs;

	specs = proxy_route(p, path, &nspecs);
	if (nspecs == 0 || specs[0].kind != UPSTREAM_PROXY)
		return (NULL);
	proxy_query_init(&q, kind, path, version);
	if ((obj = proxy_object(&q)) != NULL)
		xasprintf(&url, "%s/%s", specs[0].url, obj);
	free(obj);
	proxy_query_free(&q);
	return (url);
}

/* The URL of a module version's zip that a byte range of the zip can be
 * asked of (proxy_first_url's), or NULL. */
char *
proxy_zip_url(struct proxy *p, const char *path, const char *version)
{
	return (proxy_first_url(p, PROXY_ZIP, path, version));
}

/* The size cap of a kind of object. */
size_t
proxy_cap(enum proxy_kind kind)
{
	switch (kind) {
	case PROXY_LIST:
		return (PROXY_MAX_LIST);
	case PROXY_MOD:
		return (PROXY_MAX_MOD);
	case PROXY_ZIP:
		return (PROXY_MAX_ZIP);
	default:
		return (PROXY_MAX_INFO);
	}
}

static int
proxy_check_info(struct proxy_query *q, const char *origin)
{
	char		*v, *t, *cv;
	int		 rc = 0, exact;

	if (proxy_info_parse(q->body.data, q->body.len, &v, &t) != 0) {
		proxy_evidence_add(q, "%s: invalid response: .info is not JSON",
		    origin);
		return (MV_EINVAL);
	}
	if (v == NULL || t == NULL || util_parse_rfc3339(t) == (time_t)-1) {
		proxy_evidence_add(q, "%s: invalid response: .info lacks Version "
		    "or Time", origin);
		rc = MV_EINVAL;
		goto out;
	}
	cv = modpath_canonical_version(q->version);
	exact = q->kind == PROXY_INFO && strcmp(cv, q->version) == 0 &&
	    modpath_check_version(q->path, q->version, NULL) == 0;
	free(cv);
	if (exact && strcmp(v, q->version) != 0) {
		proxy_evidence_add(q, "%s: proxy returned info for version %s "
		    "instead of requested version", origin, v);
		rc = MV_EINVAL;
		goto out;
	}
	free(q->info_version);
	free(q->info_time);
	q->info_version = v;
	q->info_time = t;
	return (0);
out:
	free(v);
	free(t);
	return (rc);
}

/* Check an answer's body for its kind; returns the status. */
int
proxy_check_answer(struct proxy_query *q, const char *origin)
{
	switch (q->kind) {
	case PROXY_INFO:
	case PROXY_LATEST:
		if (q->body.len == 0) {
			proxy_evidence_add(q, "%s: empty .info", origin);
			return (MV_EUNAVAIL);
		}
		return (proxy_check_info(q, origin));
	case PROXY_MOD:
		/* The module path it declares is judged by the graph, which
		 * knows whether it was required under another path (a
		 * replacement may keep the original's, as the go command
		 * accepts: modload's goModSummary). */
		if (q->body.len == 0) {
			proxy_evidence_add(q, "%s: empty .mod", origin);
			return (MV_EUNAVAIL);
		}
		return (0);
	default:
		return (0);
	}
}

/* TryProxies: record one upstream's answer and decide what comes next.
 * The error kept is the most useful one: direct's, then a proxy's own
 * failure, then "not found"; the origin is the upstream that gave it. */
void
proxy_settle(struct proxy_query *q, const struct upstream_spec *spec,
    size_t nspecs, int status, const char *origin)
{
	int	notexist = status == MV_ENOTFOUND, keep = 0;

	q->when_ms = util_wall_ms();
	if (status == 0) {
		q->status = 0;
		q->finished = 1;
		keep = 1;
	} else if (spec->kind == UPSTREAM_DIRECT) {
		q->status = status;
		q->rank = PROXY_RANK_DIRECT;
		keep = 1;
	} else if (q->rank <= PROXY_RANK_PROXY && !notexist &&
	    spec->kind != UPSTREAM_OFF) {
		q->status = status;
		q->rank = PROXY_RANK_PROXY;
		keep = 1;
	} else if (q->rank == PROXY_RANK_NOTEXIST) {
		q->status = status;
		keep = 1;
	}
	if (keep) {
		free(q->origin);
		q->origin = xstrdup(origin);
	}
	/* A proxy without @latest answers from its own list instead
	 * (proxyRepo.Latest, latestFromList): the caller reads that list;
	 * the next upstream is not asked. */
	if (notexist && q->kind == PROXY_LATEST &&
	    (spec->kind == UPSTREAM_PROXY || spec->kind == UPSTREAM_FILE))
		q->finished = 1;
	if (q->finished)
		return;
	q->next++;
	/* "off" counts as "not found" for falling through (as in go). */
	if ((!spec->fallback_on_error && !notexist &&
	    spec->kind != UPSTREAM_OFF) || q->next >= nspecs)
		q->finished = 1;
}

/* The kinds of upstream (proxy-int.h), in the order a round asks them:
 * the trees on disk and "off" at once, then the module proxies together,
 * then version control. */
static const struct upstream_kind_ops *const proxy_kinds[] = {
	&upstream_file_ops,
	&upstream_off_ops,
	&upstream_proxy_ops,
	&upstream_direct_ops,
};

/* The row of a kind. */
static const struct upstream_kind_ops *
proxy_kind(enum upstream_kind kind)
{
	size_t	i;

	for (i = 0; i < nitems(proxy_kinds); i++)
		if (proxy_kinds[i]->kind == kind)
			return (proxy_kinds[i]);
	/* Every kind upstream.c makes has its row; were one missing, it
	 * would be asked nothing, as "off" is. */
	return (&upstream_off_ops);
}

/* The origin a query records for answers of an upstream: its URL,
 * "file://DIR", "direct" or "off" (caller frees). */
static char *
proxy_spec_origin(const struct upstream_spec *spec)
{
	return (proxy_kind(spec->kind)->origin(spec));
}

/*
 * Limit "direct" fetches (git over the network, at hosts a module path
 * names) to module paths matching patterns (GOPRIVATE syntax; NULL or ""
 * allows none), as the daemon does for TCP callers, who must not make it
 * connect where they choose; proxy_unlimit_direct lifts the limit.
 */
void
proxy_limit_direct(struct proxy *p, const char *patterns)
{
	free(p->direct_allow);
	p->direct_allow = patterns != NULL ? xstrdup(patterns) : NULL;
	p->direct_limited = 1;
}

void
proxy_unlimit_direct(struct proxy *p)
{
	free(p->direct_allow);
	p->direct_allow = NULL;
	p->direct_limited = 0;
}

/* May path be fetched directly? */
int
proxy_direct_allowed(const struct proxy *p, const char *path)
{
	if (!p->direct_limited)
		return (1);
	return (p->direct_allow != NULL && *p->direct_allow != '\0' &&
	    glob_match_prefix_patterns(p->direct_allow, path));
}

/* Every upstream path is fetched from now, in order, as one string
 * ("https://proxy.golang.org direct"; a direct this caller may not use
 * is "direct-refused"): what a remembered failure of path depends on.
 * Caller frees. */
char *
proxy_route_key(struct proxy *p, const char *path)
{
	const struct upstream_spec	*spec;
	struct buf			 b;
	size_t				 n, i;
	char				*o;

	buf_init(&b, 0);
	spec = proxy_route(p, path, &n);
	for (i = 0; i < n; i++) {
		o = proxy_spec_origin(&spec[i]);
		buf_printf(&b, "%s%s%s", i > 0 ? " " : "", o,
		    spec[i].kind == UPSTREAM_DIRECT &&
		    !proxy_direct_allowed(p, path) ? "-refused" : "");
		free(o);
	}
	return (buf_steal(&b));
}

/* Is origin (as a query recorded it) one of the upstreams path is
 * fetched from now? */
int
proxy_origin_current(struct proxy *p, const char *path, const char *origin)
{
	const struct upstream_spec	*spec;
	size_t				 n, i;
	char				*o;
	int				 same = 0;

	if (origin == NULL)
		return (0);
	spec = proxy_route(p, path, &n);
	for (i = 0; i < n && !same; i++) {
		o = proxy_spec_origin(&spec[i]);
		same = spec[i].kind != UPSTREAM_OFF && strcmp(o, origin) == 0;
		free(o);
	}
	return (same);
}

const struct upstream_spec *
proxy_query_spec(struct proxy *p, const struct proxy_query *q, size_t *nspecs)
{
	return (&proxy_route(p, q->path, nspecs)[q->next]);
}

/* Run one round: every unfinished query asks its next upstream, each
 * kind of upstream its queries together. Which kind a query asks is
 * fixed before any is asked: a query moves on at most one upstream a
 * round. */
static void
proxy_round(struct proxy *p, struct proxy_query **qs, size_t n)
{
	struct proxy_query	**group;
	size_t			  i, k, ng, nspecs;
	unsigned char		 *kind;

	group = xcalloc(n + 1, sizeof *group);
	kind = xcalloc(n + 1, 1);
	for (i = 0; i < n; i++)
		if (!qs[i]->finished)
			kind[i] = 1 + proxy_query_spec(p, qs[i],
			    &nspecs)->kind;
	for (k = 0; k < nitems(proxy_kinds); k++) {
		for (ng = 0, i = 0; i < n; i++)
			if (kind[i] == 1 + proxy_kinds[k]->kind)
				group[ng++] = qs[i];
		if (ng > 0)
			proxy_kinds[k]->round(p, group, ng);
	}
	free(kind);
	free(group);
}

/*
 * Ask the first upstream of a query's route now, when it is a module
 * proxy, and wait for nothing: proxy_run of the same query takes the
 * answer (or the transfer on the wire) from there; the upstreams after
 * the first are asked by proxy_run as always. proxy_forget_ahead drops
 * what no query took.
 */
void
proxy_ask_ahead(struct proxy *p, enum proxy_kind kind, const char *path,
    const char *version)
{
	char	*url;

	if (kind == PROXY_ZIP ||
	    (url = proxy_first_url(p, kind, path, version)) == NULL)
		return;
	fetch_ahead(p->fetch, url, proxy_cap(kind));
	free(url);
}

void
proxy_forget_ahead(struct proxy *p)
{
	fetch_forget_ahead(p->fetch);
}

/* Answer every query. */
void
proxy_run(struct proxy *p, struct proxy_query **qs, size_t n)
{
	size_t	i;
	int	pending;

	for (i = 0; i < n; i++) {
		qs[i]->next = 0;
		qs[i]->rank = PROXY_RANK_NOTEXIST;
		qs[i]->finished = 0;
		qs[i]->status = MV_EUNAVAIL;
		free(qs[i]->evidence);
		qs[i]->evidence = NULL;
	}
	do {
		proxy_round(p, qs, n);
		for (pending = 0, i = 0; i < n; i++)
			pending |= !qs[i]->finished;
	} while (pending);
}

