/* Private to cache/: the connection and its prepared statements. */
#ifndef CACHE_INT_H
#define CACHE_INT_H

#include <sqlite3.h>

enum cache_stmt_id {
	STMT_GET_LIST,
	STMT_PUT_LIST,
	STMT_GET_INFO,
	STMT_GET_MOD,
	STMT_PUT_INFO,
	STMT_PUT_MOD,
	STMT_GET_NEGATIVE,
	STMT_PUT_NEGATIVE,
	STMT_DEL_NEGATIVE,
	STMT_GET_FAILURE,
	STMT_PUT_FAILURE,
	STMT_DEL_FAILURE,
	STMT_GET_HASH_MOD,
	STMT_GET_HASH_ZIP,
	STMT_PUT_HASH_MOD,
	STMT_PUT_HASH_ZIP,
	STMT_WATCH_ADD,
	STMT_WATCH_DEL,
	STMT_WATCH_LIST,
	STMT_REPORT_ADD,
	STMT_REPORT_ITEM_ADD,
	STMT_REPORT_LAST,
	STMT_REPORT_ITEMS,
	STMT_REPORT_GET_JSON,
	STMT_REPORT_GET_MD,
	STMT_REPORT_GET_HTML,
	STMT_REPORT_LIST,
	STMT_SUMDB_GET_CONFIG,
	STMT_SUMDB_PUT_CONFIG,
	STMT_SUMDB_GET_FILE,
	STMT_SUMDB_PUT_FILE,
	STMT_SUMDB_PUT_FORK,
	STMT_GET_PKGINDEX,
	STMT_PUT_PKGINDEX,
	STMT_GET_LATEST,
	STMT_PUT_LATEST,
	STMT_DATA_VERSION,
	CACHE_NSTMT
};

struct cache {
	char		*path;
	sqlite3		*db;
	int		 depth;		/* nested cache_begin calls */
	int		 reading;	/* in cache_read_begin's transaction */
	int		 disk_failed;	/* a write found no room (or an I/O
					   error) */
	sqlite3_stmt	*stmt[CACHE_NSTMT];
};

int		 cache_fail(struct cache *, char **, const char *);
sqlite3_stmt	*cache_stmt(struct cache *, enum cache_stmt_id, const char *,
		    char **);

#endif
