/*
 * "direct" in GOPROXY (and GONOPROXY modules): the module's own version
 * control, through gitdirect.c, for the module paths this caller may
 * have fetched directly (modvetd's direct-allow for TCP callers).
 */

#include "config.h"

#include "util/util.h"
#include "proxyapi/proxy-int.h"

static char *
upstream_direct_origin(const struct upstream_spec *spec)
{
	(void)spec;
	return (xstrdup("direct"));
}

static void
upstream_direct_round(struct proxy *p, struct proxy_query **qs, size_t n)
{
	const struct upstream_spec	*spec;
	size_t				 i, nspecs;
	int				 status;

	for (i = 0; i < n; i++) {
		spec = proxy_query_spec(p, qs[i], &nspecs);
		if (!proxy_direct_allowed(p, qs[i]->path)) {
			proxy_evidence_add(qs[i], "direct fetches are not "
			    "allowed for this caller (modvetd's direct-allow)");
			proxy_settle(qs[i], spec, nspecs, -1, "direct");
			continue;
		}
		status = gitdirect_query(p->git_dir, p->goinsecure, qs[i]);
		if (status == 0)
			status = proxy_check_answer(qs[i], "direct");
		proxy_settle(qs[i], spec, nspecs, status, "direct");
	}
}

const struct upstream_kind_ops upstream_direct_ops = {
	UPSTREAM_DIRECT, upstream_direct_origin, upstream_direct_round
};
