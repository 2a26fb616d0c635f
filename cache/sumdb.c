/*
 * Immutable, parsed facts about module versions that are not rows of
 * store.c: the checksum database client's storage, and package indexes.
 *
 * The checksum database client's storage (see gomod/sumdb.c for what it
 * stores): the verified tree note per database, immutable lookups and
 * tiles, and the evidence of every fork seen. The tree note is replaced
 * only when it still holds what the client read, in one transaction, so
 * two threads (or two processes on the same file) never lose a newer
 * tree to an older one.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/util.h"
#include "cache/cache.h"
#include "cache/cache-int.h"

/* Read a one-column blob answer of a name lookup. */
static int
sumdb_get(struct cache *c, enum cache_stmt_id id, const char *sql,
    const char *name, char **data, size_t *len, char **cause)
{
	sqlite3_stmt	*st;
	const void	*p;
	int		 rc, n;

	*data = NULL;
	*len = 0;
	if ((st = cache_stmt(c, id, sql, cause)) == NULL)
		return (-1);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p = sqlite3_column_blob(st, 0);
		n = sqlite3_column_bytes(st, 0);
		*data = xmalloc((size_t)n + 1);
		if (n > 0)
			memcpy(*data, p, (size_t)n);
		(*data)[n] = '\0';
		*len = (size_t)n;
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = MV_ENOTFOUND;
	else
		rc = cache_fail(c, cause, "sumdb");
	sqlite3_reset(st);
	return (rc);
}

int
cache_sumdb_get_config(struct cache *c, const char *name, char **data,
    size_t *len, char **cause)
{
	int	rc;

	rc = sumdb_get(c, STMT_SUMDB_GET_CONFIG, "SELECT value FROM "
	    "sumdb_config WHERE name = ?", name, data, len, cause);
	if (rc == MV_ENOTFOUND) {
		/* No tree yet: the client starts from the empty one. */
		*data = xstrdup("");
		rc = 0;
	}
	return (rc);
}

int
cache_sumdb_swap_config(struct cache *c, const char *name, const char *old,
    size_t oldlen, const char *new, size_t newlen, char **cause)
{
	sqlite3_stmt	*st;
	char		*now = NULL;
	size_t		 nowlen;
	int		 rc;

	if (cache_begin(c, cause) != 0)
		return (-1);
	if (cache_sumdb_get_config(c, name, &now, &nowlen, cause) != 0)
		goto fail;
	if (nowlen != oldlen || memcmp(now, old, oldlen) != 0) {
		free(now);
		cache_rollback(c);
		return (1);
	}
	free(now);
	if ((st = cache_stmt(c, STMT_SUMDB_PUT_CONFIG, "INSERT INTO "
	    "sumdb_config (name, value, updated) VALUES (?, ?, ?) ON CONFLICT "
	    "(name) DO UPDATE SET value = excluded.value, updated = "
	    "excluded.updated", cause)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, new, (int)newlen, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, util_wall_ms());
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		cache_fail(c, cause, "sumdb config");
		goto fail;
	}
	return (cache_commit(c, cause));
fail:
	cache_rollback(c);
	return (-1);
}

int
cache_sumdb_get_file(struct cache *c, const char *name, char **data,
    size_t *len, char **cause)
{
	return (sumdb_get(c, STMT_SUMDB_GET_FILE, "SELECT data FROM sumdb_file "
	    "WHERE name = ?", name, data, len, cause));
}

int
cache_sumdb_put_file(struct cache *c, const char *name, const char *data,
    size_t len, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = cache_stmt(c, STMT_SUMDB_PUT_FILE, "INSERT OR IGNORE INTO "
	    "sumdb_file (name, data) VALUES (?, ?)", cause)) == NULL)
		return (-1);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, data, (int)len, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (cache_fail(c, cause, "sumdb file"));
	return (0);
}

int
cache_sumdb_add_fork(struct cache *c, const char *db, const char *report,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = cache_stmt(c, STMT_SUMDB_PUT_FORK, "INSERT INTO sumdb_fork "
	    "(db, seen, report) VALUES (?, ?, ?)", cause)) == NULL)
		return (-1);
	sqlite3_bind_text(st, 1, db, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, util_wall_ms());
	sqlite3_bind_text(st, 3, report, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (cache_fail(c, cause, "sumdb fork"));
	return (0);
}

int
cache_get_pkgindex(struct cache *c, const char *path, const char *version,
    char **out, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*out = NULL;
	if ((st = cache_stmt(c, STMT_GET_PKGINDEX, "SELECT data FROM pkgindex "
	    "WHERE path = ? AND version = ?", cause)) == NULL)
		return (-1);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, version, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
		rc = 0;
	} else if (rc == SQLITE_DONE)
		rc = MV_ENOTFOUND;
	else
		rc = cache_fail(c, cause, "pkgindex");
	sqlite3_reset(st);
	return (rc);
}

int
cache_put_pkgindex(struct cache *c, const char *path, const char *version,
    const char *data, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	if ((st = cache_stmt(c, STMT_PUT_PKGINDEX, "INSERT OR REPLACE INTO "
	    "pkgindex (path, version, data) VALUES (?, ?, ?)", cause)) == NULL)
		return (-1);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, version, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, data, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (cache_fail(c, cause, "pkgindex"));
	return (0);
}
