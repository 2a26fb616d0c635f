/*
 * Opening the cache: the file is created with its directory (0700), put in
 * WAL mode with a busy timeout and synchronous=NORMAL (a commit survives a
 * process crash; WAL keeps the file consistent), and migrated to the
 * schema of cache/schema.sql by PRAGMA user_version.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/util.h"
#include "cache/cache.h"
#include "cache/cache-int.h"

#define CACHE_BUSY_TIMEOUT	10000	/* ms to wait for another writer */

extern const char	cache_schema_sql[];

/* Version 3: the checksum database client's state (see sumdb.c). */
static const char cache_sumdb_schema[] =
    "CREATE TABLE sumdb_config (name TEXT PRIMARY KEY NOT NULL, "
    "value BLOB NOT NULL, updated INTEGER NOT NULL);"
    "CREATE TABLE sumdb_file (name TEXT PRIMARY KEY NOT NULL, "
    "data BLOB NOT NULL);"
    "CREATE TABLE sumdb_fork (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "db TEXT NOT NULL, seen INTEGER NOT NULL, report TEXT NOT NULL);";

/* The default cache file. */
char *
cache_default_path(void)
{
	const char	*x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char		*p;

	if (x != NULL && *x == '/')
		xasprintf(&p, "%s/modvet/cache.db", x);
	else
		xasprintf(&p, "%s/.cache/modvet/cache.db",
		    home != NULL && *home != '\0' ? home : "/tmp");
	return (p);
}

/* Note a failure that the disk caused (full, or an I/O error). */
static void
cache_note_disk(struct cache *c)
{
	int	rc = sqlite3_errcode(c->db);

	if (rc == SQLITE_FULL || rc == SQLITE_IOERR)
		c->disk_failed = 1;
}

/* Did a write fail for want of room or with an I/O error since the
 * cache was opened? (Its file should then be left for a while.) */
int
cache_disk_failed(const struct cache *c)
{
	return (c->disk_failed);
}

/* Set *cause from the connection's last error. */
int
cache_fail(struct cache *c, char **cause, const char *what)
{
	cache_note_disk(c);
	if (cause != NULL)
		xasprintf(cause, "cache %s: %s: %s", c->path, what,
		    sqlite3_errmsg(c->db));
	return (-1);
}

/* Run SQL without results. */
static int
cache_exec(struct cache *c, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(c->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		cache_note_disk(c);
		if (cause != NULL)
			xasprintf(cause, "cache %s: %s", c->path,
			    err != NULL ? err : sqlite3_errmsg(c->db));
		sqlite3_free(err);
		return (-1);
	}
	return (0);
}

/*
 * Switch a connection to WAL. SQLite answers SQLITE_BUSY at once,
 * without the busy handler, when processes opening one new file at once
 * each hold a shared lock and want the write lock to change the journal
 * mode (it refuses to wait where waiting could deadlock): so try again,
 * for as long as the busy timeout, as the handler would have waited
 * (tests/cache-kill.sh: eight processes on a new file).
 */
static int
cache_set_wal(struct cache *c, char **cause)
{
	int	waited_ms;

	for (waited_ms = 0;; waited_ms += 5) {
		if (sqlite3_exec(c->db, "PRAGMA journal_mode = WAL", NULL, NULL,
		    NULL) == SQLITE_OK)
			return (cache_exec(c, "PRAGMA synchronous = NORMAL; "
			    "PRAGMA foreign_keys = ON", cause));
		if ((sqlite3_errcode(c->db) != SQLITE_BUSY &&
		    sqlite3_errcode(c->db) != SQLITE_LOCKED) ||
		    waited_ms >= CACHE_BUSY_TIMEOUT)
			return (cache_exec(c, "PRAGMA journal_mode = WAL",
			    cause));	/* once more, for its message */
		sqlite3_sleep(5);
	}
}

/* Create the directories of path's parent (0700). */
static int
cache_mkdirs(const char *path, char **cause)
{
	char	*p = xstrdup(path), *s;

	for (s = p + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			xasprintf(cause, "cache: mkdir %s: %s", p,
			    strerror(errno));
			free(p);
			return (-1);
		}
		*s = '/';
	}
	free(p);
	return (0);
}

/* The schema version of the file (PRAGMA user_version): 0 or more, or
 * -1 with *cause; -2 with *cause for a version this modvet does not know. */
static int
cache_schema_version(struct cache *c, char **cause)
{
	sqlite3_stmt	*st;
	int		 v;

	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK) {
		cache_fail(c, cause, "user_version");
		return (-1);
	}
	if (sqlite3_step(st) != SQLITE_ROW) {	/* it could not be read */
		cache_fail(c, cause, "user_version");
		sqlite3_finalize(st);
		return (-1);
	}
	v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (v > CACHE_SCHEMA_VERSION || v < 0) {
		xasprintf(cause, "cache %s has schema version %d; this modvet "
		    "knows %d (use a newer modvet, or remove the file)",
		    c->path, v, CACHE_SCHEMA_VERSION);
		return (-2);
	}
	return (v);
}

