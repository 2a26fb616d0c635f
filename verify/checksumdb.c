/*
 * The checksum database for a check: the client of gomod/sumdb.c wired to
 * this engine's upstreams (proxyapi/sumdb.c: GOSUMDB, GOPROXY's
 * /sumdb/ support, else direct) and to its cache (the verified tree, the
 * lookups and tiles, the evidence of forks). Many versions are looked up
 * at once: their lookups are fetched in parallel, then the tiles all of
 * them need, then each record is proven; a warm cache asks nothing.
 */

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/sumdb.h"
#include "cache/cache.h"
#include "proxyapi/proxyapi.h"
#include "verify/verify.h"

struct checksumdb {
	const struct sumdb_conf	*conf;
	struct sumdb_remote	*remote;
	struct sumdb_client	*client;
	struct cache		*cache;
	char			*fork_report;
};

static int
db_read_remote(void *arg, const char *path, char **data, size_t *len,
    char **cause)
{
	struct checksumdb	*db = arg;

	return (sumdb_remote_read(db->remote, path, data, len, cause));
}

static int
db_read_config(void *arg, const char *file, char **data, size_t *len,
    char **cause)
{
	struct checksumdb	*db = arg;

	if (strcmp(file, "key") == 0) {
		*data = xstrdup(db->conf->key);
		*len = strlen(*data);
		return (0);
	}
	return (cache_sumdb_get_config(db->cache, file, data, len, cause));
}

static int
db_write_config(void *arg, const char *file, const char *old, size_t oldlen,
    const char *new, size_t newlen, char **cause)
{
	struct checksumdb	*db = arg;

	return (cache_sumdb_swap_config(db->cache, file, old, oldlen, new,
	    newlen, cause));
}

static int
db_read_cache(void *arg, const char *file, char **data, size_t *len)
{
	struct checksumdb	*db = arg;
	char			*cause = NULL;
	int			 rc;

	rc = cache_sumdb_get_file(db->cache, file, data, len, &cause);
	free(cause);
	return (rc == 0 ? 0 : -1);
}

static void
db_write_cache(void *arg, const char *file, const char *data, size_t len)
{
	struct checksumdb	*db = arg;
	char			*cause = NULL;

	/* A file not kept is fetched again next time: no harm. */
	if (cache_sumdb_put_file(db->cache, file, data, len, &cause) != 0) {
		log_warnx("checksum database cache: %s", cause);
		free(cause);
	}
}

/* A fork of the log: kept as evidence, and reported loudly. */
static void
db_security_error(void *arg, const char *report)
{
	struct checksumdb	*db = arg;
	char			*cause = NULL;

	log_warnx("%s", report);
	if (cache_sumdb_add_fork(db->cache, db->conf->name, report,
	    &cause) != 0) {
		log_warnx("cannot keep the fork's evidence: %s", cause);
		free(cause);
	}
	free(db->fork_report);
	db->fork_report = xstrdup(report);
}

/* Ready a database for the source's environment; NULL when GOSUMDB is
 * off (*why says so) or malformed (*why says how). */
static struct checksumdb *
checksumdb_open(struct source *s, const char **why)
{
	struct checksumdb	*db;
	struct sumdb_ops	 ops = {
		db_read_remote, db_read_config, db_write_config,
		db_read_cache, db_write_cache, db_security_error, NULL
	};
	const struct sumdb_conf	*conf;
	const char		*err;

	conf = proxy_sumdb(s->proxy, &err);
	if (conf->off) {
		*why = err != NULL ? err : "GOSUMDB=off";
		return (NULL);
	}
	db = xcalloc(1, sizeof *db);
	db->conf = conf;
	db->cache = s->cache;
	db->remote = sumdb_remote_new(s->proxy, conf);
	ops.arg = db;
	db->client = sumdb_client_new(&ops);
	if (conf->nosumdb != NULL)
		sumdb_client_set_nosumdb(db->client, conf->nosumdb);
	return (db);
}

static void
checksumdb_close(struct checksumdb *db)
{
	if (db == NULL)
		return;
	sumdb_client_free(db->client);
	sumdb_remote_free(db->remote);
	free(db->fork_report);
	free(db);
}

