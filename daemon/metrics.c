/*
 * Counters for /metrics, in the Prometheus text format (every family with
 * its HELP and TYPE, durations in seconds, counters ending in _total):
 * requests by route and status class, their latency, answers from the
 * memo, upstream calls and failures by class, cache hits, and the
 * refresher's lag. One mutex; every update is a few additions.
 */

#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "engine/engine.h"
#include "daemon/daemon.h"

#define METRICS_MAX_ROUTES	32

/* Latency buckets, microseconds: 0.1 ms to 10 s, then +Inf. */
static const uint64_t	metrics_le_us[] = { 100, 250, 500, 1000, 2500, 5000,
	10000, 25000, 50000, 100000, 250000, 500000, 1000000, 2500000,
	10000000 };
#define METRICS_NLE	(nitems(metrics_le_us) + 1)

static pthread_mutex_t	metrics_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	const char	*route;
	uint64_t	 count[6];	/* by status / 100 */
	uint64_t	 us_sum;
	uint64_t	 le[METRICS_NLE];	/* per bucket, not cumulative */
	uint64_t	 memo_hits;
} metrics_routes[METRICS_MAX_ROUTES];
static struct source_stats	metrics_up;
static int64_t			metrics_refresh_ms;	/* last finished */
static size_t			metrics_refresh_ok;
static size_t			metrics_refresh_failed;

/* Count one request that took us microseconds (memo: answered from the
 * memo). */
void
metrics_request(const char *route, int status, uint64_t us, int memo)
{
	size_t	i, k;

	pthread_mutex_lock(&metrics_lock);
	for (i = 0; i < METRICS_MAX_ROUTES; i++) {
		if (metrics_routes[i].route == NULL)
			metrics_routes[i].route = route;
		if (strcmp(metrics_routes[i].route, route) == 0)
			break;
	}
	if (i < METRICS_MAX_ROUTES) {
		metrics_routes[i].count[status / 100 < 6 ? status / 100 : 5]++;
		metrics_routes[i].us_sum += us;
		for (k = 0; k < nitems(metrics_le_us) &&
		    us > metrics_le_us[k]; k++)
			;
		metrics_routes[i].le[k]++;
		metrics_routes[i].memo_hits += memo != 0;
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
	metrics_up.abandoned += s->stats.abandoned;
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

/* The request counters and the latency histogram. */
static void
metrics_render_requests(struct buf *b)
{
	size_t		i, k;
	uint64_t	cum;

	buf_adds(b, "# HELP modvet_requests_total HTTP requests by route and "
	    "status class.\n# TYPE modvet_requests_total counter\n");
	for (i = 0; i < METRICS_MAX_ROUTES && metrics_routes[i].route; i++)
		for (k = 1; k < 6; k++)
			buf_printf(b, "modvet_requests_total{route=\"%s\","
			    "code=\"%zuxx\"} %llu\n", metrics_routes[i].route, k,
			    (unsigned long long)metrics_routes[i].count[k]);
	buf_adds(b, "# HELP modvet_memo_hits_total Requests answered from the "
	    "memo of repeated requests.\n# TYPE modvet_memo_hits_total "
	    "counter\n");
	for (i = 0; i < METRICS_MAX_ROUTES && metrics_routes[i].route; i++)
		buf_printf(b, "modvet_memo_hits_total{route=\"%s\"} %llu\n",
		    metrics_routes[i].route,
		    (unsigned long long)metrics_routes[i].memo_hits);
	buf_adds(b, "# HELP modvet_request_duration_seconds Request latency.\n"
	    "# TYPE modvet_request_duration_seconds histogram\n");
	for (i = 0; i < METRICS_MAX_ROUTES && metrics_routes[i].route; i++) {
		for (k = 0, cum = 0; k < METRICS_NLE; k++) {
			cum += metrics_routes[i].le[k];
			if (k < nitems(metrics_le_us))
				buf_printf(b, "modvet_request_duration_seconds_"
				    "bucket{route=\"%s\",le=\"%g\"} %llu\n",
				    metrics_routes[i].route,
				    (double)metrics_le_us[k] / 1e6,
				    (unsigned long long)cum);
			else
				buf_printf(b, "modvet_request_duration_seconds_"
				    "bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
				    metrics_routes[i].route,
				    (unsigned long long)cum);
		}
		buf_printf(b, "modvet_request_duration_seconds_sum{route=\"%s\"} "
		    "%.6f\nmodvet_request_duration_seconds_count{route=\"%s\"} "
		    "%llu\n", metrics_routes[i].route,
		    (double)metrics_routes[i].us_sum / 1e6,
		    metrics_routes[i].route, (unsigned long long)cum);
	}
}

/* The whole exposition. */
void
metrics_render(struct buf *b)
{
	pthread_mutex_lock(&metrics_lock);
	metrics_render_requests(b);
	buf_printf(b, "# HELP modvet_upstream_calls_total Upstream answers "
	    "by class.\n# TYPE modvet_upstream_calls_total counter\n"
	    "modvet_upstream_calls_total{class=\"ok\"} %llu\n"
	    "modvet_upstream_calls_total{class=\"not-found\"} %llu\n"
	    "modvet_upstream_calls_total{class=\"transient\"} %llu\n"
	    "modvet_upstream_calls_total{class=\"invalid\"} %llu\n"
	    "modvet_upstream_calls_total{class=\"other\"} %llu\n"
	    "# HELP modvet_cache_hits_total Answers read from the cache.\n"
	    "# TYPE modvet_cache_hits_total counter\n"
	    "modvet_cache_hits_total %llu\n"
	    "# HELP modvet_stale_answers_total Cached answers given past their "
	    "freshness because every upstream failed.\n"
	    "# TYPE modvet_stale_answers_total counter\n"
	    "modvet_stale_answers_total %llu\n"
	    "# HELP modvet_abandoned_requests_total Upstream requests not made "
	    "because the client had closed its connection.\n"
	    "# TYPE modvet_abandoned_requests_total counter\n"
	    "modvet_abandoned_requests_total %llu\n"
	    "# HELP modvet_slow_clients_closed_total Connections closed "
	    "because their request did not arrive within request-timeout.\n"
	    "# TYPE modvet_slow_clients_closed_total counter\n"
	    "modvet_slow_clients_closed_total %llu\n",
	    (unsigned long long)metrics_up.upstream_ok,
	    (unsigned long long)metrics_up.upstream_notfound,
	    (unsigned long long)metrics_up.upstream_transient,
	    (unsigned long long)metrics_up.upstream_invalid,
	    (unsigned long long)metrics_up.upstream_other,
	    (unsigned long long)metrics_up.cache_hits,
	    (unsigned long long)metrics_up.stale_answers,
	    (unsigned long long)metrics_up.abandoned,
	    (unsigned long long)deadline_fired());
	buf_printf(b, "# HELP modvet_refresh_lag_seconds Seconds since the "
	    "watch list was last refreshed (-1: never).\n"
	    "# TYPE modvet_refresh_lag_seconds gauge\n"
	    "modvet_refresh_lag_seconds %lld\n"
	    "# HELP modvet_refresh_modules Watched modules of the last refresh "
	    "by result.\n# TYPE modvet_refresh_modules gauge\n"
	    "modvet_refresh_modules{result=\"ok\"} %zu\n"
	    "modvet_refresh_modules{result=\"failed\"} %zu\n",
	    metrics_refresh_ms == 0 ? -1LL :
	    (long long)((util_wall_ms() - metrics_refresh_ms) / 1000),
	    metrics_refresh_ok, metrics_refresh_failed);
	pthread_mutex_unlock(&metrics_lock);
}
