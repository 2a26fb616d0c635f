/*
 * The h1 hash of a module zip, as go.sum holds it: downloaded once to a
 * temporary file (mode 0600, removed after), hashed with libzip (x/mod's
 * dirhash.HashZip), and kept in the cache, which check then reads to
 * judge go.sum's zip lines.
 */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "verify/verify.h"

/* The zip's h1 in *out (caller frees): 0, or the upstream's status
 * (MV_ENOTFOUND, MV_EUNAVAIL, ...) or -1, with *cause. */
int
sum_zip(struct source *s, const char *path, const char *version,
    char **out, char **cause)
{
	struct proxy_query	 q, *qp = &q;
	const char		*tmpdir = getenv("TMPDIR");
	char			*tmp, *why = NULL;
	int			 fd, rc;

	*out = NULL;
	if (cache_get_hash(s->cache, path, version, "zip", out, &why) == 0)
		return (0);
	free(why);
	why = NULL;
	xasprintf(&tmp, "%s/modvet-zip.XXXXXX", tmpdir != NULL && *tmpdir ?
	    tmpdir : "/tmp");
	if ((fd = mkstemp(tmp)) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	proxy_query_init(&q, PROXY_ZIP, path, version);
	q.zip_fd = fd;
	proxy_run(s->proxy, &qp, 1);
	close(fd);
	if ((rc = q.status) != 0)
		xasprintf(cause, "%s@%s: zip: %s (%s)", path, version,
		    q.evidence != NULL ? q.evidence : "no answer",
		    source_status_name(q.status));
	else if ((rc = dirhash_zip(tmp, out, cause)) == 0 &&
	    cache_put_hash(s->cache, path, version, "zip", *out, &why) != 0) {
		log_warnx("%s", why);	/* the hash stands; only not kept */
		free(why);
	}
	unlink(tmp);
	free(tmp);
	proxy_query_free(&q);
	return (rc);
}
