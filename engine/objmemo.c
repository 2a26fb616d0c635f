/*
 * The immutable answers (a version's .info, the checksum database's
 * lookups and tiles) a worker read from its cache, kept in memory. A
 * version's .info never changes, and is the same whichever upstream
 * served it, so a copy stays true for every request: a check of a few
 * hundred requirements read each pin's .info (and the .info of every
 * selected version whose go.mod was not read) with a SQLite query of its
 * own on every check, and the lookup of every go.sum line it needs
 * another. (A go.mod is kept as its summary, engine/modsum.c.) Bounded
 * in bytes: past the bound the table starts again empty.
 *
 * Rows that may change (a module's version list and its "latest") are
 * kept too, as the cache holds them, but only while nothing else has
 * written to the cache file (SQLite's data_version, read at the start of
 * each batch of reads) and until this worker writes that row: they are
 * then the very rows a query would return, and their freshness is still
 * judged by the reader, from the time they were fetched. So are the
 * cache's "does not exist" rows (a check probes the next major of every
 * requirement, and most have none).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "cache/cache.h"
#include "engine/engine.h"

/* One answer, in one allocation: the body (NUL-terminated), then its
 * origin. */
struct objmemo_entry {
	size_t	 size;		/* bytes of this allocation and its key */
	size_t	 len;
	int64_t	 fetched_ms;
	char	*origin;	/* NULL: none */
	char	 data[];
};

void
objmemo_init(struct objmemo *m, size_t max_bytes)
{
	strmap_init(&m->info);
	strmap_init(&m->files);
	strmap_init(&m->lists);
	strmap_init(&m->latest);
	strmap_init(&m->negative);
	m->version = -1;
	m->bytes = 0;
	m->max_bytes = max_bytes;
}

/* Free an entry; arg, when not NULL, is the byte count to take it from. */
static void
objmemo_free_one(const char *key, void *value, void *arg)
{
	const struct objmemo_entry	*e = value;
	size_t				*bytes = arg;

	(void)key;
	if (bytes != NULL)
		*bytes -= e->size;
	free(value);
}

/* Empty n tables, taking what they held from the byte count. */
static void
objmemo_drop(struct objmemo *m, struct strmap *const *t, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		strmap_each(t[i], objmemo_free_one, &m->bytes);
		strmap_free(t[i]);
	}
}

/* Forget every answer. */
void
objmemo_clear(struct objmemo *m)
{
	struct strmap	*all[] = { &m->info, &m->files, &m->lists, &m->latest,
			    &m->negative };

	objmemo_drop(m, all, nitems(all));
	m->bytes = 0;
}

/* The table of an immutable kind, or NULL. A go.mod is not kept: the
 * worker keeps its summary (engine/modsum.c), which is what the graph
 * reads, and a check's go.mod files would not fit. */
static struct strmap *
objmemo_table(struct objmemo *m, enum proxy_kind kind)
{
	if (kind == PROXY_INFO)
		return (&m->info);
	return (NULL);
}

/* The table of a kind that may change, or NULL. */
static struct strmap *
objmemo_mutable_table(struct objmemo *m, enum proxy_kind kind)
{
	if (kind == PROXY_LIST)
		return (&m->lists);
	if (kind == PROXY_LATEST)
		return (&m->latest);
	return (NULL);
}

/* Forget every row that may change. */
static void
objmemo_clear_mutable(struct objmemo *m)
{
	struct strmap	*t[] = { &m->lists, &m->latest, &m->negative };

	objmemo_drop(m, t, nitems(t));
}

/* A copy of an entry into b. */
static void
objmemo_copy(const struct objmemo_entry *e, struct cache_blob *b)
{
	b->data = xmalloc(e->len + 1);
	memcpy(b->data, e->data, e->len + 1);
	b->len = e->len;
	b->origin = e->origin != NULL ? xstrdup(e->origin) : NULL;
	b->fetched_ms = e->fetched_ms;
}

/* Keep a copy of b in t under key. */
static void
objmemo_keep(struct objmemo *m, struct strmap *t, const char *key,
    const struct cache_blob *b)
{
	struct objmemo_entry	*e, *old;
	size_t			 olen, alloc, size;

	olen = b->origin != NULL ? strlen(b->origin) + 1 : 0;
	alloc = sizeof *e + b->len + 1 + olen;
	/* Its key's copy in the table counts too. */
	size = alloc + strlen(key) + 1;
	if (size > m->max_bytes)
		return;
	if (m->bytes + size > m->max_bytes)
		objmemo_clear(m);
	e = xmalloc(alloc);
	e->size = size;
	e->len = b->len;
	e->fetched_ms = b->fetched_ms;
	memcpy(e->data, b->data, b->len);
	e->data[b->len] = '\0';
	e->origin = NULL;
	if (olen > 0) {
		e->origin = e->data + b->len + 1;
		memcpy(e->origin, b->origin, olen);
	}
	if ((old = strmap_set(t, key, e)) != NULL) {
		m->bytes -= old->size;
		free(old);
	}
	m->bytes += size;
}

/* A copy of the answer kept for path@version into b (cache_blob_free
 * frees it); 0, or -1 when none is kept. */
