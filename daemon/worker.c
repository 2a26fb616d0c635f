/*
 * Workers: what a request needs to do real work, its SQLite connection
 * (SQLite wants one per thread at a time), its proxy client (libcurl
 * handles are not shared) and a source over both.
 *
 * The request threads (one per connection) borrow workers from a pool of
 * at most `threads` of them, so that this many expensive operations run at
 * once while cheap routes (health, version, metrics) never wait: a
 * request takes a worker with worker_acquire, waiting up to a limit, and
 * gives it back with worker_put when it completes. Workers are made on
 * demand and kept idle for the next request.
 *
 * A reload bumps the generation: idle workers of an older generation are
 * freed, busy ones are freed when they come back, and new ones open the
 * new cache path, so every request after a reload uses the new
 * configuration. The refresher makes a worker of its own per round with
 * worker_create and worker_free.
 *
 * Upstreams: a Unix-socket caller's Go environment travels with its
 * request (X-Modvet-Env), so that modvet through the daemon asks the
 * upstreams the caller's go command would; a worker keeps a proxy client
 * for each of the last few environments it served. TCP callers get the
 * daemon's own.
 */

#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "engine/engine.h"
#include "daemon/daemon.h"

#define WORKER_MAX_ENVS	4	/* callers' environments kept per worker */
#define WORKER_CACHE_RETRY_MS	2000	/* a cache in memory tries the file
					   again after this */

/* The upstreams of one caller environment. */
struct worker_upstream {
	char		*wire;		/* as the request carried it */
	struct goenv	 env;
	struct proxy	*proxy;
};

/* Bytes of parsed go.mod summaries a worker keeps (engine/modsum.c):
 * the 836 go.mod files of a 248-requirement Pulumi program take ~2 MB. */
#define WORKER_MODSUMS_BYTES	(4 << 20)
/* Bytes of cache rows a worker keeps in memory (engine/objmemo.c): the
 * same check's .info answers, lists, latest and "does not exist" rows
 * take ~200 KB; each worker holding 1 MB put the daemon over its 30 MB
 * (bench/rss.sh: 10,000 versions read through the versions route). */
#define WORKER_OBJMEMO_BYTES	(256 << 10)

struct worker {
	struct goenv	 env;		/* the daemon's own */
	struct proxy	*proxy;
	struct worker_upstream	 callers[WORKER_MAX_ENVS];
	size_t		 ncallers;
	size_t		 evict;		/* next slot to reuse */
	char		*cache_path;
	struct cache	*cache;
	uint64_t	 cache_retry_ms;	/* nonzero: cache is in memory,
						   the file is tried after */
	struct source	 source;
	struct modsums	 modsums;	/* the go.mod files its graphs read */
	struct objmemo	 objmemo;	/* the .info and .mod it read */
	unsigned	 generation;
	long		 timeout_s;	/* upstream-timeout when made */
	struct goenv	 tcp_env;	/* a TCP caller's: only its Go is
					   read (GOVERSION, GOTOOLCHAIN) */
	struct worker	*next;		/* on the idle list */
};

static pthread_mutex_t	 worker_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t	 worker_cond = PTHREAD_COND_INITIALIZER;
static char		*worker_cache_path;
static struct source_opts worker_opts;
static long		 worker_timeout_s = 120;	/* upstream-timeout */
static unsigned		 worker_generation;
static unsigned		 worker_max = 1;	/* workers at once */
static unsigned		 worker_busy;		/* lent out */
static unsigned		 worker_idle_count;
static struct worker	*worker_idle;
static unsigned		 worker_in_memory;	/* workers whose cache is */
static char		*worker_cache_failure;	/* why, the last time */

/* Free one caller environment's upstreams. */
static void
worker_upstream_free(struct worker_upstream *u)
{
	proxy_free(u->proxy);
	goenv_free(&u->env);
	free(u->wire);
	memset(u, 0, sizeof *u);
}

/* Count a worker whose cache went to memory (+1, with why) or came back
 * to the file (-1). */
static void
worker_count_memory(int delta, const char *why)
{
	pthread_mutex_lock(&worker_lock);
	worker_in_memory += delta;
	if (why != NULL) {
		free(worker_cache_failure);
		worker_cache_failure = xstrdup(why);
	}
	pthread_mutex_unlock(&worker_lock);
}

