/*
 * Upstream answers through the cache, by the cache rules of DESIGN.md:
 *
 *  - a version's .info and .mod never change: a cached one is the answer;
 *  - a module's version list is fresh for list_ttl_ms, a "does not exist"
 *    for negative_ttl_ms; after that the upstreams are asked again;
 *  - when every upstream fails, an expired entry is answered, marked stale
 *    with its age; a transient failure never becomes "does not exist";
 *  - a failure (every upstream failed, refused, or served something
 *    invalid) of an object nothing else is known of is remembered for
 *    failure_ttl_ms, as such, with its evidence: a run after a run does
 *    not wait again on an origin that cannot be reached (the go command's
 *    direct fallback costs seconds of DNS and TCP timeouts a module);
 *  - one fetch per object at a time: requests that arrive while another
 *    thread fetches the same object wait for it and read the cache.
 *
 * The requests of a call that need the network go out together in one
 * proxy_run, so a batch costs one round of parallel requests. Once the
 * caller has gone away (s->gone), nothing more goes out for it.
 */

#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "cache/cache.h"
#include "engine/engine.h"

/* The defaults: lists 10 minutes, negative answers 5, failures 2. */
static void
source_opts_default(struct source_opts *o)
{
	o->list_ttl_ms = 10 * 60 * 1000;	/* 10min */
	o->negative_ttl_ms = 5 * 60 * 1000;	/* 5min */
	o->failure_ttl_ms = 2 * 60 * 1000;	/* 2min */
}

/* A source over this thread's cache and the upstreams. */
void
source_init(struct source *s, struct cache *c, struct proxy *p,
    const struct source_opts *o)
{
	memset(s, 0, sizeof *s);
	s->cache = c;
	s->proxy = p;
	if (o != NULL)
		s->opts = *o;
	else
		source_opts_default(&s->opts);
}

/* Prepare a request. */
void
source_req_init(struct source_req *r, enum proxy_kind kind, const char *path,
    const char *version)
{
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->path = xstrdup(path);
	r->version = xstrdup(version != NULL ? version : "");
	r->status = MV_EUNAVAIL;
}

/* Forget a request's answer (before it is answered again). */
static void
source_req_clear(struct source_req *r)
{
	free(r->data);
	free(r->origin);
	free(r->evidence);
	free(r->upstream_error);
	r->data = r->origin = r->evidence = r->upstream_error = NULL;
	r->len = 0;
	r->from_cache = r->stale = 0;
	r->status = MV_EUNAVAIL;
}

/* Free a request. */
void
source_req_free(struct source_req *r)
{
	source_req_clear(r);
	free(r->path);
	free(r->version);
	memset(r, 0, sizeof *r);
}

/* Free n requests made with xmalloc and the array holding them. */
void
source_reqs_free(struct source_req **reqs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		source_req_free(reqs[i]);
		free(reqs[i]);
	}
	free(reqs);
}

/* The status as a word. */
const char *
source_status_name(int status)
{
	switch (status) {
	case 0:
		return ("ok");
	case MV_ENOTFOUND:
		return ("not-found");
	case MV_EUNAVAIL:
		return ("transient");
	case MV_EINVAL:
		return ("invalid");
	default:
		return ("error");
	}
}

/* The kind of a request as stored in the negative table. */
static const char *
source_kind_name(enum proxy_kind kind)
{
	switch (kind) {
	case PROXY_LIST:
		return ("list");
	case PROXY_INFO:
		return ("info");
	case PROXY_MOD:
		return ("mod");
	case PROXY_ZIP:
		return ("zip");
	default:
		return ("latest");
	}
}

/* The single-flight key of a request. */
static char *
source_key(const struct source_req *r)
{
	char	*k;

	xasprintf(&k, "%s %s %s", source_kind_name(r->kind), r->path,
	    r->version);
	return (k);
}

/* Take a cached body into the request. */
static void
source_take_blob(struct source_req *r, struct cache_blob *b, int stale)
{
	r->status = 0;
	r->data = b->data;
	r->len = b->len;
	r->origin = b->origin;
	r->when_ms = b->fetched_ms;
	r->from_cache = 1;
	r->stale = stale;
	memset(b, 0, sizeof *b);
}

