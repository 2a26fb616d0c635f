/*
 * Module zip files (golang.org/x/mod/zip's CheckZip): a downloaded zip's
 * entries (names, sizes, case collisions, the module's prefix) checked as
 * the go command checks them before it trusts a zip, with libzip. Error
 * texts are x/mod's. Making zips from a tree (Create, CheckFiles,
 * CheckDir) and extracting them (Unzip) are not here: modvet only reads
 * zips (issue 9: what no program used went).
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"

static void	modzip_err_add(struct modzip_errv *, const char *,
		    const char *, ...) __attribute__((format(printf, 3, 4)));

/* Prepare an empty check result. */
void
modzip_check_init(struct modzip_check *cf)
{
	memset(cf, 0, sizeof *cf);
	strv_init(&cf->valid);
}

/* Free an error list. */
static void
modzip_errv_free(struct modzip_errv *ev)
{
	size_t	i;

	for (i = 0; i < ev->n; i++) {
		free(ev->v[i].path);
		free(ev->v[i].err);
	}
	free(ev->v);
	memset(ev, 0, sizeof *ev);
}

/* Free a check result. */
void
modzip_check_free(struct modzip_check *cf)
{
	strv_free(&cf->valid);
	modzip_errv_free(&cf->omitted);
	modzip_errv_free(&cf->invalid);
	free(cf->size_error);
	cf->size_error = NULL;
}

/* Append "path: reason" to an error list. */
static void
modzip_err_add(struct modzip_errv *ev, const char *path, const char *fmt, ...)
{
	va_list	ap;

	if (ev->n == ev->cap) {
		ev->cap = ev->cap == 0 ? 8 : ev->cap * 2;
		ev->v = xreallocarray(ev->v, ev->cap, sizeof *ev->v);
	}
	ev->v[ev->n].path = xstrdup(path);
	va_start(ap, fmt);
	xvasprintf(&ev->v[ev->n].err, fmt, ap);
	va_end(ap);
	ev->n++;
}

/* CheckedFiles.Err: the size error, else the invalid files, else NULL. */
char *
modzip_check_err(const struct modzip_check *cf)
{
	struct buf	b;
	size_t		i;

	if (cf->size_error != NULL)
		return (xstrdup(cf->size_error));
	if (cf->invalid.n == 0)
		return (NULL);
	buf_init(&b, 0);
	for (i = 0; i < cf->invalid.n; i++) {
		if (i > 0)
			buf_addc(&b, '\n');
		buf_printf(&b, "%s: %s", cf->invalid.v[i].path,
		    cf->invalid.v[i].err);
	}
	return (buf_steal(&b));
}

/* The end of a check: 0 if the files make a valid zip, else -1 with the
 * error in *cause (when cause is not NULL). */
static int
modzip_check_result(const struct modzip_check *cf, char **cause)
{
	char	*why;

	if ((why = modzip_check_err(cf)) == NULL)
		return (0);
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return (-1);
}

/* strToFold: a key equal for names equal under Unicode case folding. */
static char *
modzip_fold(const char *s)
{
	struct buf	b;
	size_t		n = strlen(s), i, w;
	uint32_t	r;
	char		u[4];

	buf_init(&b, 0);
	for (i = 0; i < n; i += w) {
		r = unicode_decode(s + i, n - i, &w);
		r = unicode_fold(r);
		buf_add(&b, u, unicode_encode(r, u));
	}
	return (buf_steal(&b));
}

/* What a collision checker remembers of a name. */
struct modzip_seen {
	char	*path;
	int	 is_dir;
};

/* Free the entries of a collision checker. */
static void
modzip_seen_free(const char *key, void *value, void *arg)
{
	struct modzip_seen	*s = value;

	free(s->path);
	free(s);
}

/* collisionChecker.check: p and its parents against the names seen. */
static char *
modzip_collision(struct strmap *cc, const char *p, int is_dir)
{
	struct modzip_seen	*other;
	char			*fold, *qa, *qb, *err = NULL, *parent;

	fold = modzip_fold(p);
	if ((other = strmap_get(cc, fold, NULL)) != NULL) {
		qa = strquote_quote(other->path);
		qb = strquote_quote(p);
		if (strcmp(p, other->path) != 0)
			xasprintf(&err, "case-insensitive file name collision: "
			    "%s and %s", qa, qb);
		else if (is_dir != other->is_dir)
			xasprintf(&err, "entry %s is both a file and a "
			    "directory", qb);
		else if (!is_dir)
			xasprintf(&err, "multiple entries for file %s", qb);
		free(qa);
		free(qb);
	} else {
		other = xmalloc(sizeof *other);
		other->path = xstrdup(p);
		other->is_dir = is_dir;
		strmap_set(cc, fold, other);
	}
	free(fold);
	if (err != NULL)
		return (err);
	parent = gopath_dir(p);
	if (strcmp(parent, ".") != 0)
		err = modzip_collision(cc, parent, 1);
	free(parent);
	return (err);
}

