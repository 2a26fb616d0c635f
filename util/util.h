/*
 * util: the lowest layer. Memory that never fails (out of memory is fatal,
 * in one place), logging, and bounded growing buffers. Every other layer
 * may include this header; it includes nothing of ours but compat.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "compat/compat.h"

#define nitems(a) (sizeof (a) / sizeof (a)[0])

/*
 * Expected outcomes have names (libgit2's convention); anything else is -1
 * with a message. Keeping them apart is what stops a network error from
 * ever being reported as a missing version.
 */
#define MV_ENOTFOUND	(-2)	/* an upstream proved absence (404/410) */
#define MV_EUNAVAIL	(-3)	/* not decided: a transient failure */
#define MV_EINVAL	(-4)	/* an upstream answered with nonsense */

/* parallel.c: fn(i, arg) for each i in [0, n), on up to 4 threads (the
 * caller's among them); returns when all are done. fn must touch nothing
 * another item's call touches. */
void		 util_parallel(size_t, void (*)(size_t, void *), void *);

/* Milliseconds of a monotonic clock, and of the real one. */
uint64_t	 util_now_ms(void);
uint64_t	 util_now_us(void);
struct timespec;
void		 util_deadline(struct timespec *, uint64_t);
int64_t		 util_wall_ms(void);
/* Parse an RFC 3339 time ("2006-01-02T15:04:05.999Z07:00"); -1 if bad. */
time_t		 util_parse_rfc3339(const char *);
/* Format a time as RFC 3339 in UTC into a 32-byte buffer. */
const char	*util_format_rfc3339(time_t, char *);

/* file.c: a whole file of at most max bytes (0: any); 0, or -1 with
 * errno (EFBIG: too large). The caller frees *out (NUL-terminated). */
int		 util_read_file(const char *, size_t, char **, size_t *);
int		 util_read_fd(int, size_t, char **, size_t *);
/* Write a file by temp file and rename; 0, or -1 with errno. */
int		 util_write_file(const char *, const char *, size_t, int);
/* modvetd's default socket path (caller frees). */
char		*util_socket_path(void);

/* xmalloc.c: allocation that exits on failure; results are never NULL. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	*xmemdup(const void *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));

/* log.c: levelled logging to stderr (or syslog once log_open_syslog ran). */
enum log_level {
	LOG_LEVEL_ERROR,
	LOG_LEVEL_WARN,
	LOG_LEVEL_INFO,
	LOG_LEVEL_DEBUG
};
void	 log_set_level(enum log_level);
int	 log_enabled(enum log_level);
void	 log_open_syslog(const char *);
void	 log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

/*
 * buf.c: a growing byte buffer with a maximum. data is always
 * NUL-terminated (the NUL is not counted in len), so text can be used as a
 * C string. max == 0 means SIZE_MAX. Adding past max fails with -1 and
 * leaves the buffer as it was; growth is otherwise infallible.
 */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	size_t	 max;
};
void	 buf_init(struct buf *, size_t);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
int	 buf_add(struct buf *, const void *, size_t);
int	 buf_addc(struct buf *, int);
int	 buf_adds(struct buf *, const char *);
int	 buf_add_percent(struct buf *, const char *, const char *);
int	 buf_add_json_string(struct buf *, const char *);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 buf_truncate(struct buf *, size_t);
char	*buf_steal(struct buf *);

/* strv.c: NULL-terminated growing arrays of owned strings. */
struct strv {
	char	**v;
	size_t	  n;
	size_t	  cap;
};
void	 strv_init(struct strv *);
void	 strv_free(struct strv *);
void	 strv_push(struct strv *, const char *);
void	 strv_push_owned(struct strv *, char *);
void	 strv_sort(struct strv *);
int	 strv_contains(const struct strv *, const char *);

/*
 * FNV-1a, the one hash of strings: the maps' keys (strmap.c) and the
 * identities they are built from (engine/cause.c). Start from
 * FNV1A_INIT; mix in a string's bytes, or one value.
 */
#define FNV1A_INIT	1469598103934665603ULL
#define FNV1A_PRIME	1099511628211ULL
static inline uint64_t
fnv1a_mix(uint64_t h, uint64_t v)
{
	return ((h ^ v) * FNV1A_PRIME);
}
static inline uint64_t
fnv1a_str(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = fnv1a_mix(h, (unsigned char)*s);
	return (h);
}

/*
 * strmap.c: a hash map from strings (copied) to pointers (borrowed), with
 * open addressing. Iteration order is unspecified.
 */
struct strmap_slot;
struct strmap {
	struct strmap_slot	*slots;
	size_t			 cap;
	size_t			 n;
};
void	 strmap_init(struct strmap *);
void	 strmap_free(struct strmap *);
/* Set key to value; returns the previous value or NULL. */
void	*strmap_set(struct strmap *, const char *, void *);
/* The value of key; *found tells whether it is present (may be NULL). */
void	*strmap_get(const struct strmap *, const char *, int *);
/* The value of the key "a@b" (NULL if absent), without making the key. */
void	*strmap_get_pair(const struct strmap *, const char *, const char *);
/* The hash of the key "a@b" (b NULL: of a), as the map computes it. */
uint64_t strmap_hash_pair(const char *, const char *);
/* Visit every entry (the callback must not change the map). */
void	 strmap_remove(struct strmap *, const char *);
void	 strmap_each(const struct strmap *, void (*)(const char *, void *,
	    void *), void *);

/*
 * arena.c: a bump allocator whose memory is all freed at once. Parsed
 * go.mod files live in one, so the many small strings and arrays of a
 * syntax tree need no individual ownership. Allocations are zeroed.
 */
struct arena_chunk;
struct arena {
	struct arena_chunk	*head;
};
void	 arena_init(struct arena *);
void	 arena_free(struct arena *);
void	*arena_alloc(struct arena *, size_t);
char	*arena_strdup(struct arena *, const char *);
char	*arena_strndup(struct arena *, const char *, size_t);
char	*arena_printf(struct arena *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Return a copy of the n-element array old (element size size) with room
 * for twice as many; *cap is updated. */
void	*arena_grow(struct arena *, const void *, size_t *, size_t);

/* Append x to an arena vector (a struct with members v, n and cap). */
#define ARENA_PUSH(a, vec, x) do {					\
	if ((vec)->n == (vec)->cap)					\
		(vec)->v = arena_grow((a), (vec)->v, &(vec)->cap,	\
		    sizeof *(vec)->v);					\
	(vec)->v[(vec)->n++] = (x);					\
} while (0)

#endif
