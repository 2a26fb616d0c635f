/*
 * The engine: modvet's view of the world and its judgements, for both
 * doors. source.c answers "what does upstream say about this
 * module/version" from the cache when it can and from the upstreams when
 * it must, following the cache rules of DESIGN.md; the rules,
 * suggestions and fix build on it; ops.c is the table of operations the
 * daemon serves and the client runs in-process. It returns data: what is
 * printed is render/'s (render/render.h).
 */
#ifndef ENGINE_H
#define ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "gosrc/gosrc.h"
#include "protocol.h"

struct cache;
struct cache_blob;

/* source.c: cached upstream answers. */
struct source_opts {
	int64_t	list_ttl_ms;		/* how long a version list is fresh */
	int64_t	negative_ttl_ms;	/* how long "does not exist" is */
	int64_t	failure_ttl_ms;		/* how long a failure is
					   remembered (0: never) */
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
	uint64_t	abandoned;		/* not asked: the caller left */
	uint64_t	sumdb_requests;		/* checksum database GETs */
	uint64_t	sumdb_bytes;
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
/*
 * modsum.c: what checks need of a published go.mod (the path it declares
 * and its deprecation, its go line, requirements and retractions, the
 * hash of its text), parsed once and kept, up to a bound in bytes.
 */
struct modsum_retract {
	const char	*low, *high, *rationale;
};
struct modsum {
	size_t		 size;		/* bytes of this allocation */
	char		 h1[64];	/* the go.sum hash of its text
					   ("h1:..."; "": not known) */
	const char	*module;	/* the path it declares ("": none) */
	const char	*deprecated;	/* its Deprecated comment, or NULL */
	const char	*go;		/* its go line, or NULL */
	struct modsum_retract *retract;
	size_t		 nretract;
	size_t		 nreq;
	struct {
		const char	*path;
		const char	*version;
		uint64_t	 hash;		/* strmap_hash_pair of both */
	}		 req[];		/* go.mod order */
};
struct modsums {
	struct strmap	 map;		/* path@version -> struct modsum */
	size_t		 bytes, max_bytes;
	uint64_t	 hits, misses;
};
struct modfile;
struct modsum	*modsum_from_modfile(const struct modfile *, const char *);
struct modsum	*modsum_parse(const char *, const char *, size_t, int,
		    char **);
void		 modsums_init(struct modsums *, size_t);
void		 modsums_free(struct modsums *);
const struct modsum *modsums_get(struct modsums *, const char *,
		    const char *);
const struct modsum *modsums_put(struct modsums *, const char *,
		    const char *, struct modsum *);

/* objmemo.c: cache rows a worker read, kept in memory up to a bound in
 * bytes: .info answers, checksum database files, and (while no other
 * connection writes the file) lists, latest and "does not exist" rows. */
struct objmemo {
	struct strmap	 info;		/* path@version -> .info answer */
	struct strmap	 files;		/* checksum database file -> body */
	struct strmap	 lists, latest;	/* path -> the cache's row */
	struct strmap	 negative;	/* "kind path@version" -> its
					   "does not exist" row */
	int64_t		 version;	/* the cache's data_version they
					   were read at (-1: none) */
	size_t		 bytes, max_bytes;
};
void	 objmemo_init(struct objmemo *, size_t);
void	 objmemo_clear(struct objmemo *);
int	 objmemo_get(struct objmemo *, enum proxy_kind, const char *,
	    const char *, struct cache_blob *);
void	 objmemo_put(struct objmemo *, enum proxy_kind, const char *,
	    const char *, const struct cache_blob *);
int	 objmemo_get_file(struct objmemo *, const char *, struct cache_blob *);
void	 objmemo_put_file(struct objmemo *, const char *, const char *,
	    size_t);
void	 objmemo_sync(struct objmemo *, int64_t);
int	 objmemo_get_mutable(struct objmemo *, enum proxy_kind, const char *,
	    struct cache_blob *);
void	 objmemo_put_mutable(struct objmemo *, enum proxy_kind, const char *,
	    const struct cache_blob *);
void	 objmemo_forget_mutable(struct objmemo *, enum proxy_kind,
	    const char *);
struct cache_negative;
int	 objmemo_get_negative(struct objmemo *, const char *, const char *,
	    const char *, struct cache_negative *);
void	 objmemo_put_negative(struct objmemo *, const char *, const char *,
	    const char *, const struct cache_negative *);
void	 objmemo_forget_negative(struct objmemo *, const char *,
	    const char *, const char *);

struct source {
	struct cache		*cache;		/* this thread's */
	struct proxy		*proxy;
	const char		*goversion;	/* the Go that builds, as the
						   caller's goenv says, or NULL:
						   not known (borrowed) */
	const char		*gotoolchain;	/* its GOTOOLCHAIN, or NULL */
	/* Has the caller gone away (modvetd: the client closed its
	 * connection)? Then nothing more is asked upstream for it. NULL:
	 * never asked. */
	int			(*gone)(void *);
	void			 *gone_arg;
	/* What is being done, for a progress line: the phase (source_phase)
	 * and the upstream requests of this call, made and to make. NULL:
	 * none shown. */
	void			(*progress)(void *, const char *, size_t,
				    size_t);
	void			 *progress_arg;
	char			  phase[64];
	size_t			  asked, to_ask;
	struct source_opts	 opts;
	struct source_stats	 stats;
	/* The go.mod summaries this source's graphs read (NULL: parsed on
	 * every load): a worker's, kept across its requests. */
	struct modsums		*modsums;
	/* The .info and .mod answers read from the cache (NULL: read from
	 * it each time): a worker's, kept across its requests. */
	struct objmemo		*objmemo;
	int			 batch;		/* in source_fetch's reads */
};
void	 source_init(struct source *, struct cache *, struct proxy *,
	    const struct source_opts *);
void	 source_req_init(struct source_req *, enum proxy_kind, const char *,
	    const char *);
void	 source_req_free(struct source_req *);
/* Free n requests made with xmalloc and the array holding them. */
void	 source_reqs_free(struct source_req **, size_t);
/* Answer every request (in parallel upstream where needed). */
void	 source_fetch(struct source *, struct source_req **, size_t);
/* Ask ahead for what a later source_fetch will want; forget what none
 * took. */
void	 source_ask_ahead(struct source *, struct source_req **, size_t);
void	 source_forget_ahead(struct source *);
/* Name the phase of work a progress line shows ("graph level 3"). */
void		 source_phase(struct source *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* The status as a word: "ok", "not-found", "transient", ... */
const char *source_status_name(int);

/*
 * checksumdb.c: the checksum database's go.sum lines for module versions,
 * proven (see gomod/sumdb.h). The caller fills path and version.
 */
struct sumdb_answer {
	const char	*path;
	const char	*version;
	int		 status;	/* enum sumdb_status */
	struct strv	 lines;		/* "path version[/go.mod] h1:..." */
	char		*error;		/* why not, when status is not OK */
	int		 not_found;	/* the database answered 404/410 */
	int64_t		 record;	/* its record number */
	int64_t		 tree_size;	/* of the tree that proved it */
	char		*tree_note;	/* that tree's signed note */
};
void	 checksumdb_lookup_all(struct source *, struct sumdb_answer *, size_t);
void	 checksumdb_ask_ahead(struct source *, const struct sumdb_answer *,
	    size_t);

/*
 * pkgindex.c: the packages of a module version (gosrc/gosrc.h), from the
 * cache or its zip, read as they are needed: by HTTP Range where the
 * module's proxy allows, else from the whole zip.
 */
struct pkgindex {
	struct source		*s;
	char			*path, *version;
	struct go_index		 idx;		/* what is read so far */
	int			 loaded;	/* idx is the cache's or a read */
	int			 ranged;	/* read by ranges: 1; 0 not yet
						   tried; -1 not possible */
	struct zip_ranges	 zr;		/* and what they cost */
	struct zipdir		 zd;
	char			*sparse;	/* the bytes fetched, at their
						   offsets in a sparse file */
	int			 sparse_fd;
	int			 status;	/* a failure, kept for the check */
	char			*error;
	int			 cache_tried;
};
void	 pkgindex_init(struct pkgindex *, struct source *, const char *,
	    const char *);
/* Read the packages of the directories (NULL: of every one; an empty
 * list: the listing alone) that are not read yet: 0, or the upstream's
 * status or -1 with *cause. */
int	 pkgindex_need(struct pkgindex *, const struct strv *, char **);
void	 pkgindex_free(struct pkgindex *);
/* Read the listing of every zip not in the cache by ranges, all in
 * parallel (two rounds of requests at most; a small zip whole): what
 * pkgindex_need would otherwise read one zip after another. */
void	 pkgindex_prefetch(struct pkgindex **, size_t);
/* pkgindex_need of many, their ranges asked together where their proxy
 * answers one range a request: a status and cause (caller frees) each. */
void	 pkgindex_need_many(struct pkgindex **, const struct strv **, size_t,
	    int *, char **);
/* One index with at least dirs read (NULL: whole), the same way. */
int	 pkgindex_get(struct source *, const char *, const char *,
	    const struct strv *, struct go_index *, char **);
void	 sumdb_answer_free(struct sumdb_answer *);

/*
 * graph.c: the module graph as the go command loads it (pruning, the main
 * module's replace and exclude, go and toolchain nodes) and the build list
 * MVS selects. Nodes belong to the graph; a graph borrows its go.mod and
 * source, and is freed with graph_free.
 */
struct graph_path;
struct graph_store;
struct graph_node {
	char			 *path;
	char			 *version;	/* "" for the main module */
	struct graph_path	 *sel;		/* its path's selection */
	uint64_t		  hash;		/* of path@version */
	uint64_t		  vnum[3];	/* MAJOR, MINOR, PATCH of */
	int			  vsimple;	/* a semantic version (graph.c) */
	int			  none;		/* version is "none" */
	/* What its go.mod says: the same in every graph of its store. */
	struct graph_node	**edges;	/* go.mod order */
	size_t			  nedges;
	size_t			  capedges;
	char			 *go;		/* its go line, or NULL */
	int			  status;	/* of reading its go.mod */
	char			 *evidence;	/* why it could not be read */
	int			  answered;	/* its go.mod was asked for */
	int			  applied;	/* and read: edges are known */
	int			  from_cache;
	int			  local;	/* a directory replacement */
	int			  pruned;	/* go >= 1.17 */
	/* This graph's view, valid while gen is the graph's (graph.c
	 * resets it when a graph first names the node). */
	unsigned		  gen;
	struct graph_node	**reqs;		/* its edges, once loaded here */
	size_t			  nreqs;
	int			  loaded;	/* go.mod read: reqs are known */
	int			  fetched;	/* its go.mod asked for here */
	int			  queued_pruned;
	int			  queued_unpruned;
	int			  queued_workspace;
	size_t			  index;	/* scratch for walks */
	int			  visited;
};
/*
 * sources.c: what the main module's Go files import and use, read by the
 * client (which alone reads the caller's disk) and sent to the daemon as
 * JSON: never the files themselves.
 */
struct go_srcfile {
	char		*name;		/* relative to the go.mod's directory */
	int		 test;		/* a _test.go file */
	int		 other;		/* read only by builds for other
					 * platforms (its name or build
					 * line): for go mod tidy alone */
	struct go_file	 f;		/* package, imports, uses, error */
};
struct go_sources {
	struct go_srcfile	*v;
	size_t			 n;
};
#define SOURCES_MAX_FILES	20000
#define SOURCES_MAX_FILE	(16 << 20)
int	 sources_read_dir(const char *, struct go_sources *, char **);
struct cJSON *sources_to_json(const struct go_sources *);
int	 sources_from_json(const struct cJSON *, struct go_sources *, char **);
void	 sources_free(struct go_sources *);

/*
 * Where a main module's local (directory) replacements come from: its
 * directory on this machine, or the go.mod files a client sent with it
 * (the daemon never reads a caller's paths). Borrowed by graphs and
 * checks; NULL: no local replacement can be read.
 */
struct moddir {
	const char		*path;		/* NULL: no disk */
	const struct strmap	*sent;		/* replacement directory as
						   written -> its go.mod text
						   (char *), or NULL */
	const struct go_sources	*sources;	/* the main module's Go files,
						   or NULL: not checked */
	const struct strmap	*unread;	/* with sent: directory -> why
						   the client could not read
						   its go.mod, or NULL */
};
/* The go.mod of local replacement dir, for a main module in base (NULL
 * or ".": the working directory), as the client reads and names it. */
char	*moddir_gomod(const char *, const char *);
/* Read it: NULL and the text in *data, or why not (caller frees). */
char	*moddir_read(const char *, const char *, char **, size_t *);

/* What a request about a go.mod carries (pointers into the request or
 * the parsed JSON): the go.mod, its go.sum, its name, and the go.mod
 * files of its local replacements the client read ("replacements"), the
 * only ones the graph may read: the daemon reads no path of a caller's.
 * gomod_input_free frees it. */
struct gomod_input {
	struct cJSON	*json;
	const char	*gomod;
	size_t		 gomod_len;
	const char	*gosum;		/* NULL: none */
	size_t		 gosum_len;
	const char	*file;
	struct strmap	 sent;		/* directory -> go.mod text */
	struct strmap	 unread;	/* directory -> why the client could
					   not read it */
	const char	*gowork;	/* a workspace's go.work, or NULL */
	struct strmap	 modules;	/* its use lines -> go.mod text */
	struct go_sources sources;	/* the Go files' imports and uses */
	struct moddir	 where;		/* { NULL, &sent, &sources or NULL } */
};
/* input.c: gomod_input_decode(in, content type, body, len,
 * workspace_ok (1: a workspace ({"gowork", "modules"}) may come
 * instead), &code, &why): 0, or -1 with a 400's code and why. */
int	 gomod_input_decode(struct gomod_input *, const char *, const char *,
	    size_t, int, const char **, char **);
/* The input a JSON object holds, {"gomod", "gosum", "file",
 * "replacements", "unreadable", "sources"} (no workspace), its strings
 * borrowed from the object: the report's inputs, one per project. */
int	 gomod_input_from_json(struct gomod_input *, const struct cJSON *,
	    const char **, char **);
void	 gomod_input_free(struct gomod_input *);

struct graph {
	struct source		 *source;
	const struct modfile	 *mainfile;
	char			 *dir;		/* of the main module */
	const struct strmap	 *sent;		/* go.mod files sent */
	const struct strmap	 *unread;	/* why others were not */
	char			 *go;		/* main go version ("1.16") */
	int			  pruned;	/* main module prunes */
	int			  levels;	/* rounds of fetching */
	struct graph_node	 *main;		/* the first of roots */
	struct graph_node	**roots;	/* the main module; in a
						   workspace its modules and
						   go@, in ModSort order */
	size_t			  nroots;
	struct graph_node	**all;		/* the nodes it names */
	size_t			  nall;
	size_t			  capall;
	/* Where its nodes live: its own, or one that graphs of the same
	 * main module's replace and exclude lines share (suggest.c loads a
	 * graph per candidate: a go.mod is read into edges once). */
	struct graph_store	 *store;
	int			  own_store;
	unsigned		  gen;		/* this graph's, in the store */
	char			**owned;	/* raised root versions */
	size_t			  nowned;
	int			  ask_infos;	/* GRAPH_ASK_INFOS */
	struct strmap		  infos_asked;	/* path@version asked ahead */
};
/* graph_load's flags: roots raised to their selected versions, as the go
 * command under -mod=mod; the .info of each selected version the graph
 * will not read asked ahead while it loads (graph_ask_infos). */
#define GRAPH_TIDY		1
#define GRAPH_ASK_INFOS		2
void	 graph_load(struct graph *, struct source *, const struct modfile *,
	    const struct moddir *, int);
/* The same in a store shared with other graphs of mf, used one at a
 * time (each graph freed before the next is loaded). */
void	 graph_load_in(struct graph *, struct graph_store *, struct source *,
	    const struct modfile *, const struct moddir *, int);
struct graph_store *graph_store_new(void);
void	 graph_store_free(struct graph_store *);
/* workspace.c: a go.work and the go.mod files of its use lines. */
struct workspace {
	char		 *name;		/* "go.work", for messages */
	struct modfile	 *work;
	struct strv	  dirs;		/* its use lines, as written */
	struct modfile	**mods;		/* each one's go.mod */
	struct modfile	 *merged;	/* every replace and exclude line that
					   applies, the go.work's go line */
};
int	 workspace_init(struct workspace *, const char *, const char *,
	    size_t, char **);
int	 workspace_add(struct workspace *, size_t, const char *, size_t,
	    char **);
int	 workspace_merge(struct workspace *, char **);
int	 workspace_complete(struct workspace *, const struct strmap *,
	    char **);
/* Every module's go.mod within check_limits (else -1) and its required
 * paths ones the go command accepts (else -2); *cause says which. */
int	 workspace_lines_ok(const struct workspace *, char **);
int	 workspace_open(struct workspace *, const char *, const char *, size_t,
	    const struct strmap *, char **);
void	 workspace_free(struct workspace *);
/* The graph of a workspace: its modules (and go@) are the roots; local
 * replacements read from where, relative to the go.work's directory. */
void	 graph_load_workspace(struct graph *, struct source *,
	    const struct workspace *, const struct moddir *);
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
/* The .info of each module of the build list, as go list -m all reads
 * them (1: not of those whose go.mod was read); source_reqs_free. */
size_t	 graph_fetch_infos(const struct graph *, int, struct source_req ***);
void	 graph_ask_infos(struct graph *);
/* What makes the go command refuse to list the graph (1: as go list -m
 * all, which also reads every .info), one line each in the strv. */
size_t	 graph_unreadable(const struct graph *, int, struct strv *);
void	 graph_walk(const struct graph *, void (*)(const struct graph_node *,
	    void *), void *);
size_t	 graph_why(const struct graph *, const char *, const char *,
	    struct graph_node ***);

/* finding.c: what the rules say. */
struct rule;
enum finding_severity {
	FINDING_ERROR,
	FINDING_WARNING,
	FINDING_INFO
};
struct finding {
	const char		*code;		/* "unknown-version": the rule
						   table's, or code_owned */
	char			*code_owned;	/* a code read back that this
						   modvet does not know */
	enum finding_severity	 severity;
	char			*path;		/* the module, or NULL */
	char			*version;	/* as pinned, or NULL */
	int			 line;		/* in the go.mod; 0: none */
	int			 col;
	char			*message;
	struct strv		 evidence;	/* who said what, when */
	char			*suggested;	/* version to pin, or NULL */
	struct strv		 companions;	/* "path version" bumps */
	char			*suggested_go;	/* go line it needs, or NULL */
	struct strv		 sum_lines;	/* missing-sum: the go.sum lines
						   fix adds (one, or all those
						   of one cause) */
	int			 pin;		/* index of its pin, or -1 */
	char			*file;		/* a source file (relative to
						   the go.mod's directory) the
						   line is in; NULL: go.mod */
	struct strv		 alternatives;	/* ranked: import paths or
						   pkg.Name to use instead */
	struct strv		 requires;	/* missing-require: the lines fix
						   adds, "path version[ //
						   indirect]" */
	char			*rewrite_path;	/* unknown-package: the import
						   fix puts in its place (one
						   package, proven by an alias
						   token), or NULL */
	char			*rewrite_name;	/* that package's name */
	char			*rewrite_from;	/* the import as written */
};
struct findings {
	struct finding	*v;
	size_t		 n;
	size_t		 cap;
};
struct finding	*findings_add(struct findings *, const char *,
		    enum finding_severity, const char *, const char *, int,
		    const char *, ...) __attribute__((format(printf, 7, 8)));
void		 finding_evidence(struct finding *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 finding_sum_line(struct finding *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
void		 finding_free(struct finding *);
void		 findings_free(struct findings *);
/* cause.c: identical findings merged, those of one cause made one. */
struct check;
void		 findings_by_cause(struct check *);
void		 findings_sort(struct findings *);
const char	*finding_severity_name(enum finding_severity);

/* rules.c: the table of rules (code, severity, summary, help). */
struct rule {
	const char		*code;
	enum finding_severity	 severity;
	const char		*summary;	/* one line */
	const char		*help;		/* what it means, how to fix */
};
const struct rule	*rule_find(const char *);
const struct rule	*rule_all(size_t *);
size_t		 findings_count(const struct findings *,
		    enum finding_severity);
struct rule_count {
	const char	*code;		/* borrowed from the findings */
	size_t		 count;
};
/* Findings per rule, most first; *out to free (NULL when none). */
size_t		 findings_by_rule(const struct findings *,
		    struct rule_count **);
int		 findings_have(const struct findings *, const char *);

/*
 * check.c, rules-*.c: the rules of DESIGN.md over a go.mod (and go.sum).
 * A struct check owns everything it makes; it borrows the source.
 */
struct check_retract {
	char	*low;
	char	*high;
	char	*rationale;
};
/* One require line of the main module. */
struct check_pin {
	const char		*path;		/* borrowed from the go.mod */
	char			*version;	/* as written */
	int			 line;
	int			 col;
	int			 bad;		/* invalid path, version or major */
	char			*path_error;	/* why the path is invalid */
	int			 indirect;
	const char		*repl_path;	/* replace target, or NULL */
	const char		*repl_version;	/* "" for a local directory */
	int			 list_status;	/* of its version list */
	struct strv		 versions;	/* listed, sorted */
	char			*list_latest;	/* the list's latest
						   pseudo-version, or NULL */
	time_t			 list_latest_time;
	char			*list_origin;
	char			*list_evidence;	/* why, when not ok */
	int			 list_stale;
	int64_t			 list_when_ms;
	int			 info_status;	/* of its .info */
	char			*info_evidence;
	char			*info_origin;
	int64_t			 info_when_ms;
	char			*latest;	/* holds retractions */
	int			 latest_known;	/* its go.mod's summary was
						   kept: not fetched */
	int			 skip_incompatible;	/* latest is never
						   +incompatible */
	struct check_retract	*retract;
	size_t			 nretract;
	char			*deprecated;
	char			*update;	/* go list -m -u's Update of
						   the selected version */
	char			*update_from;	/* that selected version */
	int			 next_major;	/* a /vN+1 module exists */
	char			*next_major_path;
	char			*next_major_latest;
};
struct check {
	struct source		*source;
	const char		*name;		/* the go.mod's, for messages */
	const char		*data;
	size_t			 len;
	const struct moddir	*where;		/* NULL: no local replacement */
	const char		*gosum;		/* NULL: no go.sum */
	size_t			 gosum_len;
	struct modfile		*mf;
	struct strv		 bad_versions;	/* the fixer's, by index */
	struct strv		 bad_reasons;
	struct strv		 bad_versions_ph;	/* their placeholders */
	struct check_pin	*pins;
	size_t			 npins;
	struct strmap		 pin_by_path;	/* path -> its first pin */
	struct graph		 graph;
	int			 have_graph;
	/* With sources: the packages the build loads outside the standard
	 * library ("import/path module/path", sorted), as go list -deps
	 * -test ./... lists them; packages no module provides are left out. */
	struct strv		 packages;
	int			 deep;		/* ask for every selected version
						   the graph did not read */
	int			 tidy;		/* missing-sum for every line go
						   mod tidy keeps (rules-tidy.c),
						   not only those the build needs */
	int			 work;		/* c->mf is a go.work
						   (check_workspace) */
	struct findings		 findings;
};
#define CHECK_DEEP	1	/* check_run's flags */
#define CHECK_TIDY	2
/* Run every rule over a go.mod: check_run(c, source, name, data, len,
 * where (its local replacements; NULL: none is read), gosum (NULL: there is
 * none), gosum_len, flags (CHECK_DEEP: also ask for every selected
 * version the graph did not read; CHECK_TIDY: see c->tidy), &cause). Returns 0 with the findings in c, each error
 * on a pin with its suggestion (suggest.c), in reading order (check_free
 * frees them); a go.mod that does not parse gives one invalid-gomod
 * finding per error and c->mf NULL. -1 with *cause (caller frees) when
 * the go.mod is over check_limits. */
int	 check_run(struct check *, struct source *, const char *,
	    const char *, size_t, const struct moddir *, const char *, size_t,
	    int, char **);
/* The go.work's own check: check_workspace(c, source, ws, ws_cause (why
 * the workspace could not be made, or NULL), go.work data, len, where,
 * &cause); as check_run. */
int	 check_workspace(struct check *, struct source *,
	    const struct workspace *, const char *, const char *, size_t,
	    const struct moddir *, char **);
void	 check_free(struct check *);
/* A go.mod too large to check (more directives than any real one):
 * -1 with *cause naming name and the limit. */
int	 check_limits(const struct modfile *, const char *, char **);
/* A module's list, and its latest go.mod's retractions and deprecation
 * (p borrows the path); check_pin_free frees what p holds. */
void	 check_module(struct source *, const char *, struct check_pin *);
void	 check_pin_free(struct check_pin *);
/* The highest compatible version of a list that also has +incompatible
 * ones (whose go.mod check_filter_incompatible reads), or NULL. */
const char *check_last_compatible(const struct strv *);
/* update.c: set each pin's update as go list -m -u reports it, on the
 * version c's graph selects (after graph_load). */
void	 check_fetch_updates(struct check *);
/* Is a go.mod the one the go command synthesizes for a repository that
 * has none ("module PATH\n")? */
int	 check_gomod_synthesized(const char *, const char *, size_t);
/* Parse a go.mod as check_run does (bad versions become placeholders
 * recorded in c). NULL with *cause on a syntax error. */
struct modfile *check_parse(struct check *, const char *, size_t, char **);
/* The index in bad_versions of a placeholder the fixer wrote, or -1. */
long	 check_placeholder_index(const char *);
/* The version whose go.mod holds a module's retractions: the highest
 * release, else the highest version (borrowed from v; NULL if empty). */
const char *check_latest(const struct strv *);
/* The latest of a pin's list as the go command's "latest" query gives it
 * (never +incompatible where the module has a go.mod). */
const char *check_pin_latest(const struct check_pin *);
const struct check_retract *check_retraction(const struct check_pin *,
	    const char *);
int	 check_is_retracted(const struct check_pin *, const char *);
void	 rules_pins(struct check *);
void	 rules_new_major(struct check *);
void	 rules_bad_directives(struct check *);
/* The latest release of v's major the pin's list has (not retracted). */
const char *rules_latest_of_major(const struct check_pin *, const char *);
const struct check_pin *check_find_pin(const struct check *, const char *);
/* Is the finding about its pin's own module? */
int	 check_finding_on_pin(const struct check *, const struct finding *);
void	 rules_graph(struct check *);
/* The pin through which the graph reaches path@version, and the chain
 * of requirements as words (*why, caller frees; NULL if unreached). */
const struct check_pin *rules_via(const struct check *, const char *,
	    const char *, char **);
/* The newest go line of nodes, and a finding's evidence about them. */
const struct graph_node *rules_go_newest(const struct graph_node *const *,
	    size_t);
void	 rules_go_evidence(const struct check *, struct finding *,
	    const struct graph_node *, const struct graph_node *const *,
	    size_t);
/* rules-toolchain.c: the Go that builds (source->goversion, gotoolchain)
 * against the go lines; and the newest go line that Go can write (NULL:
 * any). */
void	 rules_toolchain(struct check *);
char	*toolchain_max_go(const struct check *);
void	 rules_sum(struct check *);
/* go.sum's lines, and the missing-sum lines of the rules before it,
 * against the checksum database (rules-sumdb.c). */
void	 rules_sumdb(struct check *);
size_t	 rules_sumdb_gosum_lookups(const struct gosum *, struct sumdb_answer *,
	    struct strv *, struct strmap *);
/* Evidence from the log for each unknown-version finding (after the
 * suggestions, whose versions it looks up too). */
void	 rules_sumdb_unknown(struct check *);
/* rules-imports.c: the main module's imports and their uses against the
 * packages of the build list (where->sources; nothing without them). */
void	 rules_imports(struct check *);

/* suggest.c: a version for each error finding on a pin, checked by
 * loading the graph with it in place, with the companion bumps MVS then
 * needs. */
void	 suggest_all(struct check *);

/* fix.c: apply the suggestions to the go.mod (comments and layout kept).
 * Returns the new text (caller frees) or NULL when nothing changes. */
char	*fix_apply(struct check *, size_t *);
/* The fix as a whole (check, fix_apply, fix_gosum, check again). */
struct fix_result {
	char		*gomod;		/* the new go.mod, or NULL: unchanged */
	size_t		 gomod_len;
	char		*gosum;		/* the new go.sum, or NULL: unchanged */
	size_t		 gosum_len;
	struct check	 after;		/* the check of the result */
};
int	 fix_run(struct fix_result *, struct source *, const char *,
	    const char *, size_t, const struct moddir *, const char *, size_t,
	    char **);
void	 fix_result_free(struct fix_result *);
/* The go.sum with the lines the check found missing added (caller
 * frees), or NULL when none is missing. Mismatched lines are never
 * changed: a wrong hash needs a person. */
char	*fix_gosum(const struct check *, size_t *);
/* fix-imports.c: one Go file with the import of from on a line rewritten
 * to to (selectors renamed to newname, or the old name kept explicit
 * where renaming could be wrong): the new text, or NULL when the file has
 * no such import there. */
char	*fix_rewrite_import(const char *, size_t, int, const char *,
	    const char *, const char *, size_t *);
/* sum.c: the h1 of a module zip (cached); the download and the hash of
 * a downloaded zip on their own, for readers of the zip's contents. */
int	 sum_zip(struct source *, const char *, const char *, char **,
	    char **);
int	 sum_fetch_zip(struct source *, const char *, const char *, char **,
	    char **);
int	 sum_hash_zip(struct source *, const char *, const char *,
	    const char *, char **, char **);
/* Keep a zip's h1 worked out elsewhere (dirhash_zip, off the source's
 * thread) as sum_hash_zip keeps its own. */
void	 sum_keep_zip_hash(struct source *, const char *, const char *,
	    const char *);
int	 sum_check_zip(const char *, const char *, const char *, char **);
/* The zip h1s a check's go.sum lines need (sum.c): each from the zip read
 * whole or from the checksum database's line; from NULL when neither. */
#define SUM_FROM_ZIP	"computed from the zip"
#define SUM_FROM_SUMDB	"the checksum database's line"
struct zip_hash {
	const char	*path, *version;
	char		*h1;		/* caller frees */
	const char	*from;
};
void	 sum_zip_hashes(struct source *, struct zip_hash *, size_t);

/* json.c: findings as the JSON of the API, and back (cJSON). */
struct cJSON;
struct cJSON	*findings_to_json(const struct findings *, const char *);
int		 findings_from_json(const struct cJSON *, struct findings *);
/* A list of strings as an array member (empty too), and back (other
 * items skipped). */
void		 json_add_strv(struct cJSON *, const char *,
		    const struct strv *);
void		 json_get_strv(const struct cJSON *, const char *,
		    struct strv *);

/* results.c: the data operations' results as the API's JSON documents,
 * for both doors (caller frees with cJSON_Delete). result_versions is
 * NULL when every upstream failed and the cache has no list. */
struct cJSON	*result_buildlist(const struct graph *, const struct modfile *);
struct cJSON	*result_graph(const struct graph *);
struct cJSON	*result_versions(struct source *, const char *, int);
char		*result_info_time(const char *, size_t);

/*
 * ops.c: the operations both doors run, one table. The daemon serves
 * each at its route (daemon/server.c dispatches to the table); the
 * client with --local runs the same function in-process on the request
 * it would have sent (client/local.c) and reads the answer as it reads
 * the daemon's. Either door gets one status and one JSON document (a
 * 200's answer, or {"error": {"code", "message"}}): they differ only in
 * where the function runs. An operation decodes its input from the call
 * (the path after its route's prefix, query arguments, the body) and
 * takes the source only when it needs one.
 */
/* The statuses the operations answer, as HTTP names them. */
enum op_status {
	OP_OK = 200,
	OP_CREATED = 201,
	OP_BAD_REQUEST = 400,
	OP_NOT_FOUND = 404,
	OP_TOO_LARGE = 413,
	OP_UNPROCESSABLE = 422,
	OP_INTERNAL = 500,
	OP_BAD_GATEWAY = 502
};
struct op_call {
	const char	*rest;		/* the path after a prefix route's */
	/* A query argument, or NULL. */
	const char	*(*arg)(void *, const char *);
	void		*arg_ctx;
	const char	*type;		/* the body's Content-Type, or NULL */
	const char	*body;
	size_t		 len;
	/* The source to run on; NULL after the door answered why (no
	 * worker free, no cache), and the operation then stops. */
	struct source	*(*source)(void *);
	void		*source_ctx;
	/* What the door lets a report read (op-report.c): the hosts a
	 * caller's git URLs may name ("*": any; NULL: none), and its own
	 * projects file, run for an empty body (NULL: none). */
	const char	*git_hosts;
	const char	*projects_file;
	/* The answer: a JSON document, or text rendered in the format the
	 * call asked for (with the findings' counts "E W N" for the
	 * MODVET_FINDINGS_HEADER). */
	int		 status;	/* 0: the door answered itself */
	struct cJSON	*doc;		/* the caller deletes it */
	char		*text;		/* or this (the caller frees it) */
	size_t		 text_len;
	const char	*text_type;
	char		 findings[MODVET_FINDINGS_MAX];
};
struct op {
	const char	*method;
	const char	*path;		/* exact, or a prefix ending in '/' */
	const char	*name;		/* for metrics and logs */
	void		(*run)(struct op_call *);
	int		 memo;		/* the daemon may keep its 200s */
	int		 changes_watch;	/* a 2xx changed the watch list (the
					   daemon forgets its kept answers,
					   and refreshes) */
};
/* Does a route's path (exact, or a prefix ending in '/') take path?
 * Sets the rest after a prefix ("" for an exact one). The daemon's own
 * routes match by it too. */
int	 op_path_match(const char *, const char *, const char **);
/* The table: NULL-terminated. */
extern const struct op *const op_table[];
/* The operation of method and path, with the rest of the path; NULL
 * when none fits (*path_known: another method's would). */
const struct op *op_find(const char *, const char *, const char **, int *);
/* Answer 200 (or another status) with doc, which the call now owns. */
void	 op_answer(struct op_call *, int, struct cJSON *);
/* Answer with text of a type (copied). */
void	 op_answer_text(struct op_call *, int, const char *, const char *,
	    size_t);
void	 op_error(struct op_call *, int, const char *, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
/* An error answer's document: {"error": {"code", "message"}}, as both
 * the operations and the daemon's own routes answer. */
struct cJSON *op_error_doc(const char *, const char *);
/* Free what the answer holds. */
void	 op_call_free(struct op_call *);
/* A query argument of the call, or NULL; op_flag: is it "1"? */
const char *op_arg(struct op_call *, const char *);
int	 op_flag(struct op_call *, const char *);
/* The go.mod (or, with workspace_ok, workspace) the call's body
 * carries (gomod_input_decode); -1 after answering 400 why not. The
 * caller frees the input in either case. */
int	 op_input(struct op_call *, struct gomod_input *, int);
/* The call's source, or NULL (answered). */
struct source *op_source(struct op_call *);
/* op-check.c, op-graph.c, op-modules.c, op-watch.c: the operations. */
extern const struct op op_check, op_fix, op_graph, op_buildlist, op_modules;
extern const struct op op_watch_list, op_watch_add, op_watch_remove;
/* op-report.c: the report, run and read back. */
extern const struct op op_report, op_reports, op_report_get;

/*
 * report.c: the cron report (what is new and fixed since
 * the last one). Everything belongs to the struct report.
 */
/* One project of the projects file. */
struct report_project {
	char		*name;
	char		*source;	/* as written: a path, or git URL REF DIR */
	char		*error;		/* why it could not be checked */
	struct findings	 findings;
	struct strv	 pins;		/* "path version" of its requirements */
	struct strv	 new_findings;	/* subjects new since the last report */
	struct strv	 fixed;		/* subjects gone since the last report */
};

/* One watched module. */
struct report_module {
	char		*path;
	struct strv	 versions;	/* oldest first */
	struct strv	 times;		/* RFC 3339, or "" */
	struct strv	 new_releases;	/* since the last report */
	int		 stale;
	int		 failed;	/* no list at all */
};

struct report {
	int64_t			 id;		/* in the history, once stored */
	int64_t			 ran_ms;
	int64_t			 previous_ms;	/* 0: this is the first */
	struct report_project	*projects;
	size_t			 nprojects;
	struct report_module	*modules;
	size_t			 nmodules;
	int			 needs_attention;
};

/*
 * What a report is made from. A project's go.mod comes from inputs when
 * its name is there (read by the client, which never sends the files
 * themselves: {"gomod", "gosum", "replacements", "sources"} as a check
 * takes them, or {"error": "why it could not be read"}); else from a git
 * URL; else, with base set, from a path on this machine.
 */
struct report_request {
	const char		*name;		/* of the projects file, in
						   errors ("NAME:LINE: ...") */
	const char		*text;
	size_t			 len;
	const struct cJSON	*inputs;	/* NAME -> input, or NULL */
	/* The directory a PATH line is relative to, for a projects file
	 * the operator named (modvetd.conf's projects-file); NULL: a
	 * caller's file, whose paths and file:// URLs are never read. */
	const char		*base;
	/* Hosts a caller's network git URLs may name (space-separated),
	 * "*" for any (a caller on this machine: the Unix socket and the
	 * client's own process), NULL for none. */
	const char		*git_hosts;
};
/* Check the projects of a projects file, and gather the watched
 * modules' releases, asked for afresh. "watch MODULE" lines add to the
 * watch list. Returns the number of bad lines, each described in
 * *errors ("NAME:LINE: ..." lines, caller frees). */
int	 report_gather(struct report *, struct source *,
	    const struct report_request *, char **);
/* Compare with the last report, store this one (and its renderings)
 * in the history. 0, or -1 with *cause. */
int	 report_store(struct report *, struct cache *, char **);
void	 report_free(struct report *);
/* A project's go.mod from git: URL REF [DIR] (f, nf of them), mirrored
 * under gitdir (NULL: beside the default cache). 0, or -1 with *cause. */
int	 report_read_git(const char *, char **, int, char **, size_t *,
	    char **);
/* A line of a projects file as its fields (in place, the comment left
 * out): the engine and the client read the file alike. */
int	 report_line_fields(char *, char **, int);
/* The finding's subject in the history: "code module@version". */
char	*report_subject(const struct finding *);
/* report-json.c: the report as the operation answers it (and the
 * history keeps it), and back: the client renders what it decodes. */
struct cJSON	*report_to_json(const struct report *);
int	 report_from_json(const struct cJSON *, struct report *, char **);

#endif
