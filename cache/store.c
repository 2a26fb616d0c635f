/*
 * The cached facts: module lists (expiring), version objects (immutable:
 * stored once, kept forever), "does not exist" answers with their
 * evidence (expiring), and h1 hashes. A .mod is stored with the h1 hash
 * go.sum gives it; what it says is read by its summary (engine/modsum.c),
 * which each worker keeps parsed.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "cache/cache.h"
#include "cache/cache-int.h"

/* Free a blob's memory. */
void
cache_blob_free(struct cache_blob *b)
{
	free(b->data);
	free(b->origin);
	memset(b, 0, sizeof *b);
}

/* Free a negative answer's memory. */
void
cache_negative_free(struct cache_negative *n)
{
	free(n->evidence);
	free(n->origin);
	memset(n, 0, sizeof *n);
}

/* Bind a C string (NULL binds NULL). */
static void
cache_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

/* A column as a new string ("" for NULL). */
static char *
cache_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char	*t = sqlite3_column_text(st, i);

	return (xstrdup(t != NULL ? (const char *)t : ""));
}

/* Read a blob, origin and time from the current row (columns i..i+2);
 * MV_ENOTFOUND when the blob is NULL. */
static int
cache_row_blob(sqlite3_stmt *st, int i, struct cache_blob *out)
{
	const void	*p;

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return (MV_ENOTFOUND);
	p = sqlite3_column_blob(st, i);
	out->len = sqlite3_column_bytes(st, i);
	out->data = xmemdup(p != NULL ? p : "", out->len);
	out->origin = cache_col_text(st, i + 1);
	out->fetched_ms = sqlite3_column_int64(st, i + 2);
	return (0);
}

/* Step a statement that returns at most one row: SQLITE_ROW/DONE, or -1
 * with *cause. */
static int
cache_step(struct cache *c, sqlite3_stmt *st, char **cause)
{
	int	rc = sqlite3_step(st);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (cache_fail(c, cause, "step"));
	return (rc);
}

/* Run a write statement inside its own transaction unless one is open. */
static int
cache_write(struct cache *c, sqlite3_stmt *st, char **cause)
{
	int	rc;

	if (cache_begin(c, cause) != 0)
		return (-1);
	rc = cache_step(c, st, cause);
	sqlite3_reset(st);
	if (rc == -1) {
		cache_rollback(c);
		return (-1);
	}
	return (cache_commit(c, cause));
}

/* A module's answer that changes over time (its @v/list, its @latest),
 * read with sql: body, origin and fetch time, or MV_ENOTFOUND. */
static int
cache_get_mutable(struct cache *c, int id, const char *sql, const char *path,
    struct cache_blob *out, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(out, 0, sizeof *out);
	if ((st = cache_stmt(c, id, sql, cause)) == NULL)
		return (-1);
	cache_bind_text(st, 1, path);
	if ((rc = cache_step(c, st, cause)) == -1)
		return (-1);
	rc = rc == SQLITE_ROW ? cache_row_blob(st, 0, out) : MV_ENOTFOUND;
	sqlite3_reset(st);
	return (rc);
}

/* Store such an answer with sql (path, body, origin, time). */
static int
cache_put_mutable(struct cache *c, int id, const char *sql, const char *path,
    const char *data, size_t len, const char *origin, int64_t when,
    char **cause)
{
	sqlite3_stmt	*st;

	if ((st = cache_stmt(c, id, sql, cause)) == NULL)
		return (-1);
	cache_bind_text(st, 1, path);
	sqlite3_bind_blob(st, 2, len > 0 ? data : "", len, SQLITE_TRANSIENT);
	cache_bind_text(st, 3, origin);
	sqlite3_bind_int64(st, 4, when);
	return (cache_write(c, st, cause));
}

/* A module's cached @v/list. */
int
cache_get_list(struct cache *c, const char *path, struct cache_blob *out,
    char **cause)
{
	return (cache_get_mutable(c, STMT_GET_LIST, "SELECT list, "
	    "list_origin, list_fetched FROM module WHERE path = ?", path, out,
	    cause));
}

