/*
 * "off" in GOPROXY: no module is fetched, and asking counts as "not
 * found" for falling through (as in the go command).
 */

#include "config.h"

#include <stdlib.h>

#include "util/util.h"
#include "proxyapi/proxy-int.h"

static char *
upstream_off_origin(const struct upstream_spec *spec)
{
	(void)spec;
	return (xstrdup("off"));
}

static void
upstream_off_round(struct proxy *p, struct proxy_query **qs, size_t n)
{
	const struct upstream_spec	*spec;
	size_t				 i, nspecs;
	char				*obj;

	for (i = 0; i < n; i++) {
		spec = proxy_query_spec(p, qs[i], &nspecs);
		/* A path or version that cannot be escaped is invalid,
		 * whatever the upstream. */
		if ((obj = proxy_object(qs[i])) == NULL)
			continue;
		free(obj);
		proxy_evidence_add(qs[i], "module lookup disabled by "
		    "GOPROXY=off");
		proxy_settle(qs[i], spec, nspecs, -1, "off");
	}
}

const struct upstream_kind_ops upstream_off_ops = {
	UPSTREAM_OFF, upstream_off_origin, upstream_off_round
};
