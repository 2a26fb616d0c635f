/*
 * A module proxy (http://, https://): every query of a round asks its
 * object at the same time, through fetch.c (one connection pool, HTTP/2
 * where the server offers it).
 */

#include "config.h"

#include <stdlib.h>

#include "util/util.h"
#include "proxyapi/proxy-int.h"

static char *
upstream_proxy_origin(const struct upstream_spec *spec)
{
	return (xstrdup(spec->url));
}

/* Take an HTTP answer into its query. */
static void
upstream_proxy_take(struct proxy *p, struct proxy_query *q,
    struct fetch_req *r)
{
	const struct upstream_spec	*spec;
	size_t				 nspecs;
	int				 status = r->status;

	spec = proxy_query_spec(p, q, &nspecs);
	if (status == 0) {
		buf_free(&q->body);
		q->body = r->body;
		buf_init(&r->body, 0);
		if (q->kind == PROXY_ZIP && r->sink_bytes == 0) {
			proxy_evidence_add(q, "%s: empty zip", r->url);
			status = MV_EUNAVAIL;
		} else
			status = proxy_check_answer(q, spec->url);
	} else
		proxy_evidence_add(q, "%s", r->error);
	proxy_settle(q, spec, nspecs, status, spec->url);
}

static void
upstream_proxy_round(struct proxy *p, struct proxy_query **qs, size_t n)
{
	const struct upstream_spec	 *spec;
	struct fetch_req		**reqs, *r;
	size_t				  i, nspecs, nreqs = 0;
	char				 *obj, *url;

	reqs = xcalloc(n + 1, sizeof *reqs);
	for (i = 0; i < n; i++) {
		spec = proxy_query_spec(p, qs[i], &nspecs);
		if ((obj = proxy_object(qs[i])) == NULL)
			continue;	/* settled: it cannot be asked */
		xasprintf(&url, "%s/%s", spec->url, obj);
		r = xcalloc(1, sizeof *r);
		fetch_req_init(r, url, proxy_cap(qs[i]->kind));
		r->sink_fd = qs[i]->kind == PROXY_ZIP ? qs[i]->zip_fd : -1;
		r->arg = qs[i];
		reqs[nreqs++] = r;
		free(url);
		free(obj);
	}
	if (nreqs > 0)
		fetch_run(p->fetch, reqs, nreqs);
	for (i = 0; i < nreqs; i++) {
		upstream_proxy_take(p, reqs[i]->arg, reqs[i]);
		fetch_req_free(reqs[i]);
		free(reqs[i]);
	}
	free(reqs);
}

const struct upstream_kind_ops upstream_proxy_ops = {
	UPSTREAM_PROXY, upstream_proxy_origin, upstream_proxy_round
};