/* Store a module's @v/list. */
int
cache_put_list(struct cache *c, const char *path, const char *data,
    size_t len, const char *origin, int64_t when, char **cause)
{
	return (cache_put_mutable(c, STMT_PUT_LIST, "INSERT INTO module "
	    "(path, list, list_origin, list_fetched) VALUES (?, ?, ?, ?) ON "
	    "CONFLICT (path) DO UPDATE SET list = excluded.list, list_origin = "
	    "excluded.list_origin, list_fetched = excluded.list_fetched", path,
	    data, len, origin, when, cause));
}

/* A module's cached @latest (the .info of its latest version, which the
 * go command asks for a pseudo-version with nothing newer listed). */
int
cache_get_latest(struct cache *c, const char *path, struct cache_blob *out,
    char **cause)
{
	return (cache_get_mutable(c, STMT_GET_LATEST, "SELECT info, origin, "
	    "fetched FROM latest WHERE path = ?", path, out, cause));
}

/* Store a module's @latest. */
int
cache_put_latest(struct cache *c, const char *path, const char *data,
    size_t len, const char *origin, int64_t when, char **cause)
{
	return (cache_put_mutable(c, STMT_PUT_LATEST, "INSERT INTO latest "
	    "(path, info, origin, fetched) VALUES (?, ?, ?, ?) ON CONFLICT "
	    "(path) DO UPDATE SET info = excluded.info, origin = "
	    "excluded.origin, fetched = excluded.fetched", path, data, len,
	    origin, when, cause));
}

/* A cached .info or .mod. */
int
cache_get_object(struct cache *c, const char *path, const char *version,
    enum cache_obj kind, struct cache_blob *out, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(out, 0, sizeof *out);
	st = kind == CACHE_INFO ?
	    cache_stmt(c, STMT_GET_INFO, "SELECT info, info_origin, "
	    "info_fetched FROM version WHERE path = ? AND version = ?", cause) :
	    cache_stmt(c, STMT_GET_MOD, "SELECT mod, mod_origin, mod_fetched "
	    "FROM version WHERE path = ? AND version = ?", cause);
	if (st == NULL)
		return (-1);
	cache_bind_text(st, 1, path);
	cache_bind_text(st, 2, version);
	if ((rc = cache_step(c, st, cause)) == -1)
		return (-1);
	rc = rc == SQLITE_ROW ? cache_row_blob(st, 0, out) : MV_ENOTFOUND;
	sqlite3_reset(st);
	return (rc);
}

/* Store an immutable object of a version. */
int
cache_put_object(struct cache *c, const char *path, const char *version,
    enum cache_obj kind, const char *data, size_t len, const char *origin,
    int64_t when, char **cause)
{
	sqlite3_stmt	*st;
	char		*h1 = NULL;

	if (cache_begin(c, cause) != 0)
		return (-1);
	if (kind == CACHE_MOD)
		h1 = dirhash_gomod(data, len);
	st = kind == CACHE_INFO ?
	    cache_stmt(c, STMT_PUT_INFO, "INSERT INTO version (path, version, "
	    "info, info_origin, info_fetched) VALUES (?, ?, ?, ?, ?) ON "
	    "CONFLICT (path, version) DO UPDATE SET info = excluded.info, "
	    "info_origin = excluded.info_origin, info_fetched = "
	    "excluded.info_fetched WHERE info IS NULL", cause) :
	    cache_stmt(c, STMT_PUT_MOD, "INSERT INTO version (path, version, "
	    "mod, mod_origin, mod_fetched, h1_mod) VALUES (?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (path, version) DO UPDATE SET mod = excluded.mod, "
	    "mod_origin = excluded.mod_origin, mod_fetched = "
	    "excluded.mod_fetched, h1_mod = excluded.h1_mod WHERE mod IS NULL",
	    cause);
	if (st == NULL)
		goto fail;
	cache_bind_text(st, 1, path);
	cache_bind_text(st, 2, version);
	sqlite3_bind_blob(st, 3, len > 0 ? data : "", len, SQLITE_TRANSIENT);
	cache_bind_text(st, 4, origin);
	sqlite3_bind_int64(st, 5, when);
	if (kind == CACHE_MOD)
		cache_bind_text(st, 6, h1);
	if (cache_step(c, st, cause) == -1)
		goto fail;
	sqlite3_reset(st);
	free(h1);
	return (cache_commit(c, cause));
fail:
	free(h1);
	cache_rollback(c);
	return (-1);
}

