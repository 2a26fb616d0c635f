/*
 * The immutable answers (a version's .info and .mod, the checksum
 * database's lookups and tiles) a worker read from its cache, kept in
 * memory. A version's .info and .mod never change,
 * and are the same whichever upstream served them, so a copy stays true
 * for every request: a check of a few hundred requirements read each
 * pin's .info (and the .info of every selected version whose go.mod was
 * not read) with a SQLite query of its own on every check, and the
 * lookup of every go.sum line it needs another. Bounded in
 * bytes: past the bound the table starts again empty. Answers that may
 * change (lists, "latest", "does not exist") are never kept here: their
 * freshness is the cache's to decide.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "cache/cache.h"
#include "verify/verify.h"

/* One answer, in one allocation: the body (NUL-terminated), then its
 * origin. */
struct objmemo_entry {
	size_t	 size;		/* bytes of this allocation */
	size_t	 len;
	int64_t	 fetched_ms;
	char	*origin;	/* NULL: none */
	char	 data[];
};

void
objmemo_init(struct objmemo *m, size_t max_bytes)
{
	strmap_init(&m->info);
	strmap_init(&m->mod);
	strmap_init(&m->files);
	m->bytes = 0;
	m->max_bytes = max_bytes;
}

static void
objmemo_free_one(const char *key, void *value, void *arg)
{
	(void)key;
	(void)arg;
	free(value);
}

/* Forget every answer. */
void
objmemo_clear(struct objmemo *m)
{
	strmap_each(&m->info, objmemo_free_one, NULL);
	strmap_each(&m->mod, objmemo_free_one, NULL);
	strmap_each(&m->files, objmemo_free_one, NULL);
	strmap_free(&m->info);
	strmap_free(&m->mod);
	strmap_free(&m->files);
	m->bytes = 0;
}

/* The table of a kind, or NULL when answers of that kind are not kept. */
static struct strmap *
objmemo_table(struct objmemo *m, enum proxy_kind kind)
{
	if (kind == PROXY_INFO)
		return (&m->info);
	if (kind == PROXY_MOD)
		return (&m->mod);
	return (NULL);
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
	size_t			 olen, size;

	olen = b->origin != NULL ? strlen(b->origin) + 1 : 0;
	size = sizeof *e + b->len + 1 + olen;
	if (size > m->max_bytes)
		return;
	if (m->bytes + size > m->max_bytes)
		objmemo_clear(m);
	e = xmalloc(size);
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
