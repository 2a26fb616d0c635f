/*
 * Helpers shared by the unit tests: where the shared conformance vectors
 * are, reading JSON Lines cases, and counting results per kind so every
 * test ends by printing "conformance FILE: KIND passed/total".
 */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

/* The shared directory (conformance/, fixtures/): $MV_SHARED, else the
 * one configure found. */
const char	*testlib_shared(void);
/* Exit 77 (SKIP) with the reason when the shared directory is absent. */
void		 testlib_require_shared(void);
/* A path under the shared directory; the caller frees it. */
char		*testlib_shared_path(const char *);
/* Read a whole file; the caller frees it. NULL if it cannot be read. */
char		*testlib_read_file(const char *, size_t *);

/* One case of a JSON Lines file: the decoded object and where it was. */
typedef int (*testlib_case_fn)(const cJSON *, const char *, void *);

/*
 * Run fn on every line of the JSON Lines file (relative to the shared
 * directory) whose "kind" is in kinds (NULL-terminated; NULL for all).
 * fn returns 1 for pass, 0 for fail (after printing why), -1 for skip
 * (after printing why). Counts are printed per kind; the test fails if any
 * case failed.
 */
void		 testlib_run_jsonl(const char *, const char *const *,
		    testlib_case_fn, void *);

/* Accessors that fail the test when the field is missing. */
const char	*testlib_str(const cJSON *, const char *);
const char	*testlib_str_or(const cJSON *, const char *, const char *);
int		 testlib_bool(const cJSON *, const char *);
long		 testlib_int(const cJSON *, const char *);
/* A string field given either plainly or as FIELD_hex; caller frees. */
char		*testlib_str_hex(const cJSON *, const char *);

/* Report a failed case; returns 0 for use as "return testlib_fail(...)". */
int		 testlib_fail(const cJSON *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

#endif

/* A txtar archive (golang.org/x/tools/txtar): a comment, then files. */
struct testlib_txtar_file {
	char	*name;
	char	*data;
	size_t	 len;
};
struct testlib_txtar {
	char				*comment;
	struct testlib_txtar_file	*files;
	size_t				 nfiles;
};
int		 testlib_txtar_read(const char *, struct testlib_txtar *);
void		 testlib_txtar_free(struct testlib_txtar *);
/* The value of "key=value" in the comment, or NULL; caller frees. */
char		*testlib_txtar_param(const struct testlib_txtar *, const char *);

/* A new empty directory under $TMPDIR; remove with testlib_rmtree. */
char		*testlib_mkdtemp(void);
void		 testlib_rmtree(const char *);
/* Write a file (creating parent directories) under dir. */
void		 testlib_write_file(const char *, const char *, const char *,
		    size_t);

/* Write a zip of stored entries, names as given (duplicates allowed). */
struct testlib_zip_entry {
	const char	*name;
	const char	*data;
	size_t		 len;
};
void		 testlib_write_zip(const char *, const struct testlib_zip_entry *,
		    size_t);
