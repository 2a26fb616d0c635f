/*
 * The refresher: one thread that keeps the watch list's release histories
 * local. Every refresh-interval seconds (or at once when the list grows)
 * it asks the upstreams for each watched module's version list, ignoring
 * the list TTL, in one parallel batch (the proxy client caps requests in
 * flight), then the go.mod of each latest version (retractions). When
 * upstreams fail it backs off (30s, doubling, at most the interval) and
 * the cache keeps answering, stale. It re-arms its own timer when a round
 * ends. Requests are never blocked by it: it makes a worker of its own
 * for each round.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "engine/engine.h"
#include "daemon/daemon.h"

#define REFRESH_BACKOFF_MIN	30	/* seconds */

const char *daemon_default_watch[] = {
	"github.com/pulumi/pulumi/sdk/v3",
	"github.com/pulumi/pulumi-aws/sdk/v6",
	"github.com/pulumi/pulumi-azure-native-sdk/v2",
	"github.com/pulumi/pulumi-gcp/sdk/v8",
	"github.com/pulumi/pulumi-kubernetes/sdk/v4",
	"github.com/pulumi/pulumi-random/sdk/v4",
	"github.com/pulumi/pulumi-tls/sdk/v5",
	"github.com/pulumi/pulumi-awsx/sdk/v2",
	"github.com/pulumi/pulumi-eks/sdk/v3",
	"github.com/pulumi/pulumi-command/sdk",
	NULL
};

static pthread_t	refresh_thread;
static pthread_mutex_t	refresh_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	refresh_cond = PTHREAD_COND_INITIALIZER;
static int		refresh_running;
static int		refresh_stopping;
static int		refresh_kicked;
static long		refresh_interval;

/* One round: returns the number of modules that could not be refreshed. */
static size_t
refresh_round(struct worker *w)
{
	struct source		 *src = worker_source(w);
	struct source_req	**reqs;
	struct strv		  mods;
	struct check_pin	  p;
	char			 *cause = NULL;
	size_t			  i, failed = 0;

	if (cache_watch_list(worker_cache(w), &mods, &cause) != 0) {
		log_warnx("refresh: %s", cause);
		free(cause);
		return (1);
	}
	src->opts.list_ttl_ms = 0;	/* ask, whatever the cache holds */
	reqs = xcalloc(mods.n + 1, sizeof *reqs);
	for (i = 0; i < mods.n; i++) {
		reqs[i] = xmalloc(sizeof *reqs[i]);
		source_req_init(reqs[i], PROXY_LIST, mods.v[i], NULL);
	}
	source_fetch(src, reqs, mods.n);
	for (i = 0; i < mods.n; i++) {
		if (reqs[i]->from_cache || (reqs[i]->status != 0 &&
		    reqs[i]->status != MV_ENOTFOUND)) {
			failed++;
			log_info("refresh: %s: %s", mods.v[i],
			    reqs[i]->upstream_error != NULL ?
			    reqs[i]->upstream_error : "no fresh answer");
		}
		source_req_free(reqs[i]);
		free(reqs[i]);
	}
	free(reqs);
	/* The latest go.mod of each (retractions, deprecation): cached. */
	for (i = 0; i < mods.n; i++) {
		check_module(src, mods.v[i], &p);
		check_pin_free(&p);
	}
	metrics_refresh(util_wall_ms(), mods.n - failed, failed);
	metrics_upstream(src);
	log_info("refresh: %zu modules, %zu failed", mods.n, failed);
	strv_free(&mods);
	return (failed);
}

/* Seed the default watch list into an empty one (this thread's cache). */
void
refresh_seed(void)
{
	struct worker	*w;
	struct strv	 mods;
	char		*cause = NULL;
	size_t		 i;

	if ((w = worker_create(&cause)) == NULL) {
		log_warnx("watch list: %s", cause);
		free(cause);
		return;
	}
	if (cache_watch_list(worker_cache(w), &mods, &cause) != 0) {
		free(cause);
		worker_free(w);
		return;
	}
	for (i = 0; mods.n == 0 && daemon_default_watch[i] != NULL; i++) {
		if (cache_watch_add(worker_cache(w), daemon_default_watch[i],
		    &cause) == -1) {
			log_warnx("watch list: %s", cause);
			free(cause);
			cause = NULL;
		}
	}
	strv_free(&mods);
	worker_free(w);
}

/* Sleep until the deadline, a kick or stop; 1 when stopping. */
static int
refresh_wait(long seconds)
{
	struct timespec	ts;
	int		stop;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += seconds;
	pthread_mutex_lock(&refresh_lock);
	while (!refresh_stopping && !refresh_kicked &&
	    pthread_cond_timedwait(&refresh_cond, &refresh_lock, &ts) !=
	    ETIMEDOUT)
		;
	refresh_kicked = 0;
	stop = refresh_stopping;
	pthread_mutex_unlock(&refresh_lock);
	return (stop);
}

/* The thread. */
static void *
refresh_main(void *arg)
{
	struct worker	*w;
	long		 backoff = 0, wait;
	char		*cause = NULL;

	for (;;) {
		/* A worker per round: a reload's new cache path is taken. */
		if ((w = worker_create(&cause)) == NULL) {
			log_warnx("refresh: %s", cause);
			free(cause);
			cause = NULL;
		}
		if (w == NULL || refresh_round(w) > 0)
			backoff = backoff == 0 ? REFRESH_BACKOFF_MIN :
			    backoff * 2;
		else
			backoff = 0;
		worker_free(w);
		wait = backoff > 0 && backoff < refresh_interval ? backoff :
		    refresh_interval;
		if (refresh_wait(wait))
			return (NULL);
	}
}

/* Start the refresher (interval seconds; 0: none). */
void
refresh_start(long interval)
{
	if (interval == 0)
		return;
	refresh_interval = interval;
	if (pthread_create(&refresh_thread, NULL, refresh_main, NULL) != 0)
		fatalx("cannot start the refresher");
	refresh_running = 1;
}

/* Refresh now (the watch list grew). */
void
refresh_kick(void)
{
	pthread_mutex_lock(&refresh_lock);
	refresh_kicked = 1;
	pthread_cond_signal(&refresh_cond);
	pthread_mutex_unlock(&refresh_lock);
}

/* Stop the refresher and wait for it. */
void
refresh_stop(void)
{
	if (!refresh_running)
		return;
	pthread_mutex_lock(&refresh_lock);
	refresh_stopping = 1;
	pthread_cond_signal(&refresh_cond);
	pthread_mutex_unlock(&refresh_lock);
	pthread_join(refresh_thread, NULL);
	refresh_running = 0;
	refresh_stopping = 0;
}