/* Take a cached "does not exist" into the request. */
static void
source_take_negative(struct source_req *r, struct cache_negative *n,
    int stale)
{
	r->status = MV_ENOTFOUND;
	r->evidence = n->evidence;
	r->origin = n->origin;
	r->when_ms = n->fetched_ms;
	r->from_cache = 1;
	r->stale = stale;
	memset(n, 0, sizeof *n);
}

/* Is origin one of the upstreams the module is fetched from now? A list
 * or a "does not exist" is what one upstream said: after GOPROXY changes,
 * another upstream's answer is not an answer. (A version's .info and .mod
 * are the same wherever they come from, so those are always used.) */
static int
source_origin_current(struct source *s, const char *path, const char *origin)
{
	return (s->proxy != NULL && proxy_origin_current(s->proxy, path,
	    origin));
}

/* Does the answer change over time (a version list, @latest), so that it
 * expires and is only what one upstream said? A version's .info and .mod
 * never change. */
static int
source_mutable(enum proxy_kind kind)
{
	return (kind == PROXY_LIST || kind == PROXY_LATEST);
}

/* Is an answer fetched at when_ms still fresh for ttl_ms? An answer from
 * the future (stored while the clock was ahead) is not: it would outlive
 * its time once the clock is corrected. */
static int
source_fresh(int64_t now, int64_t when_ms, int64_t ttl_ms)
{
	return (when_ms <= now && now - when_ms < ttl_ms);
}

/* Is status a failure remembered: transient (MV_EUNAVAIL), invalid
 * (MV_EINVAL) or refused (-1: 401, 403, too large)? */
static int
source_failure_class(int status)
{
	return (status == MV_EUNAVAIL || status == MV_EINVAL || status == -1);
}

/*
 * How long a failure is remembered: failure-ttl, doubled each time the
 * same failure came back when asked again, up to 32 times (an hour with
 * the default 2 minutes). An origin that cannot be reached (a "direct"
 * host with no route: DNS and connect timeouts, seconds each) would
 * otherwise make every run after the first ttl as slow as the first.
 */
static int64_t
source_failure_ttl(const struct source *s, int streak)
{
	int	shift = streak > 1 ? streak - 1 : 0;

	return (s->opts.failure_ttl_ms << (shift < 5 ? shift : 5));
}

/* Answer with a remembered failure, fresh and from an upstream of now;
 * 1 when answered. Never a stale one: a failure is not an answer. */
static int
source_failure(struct source *s, struct source_req *r, int64_t now)
{
	struct cache_negative	 n;
	char			*why = NULL, *route, when[32];
	int64_t			 ttl;
	int			 rc, same;

	if (s->opts.failure_ttl_ms <= 0 || s->proxy == NULL)
		return (0);
	rc = cache_get_failure(s->cache, r->path, r->version,
	    source_kind_name(r->kind), &n, &why);
	if (rc == -1)
		log_warnx("%s", why);
	free(why);
	if (rc != 0)
		return (0);
	/* Only what the same upstreams, as this caller may use them, failed
	 * to give: a TCP caller's refused direct is not a local caller's. */
	route = proxy_route_key(s->proxy, r->path);
	same = strcmp(route, n.origin) == 0;
	free(route);
	ttl = source_failure_ttl(s, n.streak);
	if (!same || !source_fresh(now, n.fetched_ms, ttl) ||
	    !source_failure_class(n.status)) {
		cache_negative_free(&n);
		return (0);
	}
	r->status = n.status;
	xasprintf(&r->evidence, "%s (a failure remembered from %s: the "
	    "upstreams are asked again %llds after it)", n.evidence,
	    util_format_rfc3339((time_t)(n.fetched_ms / 1000), when),
	    (long long)(ttl / 1000));
	r->origin = n.origin;
	r->when_ms = n.fetched_ms;
	r->from_cache = 1;
	n.origin = NULL;
	cache_negative_free(&n);
	return (1);
}

/*
 * Answer from the cache if the cache has a fresh answer (or, with
 * allow_stale, any answer). Returns 1 when answered.
 */