/* "/lookup/ESCAPED@VERSION" of a module version, or NULL. */
static char *
lookup_path(const char *path, const char *version)
{
	char	*ep = NULL, *ev = NULL, *p = NULL;

	if (modpath_escape(path, &ep, NULL) == 0 &&
	    modpath_escape_version(version, &ev, NULL) == 0)
		xasprintf(&p, "/lookup/%s@%s", ep, ev);
	free(ep);
	free(ev);
	return (p);
}

void
checksumdb_lookup_all(struct source *s, struct sumdb_answer *a, size_t n)
{
	struct checksumdb	 *db;
	const char		 *why = NULL, *note;
	char			**paths, *file, *data;
	size_t			  i, k = 0, len, notelen;
	const struct tlog_tree	 *tree;

	for (i = 0; i < n; i++) {
		strv_init(&a[i].lines);
		a[i].status = SUMDB_FAILED;
		a[i].error = NULL;
		a[i].record = -1;
		a[i].tree_size = 0;
		a[i].tree_note = NULL;
		a[i].not_found = 0;
	}
	if ((db = checksumdb_open(s, &why)) == NULL) {
		for (i = 0; i < n; i++) {
			a[i].status = SUMDB_SKIPPED;
			a[i].error = xstrdup(why);
		}
		return;
	}
	/* Lookups not in the cache, fetched together. */
	paths = xcalloc(n + 1, sizeof *paths);
	for (i = 0; i < n; i++) {
		if ((paths[k] = lookup_path(a[i].path, a[i].version)) == NULL)
			continue;
		xasprintf(&file, "%s%s", db->conf->name, paths[k]);
		if (cache_sumdb_get_file(s->cache, file, &data, &len,
		    NULL) == 0) {
			free(data);
			free(paths[k]);
		} else if (db->conf->nosumdb != NULL &&
		    glob_match_prefix_patterns(db->conf->nosumdb, a[i].path)) {
			free(paths[k]);
		} else
			k++;
		free(file);
	}
	sumdb_remote_prefetch(db->remote, (const char *const *)paths, k);
	for (i = 0; i < n; i++) {
		a[i].status = sumdb_lookup(db->client, a[i].path, a[i].version,
		    &a[i].lines, &a[i].error);
		if (a[i].status == SUMDB_OK) {
			/* The same record holds the go.mod's line; asked
			 * again, it is proven from memory and the cache. */
			char	*gomod, *err = NULL;

			xasprintf(&gomod, "%s/go.mod", a[i].version);
			a[i].status = sumdb_lookup(db->client, a[i].path, gomod,
			    &a[i].lines, &err);
			if (a[i].status != SUMDB_OK)
				a[i].error = err;
			else
				free(err);
			free(gomod);
		}
		if (a[i].status == SUMDB_OK && a[i].lines.n == 0) {
			/* A proven record about some other module. */
			a[i].status = SUMDB_FAILED;
			xasprintf(&a[i].error, "%s@%s: the checksum database "
			    "answered with record %" PRId64 ", which holds no "
			    "line for it", a[i].path, a[i].version,
			    sumdb_client_last_record(db->client));
		}
		if (a[i].status == SUMDB_OK) {
			a[i].record = sumdb_client_last_record(db->client);
			tree = sumdb_client_latest(db->client, &note, &notelen);
			a[i].tree_size = tree->n;
			a[i].tree_note = xstrndup(note, notelen);
		} else {
			char *p = lookup_path(a[i].path, a[i].version);

			a[i].not_found = p != NULL &&
			    sumdb_remote_not_found(db->remote, p);
			free(p);
		}
		if (db->fork_report != NULL && a[i].status == SUMDB_SECURITY) {
			free(a[i].error);
			a[i].error = xstrdup(db->fork_report);
		}
	}
	for (i = 0; i < k; i++)
		free(paths[i]);
	free(paths);
	{
		unsigned	requests;
		size_t		bytes;

		sumdb_remote_stats(db->remote, &requests, &bytes);
		s->stats.sumdb_requests += requests;
		s->stats.sumdb_bytes += bytes;
	}
	checksumdb_close(db);
}

void
sumdb_answer_free(struct sumdb_answer *a)
{
	strv_free(&a->lines);
	free(a->error);
	free(a->tree_note);
}
