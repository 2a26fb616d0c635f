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
#include "gomod/sumdb.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "engine/engine.h"

/* x/mod's CheckZip over a downloaded zip: 0, or -1 with *cause. It reads
 * the central directory alone (names, declared sizes), so a zip of which
 * only that is local yet is checked as well. */
int
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
	if (dirhash_zip(zipfile, out, cause) != 0)
		return (-1);
	sum_keep_zip_hash(s, path, version, *out);
	return (0);
}

void
sum_keep_zip_hash(struct source *s, const char *path, const char *version,
    const char *h1)
{
	char	*why = NULL;

	if (cache_put_hash(s->cache, path, version, "zip", h1, &why) != 0) {
		log_warnx("%s", why);	/* the hash stands; only not kept */
		free(why);
	}
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

/*
 * The zip h1 of many module versions, for the go.sum lines a check
 * suggests: the hash of a zip read whole (cached), else the checksum
 * database's line, the hash the go command checks its download against,
 * else the zip, read whole now. A package index read in part by HTTP
 * Range has no hash of its own; this keeps a go.sum line from costing
 * the whole zip where the database answers.
 */
void
sum_zip_hashes(struct source *s, struct zip_hash *v, size_t n)
{
	struct sumdb_answer	*a;
	size_t			 i, j, k = 0, plen, vlen;
	char			*why;

	a = xcalloc(n + 1, sizeof *a);
	for (i = 0; i < n; i++) {
		v[i].h1 = NULL;
		v[i].from = NULL;
		why = NULL;
		if (cache_get_hash(s->cache, v[i].path, v[i].version, "zip",
		    &v[i].h1, &why) == 0) {
			v[i].from = SUM_FROM_ZIP;
			continue;
		}
		free(why);
		a[k].path = v[i].path;
		a[k].version = v[i].version;
		k++;
	}
	if (k > 0)
		checksumdb_lookup_all(s, a, k);
	for (i = 0, k = 0; i < n; i++) {
		if (v[i].from != NULL)
			continue;
		if (a[k].status == SUMDB_OK) {
			plen = strlen(v[i].path);
			vlen = strlen(v[i].version);
			for (j = 0; j < a[k].lines.n; j++) {
				const char *l = a[k].lines.v[j];

				if (strncmp(l, v[i].path, plen) == 0 &&
				    l[plen] == ' ' && strncmp(l + plen + 1,
				    v[i].version, vlen) == 0 &&
				    l[plen + 1 + vlen] == ' ') {
					v[i].h1 = xstrdup(l + plen + vlen + 2);
					v[i].from = SUM_FROM_SUMDB;
				}
			}
		}
		sumdb_answer_free(&a[k]);
		k++;
		if (v[i].from == NULL) {
			why = NULL;
			if (sum_zip(s, v[i].path, v[i].version, &v[i].h1,
			    &why) == 0)
				v[i].from = SUM_FROM_ZIP;
			else {
				log_debug("%s", why);
				free(why);
			}
		}
	}
	free(a);
}
