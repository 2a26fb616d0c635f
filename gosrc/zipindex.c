/*
 * The package index of a module version from its zip, a local file (the
 * zip is read entry by entry with libzip; only the Go files the index
 * wants are inflated, each at most GO_ZIPINDEX_MAX_FILE). The caller has
 * checked the zip as the go command does (x/mod's CheckZip, which bounds
 * what it unpacks to): here a malformed entry is counted, never trusted.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "util/util.h"
#include "gosrc/gosrc.h"

#define GO_ZIPINDEX_MAX_FILE	(64 << 20)	/* one .go file */

int
go_index_from_zip(const char *zippath, const char *path, const char *version,
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
		    !(st.valid & ZIP_STAT_SIZE) ||
		    st.size > GO_ZIPINDEX_MAX_FILE)
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
