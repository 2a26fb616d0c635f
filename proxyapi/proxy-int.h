/*
 * proxy-int.h: what proxy.c shares with the kinds of upstream
 * (upstream-*.c), and nothing outside proxyapi/ sees. A kind is one row
 * of proxy.c's table: how it names the origin of its answers, and how a
 * round asks the queries whose next upstream is of that kind. A new kind
 * (a checksum database, a vulnerability database) is one file and one
 * row.
 */
#ifndef PROXY_INT_H
#define PROXY_INT_H

#include "proxyapi/proxyapi.h"

struct proxy {
	struct upstream_spec	*specs;
	size_t			 nspecs;
	struct upstream_spec	*direct_first;	/* GONOPROXY route */
	size_t			 ndirect_first;
	char			*gonoproxy;
	char			*goinsecure;
	struct fetch		*fetch;
	char			*git_dir;
	int			 direct_limited;	/* see proxy_limit_direct */
	char			*direct_allow;
	struct sumdb_conf	 sumdb;
	char			*sumdb_error;	/* GOSUMDB cannot be used */
};

struct upstream_kind_ops {
	enum upstream_kind	 kind;
	/* The origin its answers record: a URL, "file://DIR", "direct",
	 * "off" (caller frees). */
	char			*(*origin)(const struct upstream_spec *);
	/* Ask each query its next upstream (one of this kind), check the
	 * answer and settle the query (proxy_settle). */
	void			 (*round)(struct proxy *,
				    struct proxy_query **, size_t);
};
extern const struct upstream_kind_ops upstream_proxy_ops;
extern const struct upstream_kind_ops upstream_file_ops;
extern const struct upstream_kind_ops upstream_direct_ops;
extern const struct upstream_kind_ops upstream_off_ops;

/* The upstream a query asks next, and how many its route has. */
const struct upstream_spec *proxy_query_spec(struct proxy *,
		    const struct proxy_query *, size_t *);
/* The object of a query under an upstream's base ("PATH/@v/list"...),
 * or NULL after settling the query (caller frees). */
char		*proxy_object(struct proxy_query *);
/* The largest body of a kind of answer. */
size_t		 proxy_cap(enum proxy_kind);
/* Check an answer (status 0) of origin: 0, or why it is unusable. */
int		 proxy_check_answer(struct proxy_query *, const char *);
/* Record one upstream's answer (status) and decide what comes next. */
void		 proxy_settle(struct proxy_query *, const struct upstream_spec *,
		    size_t, int, const char *);
/* May path be fetched directly (modvetd's direct-allow)? */
int		 proxy_direct_allowed(const struct proxy *, const char *);

#endif