/* The version must be canonical and fit the module path. */
static int
modzip_check_module(const char *path, const char *version, char **cause)
{
	char	*cv, *qa, *qb;

	cv = modpath_canonical_version(version);
	if (strcmp(cv, version) != 0) {
		qa = strquote_quote(version);
		qb = strquote_quote(cv);
		xasprintf(cause, "version %s is not canonical (should be %s)",
		    qa, qb);
		free(qa);
		free(qb);
		free(cv);
		return (-1);
	}
	free(cv);
	return (modpath_check_version(path, version, cause));
}

/* Check one zip entry name; NULL when it is valid. */
static char *
modzip_check_entry(const char *entry, const char *prefix, struct strmap *cc,
    int *skip, int *is_dir, char **name)
{
	char	*why = NULL, *base, *q;
	size_t	 n;

	*skip = *is_dir = 0;
	*name = NULL;
	if (strncmp(entry, prefix, strlen(prefix)) != 0) {
		q = strquote_quote(prefix);
		xasprintf(&why, "path does not have prefix %s", q);
		free(q);
		return (why);
	}
	*name = xstrdup(entry + strlen(prefix));
	if ((n = strlen(*name)) == 0) {
		*skip = 1;
		return (NULL);
	}
	if ((*name)[n - 1] == '/') {
		*is_dir = 1;
		(*name)[n - 1] = '\0';
	}
	if (!gopath_is_clean(*name))
		return (xstrdup("file path is not clean"));
	if (modpath_check_file(*name, &why) != 0 ||
	    (why = modzip_collision(cc, *name, *is_dir)) != NULL)
		return (why);
	if (*is_dir)
		return (NULL);
	base = gopath_base(*name);
	if (strcasecmp(base, "go.mod") == 0) {
		if (strcmp(base, *name) != 0)
			why = xstrdup("go.mod file not in module root "
			    "directory");
		else if (strcmp(*name, "go.mod") != 0)
			why = xstrdup("go.mod files must have lowercase names");
	}
	free(base);
	return (why);
}

/* checkZip: open and check a module zip. Returns the open archive (NULL
 * on an error before the entries could be checked). */
static zip_t *
modzip_open_checked(const char *zippath, const char *path,
    const char *version, struct modzip_check *cf, char **cause)
{
	struct stat	 st;
	struct strmap	 cc;
	zip_t		*za;
	zip_stat_t	 zs;
	zip_int64_t	 i, n;
	int64_t		 size = 0, sz;
	char		*prefix, *why, *name;
	int		 err, skip, is_dir;

	if (modzip_check_module(path, version, cause) != 0)
		return (NULL);
	if (stat(zippath, &st) == -1) {
		xasprintf(cause, "open %s: %s", zippath, strerror(errno));
		return (NULL);
	}
	if (st.st_size > MODZIP_MAX_ZIP) {
		xasprintf(&cf->size_error, "module zip file is too large (%lld "
		    "bytes; limit is %d bytes)", (long long)st.st_size,
		    MODZIP_MAX_ZIP);
		*cause = xstrdup(cf->size_error);
		return (NULL);
	}
	if ((za = zip_open(zippath, ZIP_RDONLY, &err)) == NULL) {
		*cause = xstrdup("zip: not a valid zip file");
		return (NULL);
	}
	strmap_init(&cc);
	xasprintf(&prefix, "%s@%s/", path, version);
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n; i++) {
		if (zip_stat_index(za, i, 0, &zs) != 0)
			continue;
		why = modzip_check_entry(zs.name, prefix, &cc, &skip, &is_dir,
		    &name);
		free(name);
		if (why != NULL) {
			modzip_err_add(&cf->invalid, zs.name, "%s", why);
			free(why);
			continue;
		}
		if (skip || is_dir)
			continue;
		sz = zs.size > INT64_MAX ? -1 : (int64_t)zs.size;
		if (sz >= 0 && MODZIP_MAX_ZIP - size >= sz)
			size += sz;
		else if (cf->size_error == NULL)
			xasprintf(&cf->size_error, "total uncompressed size of "
			    "module contents too large (max size is %d bytes)",
			    MODZIP_MAX_ZIP);
		if (strcmp(zs.name + strlen(prefix), "go.mod") == 0 &&
		    sz > MODZIP_MAX_GOMOD)
			modzip_err_add(&cf->invalid, zs.name, "go.mod file too "
			    "large (max size is %d bytes)", MODZIP_MAX_GOMOD);
		else if (strcmp(zs.name + strlen(prefix), "LICENSE") == 0 &&
		    sz > MODZIP_MAX_LICENSE)
			modzip_err_add(&cf->invalid, zs.name, "LICENSE file too "
			    "large (max size is %d bytes)", MODZIP_MAX_LICENSE);
		else
			strv_push(&cf->valid, zs.name);
	}
	free(prefix);
	strmap_each(&cc, modzip_seen_free, NULL);
	strmap_free(&cc);
	return (za);
}

/* CheckZip: check a module zip file. */
int
modzip_check_zip(const char *zippath, const char *path, const char *version,
    struct modzip_check *cf, char **cause)
{
	zip_t	*za;

	if ((za = modzip_open_checked(zippath, path, version, cf,
	    cause)) == NULL)
		return (-1);
	zip_discard(za);
	return (modzip_check_result(cf, cause));
}
