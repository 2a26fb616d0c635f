/*
 * Report history: each report's summary and the items it saw (a release
 * of a watched module, a finding of a project), so that the next report
 * can say what is new and what was fixed since. One transaction a report.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/util.h"
#include "cache/cache.h"
#include "cache/cache-int.h"

/* Store a report and its items; *id gets its number. */
int
cache_report_add(struct cache *c, int64_t ran_ms, const char *summary,
    const char *md, const char *html, int needs_attention,
    const struct cache_report_item *items, size_t n, int64_t *id,
    char **cause)
{
	sqlite3_stmt	*st;
	size_t		 i;

	if (cache_begin(c, cause) != 0)
		return (-1);
	if ((st = cache_stmt(c, STMT_REPORT_ADD, "INSERT INTO report (ran, "
	    "summary, md, html, needs_attention) VALUES (?, ?, ?, ?, ?)",
	    cause)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, ran_ms);
	sqlite3_bind_text(st, 2, summary, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, md, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, html, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, needs_attention);
	if (sqlite3_step(st) != SQLITE_DONE) {
		sqlite3_reset(st);
		cache_fail(c, cause, "report");
		goto fail;
	}
	sqlite3_reset(st);
	*id = sqlite3_last_insert_rowid(c->db);
	if ((st = cache_stmt(c, STMT_REPORT_ITEM_ADD, "INSERT OR IGNORE INTO "
	    "report_item (report, kind, subject, detail) VALUES (?, ?, ?, ?)",
	    cause)) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, items[i].kind, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, items[i].subject, -1,
		    SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, items[i].detail != NULL ?
		    items[i].detail : "", -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			sqlite3_reset(st);
			cache_fail(c, cause, "report item");
			goto fail;
		}
		sqlite3_reset(st);
	}
	return (cache_commit(c, cause));
fail:
	cache_rollback(c);
	return (-1);
}

/* The items of the latest report (MV_ENOTFOUND when there is none); the
 * caller frees them with cache_report_items_free. *ran_ms gets its time. */
int
cache_report_last(struct cache *c, struct cache_report_item **out, size_t *n,
    int64_t *ran_ms, char **cause)
{
	sqlite3_stmt	*st;
	int64_t		 id = -1;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((st = cache_stmt(c, STMT_REPORT_LAST, "SELECT id, ran FROM report "
	    "ORDER BY id DESC LIMIT 1", cause)) == NULL)
		return (-1);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*ran_ms = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		cache_fail(c, cause, "report");
		return (-1);
	}
	if (id == -1)
		return (MV_ENOTFOUND);
	if ((st = cache_stmt(c, STMT_REPORT_ITEMS, "SELECT kind, subject, "
	    "detail FROM report_item WHERE report = ?", cause)) == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[*n].kind = xstrdup((const char *)
		    sqlite3_column_text(st, 0));
		(*out)[*n].subject = xstrdup((const char *)
		    sqlite3_column_text(st, 1));
		(*out)[*n].detail = xstrdup((const char *)
		    sqlite3_column_text(st, 2));
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		cache_fail(c, cause, "report items");
		return (-1);
	}
	return (0);
}

/* Free report items. */
void
cache_report_items_free(struct cache_report_item *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].kind);
		free(v[i].subject);
		free(v[i].detail);
	}
	free(v);
}

/* One stored rendering of a report (-1: the latest). */
int
cache_report_get(struct cache *c, int64_t id, const char *format, char **out,
    char **cause)
{
	sqlite3_stmt	*st;
	int		 rc, md = strcmp(format, "md") == 0;
	int		 html = strcmp(format, "html") == 0;

	*out = NULL;
	st = cache_stmt(c, md ? STMT_REPORT_GET_MD : html ?
	    STMT_REPORT_GET_HTML : STMT_REPORT_GET_JSON, md ?
	    "SELECT md FROM report WHERE ?1 < 0 OR id = ?1 ORDER BY id DESC "
	    "LIMIT 1" : html ? "SELECT html FROM report WHERE ?1 < 0 OR id = "
	    "?1 ORDER BY id DESC LIMIT 1" : "SELECT summary FROM report WHERE "
	    "?1 < 0 OR id = ?1 ORDER BY id DESC LIMIT 1", cause);
	if (st == NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return (cache_fail(c, cause, "report"));
	return (rc == SQLITE_ROW ? 0 : MV_ENOTFOUND);
}

/* The history, newest first. */
int
cache_report_list(struct cache *c, size_t max, struct cache_report_row **out,
    size_t *n, char **cause)
{
	sqlite3_stmt	*st;
	int		 rc;

	*out = NULL;
	*n = 0;
	if ((st = cache_stmt(c, STMT_REPORT_LIST, "SELECT id, ran, "
	    "needs_attention FROM report ORDER BY id DESC LIMIT ?", cause)) ==
	    NULL)
		return (-1);
	sqlite3_bind_int64(st, 1, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[*n].id = sqlite3_column_int64(st, 0);
		(*out)[*n].ran_ms = sqlite3_column_int64(st, 1);
		(*out)[*n].needs_attention = sqlite3_column_int(st, 2);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return (cache_fail(c, cause, "report list"));
	return (0);
}
