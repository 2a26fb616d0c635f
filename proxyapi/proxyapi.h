/*
 * proxyapi: asking upstreams what versions of a module exist and what they
 * hold. The GOPROXY protocol over HTTP (libcurl) or file://, the go
 * command's configuration (GOPROXY, GOPRIVATE, GONOPROXY, GOINSECURE,
 * GOFLAGS, .netrc, the go env file) and, for "direct" and private modules,
 * git repositories read with libgit2.
 *
 * Every answer has a status: 0, MV_ENOTFOUND (proved absent by an
 * upstream), MV_EUNAVAIL (transient: could not be decided), MV_EINVAL (the
 * upstream's answer is malformed) or -1 (refused or misconfigured), and an
 * evidence text saying which upstream answered what.
 */
#ifndef PROXYAPI_H
#define PROXYAPI_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/util.h"

/* Size caps per kind of object (bytes). */
#define PROXY_MAX_LIST		(8 << 20)
#define PROXY_MAX_INFO		(64 << 10)
#define PROXY_MAX_MOD		(16 << 20)	/* x/mod MaxGoMod */
#define PROXY_MAX_ZIP		(500 << 20)	/* x/mod MaxZipFile */
#define PROXY_MAX_DISCOVERY	(1 << 20)	/* ?go-get=1 pages */

/* fetch.c: HTTP requests in parallel with libcurl's multi interface. */
struct fetch_opts {
	int		 max_inflight;
	long		 connect_timeout_ms;
	long		 timeout_ms;
	long		 low_speed_time_s;
	int		 max_attempts;
	long		 backoff_ms;
	const char	*netrc_file;		/* NULL: no credentials */
	const char	*user_agent;
};
enum fetch_state {
	FETCH_PENDING,
	FETCH_RUNNING,
	FETCH_DONE
};
struct fetch_req {
	char		*url;
	size_t		 max_bytes;
	int		 sink_fd;	/* body to this file, or -1: memory */
	int		 insecure;	/* GOINSECURE: skip TLS checks */
	const char	*range;		/* "a-b[,c-d...]": a Range request,
					   whose 200 is cut short (below) */
	void		*arg;		/* the caller's */
	int		 status;	/* 0, MV_ENOTFOUND, MV_EUNAVAIL, -1 */
	long		 http_code;
	struct buf	 body;
	size_t		 sink_bytes;
	char		*content_type;	/* the answer's headers, or NULL */
	char		*content_range;
	int		 range_refused;	/* a Range request answered by the
					   whole body (200): not read */
	char		*error;		/* "GET url: what" unless OK */
	int		 attempts;
	enum fetch_state state;
	uint64_t	 retry_at;
	void		*easy;		/* the attempt on the wire (CURL *) */
	int		 ahead;		/* asked by fetch_ahead: no batch's */
	size_t		 ahead_at;	/* its index in the fetcher's list of
					   those asked ahead */
	int		 retryable;	/* the last attempt ended in a fault
					   worth another */
	struct fetch_req *adopted;	/* the request asked ahead whose
					   answer this one takes */
};
struct fetch;
void		 fetch_opts_default(struct fetch_opts *);
struct fetch	*fetch_create(const struct fetch_opts *);
void		 fetch_free(struct fetch *);
void		 fetch_req_init(struct fetch_req *, const char *, size_t);
void		 fetch_req_free(struct fetch_req *);
void		 fetch_run(struct fetch *, struct fetch_req **, size_t);
/* Cut short every transfer of every thread, now and from now on (the
 * daemon is stopping): they end as MV_EUNAVAIL. Async-signal-unsafe. */
void		 fetch_abort_all(void);
/* Ask for a URL now and wait for nothing: a later fetch_run of the same
 * URL (a plain GET into memory) takes the answer, or the transfer still on
 * the wire, instead of asking again. fetch_forget_ahead drops what no
 * batch took. */
