/*
 * verify: the verifier's view of the world and its judgements. source.c
 * answers "what does upstream say about this module/version" from the
 * cache when it can and from the upstreams when it must, following the
 * cache rules of DESIGN.md; the rules, suggestions and fix build on it.
 */
#ifndef VERIFY_H
#define VERIFY_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"
#include "proxyapi/proxyapi.h"

struct cache;

/* source.c: cached upstream answers. */
struct source_opts {
	int64_t	list_ttl_ms;		/* how long a version list is fresh */
	int64_t	negative_ttl_ms;	/* how long "does not exist" is */
};
struct source_stats {
	uint64_t	cache_hits;
	uint64_t	upstream_calls;
	uint64_t	upstream_ok;
	uint64_t	upstream_notfound;
	uint64_t	upstream_transient;
	uint64_t	upstream_invalid;
	uint64_t	upstream_other;
	uint64_t	stale_answers;
};
struct source_req {
	enum proxy_kind	 kind;		/* PROXY_LIST, PROXY_INFO, PROXY_MOD */
	char		*path;
	char		*version;
	/* Results. */
	int		 status;	/* 0, MV_ENOTFOUND, MV_EUNAVAIL,
					   MV_EINVAL, -1 */
	char		*data;		/* the body when status is 0 */
	size_t		 len;
	char		*origin;	/* who said it */
	char		*evidence;	/* what they said, when not found */
	int64_t		 when_ms;	/* when they said it */
	int		 from_cache;
	int		 stale;		/* an expired answer, upstreams failing */
	char		*upstream_error;	/* why, when stale */
};
struct source {
	struct cache		*cache;		/* this thread's */
	struct proxy		*proxy;
	struct source_opts	 opts;
	struct source_stats	 stats;
};
void	 source_opts_default(struct source_opts *);
void	 source_init(struct source *, struct cache *, struct proxy *,
	    const struct source_opts *);
void	 source_req_init(struct source_req *, enum proxy_kind, const char *,
	    const char *);
void	 source_req_free(struct source_req *);
/* Answer every request (in parallel upstream where needed). */
void	 source_fetch(struct source *, struct source_req **, size_t);
/* The status as a word: "ok", "not-found", "transient", ... */
const char *source_status_name(int);

#endif
