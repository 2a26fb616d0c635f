/* The watch list: modules whose release history the daemon keeps fresh. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/util.h"
#include "cache/cache.h"
#include "cache/cache-int.h"

/* Run a one-parameter write statement in a transaction; MV_ENOTFOUND
 * when it changed no row. */
static int
cache_watch_write(struct cache *c, enum cache_stmt_id id, const char *sql,
    const char *path, int with_time, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, changed;

	if ((st = cache_stmt(c, id, sql, cause)) == NULL)
		return (-1);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
	if (with_time)
		sqlite3_bind_int64(st, 2, util_wall_ms());
	if (cache_begin(c, cause) != 0)
		return (-1);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		cache_fail(c, cause, "watch");
		cache_rollback(c);
		return (-1);
	}
	changed = sqlite3_changes(c->db);
	if (cache_commit(c, cause) != 0)
		return (-1);
	return (changed > 0 ? 0 : MV_ENOTFOUND);
}

/* Add a module to the watch list (MV_ENOTFOUND: it was on it). */
int
cache_watch_add(struct cache *c, const char *path, char **cause)
{
	return (cache_watch_write(c, STMT_WATCH_ADD, "INSERT OR IGNORE INTO "
	    "watch (path, added) VALUES (?, ?)", path, 1, cause));
}

/* Remove a module from the watch list (MV_ENOTFOUND: it was not on
 * it). */
int
cache_watch_remove(struct cache *c, const char *path, char **cause)
{
	return (cache_watch_write(c, STMT_WATCH_DEL, "DELETE FROM watch WHERE "
	    "path = ?", path, 0, cause));
}

/* The watched modules, sorted. */
int
cache_watch_list(struct cache *c, struct strv *out, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	strv_init(out);
	if ((st = cache_stmt(c, STMT_WATCH_LIST, "SELECT path FROM watch "
	    "ORDER BY path", cause)) == NULL)
		return (-1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		strv_push(out, (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (cache_fail(c, cause, "watch list"));
	return (0);
}