void		 fetch_ahead(struct fetch *, const char *, size_t);
void		 fetch_forget_ahead(struct fetch *);
/* unresolved.c: host names that did not resolve in the last minute are
 * not asked again (fetch.c, gitrepo.c); each takes a URL. */
int		 unresolved_check(const char *, char **);
void		 unresolved_note(const char *, const char *);
void		 unresolved_reset(void);

/* goenv.c: the go command's configuration, read as go reads it. */
struct goenv {
	char	*goproxy;
	char	*goprivate;
	char	*gonoproxy;
	char	*goinsecure;
	char	*goflags;
	char	*gosumdb;	/* NULL: the go command's default */
	char	*gonosumdb;	/* GONOSUMDB, else GOPRIVATE */
	char	*netrc;		/* the .netrc file, or NULL */
	char	*envfile;	/* the go env file read, or NULL */
	char	*gotoolchain;	/* GOTOOLCHAIN, or NULL: not known */
	char	*goversion;	/* the Go that builds ("1.26.8": GOVERSION,
				   else the go command's $GOROOT/VERSION),
				   or NULL: not known */
};
int	 goenv_load(struct goenv *, char **);
void	 goenv_free(struct goenv *);
/* The value of a variable as go sees it (caller frees; NULL if unset):
 * from the environment, else the go env file go would read. */
char	*goenv_lookup(const char *);
/* The environment as a request carries it (X-Modvet-Env), and back: the
 * .netrc comes from base, never from the wire. */
#define GOENV_HEADER	"X-Modvet-Env"
char	*goenv_encode(const struct goenv *);
int	 goenv_decode(struct goenv *, const char *, const struct goenv *,
	    char **);

/* One entry of GOPROXY. */
enum upstream_kind {
	UPSTREAM_PROXY,		/* https://, http:// */
	UPSTREAM_FILE,		/* file:// */
	UPSTREAM_DIRECT,	/* "direct" and GONOPROXY modules: git */
	UPSTREAM_OFF		/* "off" */
};
struct upstream_spec {
	enum upstream_kind	 kind;
	char			*url;	/* base URL, or the directory */
	int			 fallback_on_error;	/* '|' before it */
};
/* Parse a GOPROXY value (the go command's proxyList rules). */
int	 upstream_parse_list(const char *, struct upstream_spec **, size_t *,
	    char **);
void	 upstream_free_list(struct upstream_spec *, size_t);

/* proxy.c: the GOPROXY protocol, with go's fall-through rules. */
enum proxy_kind {
	PROXY_LIST,
	PROXY_INFO,
	PROXY_MOD,
	PROXY_ZIP,
	PROXY_LATEST
};
struct proxy_query {
	enum proxy_kind	 kind;
	char		*path;
	char		*version;	/* INFO, MOD, ZIP */
	int		 zip_fd;	/* ZIP: written here */
	/* Results. */
	int		 status;
	struct buf	 body;		/* LIST, INFO, MOD, LATEST */
	char		*origin;	/* the upstream that answered */
	char		*evidence;	/* what it (or each) said */
	int64_t		 when_ms;	/* wall clock of the answer */
	char		*info_version;	/* INFO, LATEST: parsed */
	char		*info_time;
	/* Private: which upstream to ask next, best error so far. */
	size_t		 next;
	int		 rank;
	int		 finished;
};
struct proxy;
struct proxy	*proxy_create(const struct goenv *, const struct fetch_opts *,
		    char **);
void		 proxy_free(struct proxy *);
/* Is an answer's origin one of the upstreams the path is fetched from
 * now (not one of an earlier GOPROXY)? */
int		 proxy_origin_current(struct proxy *, const char *,
		    const char *);
char		*proxy_route_key(struct proxy *, const char *);
void		 proxy_query_init(struct proxy_query *, enum proxy_kind,
		    const char *, const char *);
