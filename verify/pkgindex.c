/*
 * The package index of a module version (gosrc/index.c), built from its
 * zip and kept in the cache: immutable, like every answer about a
 * released version. The zip is downloaded once to a temporary file (as
 * for its h1 hash, which is computed and kept from the same download),
 * read entry by entry with libzip, and removed.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gosrc/gosrc.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "verify/verify.h"

#define PKGINDEX_MAX_FILE	(64 << 20)	/* one .go file */

int
pkgindex_from_zip(const char *zippath, const char *path, const char *version,
    struct go_index *idx, char **cause)
{
	zip_t		*z;
	zip_stat_t	 st;
	zip_file_t	*zf;
	char		*prefix, *data;
	const char	*name;
	zip_int64_t	 i, n, got;
	size_t		 plen;
	int		 err;

	go_index_init(idx);
	if ((z = zip_open(zippath, ZIP_RDONLY, &err)) == NULL) {
		xasprintf(cause, "%s@%s: the zip cannot be opened (libzip "
		    "error %d)", path, version, err);
		return (-1);
	}
	xasprintf(&prefix, "%s@%s/", path, version);
	plen = strlen(prefix);
	n = zip_get_num_entries(z, 0);
	for (i = 0; i < n; i++) {
		if ((name = zip_get_name(z, i, 0)) == NULL ||
		    strncmp(name, prefix, plen) != 0 ||
		    !go_path_is_source(name + plen) ||
		    zip_stat_index(z, i, 0, &st) != 0 ||
		    !(st.valid & ZIP_STAT_SIZE) || st.size > PKGINDEX_MAX_FILE)
			continue;
		if ((zf = zip_fopen_index(z, i, 0)) == NULL)
			continue;
		data = xmalloc(st.size + 1);
		got = zip_fread(zf, data, st.size);
		zip_fclose(zf);
		if (got == (zip_int64_t)st.size)
			go_index_add(idx, name + plen, data, st.size);
		else
			idx->nerrors++;
		free(data);
	}
	go_index_finish(idx);
	free(prefix);
	zip_discard(z);
	return (0);
}

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
	if ((rc = pkgindex_from_zip(tmp, path, version, idx, cause)) == 0) {
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
