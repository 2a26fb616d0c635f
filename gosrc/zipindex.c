/*
 * The package index of a module version from its zip, a local file (the
 * zip is read entry by entry with libzip; only the Go files the index
 * wants are inflated, each at most GO_ZIPINDEX_MAX_FILE). The caller has
 * checked the zip as the go command does (x/mod's CheckZip, which bounds
 * what it unpacks to): here a malformed entry is counted, never trusted.
 */

#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "util/util.h"
#include "gosrc/gosrc.h"

#define GO_ZIPINDEX_MAX_FILE	(64 << 20)	/* one .go file */

void
go_path_dir(const char *rel, char *out, size_t size)
{
	const char	*slash = strrchr(rel, '/');
	size_t		 n = slash != NULL ? (size_t)(slash - rel) : 0;

	if (n >= size)
		n = size - 1;
	memcpy(out, rel, n);
	out[n] = '\0';
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Is dir one of the sorted dirs? */
static int
dirs_have(const struct strv *dirs, const char *dir)
{
	const char	*key = dir;

	return (dirs->n > 0 && bsearch(&key, dirs->v, dirs->n, sizeof
	    *dirs->v, cmp_str) != NULL);
}

/* strmap_each: move one directory's listing into the unread, or the
 * read listing when it is one of the dirs read. */
struct listing {
	const struct strv	*dirs;
	struct go_index		*idx;
};
static void
take_listing(const char *dir, void *value, void *arg)
{
	struct listing	*l = arg;
	struct buf	*b = value;

	strv_push_owned(dirs_have(l->dirs, dir) ? &l->idx->read_listing :
	    &l->idx->unread, buf_steal(b));
	free(b);
}

/* The first partial read: every directory of source files is listed
 * with their base names; those not read now become unread. */
static void
list_unread(zip_t *z, const char *prefix, const struct strv *dirs,
    struct go_index *idx)
{
	struct strmap	 by;
	struct listing	 l;
	struct buf	*b;
	const char	*name, *rel, *base;
	char		 dir[PATH_MAX];
	zip_int64_t	 i, n = zip_get_num_entries(z, 0);
	size_t		 plen = strlen(prefix);
	int		 found;

	strmap_init(&by);
	for (i = 0; i < n; i++) {
		if ((name = zip_get_name(z, i, 0)) == NULL ||
		    strncmp(name, prefix, plen) != 0 ||
		    !go_path_is_source((rel = name + plen)))
			continue;
		go_path_dir(rel, dir, sizeof dir);
		base = strrchr(rel, '/') != NULL ? strrchr(rel, '/') + 1 : rel;
		if ((b = strmap_get(&by, dir, &found)) == NULL) {
			b = xmalloc(sizeof *b);
			buf_init(b, 0);
			buf_printf(b, "%s\t%s", dir, base);
			strmap_set(&by, dir, b);
		} else
			buf_printf(b, " %s", base);
	}
	l.dirs = dirs;
	l.idx = idx;
	strmap_each(&by, take_listing, &l);
	strv_sort(&idx->unread);
	strv_sort(&idx->read_listing);
	if (idx->unread.n == 0)
		strv_free(&idx->read_listing);	/* every one read: whole */
	strmap_free(&by);
}

int
go_index_from_zip(const char *zippath, const char *path, const char *version,
    const struct strv *dirs, struct go_index *idx, char **cause)
{
	zip_t		*z;
	zip_stat_t	 st;
	zip_file_t	*zf;
	char		*prefix, *data, dir[PATH_MAX];
	const char	*name;
	zip_int64_t	 i, n, got;
	size_t		 plen;
	int		 err, first;

	if ((z = zip_open(zippath, ZIP_RDONLY, &err)) == NULL) {
		xasprintf(cause, "%s@%s: the zip cannot be opened (libzip "
		    "error %d)", path, version, err);
		return (-1);
	}
	first = idx->n == 0 && idx->ndeps == 0 && idx->nfiles == 0 &&
	    idx->unread.n == 0;
	xasprintf(&prefix, "%s@%s/", path, version);
	plen = strlen(prefix);
	n = zip_get_num_entries(z, 0);
	for (i = 0; i < n; i++) {
		if ((name = zip_get_name(z, i, 0)) == NULL ||
		    strncmp(name, prefix, plen) != 0 ||
		    !go_path_is_source(name + plen))
			continue;
		if (dirs != NULL) {
			go_path_dir(name + plen, dir, sizeof dir);
			if (!dirs_have(dirs, dir))
				continue;
		}
		if (zip_stat_index(z, i, 0, &st) != 0 ||
		    !(st.valid & ZIP_STAT_SIZE) ||
		    st.size > GO_ZIPINDEX_MAX_FILE)
			continue;
		if ((zf = zip_fopen_index(z, i, 0)) == NULL) {
			idx->nerrors++;
			continue;
		}
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
	if (dirs != NULL && first)
		list_unread(z, prefix, dirs, idx);
	else if (dirs != NULL)
		go_index_mark_read(idx, dirs);
	free(prefix);
	zip_discard(z);
	return (0);
}
