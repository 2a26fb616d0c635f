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

/* x/mod's CheckZip over a downloaded zip: 0, or -1 with *cause. */
static int
sum_check_zip(const char *zippath, const char *path, const char *version,
    char **cause)
{
	struct modzip_check	 cf;
	char			*why = NULL;
	int			 rc;

	modzip_check_init(&cf);
	rc = modzip_check_zip(zippath, path, version, &cf, &why);
	if (rc != 0)
		xasprintf(cause, "%s@%s: the zip the upstream served is one "
		    "the go command refuses: %s", path, version, why);
	free(why);
	modzip_check_free(&cf);
	return (rc != 0 ? -1 : 0);
}

/*
 * Download a module zip to a new temporary file (mode 0600): 0 with *tmp
 * (the caller unlinks and frees it), or the upstream's status
 * (MV_ENOTFOUND, MV_EUNAVAIL, ...) or -1, with *cause. A zip the go
 * command would refuse (x/mod's CheckZip: file names, case collisions,
 * more than 500 MiB unpacked by its own account, a go.mod over 16 MiB)
 * is refused before a byte of it is inflated: a zip bomb or "../" names
 * cost nothing but the download, which the fetch caps at 500 MiB.
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
	if ((rc = q.status) != 0)
		xasprintf(cause, "%s@%s: zip: %s (%s)", path, version,
		    q.evidence != NULL ? q.evidence : "no answer",
		    source_status_name(q.status));
	else
		rc = sum_check_zip(*tmp, path, version, cause);
	if (rc != 0) {
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
