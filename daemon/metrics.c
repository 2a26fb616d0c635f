/*
 * Counters for /metrics, in the Prometheus text format: requests by route
 * and status class, their latency, upstream calls and failures by class,
 * cache hits, and the refresher's lag. One mutex; every update is a few
 * additions.
 */

#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "verify/verify.h"
#include "daemon/daemon.h"

#define METRICS_MAX_ROUTES	32

static pthread_mutex_t	metrics_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	const char	*route;
	uint64_t	 count[6];	/* by status / 100 */
	uint64_t	 ms_sum;
	uint64_t	 le[4];		/* <= 10, 100, 1000 ms, +Inf */
} metrics_routes[METRICS_MAX_ROUTES];
static struct source_stats	metrics_up;
static int64_t			metrics_refresh_ms;	/* last finished */
static size_t			metrics_refresh_ok;
static size_t			metrics_refresh_failed;

/* Count one request. */
void
metrics_request(const char *route, int status, uint64_t ms)
{
	size_t	i;

	pthread_mutex_lock(&metrics_lock);
	for (i = 0; i < METRICS_MAX_ROUTES; i++) {
		if (metrics_routes[i].route == NULL)
			metrics_routes[i].route = route;
		if (strcmp(metrics_routes[i].route, route) == 0)
			break;
	}
	if (i < METRICS_MAX_ROUTES) {
		metrics_routes[i].count[status / 100 < 6 ? status / 100 : 5]++;
		metrics_routes[i].ms_sum += ms;
		metrics_routes[i].le[ms <= 10 ? 0 : ms <= 100 ? 1 :
		    ms <= 1000 ? 2 : 3]++;
	}
	pthread_mutex_unlock(&metrics_lock);
}

/* Add what a source did during one request, and zero it. */
void
metrics_upstream(struct source *s)
{
	pthread_mutex_lock(&metrics_lock);
	metrics_up.cache_hits += s->stats.cache_hits;
	metrics_up.upstream_calls += s->stats.upstream_calls;
	metrics_up.upstream_ok += s->stats.upstream_ok;
	metrics_up.upstream_notfound += s->stats.upstream_notfound;
	metrics_up.upstream_transient += s->stats.upstream_transient;
	metrics_up.upstream_invalid += s->stats.upstream_invalid;
	metrics_up.upstream_other += s->stats.upstream_other;
	metrics_up.stale_answers += s->stats.stale_answers;
	pthread_mutex_unlock(&metrics_lock);
	memset(&s->stats, 0, sizeof s->stats);
}

/* Note a finished refresh. */
void
metrics_refresh(int64_t when_ms, size_t ok, size_t failed)
{
	pthread_mutex_lock(&metrics_lock);
	metrics_refresh_ms = when_ms;
	metrics_refresh_ok = ok;
	metrics_refresh_failed = failed;
	pthread_mutex_unlock(&metrics_lock);
}

/* The whole exposition. */
void
metrics_render(struct buf *b)
{
	static const char *le[] = { "10", "100", "1000", "+Inf" };
	size_t	i, k;
	uint64_t cum;

	pthread_mutex_lock(&metrics_lock);
	buf_adds(b, "# HELP modvet_requests_total HTTP requests by route and "
	    "status class.\n# TYPE modvet_requests_total counter\n");
	for (i = 0; i < METRICS_MAX_ROUTES && metrics_routes[i].route; i++)
		for (k = 1; k < 6; k++)
			buf_printf(b, "modvet_requests_total{route=\"%s\","
			    "code=\"%zuxx\"} %llu\n", metrics_routes[i].route, k,
			    (unsigned long long)metrics_routes[i].count[k]);
	buf_adds(b, "# HELP modvet_request_duration_ms Request latency.\n"
	    "# TYPE modvet_request_duration_ms histogram\n");
	for (i = 0; i < METRICS_MAX_ROUTES && metrics_routes[i].route; i++) {
		for (k = 0, cum = 0; k < 4; k++) {
			cum += metrics_routes[i].le[k];
			buf_printf(b, "modvet_request_duration_ms_bucket{route="
			    "\"%s\",le=\"%s\"} %llu\n", metrics_routes[i].route,
			    le[k], (unsigned long long)cum);
		}
		buf_printf(b, "modvet_request_duration_ms_sum{route=\"%s\"} "
		    "%llu\nmodvet_request_duration_ms_count{route=\"%s\"} "
		    "%llu\n", metrics_routes[i].route,
		    (unsigned long long)metrics_routes[i].ms_sum,
		    metrics_routes[i].route, (unsigned long long)cum);
	}
	buf_printf(b, "# HELP modvet_upstream_calls_total Upstream answers "
	    "by class.\n# TYPE modvet_upstream_calls_total counter\n"
	    "modvet_upstream_calls_total{class=\"ok\"} %llu\n"
	    "modvet_upstream_calls_total{class=\"not-found\"} %llu\n"
	    "modvet_upstream_calls_total{class=\"transient\"} %llu\n"
	    "modvet_upstream_calls_total{class=\"invalid\"} %llu\n"
	    "modvet_upstream_calls_total{class=\"other\"} %llu\n"
	    "# TYPE modvet_cache_hits_total counter\n"
	    "modvet_cache_hits_total %llu\n"
	    "# TYPE modvet_stale_answers_total counter\n"
	    "modvet_stale_answers_total %llu\n",
	    (unsigned long long)metrics_up.upstream_ok,
	    (unsigned long long)metrics_up.upstream_notfound,
	    (unsigned long long)metrics_up.upstream_transient,
	    (unsigned long long)metrics_up.upstream_invalid,
	    (unsigned long long)metrics_up.upstream_other,
	    (unsigned long long)metrics_up.cache_hits,
	    (unsigned long long)metrics_up.stale_answers);
	buf_printf(b, "# HELP modvet_refresh_lag_seconds Seconds since the "
	    "watch list was last refreshed (-1: never).\n"
	    "# TYPE modvet_refresh_lag_seconds gauge\n"
	    "modvet_refresh_lag_seconds %lld\n"
	    "modvet_refresh_modules{result=\"ok\"} %zu\n"
	    "modvet_refresh_modules{result=\"failed\"} %zu\n",
	    metrics_refresh_ms == 0 ? -1LL :
	    (long long)((util_wall_ms() - metrics_refresh_ms) / 1000),
	    metrics_refresh_ok, metrics_refresh_failed);
	pthread_mutex_unlock(&metrics_lock);
}
