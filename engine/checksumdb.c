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
#include "engine/engine.h"

struct checksumdb {
	const struct sumdb_conf	*conf;
	struct sumdb_remote	*remote;
	struct sumdb_client	*client;
	struct cache		*cache;
	struct objmemo		*memo;		/* the worker's, or NULL */
	char			*fork_report;
	/* The lookups' bodies read from the cache once, for the three
	 * readers (what to fetch, the tiles to prefetch, the lookups). */
	struct strmap		 bodies;	/* file -> struct body */
};

struct body {
	char	*data;
	size_t	 len;
};

/* A lookup or tile from the cache (the worker's memory first: they never
 * change): 0 with a copy, or -1. */
static int
db_file(struct checksumdb *db, const char *file, char **data, size_t *len)
{
	struct cache_blob	 b;
	char			*cause = NULL;

	if (db->memo != NULL && objmemo_get_file(db->memo, file, &b) == 0) {
		free(b.origin);
		*data = b.data;
		*len = b.len;
		return (0);
	}
	if (cache_sumdb_get_file(db->cache, file, data, len, &cause) != 0) {
		free(cause);
		return (-1);
	}
	if (db->memo != NULL)
		objmemo_put_file(db->memo, file, *data, *len);
	return (0);
}

/* A cached file, read once a lookup pass: 0 with a copy, or -1. */
static int
db_cached(struct checksumdb *db, const char *file, char **data, size_t *len)
{
	struct body	*b;
	int		 found;

	if ((b = strmap_get(&db->bodies, file, &found)) == NULL && !found) {
		b = xcalloc(1, sizeof *b);
		if (db_file(db, file, &b->data, &b->len) != 0) {
			free(b);
			b = NULL;
		}
		strmap_set(&db->bodies, file, b);
	}
	if (b == NULL)
		return (-1);
	*data = xmemdup(b->data, b->len);	/* it adds the NUL */
	*len = b->len;
	return (0);
}

static void
body_free(const char *key, void *value, void *arg)
{
	struct body	*b = value;

	(void)key;
	(void)arg;
	if (b != NULL)
		free(b->data);
	free(b);
}

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
	int			 found;

	strmap_get(&db->bodies, file, &found);
	if (found)
		return (db_cached(db, file, data, len));
	return (db_file(db, file, data, len));
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
		db_read_cache, db_write_cache, db_security_error, NULL, 0
	};
	const struct sumdb_conf	*conf;
	const char		*err;

	conf = proxy_sumdb(s->proxy, &err);
	if (conf->off) {
		*why = err != NULL ? err : "GOSUMDB=off";
		return (NULL);
	}
	db = xcalloc(1, sizeof *db);
	strmap_init(&db->bodies);
	db->conf = conf;
	db->cache = s->cache;
	db->memo = s->objmemo;
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
	strmap_each(&db->bodies, body_free, NULL);
	strmap_free(&db->bodies);
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

/* The stored hashes a tree of n records is hashed from. */
static void
add_subtrees(int64_t n, int64_t **idx, size_t *nidx, size_t *cap)
{
	int64_t	lo, k;
	int	level;

	for (lo = 0; lo < n; lo += k) {
		for (k = 1; k * 2 <= n - lo; k *= 2)
			;
		level = __builtin_ctzll((unsigned long long)k);
		if (*nidx == *cap) {
			*cap = *cap == 0 ? 64 : *cap * 2;
			*idx = xreallocarray(*idx, *cap, sizeof **idx);
		}
		(*idx)[(*nidx)++] = tlog_stored_hash_index(level, lo >> level);
	}
}

/* A lookup's body (p: its lookup_path, or NULL) as known now (cached,
 * or fetched ahead), or NULL: never a request of its own. */
static char *
lookup_body(struct checksumdb *db, const char *p, size_t *len)
{
	char	*file, *data = NULL;

	if (p == NULL)
		return (NULL);
	xasprintf(&file, "%s%s", db->conf->name, p);
	if (db_cached(db, file, &data, len) != 0 &&
	    sumdb_remote_peek(db->remote, p, &data, len) != 0)
		data = NULL;
	free(file);
	return (data);
}

/*
 * Everything the lookups will need, fetched at once: merge the newest
 * tree any answer carries first (so every record and every older tree is
 * proven from that one tree's tiles), then fetch together the tiles that
 * are not in the cache. Nothing here is trusted: the lookups that follow
 * verify all of it.
 */