static int
source_from_cache(struct source *s, struct source_req *r, int allow_stale)
{
	struct cache_blob	 b;
	struct cache_negative	 n;
	int64_t			 now = util_wall_ms();
	char			*why = NULL;
	int			 rc, known;

	if (source_mutable(r->kind) && s->batch && s->objmemo != NULL &&
	    objmemo_get_mutable(s->objmemo, r->kind, r->path, &b) == 0)
		rc = 0;
	else if (source_mutable(r->kind)) {
		rc = r->kind == PROXY_LIST ? cache_get_list(s->cache, r->path,
		    &b, &why) : cache_get_latest(s->cache, r->path, &b, &why);
		if (rc == 0 && s->batch && s->objmemo != NULL)
			objmemo_put_mutable(s->objmemo, r->kind, r->path, &b);
	} else if (s->objmemo != NULL && objmemo_get(s->objmemo, r->kind,
	    r->path, r->version, &b) == 0)
		rc = 0;
	else {
		rc = cache_get_object(s->cache, r->path, r->version,
		    r->kind == PROXY_INFO ? CACHE_INFO : CACHE_MOD, &b, &why);
		if (rc == 0 && s->objmemo != NULL)
			objmemo_put(s->objmemo, r->kind, r->path, r->version,
			    &b);
	}
	if (rc == 0 && source_mutable(r->kind) &&
	    !source_origin_current(s, r->path, b.origin)) {
		cache_blob_free(&b);
		rc = MV_ENOTFOUND;
	}
	if (rc == 0) {
		if (!source_mutable(r->kind) || allow_stale ||
		    source_fresh(now, b.fetched_ms, s->opts.list_ttl_ms)) {
			source_take_blob(r, &b, source_mutable(r->kind) &&
			    !source_fresh(now, b.fetched_ms,
			    s->opts.list_ttl_ms));
			return (1);
		}
		cache_blob_free(&b);
	} else if (rc == -1)
		log_warnx("%s", why);
	free(why);
	why = NULL;
	known = rc != MV_ENOTFOUND;	/* a body, even an expired one */
	if (s->batch && s->objmemo != NULL && objmemo_get_negative(s->objmemo,
	    source_kind_name(r->kind), r->path, r->version, &n) == 0)
		rc = 0;
	else {
		rc = cache_get_negative(s->cache, r->path, r->version,
		    source_kind_name(r->kind), &n, &why);
		if (rc == 0 && s->batch && s->objmemo != NULL)
			objmemo_put_negative(s->objmemo,
			    source_kind_name(r->kind), r->path, r->version, &n);
	}
	if (rc == 0 && !source_origin_current(s, r->path, n.origin)) {
		cache_negative_free(&n);
		rc = MV_ENOTFOUND;
	}
	if (rc == 0) {
		if (allow_stale || source_fresh(now, n.fetched_ms,
		    s->opts.negative_ttl_ms)) {
			source_take_negative(r, &n, !source_fresh(now,
			    n.fetched_ms, s->opts.negative_ttl_ms));
			return (1);
		}
		cache_negative_free(&n);
	} else if (rc == -1)
		log_warnx("%s", why);
	free(why);
	if (allow_stale || known || rc != MV_ENOTFOUND)
		return (0);
	return (source_failure(s, r, now));
}

/* The streak of a failure that status is, of the same upstreams: one
 * more than the one remembered when that is the same failure again. */
static int
source_failure_streak(struct source *s, const char *path,
    const char *version, const char *kind, int status, const char *route)
{
	struct cache_negative	 n;
	char			*why = NULL;
	int			 streak = 1;

	if (cache_get_failure(s->cache, path, version, kind, &n, &why) == 0) {
		if (n.status == status && strcmp(n.origin, route) == 0)
			streak = n.streak < 100 ? n.streak + 1 : n.streak;
		cache_negative_free(&n);
	}
	free(why);
	return (streak);
}