void		 proxy_query_free(struct proxy_query *);
/* Answer every query, in parallel where the upstream allows. */
void		 proxy_run(struct proxy *, struct proxy_query **, size_t);
/* The versions of an @v/list body the go command would use (sorted). */
void		 proxy_parse_list(const char *, size_t, struct strv *);
char		*proxy_list_latest(const char *, size_t, time_t *);
/* The Version and Time strings of an .info body (each NULL when absent
 * or not a string; caller frees); -1 when it is not JSON. The one reader
 * of .info bodies. */
int		 proxy_info_parse(const char *, size_t, char **, char **);
/* Add a clause to a query's evidence. */
void		 proxy_evidence_add(struct proxy_query *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
/* Set the git upstream's directory for mirrors (NULL: none). */
void		 proxy_set_git_dir(struct proxy *, const char *);
const char	*proxy_git_dir(const struct proxy *);
/* The zip's URL at the first upstream of a path's route when that is a
 * module proxy, else NULL (caller frees). */
char		*proxy_zip_url(struct proxy *, const char *, const char *);
void		 proxy_ask_ahead(struct proxy *, enum proxy_kind,
		    const char *, const char *);
void		 proxy_forget_ahead(struct proxy *);

/*
 * ziprange.c: byte ranges of a module version's zip, asked of the first
 * upstream of its route when that is a module proxy (HTTP Range): how
 * the package index reads a zip's central directory and the entries it
 * needs instead of the whole zip. Where that cannot be (no such
 * upstream, ranges refused, an error), the caller reads the whole zip
 * with proxy_run, under the go command's fall-through rules.
 */
struct zip_span {
	uint64_t	 offset;
	uint64_t	 len;
};
struct zip_ranges {
	char		*url;
	uint64_t	 size;		/* of the zip, once an answer says */
	int		 multi;		/* several ranges in one answer:
					   1 yes, 0 no, -1 not known yet */
	unsigned	 requests;	/* what the reads cost */
	uint64_t	 bytes;
};
/* 0, or -1 when the route's first upstream is not a module proxy. */
int	 zip_ranges_open(struct proxy *, const char *, const char *,
	    struct zip_ranges *);
/* Many zips at once, in parallel (each its own zr): the last len bytes
 * of each (all of it when shorter; the size is learned), or one span of
 * each; causes[i] (caller frees) is NULL where out[i] has them. */
void	 zip_ranges_tail_many(struct proxy *, struct zip_ranges **, size_t,
	    size_t, struct buf *, char **);
void	 zip_ranges_span_many(struct proxy *, struct zip_ranges **,
	    const struct zip_span *, size_t, struct buf *, char **);
/* Each span into out[i] (buf_init'ed by the caller): one request for all
 * where the server answers several ranges at once, else one per span,
 * in parallel. 0, or -1 with *cause. */
int	 zip_ranges_get(struct proxy *, struct zip_ranges *,
	    const struct zip_span *, size_t, struct buf *, char **);
void	 zip_ranges_free(struct zip_ranges *);

/* The fetcher and the GOPROXY list a client uses (borrowed). */
struct fetch	*proxy_fetch(struct proxy *);
const struct upstream_spec *proxy_specs(struct proxy *, size_t *);

/* sumdb.c: the checksum database as the go command reaches it. */
struct sumdb_conf {
	int	 off;		/* GOSUMDB=off */
	char	*key;		/* the verifier key */
	char	*name;
	char	*url;		/* GOSUMDB's explicit URL, or NULL */
	char	*nosumdb;	/* GONOSUMDB (else GOPRIVATE), or NULL */
};
int	 sumdb_conf_parse(const struct goenv *, struct sumdb_conf *, char **);
void	 sumdb_conf_free(struct sumdb_conf *);
/* The GOSUMDB settings of a client's environment; *error (borrowed)
 * when GOSUMDB is malformed (then off is set). */
const struct sumdb_conf *proxy_sumdb(struct proxy *, const char **);
struct sumdb_remote;
struct sumdb_remote *sumdb_remote_new(struct proxy *, const struct sumdb_conf *);
void	 sumdb_remote_free(struct sumdb_remote *);
/* The client's read_remote (struct sumdb_ops). */
int	 sumdb_remote_read(void *, const char *, char **, size_t *, char **);
/* Ask for paths now, waiting for nothing, for a later prefetch or read
 * (of this or another remote of the same proxy). */
void	 sumdb_remote_ask_ahead(struct sumdb_remote *, const char *const *,
	    size_t);
/* GET many paths in parallel now, for reads that follow. */
void	 sumdb_remote_prefetch(struct sumdb_remote *, const char *const *,
	    size_t);
/* What was fetched for a path, without asking: 0, or -1. */
int	 sumdb_remote_peek(struct sumdb_remote *, const char *, char **,
	    size_t *);
/* Did the database answer 404/410 for the path? */
int	 sumdb_remote_not_found(struct sumdb_remote *, const char *);
void	 sumdb_remote_stats(const struct sumdb_remote *, unsigned *, size_t *);

/* Allow "direct" only for module paths matching the patterns (GOPRIVATE
 * syntax; NULL: none), or again for all. */
void		 proxy_limit_direct(struct proxy *, const char *);
void		 proxy_unlimit_direct(struct proxy *);

/* gitroot.c: the repository of a module path (vcs paths, go-get). */
struct gitroot {
	char		*root;		/* module path prefix of the repository */
	char		*url;		/* clone URL (scheme found by pinging when
					   schemes_to_try is set) */
	char		*subdir;	/* go-import subdirectory, or NULL */
	const char	*schemes_to_try;	/* "git https http" or NULL */
};
int	 gitroot_resolve(const char *, int, struct gitroot *, char **);
int	 gitroot_parse_meta(const char *, size_t, const char *,
	    struct gitroot *);
void	 gitroot_free(struct gitroot *);

/* gitrepo.c: git repositories through libgit2. */
struct gitrepo_tag {
	char	*name;		/* without refs/tags/ */
};
struct gitrepo;
/* List the tags of a remote without cloning (ls-remote). Returns 0,
 * MV_ENOTFOUND (no such repository) or MV_EUNAVAIL, with *cause. */
int	 gitrepo_ls_tags(const char *, struct strv *, char **);
/* Open (creating) the bare mirror of url under dir and fetch every tag
 * and branch into it. */
int	 gitrepo_mirror(const char *, const char *, struct gitrepo **, char **);
void	 gitrepo_close(struct gitrepo *);
/* Read a file at a tag: 0, MV_ENOTFOUND (no such tag or file), -1. The
 * caller frees *data. */
int	 gitrepo_read_file(struct gitrepo *, const char *, const char *,
	    char **, size_t *, char **);
/* Read a file at a tag, branch or revision (same returns). */
int	 gitrepo_read_at(struct gitrepo *, const char *, const char *,
	    char **, size_t *, char **);
/* The commit time of a tag (0, MV_ENOTFOUND). */
int	 gitrepo_tag_time(struct gitrepo *, const char *, time_t *, char **);
/* Check a pseudo-version's revision and time against the repository:
 * 0, MV_ENOTFOUND (no such commit) or MV_EINVAL (time or base wrong). */
int	 gitrepo_check_pseudo(struct gitrepo *, const char *, const char *,
	    char **);
/* The versions of a module in a repository from its tags (codeRepo
 * Versions): codeDir is the module's directory in the repository, major
 * its path's major suffix. repo may be NULL when no +incompatible check is
 * needed; returns 0 or -1. */
int	 gitrepo_versions(const struct strv *, const char *, const char *,
	    struct gitrepo *, struct strv *, char **);

/* gitdirect.c: "direct" fetches from the module's git repository. Answers
 * one query and returns its status (evidence added to the query). */
int	 gitdirect_query(const char *, const char *, struct proxy_query *);

#endif