static void
prefetch_tiles(struct checksumdb *db, char *const *lookups, size_t n)
{
	struct tlog_tree	 t, best = { 0 }, stored = { 0 }, tree;
	struct tlog_tile	*tiles;
	int64_t			*idx = NULL, id;
	const char		*text, *rest;
	char			*body, *best_note = NULL, *cur, *err = NULL;
	char			**paths, *tp, *file, *data;
	size_t			 i, len, tlen, rlen, nidx = 0, cap = 0, nt, k;
	size_t			 best_len = 0, curlen;

	for (i = 0; i < n; i++) {
		if ((body = lookup_body(db, lookups[i], &len)) == NULL)
			continue;
		/* A record this process proved in the same tree needs
		 * nothing: not its tiles, nor those of its note's tree. */
		if (tlog_parse_record(body, len, &id, &text, &tlen, &rest,
		    &rlen, NULL) == 0 &&
		    !sumdb_client_knows(db->client, id, text, tlen) &&
		    tlog_parse_tree(rest, rlen, &t, NULL) == 0) {
			if (id >= 0 && nidx == cap) {
				cap = cap == 0 ? 64 : cap * 2;
				idx = xreallocarray(idx, cap, sizeof *idx);
			}
			if (id >= 0)
				idx[nidx++] = tlog_stored_hash_index(0, id);
			add_subtrees(t.n, &idx, &nidx, &cap);
			if (t.n > best.n) {
				best = t;
				free(best_note);
				best_note = xstrndup(rest, rlen);
				best_len = rlen;
			}
		}
		free(body);
	}
	if (best_note == NULL) {
		free(idx);
		return;		/* every record known, or none */
	}
	xasprintf(&file, "%s/latest", db->conf->name);
	if (cache_sumdb_get_config(db->cache, file, &cur, &curlen,
	    NULL) == 0) {
		if (tlog_parse_tree(cur, curlen, &stored, NULL) == 0)
			add_subtrees(stored.n, &idx, &nidx, &cap);
		else
			stored.n = 0;
		free(cur);
	}
	free(file);
	if (best_note == NULL) {
		free(idx);
		return;
	}
	/* The lookups prove everything from the newest tree known: the
	 * stored latest when it is newer than every answer's (its tiles are
	 * then in the cache since it was proven; asking for the tiles of
	 * best instead fetched its right edge again on every run). Only
	 * indexes inside that tree can be read from it. */
	tree = stored.n > best.n ? stored : best;
	for (i = k = 0; i < nidx; i++) {
		if (idx[i] < tlog_stored_hash_index(0, tree.n))
			idx[k++] = idx[i];
	}
	nt = tlog_tiles_needed(&tree, sumdb_client_tile_height(db->client),
	    idx, k, &tiles);
	paths = xcalloc(nt + 1, sizeof *paths);
	for (i = k = 0; i < nt; i++) {
		tp = tlog_tile_path(&tiles[i]);
		xasprintf(&file, "%s/%s", db->conf->name, tp);
		if (db_file(db, file, &data, &len) == 0)
			free(data);
		else
			xasprintf(&paths[k++], "/%s", tp);
		free(file);
		free(tp);
	}
	sumdb_remote_prefetch(db->remote, (const char *const *)paths, k);
	/* The newest tree first: its tiles prove every older one. */
	if (sumdb_client_merge(db->client, best_note, best_len,
	    &err) != SUMDB_OK) {
		log_debug("checksum database: %s", err);
		free(err);	/* the lookups will say it again */
	}
	for (i = 0; i < k; i++)
		free(paths[i]);
	free(paths);
	free(tiles);
	free(idx);
	free(best_note);
}

/* Each lookup's path, made once (escaping checks the path); NULL for a
 * module GONOSUMDB leaves out, which is never looked up. */
static char **
db_lookups(struct checksumdb *db, const struct sumdb_answer *a, size_t n)
{
	char	**lookups;
	size_t	  i;

	lookups = xcalloc(n + 1, sizeof *lookups);
	for (i = 0; i < n; i++)
		if (db->conf->nosumdb == NULL ||
		    !glob_match_prefix_patterns(db->conf->nosumdb, a[i].path))
			lookups[i] = lookup_path(a[i].path, a[i].version);
	return (lookups);
}

/* The lookups the cache does not hold, into paths (borrowed from
 * lookups); their count. */
static size_t
db_uncached(struct checksumdb *db, char *const *lookups, size_t n,
    char **paths)
{
	char	*file, *data;
	size_t	 i, k = 0, len;

	for (i = 0; i < n; i++) {
		if (lookups[i] == NULL)
			continue;
		xasprintf(&file, "%s%s", db->conf->name, lookups[i]);
		if (db_cached(db, file, &data, &len) == 0)
			free(data);
		else
			paths[k++] = lookups[i];
		free(file);
	}
	return (k);
}

/*
 * Ask ahead for the lookups of module versions a check will prove later
 * (the pins'), those the cache does not hold, with /supported: asked with
 * round 1 of the check, they are answered by the time rules_sumdb needs
 * them, which then waits for the tiles alone. a[i].path and .version are
 * read; nothing is written.
 */
void
checksumdb_ask_ahead(struct source *s, const struct sumdb_answer *a,
    size_t n)
{
	struct checksumdb	 *db;
	const char		 *why;
	char			**lookups, **paths;
	size_t			  i, k;

	if (n == 0 || s->proxy == NULL || (db = checksumdb_open(s, &why)) ==
	    NULL)
		return;
	lookups = db_lookups(db, a, n);
	paths = xcalloc(n + 1, sizeof *paths);
	k = db_uncached(db, lookups, n, paths);
	sumdb_remote_ask_ahead(db->remote, (const char *const *)paths, k);
	for (i = 0; i < n; i++)
		free(lookups[i]);
	free(lookups);
	free(paths);
	checksumdb_close(db);
}

void
checksumdb_lookup_all(struct source *s, struct sumdb_answer *a, size_t n)
{
	struct checksumdb	 *db;
	const char		 *why = NULL, *note;
	char			**paths, **lookups;
	size_t			  i, k, notelen;
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
	lookups = db_lookups(db, a, n);
	/* Lookups not in the cache, fetched together. */
	paths = xcalloc(n + 1, sizeof *paths);
	k = db_uncached(db, lookups, n, paths);
	sumdb_remote_prefetch(db->remote, (const char *const *)paths, k);
	prefetch_tiles(db, lookups, n);
	for (i = 0; i < n; i++) {
		a[i].status = sumdb_lookup(db->client, a[i].path,
		    a[i].version, 1, &a[i].lines, &a[i].error);
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
		} else
			a[i].not_found = lookups[i] != NULL &&
			    sumdb_remote_not_found(db->remote, lookups[i]);
		if (db->fork_report != NULL && a[i].status == SUMDB_SECURITY) {
			free(a[i].error);
			a[i].error = xstrdup(db->fork_report);
		}
	}
	for (i = 0; i < n; i++)
		free(lookups[i]);
	free(lookups);
	free(paths);	/* borrowed from lookups */
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