/* Store an upstream answer and take it into the request. */
static void
source_store(struct source *s, struct source_req *r, struct proxy_query *q)
{
	const char	*kind = source_kind_name(r->kind);
	char		*why = NULL, *route;
	int		 rc = 0;

	s->stats.upstream_calls++;
	/* The answer and the rows it makes obsolete, in one transaction (a
	 * failed begin leaves each write its own). */
	if (cache_begin(s->cache, &why) != 0) {
		log_warnx("%s", why);
		free(why);
		why = NULL;
	}
	/* What the worker kept of the rows is old now. */
	if (s->objmemo != NULL) {
		objmemo_forget_mutable(s->objmemo, r->kind, r->path);
		objmemo_forget_negative(s->objmemo, source_kind_name(r->kind),
		    r->path, r->version);
	}
	if (q->status == 0) {
		s->stats.upstream_ok++;
		if (r->kind == PROXY_LIST)
			rc = cache_put_list(s->cache, r->path, q->body.data,
			    q->body.len, q->origin, q->when_ms, &why);
		else if (r->kind == PROXY_LATEST)
			rc = cache_put_latest(s->cache, r->path, q->body.data,
			    q->body.len, q->origin, q->when_ms, &why);
		else
			rc = cache_put_object(s->cache, r->path, r->version,
			    r->kind == PROXY_INFO ? CACHE_INFO : CACHE_MOD,
			    q->body.data, q->body.len, q->origin, q->when_ms,
			    &why);
		if (rc == 0)
			rc = cache_clear_negative(s->cache, r->path,
			    r->version, kind, &why);
		if (rc == 0)
			rc = cache_clear_failure(s->cache, r->path,
			    r->version, kind, &why);
		r->status = 0;
		r->data = xmemdup(q->body.data != NULL ? q->body.data : "",
		    q->body.len);
		r->len = q->body.len;
	} else if (q->status == MV_ENOTFOUND) {
		s->stats.upstream_notfound++;
		rc = cache_put_negative(s->cache, r->path, r->version, kind,
		    q->evidence, q->origin, q->when_ms, &why);
		if (rc == 0)
			rc = cache_clear_failure(s->cache, r->path,
			    r->version, kind, &why);
		r->status = MV_ENOTFOUND;
		r->evidence = xstrdup(q->evidence != NULL ? q->evidence : "");
	} else {
		if (q->status == MV_EUNAVAIL)
			s->stats.upstream_transient++;
		else if (q->status == MV_EINVAL)
			s->stats.upstream_invalid++;
		else
			s->stats.upstream_other++;
		/* Stale-if-error: an expired answer beats no answer. */
		if (q->status != MV_EINVAL && source_from_cache(s, r, 1)) {
			s->stats.stale_answers++;
			r->upstream_error = xstrdup(q->evidence != NULL ?
			    q->evidence : "");
			goto commit;
		}
		r->status = q->status;
		r->evidence = xstrdup(q->evidence != NULL ? q->evidence : "");
		if (source_failure_class(q->status) &&
		    s->opts.failure_ttl_ms > 0 && s->proxy != NULL) {
			route = proxy_route_key(s->proxy, r->path);
			rc = cache_put_failure(s->cache, r->path, r->version,
			    kind, q->status, q->evidence, route, q->when_ms,
			    source_failure_streak(s, r->path, r->version, kind,
			    q->status, route), &why);
			free(route);
		}
	}
	r->origin = xstrdup(q->origin != NULL ? q->origin : "");
	r->when_ms = q->when_ms;
commit:
	/* (A write that failed rolled the whole transaction back.) */
	if (rc == 0)
		rc = cache_commit(s->cache, &why);
	if (rc != 0) {
		log_warnx("%s", why);
		free(why);
	}
}

/* Ask the upstreams for the claimed requests and store the answers. */
static void
source_upstream(struct source *s, struct source_req **reqs, size_t n)
{
	struct proxy_query	**qs;
	size_t			  i;

	qs = xcalloc(n + 1, sizeof *qs);
	for (i = 0; i < n; i++) {
		qs[i] = xmalloc(sizeof *qs[i]);
		proxy_query_init(qs[i], reqs[i]->kind, reqs[i]->path,
		    reqs[i]->version);
	}
	proxy_run(s->proxy, qs, n);
	for (i = 0; i < n; i++) {
		source_store(s, reqs[i], qs[i]);
		proxy_query_free(qs[i]);
		free(qs[i]);
	}
	free(qs);
}

/* Tell the progress line where the work is. */
static void
source_report(struct source *s)
{
	if (s->progress != NULL)
		s->progress(s->progress_arg, s->phase, s->asked, s->to_ask);
}

/* Name the phase of the work, for the progress line. */
void
source_phase(struct source *s, const char *fmt, ...)
{
	va_list	ap;

	if (s == NULL || (s->progress == NULL &&
	    !log_enabled(LOG_LEVEL_DEBUG)))
		return;
	va_start(ap, fmt);
	vsnprintf(s->phase, sizeof s->phase, fmt, ap);
	va_end(ap);
	source_report(s);
}

