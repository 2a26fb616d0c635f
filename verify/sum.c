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

/*
 * Download a module zip to a new temporary file (mode 0600): 0 with *tmp
 * (the caller unlinks and frees it), or the upstream's status
 * (MV_ENOTFOUND, MV_EUNAVAIL, ...) or -1, with *cause.
 */
int
sum_fetch_zip(struct source *s, const char *path, const char *version,
    char **tmp, char **cause)
{
	struct proxy_query	 q, *qp = &q;
	const char		*tmpdir = getenv("TMPDIR");
	int			 fd, rc;

	xasprintf(tmp, "%s/modvet-zip.XXXXXX", tmpdir != NULL && *tmpdir ?
	    tmpdir : "/tmp");
	if ((fd = mkstemp(*tmp)) == -1) {
		xasprintf(cause, "%s: %s", *tmp, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return (-1);
	}
	proxy_query_init(&q, PROXY_ZIP, path, version);
	q.zip_fd = fd;
	proxy_run(s->proxy, &qp, 1);
	close(fd);
	if ((rc = q.status) != 0) {
		xasprintf(cause, "%s@%s: zip: %s (%s)", path, version,
		    q.evidence != NULL ? q.evidence : "no answer",
		    source_status_name(q.status));
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	proxy_query_free(&q);
	return (rc);
}

/* The h1 of a downloaded zip in *out (caller frees), kept in the cache:
 * 0, or -1 with *cause. */
int
sum_hash_zip(struct source *s, const char *path, const char *version,
    const char *zipfile, char **out, char **cause)
{
	char	*why = NULL;

	if (dirhash_zip(zipfile, out, cause) != 0)
		return (-1);
	if (cache_put_hash(s->cache, path, version, "zip", *out, &why) != 0) {
		log_warnx("%s", why);	/* the hash stands; only not kept */
		free(why);
	}
	return (0);
}

/* The zip's h1 in *out (caller frees): 0, or the upstream's status
 * (MV_ENOTFOUND, MV_EUNAVAIL, ...) or -1, with *cause. */
int
sum_zip(struct source *s, const char *path, const char *version,
    char **out, char **cause)
{
	char	*tmp, *why = NULL;
	int	 rc;

	*out = NULL;
	if (cache_get_hash(s->cache, path, version, "zip", out, &why) == 0)
		return (0);
	free(why);
	if ((rc = sum_fetch_zip(s, path, version, &tmp, cause)) != 0)
		return (rc);
	rc = sum_hash_zip(s, path, version, tmp, out, cause);
	unlink(tmp);
	free(tmp);
	return (rc);
}