/* One row of negative or failure (selected as evidence, origin, fetched,
 * status, streak) for an object into out; MV_ENOTFOUND when there is
 * none. */
static int
cache_get_answer_row(struct cache *c, enum cache_stmt_id id, const char *sql,
    const char *path, const char *version, const char *kind,
    struct cache_negative *out, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	memset(out, 0, sizeof *out);
	if ((st = cache_stmt(c, id, sql, cause)) == NULL)
		return (-1);
	cache_bind_text(st, 1, path);
	cache_bind_text(st, 2, version);
	cache_bind_text(st, 3, kind);
	if ((rc = cache_step(c, st, cause)) == -1)
		return (-1);
	if (rc == SQLITE_ROW) {
		out->evidence = cache_col_text(st, 0);
		out->origin = cache_col_text(st, 1);
		out->fetched_ms = sqlite3_column_int64(st, 2);
		out->status = sqlite3_column_int(st, 3);
		out->streak = sqlite3_column_int(st, 4);
		rc = 0;
	} else
		rc = MV_ENOTFOUND;
	sqlite3_reset(st);
	return (rc);
}

/* A cached "does not exist" for a module (version "") or version. */
int
cache_get_negative(struct cache *c, const char *path, const char *version,
    const char *kind, struct cache_negative *out, char **cause)
{
	return (cache_get_answer_row(c, STMT_GET_NEGATIVE, "SELECT evidence, "
	    "origin, fetched, 0, 1 FROM negative WHERE path = ? AND version = ? "
	    "AND kind = ?", path, version, kind, out, cause));
}

/* Write one row of negative or failure (path, version, kind, evidence,
 * origin, fetched, then the status and streak when sql has eight
 * parameters). */
static int
cache_put_answer_row(struct cache *c, enum cache_stmt_id id, const char *sql,
    const char *path, const char *version, const char *kind,
    const char *evidence, const char *origin, int64_t when, int status,
    int streak, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = cache_stmt(c, id, sql, cause)) == NULL)
		return (-1);
	cache_bind_text(st, 1, path);
	cache_bind_text(st, 2, version);
	cache_bind_text(st, 3, kind);
	cache_bind_text(st, 4, evidence != NULL ? evidence : "");
	cache_bind_text(st, 5, origin != NULL ? origin : "");
	sqlite3_bind_int64(st, 6, when);
	if (sqlite3_bind_parameter_count(st) == 8) {
		sqlite3_bind_int(st, 7, status);
		sqlite3_bind_int(st, 8, streak);
	}
	return (cache_write(c, st, cause));
}

/* Record a "does not exist" with its evidence. */
int
cache_put_negative(struct cache *c, const char *path, const char *version,
    const char *kind, const char *evidence, const char *origin,
    int64_t when, char **cause)
{
	return (cache_put_answer_row(c, STMT_PUT_NEGATIVE, "INSERT OR REPLACE "
	    "INTO negative (path, version, kind, evidence, origin, fetched) "
	    "VALUES (?, ?, ?, ?, ?, ?)", path, version, kind, evidence, origin,
	    when, 0, 0, cause));
}

/* Delete an object's row of negative or failure. */
static int
cache_clear_row(struct cache *c, enum cache_stmt_id id, const char *sql,
    const char *path, const char *version, const char *kind, char **cause)
{
	sqlite3_stmt	*st;

	if ((st = cache_stmt(c, id, sql, cause)) == NULL)
		return (-1);
	cache_bind_text(st, 1, path);
	cache_bind_text(st, 2, version);
	cache_bind_text(st, 3, kind);
	return (cache_write(c, st, cause));
}