/* The caller went away: these are not asked for (nor remembered as a
 * failure: no upstream failed). */
static void
source_abandon(struct source *s, struct source_req **reqs, size_t n)
{
	size_t	i;

	s->stats.abandoned += n;
	for (i = 0; i < n; i++) {
		reqs[i]->status = MV_EUNAVAIL;
		reqs[i]->evidence = xstrdup("not asked: the caller went away");
	}
}

/* A batch's reads of the cache: one read transaction, and the rows kept
 * in memory, which hold while no one else wrote. */
static void
source_reads_begin(struct source *s)
{
	cache_read_begin(s->cache);
	if (s->objmemo != NULL)
		objmemo_sync(s->objmemo, cache_data_version(s->cache));
	s->batch = 1;
}

static void
source_reads_end(struct source *s)
{
	s->batch = 0;
	cache_read_end(s->cache);
}

/*
 * Ask the upstream now for the requests the cache cannot answer, and wait
 * for nothing: a later source_fetch of the same request takes the answer
 * (or the transfer still on the wire) and stores it as any other. For
 * what a check needs late but can ask early (the next majors' lists: a
 * proxy's 404 for a module that does not exist is its slowest answer).
 * The requests stay the caller's; source_forget_ahead drops what no fetch
 * took.
 */
void
source_ask_ahead(struct source *s, struct source_req **reqs, size_t n)
{
	size_t	i;

	if (s->proxy == NULL || n == 0 ||
	    (s->gone != NULL && s->gone(s->gone_arg)))
		return;
	source_reads_begin(s);
	for (i = 0; i < n; i++) {
		source_req_clear(reqs[i]);
		if (!source_from_cache(s, reqs[i], 0))
			proxy_ask_ahead(s->proxy, reqs[i]->kind, reqs[i]->path,
			    reqs[i]->version);
		source_req_clear(reqs[i]);
	}
	source_reads_end(s);
}

void
source_forget_ahead(struct source *s)
{
	if (s->proxy != NULL)
		proxy_forget_ahead(s->proxy);
}

/* Answer every request. */
void
source_fetch(struct source *s, struct source_req **reqs, size_t n)
{
	struct source_req	**mine, **busy;
	char			 *k;
	size_t			  i, nmine, nbusy, nleft = n;
	struct source_req	**left;

	left = xcalloc(n + 1, sizeof *left);
	mine = xcalloc(n + 1, sizeof *mine);
	busy = xcalloc(n + 1, sizeof *busy);
	for (i = 0; i < n; i++) {
		source_req_clear(reqs[i]);
		left[i] = reqs[i];
	}
	while (nleft > 0) {
		nmine = nbusy = 0;
		source_reads_begin(s);
		for (i = 0; i < nleft; i++) {
			if (source_from_cache(s, left[i], 0)) {
				s->stats.cache_hits++;
				continue;
			}
			k = source_key(left[i]);
			if (flight_try(k))
				mine[nmine++] = left[i];
			else
				busy[nbusy++] = left[i];
			free(k);
		}
		source_reads_end(s);
		if (nmine > 0 && s->gone != NULL && s->gone(s->gone_arg))
			source_abandon(s, mine, nmine);
		else if (nmine > 0) {
			if (log_enabled(LOG_LEVEL_DEBUG))
				log_debug("source: at %" PRIu64 " ms, %zu of %zu "
				    "asked upstream (%s)", util_now_ms(), nmine,
				    n, s->phase[0] != '\0' ? s->phase : "-");
			s->to_ask += nmine;
			source_report(s);
			source_upstream(s, mine, nmine);
			s->asked += nmine;
			source_report(s);
		}
		for (i = 0; i < nmine; i++) {
			k = source_key(mine[i]);
			flight_end(k);
			free(k);
		}
		/* Wait for other fetchers (holding no keys), then look at
		 * the cache again in the next round. */
		for (i = 0; i < nbusy; i++) {
			k = source_key(busy[i]);
			flight_wait(k);
			free(k);
			left[i] = busy[i];
		}
		nleft = nbusy;
	}
	free(left);
	free(mine);
	free(busy);
}