/* Bring the schema to CACHE_SCHEMA_VERSION. */
static int
cache_migrate(struct cache *c, char **cause)
{
	int	v;

	if ((v = cache_schema_version(c, cause)) < 0)
		return (-1);
	if (v == CACHE_SCHEMA_VERSION)
		return (0);
	/* Every step from v to the current version, in one transaction:
	 * 0 -> 1 creates the schema of cache/schema.sql; 1 -> 2 keeps each
	 * report's Markdown and HTML renderings; 2 -> 3 adds the checksum
	 * database's tables; 3 -> 4 the package indexes of module zips; 4 -> 5
	 * each module's @latest; 5 -> 6 upstream failures remembered; 6 -> 7
	 * how many times in a row each failure was the answer; 7 -> 8 drops
	 * the rows each .mod was parsed into when stored (requirements,
	 * retractions, deprecation, go line), which nothing read: a .mod's
	 * summary is parsed from it by the worker that reads it. */
	if (cache_exec(c, "BEGIN IMMEDIATE", cause) != 0)
		return (-1);
	/* Read again under the write lock: another process opening the same
	 * new file (several modvet --local at once) may have migrated it
	 * between the first read and the lock. */
	if ((v = cache_schema_version(c, cause)) < 0) {
		cache_rollback(c);
		return (-1);
	}
	if (v == CACHE_SCHEMA_VERSION)
		return (cache_exec(c, "COMMIT", cause));
	if ((v < 1 && cache_exec(c, cache_schema_sql, cause) != 0) ||
	    (v < 2 && cache_exec(c, "ALTER TABLE report ADD COLUMN md TEXT "
	    "NOT NULL DEFAULT ''; ALTER TABLE report ADD COLUMN html TEXT NOT "
	    "NULL DEFAULT ''", cause) != 0) ||
	    (v < 3 && cache_exec(c, cache_sumdb_schema, cause) != 0) ||
	    (v < 4 && cache_exec(c, "CREATE TABLE pkgindex (path TEXT NOT "
	    "NULL, version TEXT NOT NULL, data TEXT NOT NULL, PRIMARY KEY "
	    "(path, version))", cause) != 0) ||
	    (v < 5 && cache_exec(c, "CREATE TABLE latest (path TEXT PRIMARY "
	    "KEY NOT NULL, info BLOB NOT NULL, origin TEXT, fetched INTEGER)",
	    cause) != 0) ||
	    (v < 6 && cache_exec(c, "CREATE TABLE failure (path TEXT NOT "
	    "NULL, version TEXT NOT NULL, kind TEXT NOT NULL, status INTEGER "
	    "NOT NULL, evidence TEXT NOT NULL, origin TEXT NOT NULL, fetched "
	    "INTEGER NOT NULL, PRIMARY KEY (path, version, kind))", cause) !=
	    0) ||
	    (v < 7 && cache_exec(c, "ALTER TABLE failure ADD COLUMN streak "
	    "INTEGER NOT NULL DEFAULT 1", cause) != 0) ||
	    (v < 8 && cache_exec(c, "DROP TABLE requirement; DROP TABLE "
	    "retraction; DROP TABLE deprecation; ALTER TABLE version DROP "
	    "COLUMN go_line", cause) != 0) ||
	    cache_exec(c, "PRAGMA user_version = 8", cause) != 0 ||
	    cache_exec(c, "COMMIT", cause) != 0) {
		cache_rollback(c);
		return (-1);
	}
	return (0);
}

/* Open (creating) a cache file. */
int
cache_open(struct cache **out, const char *path, char **cause)
{
	struct cache	*c;
	int		 rc;

	*out = NULL;
	if (cache_mkdirs(path, cause) != 0)
		return (-1);
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		cache_fail(c, cause, "open");
		goto fail;
	}
	chmod(path, 0600);
	sqlite3_busy_timeout(c->db, CACHE_BUSY_TIMEOUT);
	if (cache_set_wal(c, cause) != 0 || cache_migrate(c, cause) != 0)
		goto fail;
	*out = c;
	return (0);
fail:
	rc = c->disk_failed ? CACHE_EDISK : -1;
	cache_close(c);
	return (rc);
}