/* While some worker's cache is in memory, why (caller frees); else NULL. */
char *
worker_cache_problem(void)
{
	char	*s = NULL;

	pthread_mutex_lock(&worker_lock);
	if (worker_in_memory > 0 && worker_cache_failure != NULL)
		s = xstrdup(worker_cache_failure);
	pthread_mutex_unlock(&worker_lock);
	return (s);
}

/* Put the worker on mem, a cache in memory, because of why: answers are
 * still given, and the file is tried again after WORKER_CACHE_RETRY_MS. */
static void
worker_use_memory(struct worker *w, struct cache *mem, const char *why)
{
	log_warnx("%s: answering without keeping them (a cache in memory) "
	    "until the file can be used again", why);
	cache_close(w->cache);
	w->cache = w->source.cache = mem;
	/* What is kept in memory mirrors the cache it was read from: a new
	 * cache starts without it, so what it lacks is asked for (and, once
	 * the file is back, kept there). */
	objmemo_clear(&w->objmemo);
	w->cache_retry_ms = util_now_ms() + WORKER_CACHE_RETRY_MS;
	worker_count_memory(1, why);
}

/*
 * Open the worker's cache file; when the disk refuses (it is full, say),
 * a cache in memory instead. -1 with *cause when the file is damaged or
 * unreadable (said as it is), or not even memory can be had.
 */
static int
worker_open_cache(struct worker *w, char **cause)
{
	struct cache	*mem;
	char		*why = NULL;
	int		 rc;

	if ((rc = cache_open(&w->cache, w->cache_path, &why)) == 0)
		return (0);
	if (rc != CACHE_EDISK) {
		*cause = why;
		return (-1);
	}
	if (cache_open_memory(&mem, cause) != 0) {
		free(why);
		return (-1);
	}
	worker_use_memory(w, mem, why);
	free(why);
	return (0);
}

/*
 * Before a request: a worker whose file cache found no room for a write
 * moves to a cache in memory; a worker whose cache is in memory tries
 * its file again when it is time, since the disk may have room again.
 */
static void
worker_check_cache(struct worker *w)
{
	struct cache	*c;
	char		*why = NULL;

	if (w->cache_retry_ms == 0) {
		if (!cache_disk_failed(w->cache))
			return;
		if (cache_open_memory(&c, &why) == 0) {
			free(why);
			xasprintf(&why, "cache %s: a write failed (the disk "
			    "is full or failing)", w->cache_path);
			worker_use_memory(w, c, why);
		}
		free(why);
		return;
	}
	if (util_now_ms() < w->cache_retry_ms)
		return;
	if (cache_open(&c, w->cache_path, &why) != 0) {
		free(why);
		w->cache_retry_ms = util_now_ms() + WORKER_CACHE_RETRY_MS;
		return;
	}
	log_info("cache %s can be opened again", w->cache_path);
	cache_close(w->cache);
	w->cache = w->source.cache = c;
	objmemo_clear(&w->objmemo);
	w->cache_retry_ms = 0;
	worker_count_memory(-1, NULL);
}

/* Free a worker. */
void
worker_free(struct worker *w)
{
	size_t	i;

	if (w == NULL)
		return;
	for (i = 0; i < w->ncallers; i++)
		worker_upstream_free(&w->callers[i]);
	if (w->cache_retry_ms != 0)
		worker_count_memory(-1, NULL);
	cache_close(w->cache);
	proxy_free(w->proxy);
	goenv_free(&w->env);
	goenv_free(&w->tcp_env);
	if (w->source.modsums != NULL)
		modsums_free(&w->modsums);
	if (w->source.objmemo != NULL)
		objmemo_clear(&w->objmemo);
	free(w->cache_path);
	free(w);
}

/* Take the settings of a (new) configuration: the pool's size, the cache
 * path, the TTLs. Idle workers of the old configuration are freed. */
void
worker_set_config(const struct daemon_config *c)
{
	struct worker	*w, *old;

	pthread_mutex_lock(&worker_lock);
	free(worker_cache_path);
	if (c->cache_path != NULL)
		worker_cache_path = xstrdup(c->cache_path);
	else if (getenv("MODVET_CACHE") != NULL && *getenv("MODVET_CACHE"))
		worker_cache_path = xstrdup(getenv("MODVET_CACHE"));
	else
		worker_cache_path = cache_default_path();
	worker_opts.list_ttl_ms = (int64_t)c->list_ttl * 1000;
	worker_opts.negative_ttl_ms = (int64_t)c->negative_ttl * 1000;
	worker_opts.failure_ttl_ms = (int64_t)c->failure_ttl * 1000;
	worker_timeout_s = c->upstream_timeout > 0 ? c->upstream_timeout : 120;
	worker_max = (unsigned)c->threads;
	worker_generation++;
	old = worker_idle;
	worker_idle = NULL;
	worker_idle_count = 0;
	pthread_cond_broadcast(&worker_cond);
	pthread_mutex_unlock(&worker_lock);
	while ((w = old) != NULL) {
		old = w->next;
		worker_free(w);
	}
}

