/*
 * cache: what modvet remembers, in one SQLite file (WAL, busy timeout,
 * every write in a transaction, prepared statements reused). A struct
 * cache is one connection and belongs to one thread; several processes or
 * threads may open the same file. sqlite3 error texts never leave here.
 *
 * Functions return 0, MV_ENOTFOUND (nothing cached) or -1 with *cause.
 */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

#define CACHE_SCHEMA_VERSION	8

/* The objects of a version. */
enum cache_obj {
	CACHE_INFO,
	CACHE_MOD
};

/* A cached body (list, .info, .mod) with where and when it came from. */
struct cache_blob {
	char	*data;		/* NUL-terminated; may hold NULs */
	size_t	 len;
	char	*origin;
	int64_t	 fetched_ms;
};
void	 cache_blob_free(struct cache_blob *);

/* A cached "does not exist". */
struct cache_negative {
	char	*evidence;
	char	*origin;
	int64_t	 fetched_ms;
	int	 status;	/* of a failure (cache_get_failure) */
	int	 streak;	/* the same failure, times in a row */
};
void	 cache_negative_free(struct cache_negative *);


struct cache;

/* cache.c: opening and the schema. */
/* The default file: $XDG_CACHE_HOME/modvet/cache.db (or ~/.cache/...). */
char	*cache_default_path(void);
/* cache_open returns 0, -1, or CACHE_EDISK when the disk refused (full,
 * or an I/O error); a caller may then go on with a cache in memory, for
 * this connection alone: answers are still given, not kept. */
#define CACHE_EDISK	(-2)
int	 cache_open(struct cache **, const char *, char **);
int	 cache_open_memory(struct cache **, char **);
int	 cache_disk_failed(const struct cache *);
/* Is the file a sound cache (quick_check), or absent? 0, or -1 with
 * *cause. Read-only. */
int	 cache_verify_file(const char *, char **);
/* Move a damaged cache (and its -wal, -shm) aside as PATH.damaged-TIME;
 * the new name in *aside. 0, or -1 with *cause. */
int	 cache_move_aside(const char *, char **, char **);
void	 cache_close(struct cache *);
int	 cache_begin(struct cache *, char **);
int	 cache_commit(struct cache *, char **);
void	 cache_read_begin(struct cache *);
void	 cache_read_end(struct cache *);
int64_t	 cache_data_version(struct cache *);
void	 cache_rollback(struct cache *);
/* PRAGMA integrity_check: 0 if "ok", else -1 with the report. */

/* store.c: module lists, version objects, negative answers, hashes. */
int	 cache_get_list(struct cache *, const char *, struct cache_blob *,
	    char **);
int	 cache_put_list(struct cache *, const char *, const char *, size_t,
	    const char *, int64_t, char **);
int	 cache_get_latest(struct cache *, const char *, struct cache_blob *,
	    char **);
int	 cache_put_latest(struct cache *, const char *, const char *, size_t,
	    const char *, int64_t, char **);
int	 cache_get_object(struct cache *, const char *, const char *,
	    enum cache_obj, struct cache_blob *, char **);
/* Store an immutable object (a .mod with its go.sum hash). */
int	 cache_put_object(struct cache *, const char *, const char *,
	    enum cache_obj, const char *, size_t, const char *, int64_t,
	    char **);
int	 cache_get_negative(struct cache *, const char *, const char *,
	    const char *, struct cache_negative *, char **);
int	 cache_put_negative(struct cache *, const char *, const char *,
	    const char *, const char *, const char *, int64_t, char **);
int	 cache_clear_negative(struct cache *, const char *, const char *,
	    const char *, char **);
/* An upstream failure (MV_EUNAVAIL, MV_EINVAL) of an object nothing else
 * is known of, remembered for a short while (source.c), with how many
 * times in a row it was the answer (streak); an answer forgets it. */
int	 cache_get_failure(struct cache *, const char *, const char *,
	    const char *, struct cache_negative *, char **);
int	 cache_put_failure(struct cache *, const char *, const char *,
	    const char *, int, const char *, const char *, int64_t, int,
	    char **);
int	 cache_clear_failure(struct cache *, const char *, const char *,
	    const char *, char **);
/* h1 hashes: kind "mod" or "zip". */
int	 cache_get_hash(struct cache *, const char *, const char *,
	    const char *, char **, char **);
int	 cache_put_hash(struct cache *, const char *, const char *,
	    const char *, const char *, char **);

/* watch.c: the watch list. */
int	 cache_watch_add(struct cache *, const char *, char **);
int	 cache_watch_remove(struct cache *, const char *, char **);
int	 cache_watch_list(struct cache *, struct strv *, char **);

/* report.c: report history (what each report saw). */
struct cache_report_item {
	char	*kind;		/* "release", "finding" */
	char	*subject;	/* "module@version", "project code module@v" */
	char	*detail;
};
/* Store a report: its time, JSON, Markdown and HTML renderings, whether
 * it needs a person, and its items; *id gets its number. */
int	 cache_report_add(struct cache *, int64_t, const char *, const char *,
	    const char *, int, const struct cache_report_item *, size_t,
	    int64_t *, char **);
/* One stored rendering ("json", "md", "html") of report id (-1: the
 * latest); MV_ENOTFOUND when there is none. The caller frees *out. */
int	 cache_report_get(struct cache *, int64_t, const char *, char **,
	    char **);
/* The history, newest first, at most max: id, time, needs attention. */
struct cache_report_row {
	int64_t	id;
	int64_t	ran_ms;
	int	needs_attention;
};
int	 cache_report_list(struct cache *, size_t, struct cache_report_row **,
	    size_t *, char **);
int	 cache_report_last(struct cache *, struct cache_report_item **,
	    size_t *, int64_t *, char **);
void	 cache_report_items_free(struct cache_report_item *, size_t);

/* flight.c: one fetch per upstream object at a time (process-wide). A
 * caller that claims a key with flight_try fetches and calls flight_end;
 * one that cannot waits with flight_wait (holding no keys), then reads the
 * cache again. */
/*
 * sumdb.c: what the checksum database client keeps. Config holds the
 * newest verified signed tree note per database ("NAME/latest"), replaced
 * only by compare-and-swap; files are immutable lookups and tiles; forks
 * keep the evidence of a database that contradicted itself.
 */
int	 cache_sumdb_get_config(struct cache *, const char *, char **, size_t *,
	    char **);
/* 0 written, 1 the stored value is not old (written meanwhile), -1. */
int	 cache_sumdb_swap_config(struct cache *, const char *, const char *,
	    size_t, const char *, size_t, char **);
/* 0 found, MV_ENOTFOUND, -1. */
int	 cache_sumdb_get_file(struct cache *, const char *, char **, size_t *,
	    char **);
int	 cache_sumdb_put_file(struct cache *, const char *, const char *,
	    size_t, char **);
int	 cache_sumdb_add_fork(struct cache *, const char *, const char *,
	    char **);

/* A module version's package index (gosrc's text form): 0, MV_ENOTFOUND
 * or -1. */
int	 cache_get_pkgindex(struct cache *, const char *, const char *, char **,
	    char **);
int	 cache_put_pkgindex(struct cache *, const char *, const char *,
	    const char *, char **);

int	 flight_try(const char *);
void	 flight_wait(const char *);
void	 flight_end(const char *);

#endif