/* A cache with the same schema in memory, nothing on disk. */
int
cache_open_memory(struct cache **out, char **cause)
{
	struct cache	*c;

	*out = NULL;
	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(":memory:");
	if (sqlite3_open_v2(":memory:", &c->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		cache_fail(c, cause, "open");
		cache_close(c);
		return (-1);
	}
	if (cache_exec(c, "PRAGMA foreign_keys = ON", cause) != 0 ||
	    cache_migrate(c, cause) != 0) {
		cache_close(c);
		return (-1);
	}
	*out = c;
	return (0);
}

/* Close a cache. */
void
cache_close(struct cache *c)
{
	size_t	i;

	if (c == NULL)
		return;
	for (i = 0; i < CACHE_NSTMT; i++)
		sqlite3_finalize(c->stmt[i]);
	sqlite3_close(c->db);
	free(c->path);
	free(c);
}

/* Begin a write transaction (nested calls only count). */
int
cache_begin(struct cache *c, char **cause)
{
	if (c->depth++ > 0)
		return (0);
	if (cache_exec(c, "BEGIN IMMEDIATE", cause) != 0) {
		c->depth = 0;
		return (-1);
	}
	return (0);
}

/* Commit the outermost transaction. */
int
cache_commit(struct cache *c, char **cause)
{
	if (c->depth == 0 || --c->depth > 0)
		return (0);
	if (cache_exec(c, "COMMIT", cause) != 0) {
		cache_rollback(c);
		return (-1);
	}
	return (0);
}

/*
 * Read a batch of answers in one read transaction: a statement outside a
 * transaction takes and drops SQLite's locks (fcntl calls) itself, and a
 * check reads hundreds of rows in a row. Only reads may run between the
 * two calls; nothing happens inside a write transaction (which already
 * holds what a read needs) or when the BEGIN fails (each read then takes
 * its own locks, as before).
 */
void
cache_read_begin(struct cache *c)
{
	if (c->depth > 0 || c->reading)
		return;
	c->reading = sqlite3_exec(c->db, "BEGIN", NULL, NULL, NULL) ==
	    SQLITE_OK;
}

void
cache_read_end(struct cache *c)
{
	if (!c->reading)
		return;
	c->reading = 0;
	/* A read transaction has nothing to lose: if COMMIT fails, it must
	 * still end, or the next write's BEGIN would fail. */
	if (sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

/*
 * SQLite's data_version: it changes when another connection commits to
 * the file (not for this connection's own writes). -1 when it cannot be
 * read. A reader that keeps rows in memory drops them when it moves.
 */
int64_t
cache_data_version(struct cache *c)
{
	sqlite3_stmt	*st;
	int64_t		 v = -1;

	if ((st = cache_stmt(c, STMT_DATA_VERSION, "PRAGMA data_version",
	    NULL)) == NULL)
		return (-1);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return (v);
}

/* Abandon the transaction. */
void
cache_rollback(struct cache *c)
{
	c->depth = 0;
	sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* A prepared statement, prepared once and reset for each use. */
sqlite3_stmt *
cache_stmt(struct cache *c, enum cache_stmt_id id, const char *sql,
    char **cause)
{
	if (c->stmt[id] == NULL && sqlite3_prepare_v3(c->db, sql, -1,
	    SQLITE_PREPARE_PERSISTENT, &c->stmt[id], NULL) != SQLITE_OK) {
		cache_fail(c, cause, "prepare");
		return (NULL);
	}
	sqlite3_reset(c->stmt[id]);
	sqlite3_clear_bindings(c->stmt[id]);
	return (c->stmt[id]);
}

/* The first row of PRAGMA quick_check ("ok" when sound), or an error. */
static int
cache_quick_check(sqlite3 *db, const char *path, char **cause)
{
	sqlite3_stmt	*st = NULL;
	const char	*row;
	int		 rc = -1;

	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		xasprintf(cause, "cache %s: %s", path, sqlite3_errmsg(db));
		goto out;
	}
	row = (const char *)sqlite3_column_text(st, 0);
	if (row != NULL && strcmp(row, "ok") == 0)
		rc = 0;
	else
		xasprintf(cause, "cache %s: damaged (quick_check: %s)", path,
		    row != NULL ? row : "no answer");
out:
	sqlite3_finalize(st);
	return (rc);
}

/* Is the file at path a sound cache (or absent, to be made)? 0, or -1
 * with *cause saying what is wrong with it. Read-only: nothing is
 * changed, so a damaged file can be kept as evidence. */
int
cache_verify_file(const char *path, char **cause)
{
	struct stat	 st;
	sqlite3		*db = NULL;
	int		 rc;

	if (stat(path, &st) != 0 && errno == ENOENT)
		return (0);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "cache %s: %s", path, db != NULL ?
		    sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return (-1);
	}
	rc = cache_quick_check(db, path, cause);
	sqlite3_close(db);
	return (rc);
}

/* Move a damaged cache file (with its WAL and shared-memory files) aside
 * as PATH.damaged-TIME, so that a new one can be made and the old kept.
 * The new name in *aside (caller frees); 0, or -1 with *cause. */
int
cache_move_aside(const char *path, char **aside, char **cause)
{
	static const char	*ext[] = { "-wal", "-shm" };
	char			 when[32], *from, *to;
	size_t			 i;

	util_format_rfc3339(util_wall_ms() / 1000, when);
	xasprintf(aside, "%s.damaged-%s", path, when);
	if (rename(path, *aside) != 0) {
		xasprintf(cause, "moving %s aside: %s", path, strerror(errno));
		free(*aside);
		*aside = NULL;
		return (-1);
	}
	for (i = 0; i < nitems(ext); i++) {
		xasprintf(&from, "%s%s", path, ext[i]);
		xasprintf(&to, "%s%s", *aside, ext[i]);
		if (rename(from, to) != 0 && errno != ENOENT)
			log_warn("moving %s aside", from);
		free(from);
		free(to);
	}
	return (0);
}