int
objmemo_get(struct objmemo *m, enum proxy_kind kind, const char *path,
    const char *version, struct cache_blob *b)
{
	const struct objmemo_entry	*e;
	struct strmap			*t;

	if ((t = objmemo_table(m, kind)) == NULL ||
	    (e = strmap_get_pair(t, path, version)) == NULL)
		return (-1);
	objmemo_copy(e, b);
	return (0);
}

/* Keep a copy of the answer b for path@version (a kind that is kept;
 * one larger than the table is not). */
void
objmemo_put(struct objmemo *m, enum proxy_kind kind, const char *path,
    const char *version, const struct cache_blob *b)
{
	struct strmap	*t;
	char		*key;

	if ((t = objmemo_table(m, kind)) == NULL)
		return;
	xasprintf(&key, "%s@%s", path, version);
	objmemo_keep(m, t, key, b);
	free(key);
}

/* A copy of the checksum database's file (a lookup or a tile, by its
 * name in the cache) into b; 0, or -1 when none is kept. */
int
objmemo_get_file(struct objmemo *m, const char *name, struct cache_blob *b)
{
	const struct objmemo_entry	*e;

	if ((e = strmap_get(&m->files, name, NULL)) == NULL)
		return (-1);
	objmemo_copy(e, b);
	return (0);
}

/* Keep a copy of a checksum database file: a lookup and a tile never
 * change once served. */
void
objmemo_put_file(struct objmemo *m, const char *name, const char *data,
    size_t len)
{
	struct cache_blob	b;

	memset(&b, 0, sizeof b);
	b.data = (char *)data;
	b.len = len;
	objmemo_keep(m, &m->files, name, &b);
}

/* Start a batch of reads at the cache's data_version v (-1: unknown):
 * the rows that may change are dropped unless v is the one they were
 * read at. */
void
objmemo_sync(struct objmemo *m, int64_t v)
{
	if (v < 0 || v != m->version)
		objmemo_clear_mutable(m);
	m->version = v;
}

/* A copy of path's row of a kind that may change (a list, a latest) as
 * the cache held it; 0, or -1 when none is kept. */
int
objmemo_get_mutable(struct objmemo *m, enum proxy_kind kind,
    const char *path, struct cache_blob *b)
{
	const struct objmemo_entry	*e;
	struct strmap			*t;

	if (m->version < 0 || (t = objmemo_mutable_table(m, kind)) == NULL ||
	    (e = strmap_get(t, path, NULL)) == NULL)
		return (-1);
	objmemo_copy(e, b);
	return (0);
}

/* Keep path's row of a kind that may change, read from the cache. */
void
objmemo_put_mutable(struct objmemo *m, enum proxy_kind kind,
    const char *path, const struct cache_blob *b)
{
	struct strmap	*t;

	if (m->version >= 0 && (t = objmemo_mutable_table(m, kind)) != NULL)
		objmemo_keep(m, t, path, b);
}

/* Drop key's entry from t, if it has one. */
static void
objmemo_forget(struct objmemo *m, struct strmap *t, const char *key)
{
	struct objmemo_entry	*e;

	if ((e = strmap_get(t, key, NULL)) == NULL)
		return;
	strmap_remove(t, key);
	m->bytes -= e->size;
	free(e);
}

/* This worker wrote path's row of a kind: what is kept of it is old. */
void
objmemo_forget_mutable(struct objmemo *m, enum proxy_kind kind,
    const char *path)
{
	struct strmap	*t;

	if ((t = objmemo_mutable_table(m, kind)) != NULL)
		objmemo_forget(m, t, path);
}

/* The key of a "does not exist" row. */
static char *
objmemo_negative_key(const char *kind, const char *path, const char *version)
{
	char	*key;

	xasprintf(&key, "%s %s@%s", kind, path, version != NULL ? version :
	    "");
	return (key);
}

/* A copy of the cache's "does not exist" row of kind (its name) for
 * path@version into n (cache_negative_free frees it); 0, or -1. */
int
objmemo_get_negative(struct objmemo *m, const char *kind, const char *path,
    const char *version, struct cache_negative *n)
{
	const struct objmemo_entry	*e;
	char				*key;

	if (m->version < 0)
		return (-1);
	key = objmemo_negative_key(kind, path, version);
	e = strmap_get(&m->negative, key, NULL);
	free(key);
	if (e == NULL)
		return (-1);
	memset(n, 0, sizeof *n);
	n->evidence = xstrdup(e->data);
	n->origin = e->origin != NULL ? xstrdup(e->origin) : NULL;
	n->fetched_ms = e->fetched_ms;
	return (0);
}

/* Keep a "does not exist" row read from the cache. */
void
objmemo_put_negative(struct objmemo *m, const char *kind, const char *path,
    const char *version, const struct cache_negative *n)
{
	struct cache_blob	 b;
	char			*key;

	if (m->version < 0)
		return;
	memset(&b, 0, sizeof b);
	b.data = n->evidence != NULL ? n->evidence : (char *)"";
	b.len = strlen(b.data);
	b.origin = n->origin;
	b.fetched_ms = n->fetched_ms;
	key = objmemo_negative_key(kind, path, version);
	objmemo_keep(m, &m->negative, key, &b);
	free(key);
}

/* This worker wrote the row: what is kept of it is old. */
void
objmemo_forget_negative(struct objmemo *m, const char *kind,
    const char *path, const char *version)
{
	char	*key;

	key = objmemo_negative_key(kind, path, version);
	objmemo_forget(m, &m->negative, key);
	free(key);
}