/* Forget a "does not exist" (the object was found after all). */
int
cache_clear_negative(struct cache *c, const char *path, const char *version,
    const char *kind, char **cause)
{
	return (cache_clear_row(c, STMT_DEL_NEGATIVE, "DELETE FROM negative "
	    "WHERE path = ? AND version = ? AND kind = ?", path, version, kind,
	    cause));
}

/* Forget a failure (an upstream answered). */
int
cache_clear_failure(struct cache *c, const char *path, const char *version,
    const char *kind, char **cause)
{
	return (cache_clear_row(c, STMT_DEL_FAILURE, "DELETE FROM failure "
	    "WHERE path = ? AND version = ? AND kind = ?", path, version, kind,
	    cause));
}

/* A remembered upstream failure of an object (out->status says which). */
int
cache_get_failure(struct cache *c, const char *path, const char *version,
    const char *kind, struct cache_negative *out, char **cause)
{
	return (cache_get_answer_row(c, STMT_GET_FAILURE, "SELECT evidence, "
	    "origin, fetched, status, streak FROM failure WHERE path = ? AND "
	    "version = ? AND kind = ?", path, version, kind, out, cause));
}

/* Remember an upstream failure with its evidence, the streak-th time in
 * a row. */
int
cache_put_failure(struct cache *c, const char *path, const char *version,
    const char *kind, int status, const char *evidence, const char *origin,
    int64_t when, int streak, char **cause)
{
	return (cache_put_answer_row(c, STMT_PUT_FAILURE, "INSERT OR REPLACE "
	    "INTO failure (path, version, kind, evidence, origin, fetched, "
	    "status, streak) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", path, version,
	    kind, evidence, origin, when, status, streak, cause));
}

/* A recorded h1 hash ("mod" or "zip"). */
int
cache_get_hash(struct cache *c, const char *path, const char *version,
    const char *kind, char **out, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, mod = strcmp(kind, "mod") == 0;

	*out = NULL;
	st = mod ? cache_stmt(c, STMT_GET_HASH_MOD, "SELECT h1_mod FROM "
	    "version WHERE path = ? AND version = ? AND h1_mod IS NOT NULL",
	    cause) : cache_stmt(c, STMT_GET_HASH_ZIP, "SELECT h1_zip FROM "
	    "version WHERE path = ? AND version = ? AND h1_zip IS NOT NULL",
	    cause);
	if (st == NULL)
		return (-1);
	cache_bind_text(st, 1, path);
	cache_bind_text(st, 2, version);
	if ((rc = cache_step(c, st, cause)) == -1)
		return (-1);
	if (rc == SQLITE_ROW) {
		*out = cache_col_text(st, 0);
		rc = 0;
	} else
		rc = MV_ENOTFOUND;
	sqlite3_reset(st);
	return (rc);
}

/* Record an h1 hash. */
int
cache_put_hash(struct cache *c, const char *path, const char *version,
    const char *kind, const char *h1, char **cause)
{
	sqlite3_stmt	*st;
	int		 mod = strcmp(kind, "mod") == 0;

	st = mod ? cache_stmt(c, STMT_PUT_HASH_MOD, "INSERT INTO version "
	    "(path, version, h1_mod) VALUES (?, ?, ?) ON CONFLICT (path, "
	    "version) DO UPDATE SET h1_mod = excluded.h1_mod", cause) :
	    cache_stmt(c, STMT_PUT_HASH_ZIP, "INSERT INTO version (path, "
	    "version, h1_zip) VALUES (?, ?, ?) ON CONFLICT (path, version) DO "
	    "UPDATE SET h1_zip = excluded.h1_zip", cause);
	if (st == NULL)
		return (-1);
	cache_bind_text(st, 1, path);
	cache_bind_text(st, 2, version);
	cache_bind_text(st, 3, h1);
	return (cache_write(c, st, cause));
}
