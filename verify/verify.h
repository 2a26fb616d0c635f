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
#include "gomod/gomod.h"
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

/*
 * graph.c: the module graph as the go command loads it (pruning, the main
 * module's replace and exclude, go and toolchain nodes) and the build list
 * MVS selects. Nodes belong to the graph; a graph borrows its go.mod and
 * source, and is freed with graph_free.
 */
struct graph_node {
	char			 *path;
	char			 *version;	/* "" for the main module */
	struct graph_node	**reqs;		/* go.mod order */
	size_t			  nreqs;
	char			 *go;		/* its go line, or NULL */
	int			  status;	/* of reading its go.mod */
	char			 *evidence;	/* why it could not be read */
	int			  loaded;	/* go.mod read: reqs are known */
	int			  fetched;
	int			  from_cache;
	int			  pruned;	/* go >= 1.17 */
	int			  queued_pruned;
	int			  queued_unpruned;
	size_t			  index;	/* scratch for walks */
	int			  visited;
};
struct graph {
	struct source		 *source;
	const struct modfile	 *mainfile;
	char			 *dir;		/* of the main module */
	char			 *go;		/* main go version ("1.16") */
	int			  pruned;	/* main module prunes */
	int			  levels;	/* rounds of fetching */
	struct graph_node	 *main;
	struct graph_node	**all;
	size_t			  nall;
	struct strmap		  nodes;	/* "path@version" -> node */
	struct strmap		  selected;	/* path -> version (borrowed) */
	char			**owned;	/* raised root versions */
	size_t			  nowned;
};
void	 graph_load(struct graph *, struct source *, const struct modfile *,
	    const char *, int);
void	 graph_free(struct graph *);
int	 graph_compare(const char *, const char *, const char *);
int	 graph_is_excluded(const struct modfile *, const char *, const char *);
const struct modfile_replace *graph_replacement(const struct modfile *,
	    const char *, const char *);
const char *graph_selected(const struct graph *, const char *);
struct graph_node *graph_find(const struct graph *, const char *,
	    const char *);
/* Main module first, then ModSort order; strings borrowed. */
void	 graph_build_list(const struct graph *, struct mvs_list *);
void	 graph_walk(const struct graph *, void (*)(const struct graph_node *,
	    void *), void *);
size_t	 graph_why(const struct graph *, const char *, const char *,
	    struct graph_node ***);

#endif