/* Git mirrors for "direct" modules: $MODVET_GITDIR, else beside the
 * cache. */
static void
worker_git_dir(struct proxy *p, const char *cache_path)
{
	const char	*env = getenv("MODVET_GITDIR");
	char		*dir;

	if (env != NULL && *env != '\0') {
		proxy_set_git_dir(p, env);
		return;
	}
	xasprintf(&dir, "%s.git", cache_path);
	proxy_set_git_dir(p, dir);
	free(dir);
}

/* The fetcher's options under an upstream-timeout. */
static void
worker_fetch_opts(struct fetch_opts *fo, long timeout_s)
{
	fetch_opts_default(fo);
	fo->timeout_ms = timeout_s * 1000;
	if (fo->low_speed_time_s > timeout_s)
		fo->low_speed_time_s = timeout_s;
	if (fo->connect_timeout_ms > fo->timeout_ms)
		fo->connect_timeout_ms = fo->timeout_ms;
}

/* Make a worker with the current configuration; NULL with *cause when
 * the cache (or the environment) cannot be opened. */
struct worker *
worker_create(char **cause)
{
	struct worker		*w;
	struct fetch_opts	 fo;
	struct source_opts	 opts;
	long			 timeout_s;

	w = xcalloc(1, sizeof *w);
	pthread_mutex_lock(&worker_lock);
	w->cache_path = xstrdup(worker_cache_path);
	w->generation = worker_generation;
	opts = worker_opts;
	timeout_s = worker_timeout_s;
	w->timeout_s = timeout_s;
	pthread_mutex_unlock(&worker_lock);
	if (goenv_load(&w->env, cause) != 0)
		goto fail;
	worker_fetch_opts(&fo, timeout_s);
	if ((w->proxy = proxy_create(&w->env, &fo, cause)) == NULL)
		goto fail;
	if (worker_open_cache(w, cause) != 0)
		goto fail;
	worker_git_dir(w->proxy, w->cache_path);
	source_init(&w->source, w->cache, w->proxy, &opts);
	modsums_init(&w->modsums, WORKER_MODSUMS_BYTES);
	w->source.modsums = &w->modsums;
	objmemo_init(&w->objmemo, WORKER_OBJMEMO_BYTES);
	w->source.objmemo = &w->objmemo;
	return (w);
fail:
	worker_free(w);
	return (NULL);
}

/* Wait on the pool until the absolute deadline; 0 when it passed. */
static int
worker_wait(const struct timespec *deadline)
{
	return (pthread_cond_timedwait(&worker_cond, &worker_lock,
	    deadline) != ETIMEDOUT);
}

/*
 * Borrow a worker, waiting up to wait_ms for one to come free. Returns
 * it, or NULL: with *cause set when a new one could not be opened (the
 * cache is damaged or unreachable), with *cause NULL when all were busy
 * for the whole wait.
 */
struct worker *
worker_acquire(uint64_t wait_ms, char **cause)
{
	struct worker	*w = NULL;
	struct timespec	 deadline;

	*cause = NULL;
	util_deadline(&deadline, wait_ms);
	pthread_mutex_lock(&worker_lock);
	while (worker_idle == NULL && worker_busy >= worker_max) {
		if (!worker_wait(&deadline))
			break;
	}
	if (worker_idle != NULL) {
		w = worker_idle;
		worker_idle = w->next;
		worker_idle_count--;
		worker_busy++;
		w->source.opts = worker_opts;
		pthread_mutex_unlock(&worker_lock);
		worker_check_cache(w);
		return (w);
	} else if (worker_busy < worker_max) {
		worker_busy++;
		pthread_mutex_unlock(&worker_lock);
		if ((w = worker_create(cause)) == NULL)
			worker_put(NULL);
		return (w);
	}
	pthread_mutex_unlock(&worker_lock);
	return (w);
}

/* Give a borrowed worker back (NULL: give back the slot of one that
 * could not be made). Workers of an older configuration are freed. */
