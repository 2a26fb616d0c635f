/*
 * The package index of a module version (gosrc/index.c), built from its
 * zip and kept in the cache: immutable, like every answer about a
 * released version. The zip is downloaded once to a temporary file (as
 * for its h1 hash, which is computed and kept from the same download),
 * read by gosrc/zipindex.c, and removed.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gosrc/gosrc.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "verify/verify.h"

int
pkgindex_get(struct source *s, const char *path, const char *version,
    struct go_index *idx, char **cause)
{
	char	*tmp, *text = NULL, *why = NULL, *h1 = NULL;
	int	 rc;

	if (cache_get_pkgindex(s->cache, path, version, &text, &why) == 0) {
		rc = go_index_decode(text, idx);
		free(text);
		if (rc == 0)
			return (0);
	}
	free(why);
	why = NULL;
	if ((rc = sum_fetch_zip(s, path, version, &tmp, cause)) != 0)
		return (rc);
	if ((rc = go_index_from_zip(tmp, path, version, idx, cause)) == 0) {
		text = go_index_encode(idx);
		if (cache_put_pkgindex(s->cache, path, version, text,
		    &why) != 0) {
			log_warnx("%s", why);	/* only not kept */
			free(why);
			why = NULL;
		}
		free(text);
		/* The same bytes give the zip's go.sum hash. */
		if (sum_hash_zip(s, path, version, tmp, &h1, &why) != 0) {
			log_warnx("%s", why);
			free(why);
		}
		free(h1);
	}
	unlink(tmp);
	free(tmp);
	return (rc);
}
