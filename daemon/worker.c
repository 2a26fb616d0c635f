/*
 * Per-thread state: every thread that serves requests (and the refresher)
 * owns a worker, made on first use: its SQLite connection (one per thread,
 * as SQLite wants), its proxy client (libcurl handles are not shared) and a
 * source over both. The settings a reload may change (TTLs) are read under
 * a lock at every worker_get.
 */

#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "verify/verify.h"
#include "daemon/daemon.h"

struct worker {
	struct goenv	 env;
	struct proxy	*proxy;
	struct cache	*cache;
	struct source	 source;
};

static pthread_key_t	 worker_key;
static pthread_once_t	 worker_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t	 worker_lock = PTHREAD_MUTEX_INITIALIZER;
static char		*worker_cache_path;
static struct source_opts worker_opts;

/* Free a thread's worker when the thread ends. */
static void
worker_destroy(void *arg)
{
	struct worker	*w = arg;

	cache_close(w->cache);
	proxy_free(w->proxy);
	goenv_free(&w->env);
	free(w);
}

/* Make the key. */
static void
worker_init(void)
{
	if (pthread_key_create(&worker_key, worker_destroy) != 0)
		fatalx("pthread_key_create");
}

/* Take the settings of a (new) configuration. */
void
worker_set_config(const struct daemon_config *c)
{
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
	pthread_mutex_unlock(&worker_lock);
}

/* Git mirrors for "direct" modules: $MODVET_GITDIR, else beside the
 * cache. */
static void
worker_git_dir(struct worker *w, const char *cache_path)
{
	const char	*env = getenv("MODVET_GITDIR");
	char		*dir;

	if (env != NULL && *env != '\0') {
		proxy_set_git_dir(w->proxy, env);
		return;
	}
	xasprintf(&dir, "%s.git", cache_path);
	proxy_set_git_dir(w->proxy, dir);
	free(dir);
}

/* Make this thread's worker; NULL (logged) when the cache cannot open. */
static struct worker *
worker_new(void)
{
	struct worker		*w;
	struct fetch_opts	 fo;
	char			*cause = NULL, *path;

	w = xcalloc(1, sizeof *w);
	if (goenv_load(&w->env, &cause) != 0)
		goto fail;
	fetch_opts_default(&fo);
	if ((w->proxy = proxy_create(&w->env, &fo, &cause)) == NULL)
		goto fail;
	pthread_mutex_lock(&worker_lock);
	path = xstrdup(worker_cache_path);
	pthread_mutex_unlock(&worker_lock);
	if (cache_open(&w->cache, path, &cause) != 0) {
		free(path);
		goto fail;
	}
	worker_git_dir(w, path);
	free(path);
	source_init(&w->source, w->cache, w->proxy, NULL);
	return (w);
fail:
	log_warnx("worker: %s", cause != NULL ? cause : "cannot start");
	free(cause);
	proxy_free(w->proxy);
	goenv_free(&w->env);
	free(w);
	return (NULL);
}

/* This thread's worker, with the current settings; NULL on failure. */
struct worker *
worker_get(void)
{
	struct worker	*w;

	pthread_once(&worker_once, worker_init);
	if ((w = pthread_getspecific(worker_key)) == NULL) {
		if ((w = worker_new()) == NULL)
			return (NULL);
		pthread_setspecific(worker_key, w);
	}
	pthread_mutex_lock(&worker_lock);
	w->source.opts = worker_opts;
	pthread_mutex_unlock(&worker_lock);
	return (w);
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

/* Free this thread's worker now (the main thread's key destructor does
 * not run when main returns). */
void
worker_release(void)
{
	struct worker	*w;

	pthread_once(&worker_once, worker_init);
	if ((w = pthread_getspecific(worker_key)) != NULL) {
		pthread_setspecific(worker_key, NULL);
		worker_destroy(w);
	}
}

/* Free the settings (at exit). */
void
worker_reset_all(void)
{
	pthread_mutex_lock(&worker_lock);
	free(worker_cache_path);
	worker_cache_path = NULL;
	pthread_mutex_unlock(&worker_lock);
}