void
worker_put(struct worker *w)
{
	pthread_mutex_lock(&worker_lock);
	worker_busy--;
	if (w != NULL && w->generation == worker_generation &&
	    worker_idle_count < worker_max) {
		w->next = worker_idle;
		worker_idle = w;
		worker_idle_count++;
		w = NULL;
	}
	pthread_cond_signal(&worker_cond);
	pthread_mutex_unlock(&worker_lock);
	worker_free(w);
}

/* The upstreams of a caller's environment (its wire form), made on first
 * use; NULL with *cause when the wire form is malformed. */
static struct worker_upstream *
worker_caller(struct worker *w, const char *wire, char **cause)
{
	struct worker_upstream	*u;
	struct fetch_opts	 fo;
	struct goenv		 env;
	struct proxy		*p;
	size_t			 i;

	for (i = 0; i < w->ncallers; i++)
		if (strcmp(w->callers[i].wire, wire) == 0)
			return (&w->callers[i]);
	if (goenv_decode(&env, wire, &w->env, cause) != 0)
		return (NULL);
	worker_fetch_opts(&fo, w->timeout_s);
	if ((p = proxy_create(&env, &fo, cause)) == NULL) {
		goenv_free(&env);
		return (NULL);
	}
	worker_git_dir(p, w->cache_path);
	if (w->ncallers < WORKER_MAX_ENVS)
		u = &w->callers[w->ncallers++];
	else {
		u = &w->callers[w->evict];
		w->evict = (w->evict + 1) % WORKER_MAX_ENVS;
		worker_upstream_free(u);
	}
	u->wire = xstrdup(wire);
	u->env = env;
	u->proxy = p;
	return (u);
}

/*
 * Who the worker serves now. A TCP caller gets the daemon's upstreams,
 * and may make it fetch "direct" only for module paths matching allow
 * (none when NULL); a Unix-socket caller, a local user, the upstreams of
 * the environment it sent (wire; NULL: the daemon's). Returns 0, or -1
 * with *cause when wire is malformed.
 */
int
worker_set_caller(struct worker *w, int tcp, const char *allow,
    const char *wire, char **cause)
{
	struct worker_upstream	*u;
	const struct goenv	*env = &w->env;
	struct proxy		*p = w->proxy;

	if (!tcp && wire != NULL) {
		if ((u = worker_caller(w, wire, cause)) == NULL)
			return (-1);
		p = u->proxy;
		env = &u->env;
	} else if (tcp && wire != NULL) {
		/* The Go a CI job builds with is its own to name; its
		 * upstreams are the daemon's. */
		goenv_free(&w->tcp_env);
		if (goenv_decode(&w->tcp_env, wire, NULL, cause) != 0)
			return (-1);
		env = &w->tcp_env;
	}
	w->source.goversion = env->goversion != NULL ? env->goversion :
	    w->env.goversion;
	w->source.gotoolchain = env->gotoolchain != NULL ? env->gotoolchain :
	    w->env.gotoolchain;
	w->source.proxy = p;
	if (tcp)
		proxy_limit_direct(p, allow);
	else
		proxy_unlimit_direct(p);
	return (0);
}

/* The worker's source and cache. */
struct source *
worker_source(struct worker *w)
{
	return (&w->source);
}

struct cache *
worker_cache(struct worker *w)
{
	return (w->cache);
}

/* The cache path workers open now (caller frees). */
char *
worker_cache_path_now(void)
{
	char	*p;

	pthread_mutex_lock(&worker_lock);
	p = worker_cache_path != NULL ? xstrdup(worker_cache_path) : NULL;
	pthread_mutex_unlock(&worker_lock);
	return (p);
}

/* Free the idle workers and the settings (at exit, when no request is
 * running). */
void
worker_reset_all(void)
{
	struct worker	*w, *idle;

	pthread_mutex_lock(&worker_lock);
	idle = worker_idle;
	worker_idle = NULL;
	worker_idle_count = 0;
	pthread_mutex_unlock(&worker_lock);
	/* Freed without the lock: worker_free takes it. */
	while ((w = idle) != NULL) {
		idle = w->next;
		worker_free(w);
	}
	pthread_mutex_lock(&worker_lock);
	free(worker_cache_path);
	worker_cache_path = NULL;
	free(worker_cache_failure);
	worker_cache_failure = NULL;
	pthread_mutex_unlock(&worker_lock);
}
