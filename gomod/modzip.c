/*
 * Module zip files (golang.org/x/mod/zip): which files of a module tree go
 * into its zip (no nested modules, no vendored packages, no VCS
 * directories, no symlinks), the limits on names and sizes, and creating,
 * checking and extracting zips with libzip. Error texts are x/mod's.
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"

#define MODZIP_MTIME	315532800	/* fixed entry time: 1980-01-01 */
#define MODZIP_CHUNK	65536

/* The state of a zip source reading one module file. */
struct modzip_src {
	const struct modzip_file	*f;
	int				 fd;
	int64_t				 produced;
	int				 too_large;
	zip_error_t			 error;
};

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

/* isVendoredPackage: is name inside a vendored package? vers is the
 * module's "go1.N" (or ""): vendor/modules.txt and the placement bug
 * changed in Go 1.24. */
int
modzip_is_vendored(const char *name, const char *vers)
{
	const char	*j;
	size_t		 i;
	int		 go124 = gover_compare_go(vers, "go1.24") >= 0;

	if (go124 && strcmp(name, "vendor/modules.txt") == 0)
		return (1);
	if (strncmp(name, "vendor/", 7) == 0)
		i = 7;
	else if ((j = strstr(name, "/vendor/")) != NULL)
		/* Before 1.24 the offset was wrongly that of "vendor/"
		 * from the start; checksums depend on the bug. */
		i = go124 ? (size_t)(j - name) + 8 : 8;
	else
		return (0);
	return (strchr(name + i, '/') != NULL);
}

/* Read a file's content, at most max bytes; NULL if larger or unreadable.
 * The caller frees the result. */
static char *
modzip_read_file(const struct modzip_file *f, size_t max, size_t *len)
{
	struct buf	 b;
	char		 chunk[MODZIP_CHUNK];
	ssize_t		 n;
	int		 fd;

	if (f->has_data) {
		if (f->datalen > max)
			return (NULL);
		*len = f->datalen;
		return (xmemdup(f->data, f->datalen));
	}
	if (f->fs_path == NULL) {
		if (f->size < 0 || (uint64_t)f->size > max)
			return (NULL);
		*len = f->size;
		return (xcalloc(1, f->size + 1));
	}
	if ((fd = open(f->fs_path, O_RDONLY)) == -1)
		return (NULL);
	buf_init(&b, max);
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (buf_add(&b, chunk, n) != 0) {
			close(fd);
			buf_free(&b);
			return (NULL);
		}
	}
	close(fd);
	*len = b.len;
	return (buf_steal(&b));
}

/* parseGoVers and version.Lang: "go1.N" of a go.mod's go line, or "". */
static char *
modzip_go_lang(const char *data, size_t len)
{
	struct modfile_errors	 errs;
	struct modfile		*f;
	char			*lang, *v;

	modfile_errors_init(&errs, "go.mod");
	f = modfile_parse("go.mod", data, len, MODFILE_LAX, NULL, NULL, &errs);
	modfile_errors_free(&errs);
	if (f == NULL || f->go == NULL) {
		modfile_free(f);
		return (xstrdup(""));
	}
	lang = gover_lang(f->go->version);
	if (*lang == '\0')
		v = xstrdup("");
	else
		xasprintf(&v, "go%s", lang);
	free(lang);
	modfile_free(f);
	return (v);
}

/* The Go version of the module, from the root go.mod among files. */
static char *
modzip_files_go_lang(const struct modzip_file *files, size_t n)
{
	char	*data, *v;
	size_t	 i, len;

	for (i = 0; i < n; i++) {
		if (strcmp(files[i].path, "go.mod") != 0 ||
		    files[i].type != MODZIP_REGULAR)
			continue;
		if ((data = modzip_read_file(&files[i], MODZIP_MAX_GOMOD,
		    &len)) == NULL)
			return (xstrdup(""));
		v = modzip_go_lang(data, len);
		free(data);
		return (v);
	}
	return (xstrdup(""));
}

/* Does p lie in a directory holding a go.mod (other than the root)? */
static int
modzip_in_submodule(const struct strmap *have_gomod, const char *p)
{
	char	*dir = xstrdup(p);
	size_t	 n;
	int	 found = 0;

	while (!found && (n = gopath_split(dir)) > 0) {
		dir[n] = '\0';
		found = strmap_get(have_gomod, dir, NULL) != NULL;
		dir[n - 1] = '\0';
	}
	free(dir);
	return (found);
}

/* addError of checkFiles: each path is reported once. */
static void
modzip_file_error(struct modzip_check *cf, struct strmap *seen,
    const char *path, int omitted, const char *err)
{
	if (strmap_get(seen, path, NULL) != NULL)
		return;
	strmap_set(seen, path, (void *)1);
	modzip_err_add(omitted ? &cf->omitted : &cf->invalid, path, "%s", err);
}

/* Record which directories hold a go.mod. */
static void
modzip_find_gomods(const struct modzip_file *files, size_t n,
    struct strmap *have_gomod)
{
	char	*dir, *base;
	size_t	 i, d;

	for (i = 0; i < n; i++) {
		d = gopath_split(files[i].path);
		base = xstrdup(files[i].path + d);
		dir = xstrndup(files[i].path, d);
		if (strcasecmp(base, "go.mod") == 0 &&
		    files[i].type == MODZIP_REGULAR)
			strmap_set(have_gomod, dir, (void *)1);
		free(dir);
		free(base);
	}
}

/*
 * The checks of checkFiles for one file; returns NULL when the file
 * belongs in the zip, else the reason, with *omitted telling whether it is
 * left out quietly or makes the module invalid.
 */
static char *
modzip_check_one(const struct modzip_file *f, const char *vers,
    const struct strmap *have_gomod, struct strmap *cc, int *omitted)
{
	char	*why = NULL, *lower;
	size_t	 i;
	int	 gomod_case;

	*omitted = 0;
	if (!gopath_is_clean(f->path))
		return (xstrdup("file path is not clean"));
	if (f->path[0] == '/')
		return (xstrdup("file path is not relative"));
	*omitted = 1;
	if (modzip_is_vendored(f->path, vers))
		return (xstrdup("file is in vendor directory"));
	if (modzip_in_submodule(have_gomod, f->path))
		return (xstrdup("file is in another module"));
	if (strcmp(f->path, ".hg_archival.txt") == 0)
		return (xstrdup("file is inserted by 'hg archive' and is "
		    "always omitted"));
	*omitted = 0;
	if (modpath_check_file(f->path, &why) != 0)
		return (why);
	lower = xstrdup(f->path);
	for (i = 0; lower[i] != '\0'; i++) {
		if (lower[i] >= 'A' && lower[i] <= 'Z')
			lower[i] += 'a' - 'A';
	}
	gomod_case = strcmp(lower, "go.mod") == 0 &&
	    strcmp(f->path, "go.mod") != 0;
	free(lower);
	if (gomod_case)
		return (xstrdup("go.mod files must have lowercase names"));
	if ((why = modzip_collision(cc, f->path,
	    f->type == MODZIP_DIR)) != NULL)
		return (why);
	*omitted = 1;
	if (f->type == MODZIP_SYMLINK)
		return (xstrdup("file is a symbolic link"));
	if (f->type != MODZIP_REGULAR)
		return (xstrdup("not a regular file"));
	return (NULL);
}

/*
 * CheckFiles: sort files into valid, omitted and invalid. Returns 0 if the
 * result describes a valid module zip, else -1 (*cause is the error).
 * valid_idx, when not NULL, receives the indexes of the valid files.
 */
static int
modzip_check_list(const struct modzip_file *files, size_t n,
    struct modzip_check *cf, size_t *valid_idx, char **cause)
{
	struct strmap	 have_gomod, cc, seen;
	char		*vers, *why;
	int64_t		 left = MODZIP_MAX_ZIP, size;
	size_t		 i, nvalid = 0;
	int		 omitted;

	strmap_init(&have_gomod);
	strmap_init(&cc);
	strmap_init(&seen);
	modzip_find_gomods(files, n, &have_gomod);
	vers = modzip_files_go_lang(files, n);
	for (i = 0; i < n; i++) {
		if ((why = modzip_check_one(&files[i], vers, &have_gomod, &cc,
		    &omitted)) != NULL) {
			modzip_file_error(cf, &seen, files[i].path, omitted, why);
			free(why);
			continue;
		}
		size = files[i].size;
		if (size >= 0 && size <= left)
			left -= size;
		else if (cf->size_error == NULL)
			xasprintf(&cf->size_error, "module source tree too large "
			    "(max size is %d bytes)", MODZIP_MAX_ZIP);
		if (strcmp(files[i].path, "go.mod") == 0 &&
		    size > MODZIP_MAX_GOMOD) {
			modzip_file_error(cf, &seen, files[i].path, 0,
			    "go.mod file too large (max size is 16777216 "
			    "bytes)");
			continue;
		}
		if (strcmp(files[i].path, "LICENSE") == 0 &&
		    size > MODZIP_MAX_LICENSE) {
			modzip_file_error(cf, &seen, files[i].path, 0,
			    "LICENSE file too large (max size is 16777216 "
			    "bytes)");
			continue;
		}
		strv_push(&cf->valid, files[i].path);
		if (valid_idx != NULL)
			valid_idx[nvalid++] = i;
	}
	free(vers);
	strmap_each(&cc, modzip_seen_free, NULL);
	strmap_free(&cc);
	strmap_free(&have_gomod);
	strmap_free(&seen);
	return (modzip_check_result(cf, cause));
}

/* CheckFiles. */
int
modzip_check_files(const struct modzip_file *files, size_t n,
    struct modzip_check *cf, char **cause)
{
	return (modzip_check_list(files, n, cf, NULL, cause));
}

/* Compare directory entries bytewise (filepath.Walk's order). */
static int
modzip_dirent_cmp(const struct dirent **a, const struct dirent **b)
{
	return (strcmp((*a)->d_name, (*b)->d_name));
}

/* A growing list of files found in a directory. */
struct modzip_list {
	struct modzip_file	*v;
	size_t			 n;
	size_t			 cap;
};

/* Add a file found on disk. */
static void
modzip_list_add(struct modzip_list *l, const char *rel, const char *fs_path,
    const struct stat *st)
{
	struct modzip_file	*f;

	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->path = xstrdup(rel);
	f->fs_path = xstrdup(fs_path);
	f->size = st->st_size;
	f->type = S_ISREG(st->st_mode) ? MODZIP_REGULAR :
	    S_ISLNK(st->st_mode) ? MODZIP_SYMLINK : MODZIP_OTHER;
}

/* Does dir hold a go.mod that is not a directory? */
static int
modzip_has_gomod(const char *dir)
{
	struct stat	 st;
	char		*p;
	int		 rc;

	xasprintf(&p, "%s/go.mod", dir);
	rc = lstat(p, &st) == 0 && !S_ISDIR(st.st_mode);
	free(p);
	return (rc);
}

/* The walk of listFilesInDir below one directory. */
static int
modzip_walk(const char *dir, const char *rel, const char *vers,
    struct modzip_list *l, struct modzip_errv *omitted, char **cause)
{
	struct dirent	**ents;
	struct stat	  st;
	char		 *path, *sub;
	const char	 *name;
	int		  n, i, rc = 0;

	if ((n = scandir(dir, &ents, NULL, modzip_dirent_cmp)) == -1) {
		xasprintf(cause, "open %s: %s", dir, strerror(errno));
		return (-1);
	}
	for (i = 0; i < n && rc == 0; i++) {
		name = ents[i]->d_name;
		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		xasprintf(&path, "%s/%s", dir, name);
		xasprintf(&sub, "%s%s%s", rel, *rel != '\0' ? "/" : "", name);
		if (lstat(path, &st) == -1) {
			xasprintf(cause, "lstat %s: %s", path, strerror(errno));
			rc = -1;
		} else if (modzip_is_vendored(sub, vers)) {
			modzip_err_add(omitted, sub, "file is in vendor "
			    "directory");
			if (S_ISDIR(st.st_mode))
				rc = modzip_walk(path, sub, vers, l, omitted,
				    cause);
		} else if (S_ISDIR(st.st_mode)) {
			if (strcmp(name, ".bzr") == 0 ||
			    strcmp(name, ".git") == 0 ||
			    strcmp(name, ".hg") == 0 ||
			    strcmp(name, ".svn") == 0)
				modzip_err_add(omitted, sub, "directory is a "
				    "version control repository");
			else if (modzip_has_gomod(path))
				modzip_err_add(omitted, sub, "directory is in "
				    "another module");
			else
				rc = modzip_walk(path, sub, vers, l, omitted,
				    cause);
		} else if (!S_ISREG(st.st_mode))
			modzip_err_add(omitted, sub, "not a regular file");
		else
			modzip_list_add(l, sub, path, &st);
		free(sub);
		free(path);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return (rc);
}

/* The Go version of a module directory, from its go.mod. */
static char *
modzip_dir_go_lang(const char *dir)
{
	struct modzip_file	 f;
	char			*p, *data, *v;
	size_t			 len;

	memset(&f, 0, sizeof f);
	xasprintf(&p, "%s/go.mod", dir);
	f.fs_path = p;
	data = modzip_read_file(&f, MODZIP_MAX_GOMOD, &len);
	free(p);
	if (data == NULL)
		return (xstrdup(""));
	v = modzip_go_lang(data, len);
	free(data);
	return (v);
}

/* Free a file list made by modzip_list_dir. */
static void
modzip_files_free(struct modzip_file *files, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(files[i].path);
		free(files[i].fs_path);
	}
	free(files);
}

/* listFilesInDir: the files of a module directory, and what was left out
 * on the way. The caller frees the files with modzip_files_free. */
static int
modzip_list_dir(const char *dir, struct modzip_file **files, size_t *n,
    struct modzip_errv *omitted, char **cause)
{
	struct modzip_list	 l = { NULL, 0, 0 };
	char			*vers;
	int			 rc;

	vers = modzip_dir_go_lang(dir);
	rc = modzip_walk(dir, "", vers, &l, omitted, cause);
	free(vers);
	if (rc != 0) {
		modzip_files_free(l.v, l.n);
		return (-1);
	}
	*files = l.v;
	*n = l.n;
	return (0);
}

/* filepath.Join(dir, p) for the clean relative paths used here. */
static char *
modzip_join(const char *dir, const char *p)
{
	char	*j, *c;

	xasprintf(&j, "%s/%s", dir, p);
	c = gopath_clean(j);
	free(j);
	return (c);
}

/* Prefix every path of an error list with dir. */
static void
modzip_errv_join(struct modzip_errv *ev, const char *dir)
{
	char	*p;
	size_t	 i;

	for (i = 0; i < ev->n; i++) {
		p = modzip_join(dir, ev->v[i].path);
		free(ev->v[i].path);
		ev->v[i].path = p;
	}
}

/* CheckDir: check the files CreateFromDir would put in the zip, with
 * their paths given as file system paths under dir. */
int
modzip_check_dir(const char *dir, struct modzip_check *cf, char **cause)
{
	struct modzip_file	*files;
	struct modzip_errv	 omitted = { NULL, 0, 0 };
	char			*p;
	size_t			 n, i;

	if (modzip_list_dir(dir, &files, &n, &omitted, cause) != 0)
		return (-1);
	modzip_check_list(files, n, cf, NULL, NULL);
	modzip_files_free(files, n);
	for (i = 0; i < cf->valid.n; i++) {
		p = modzip_join(dir, cf->valid.v[i]);
		free(cf->valid.v[i]);
		cf->valid.v[i] = p;
	}
	for (i = 0; i < omitted.n; i++)
		modzip_err_add(&cf->omitted, omitted.v[i].path, "%s",
		    omitted.v[i].err);
	modzip_errv_free(&omitted);
	modzip_errv_join(&cf->omitted, dir);
	modzip_errv_join(&cf->invalid, dir);
	return (modzip_check_result(cf, cause));
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

/* zip source callback serving one module file, refusing to produce more
 * than its declared size. */
static zip_int64_t
modzip_source_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct modzip_src		*s = ud;
	const struct modzip_file	*f = s->f;
	zip_stat_t			*st;
	ssize_t				 n;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		s->produced = 0;
		if (f->fs_path != NULL &&
		    (s->fd = open(f->fs_path, O_RDONLY)) == -1) {
			zip_error_set(&s->error, ZIP_ER_OPEN, errno);
			return (-1);
		}
		return (0);
	case ZIP_SOURCE_READ:
		if (f->has_data) {
			n = f->datalen - s->produced;
			if ((zip_uint64_t)n > len)
				n = len;
			memcpy(data, f->data + s->produced, n);
		} else if (f->fs_path != NULL) {
			while ((n = read(s->fd, data, len)) == -1 &&
			    errno == EINTR)
				;
			if (n == -1) {
				zip_error_set(&s->error, ZIP_ER_READ, errno);
				return (-1);
			}
		} else {
			n = f->size - s->produced;
			if ((zip_uint64_t)n > len)
				n = len;
			memset(data, 0, n);
		}
		s->produced += n;
		if (s->produced > f->size) {
			s->too_large = 1;
			zip_error_set(&s->error, ZIP_ER_INCONS, 0);
			return (-1);
		}
		return (n);
	case ZIP_SOURCE_CLOSE:
		if (f->fs_path != NULL && s->fd != -1)
			close(s->fd);
		s->fd = -1;
		return (0);
	case ZIP_SOURCE_STAT:
		st = data;
		zip_stat_init(st);
		st->mtime = MODZIP_MTIME;
		st->valid |= ZIP_STAT_MTIME;
		return (sizeof *st);
	case ZIP_SOURCE_ERROR:
		return (zip_error_to_data(&s->error, data, len));
	case ZIP_SOURCE_FREE:
		zip_error_fini(&s->error);
		return (0);
	case ZIP_SOURCE_SUPPORTS:
		return (zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1));
	default:
		zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
		return (-1);
	}
}

/* Write an empty zip archive (libzip writes no file for an archive
 * without entries; Go writes the end-of-directory record alone). */
static int
modzip_write_empty(const char *zippath, char **cause)
{
	static const char	eocd[22] = "PK\005\006";
	FILE			*fp;

	if ((fp = fopen(zippath, "wb")) == NULL ||
	    fwrite(eocd, 1, sizeof eocd, fp) != sizeof eocd ||
	    fclose(fp) != 0) {
		xasprintf(cause, "%s: %s", zippath, strerror(errno));
		return (-1);
	}
	return (0);
}

/* Write the valid files into a new zip under prefix. */
static int
modzip_write(const char *zippath, const char *prefix,
    const struct modzip_file *files, const size_t *idx, size_t nvalid,
    char **cause)
{
	struct modzip_src	*srcs;
	zip_t			*za;
	zip_source_t		*zs;
	char			*name;
	size_t			 i;
	int			 err, rc = -1;

	if (nvalid == 0)
		return (modzip_write_empty(zippath, cause));
	if ((za = zip_open(zippath, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL) {
		xasprintf(cause, "%s: cannot create zip (libzip error %d)",
		    zippath, err);
		return (-1);
	}
	srcs = xcalloc(nvalid, sizeof *srcs);
	for (i = 0; i < nvalid; i++) {
		srcs[i].f = &files[idx[i]];
		srcs[i].fd = -1;
		zip_error_init(&srcs[i].error);
		if ((zs = zip_source_function(za, modzip_source_cb,
		    &srcs[i])) == NULL)
			fatalx("zip_source_function: %s", zip_strerror(za));
		xasprintf(&name, "%s%s", prefix, files[idx[i]].path);
		if (zip_file_add(za, name, zs, ZIP_FL_ENC_UTF_8) < 0) {
			xasprintf(cause, "%s: %s", name, zip_strerror(za));
			zip_source_free(zs);
			free(name);
			zip_discard(za);
			goto out;
		}
		free(name);
	}
	if (zip_close(za) != 0) {
		for (i = 0; i < nvalid && !srcs[i].too_large; i++)
			;
		if (i < nvalid) {
			name = strquote_quote(srcs[i].f->path);
			xasprintf(cause, "file %s is larger than declared size",
			    name);
			free(name);
		} else
			xasprintf(cause, "%s: %s", zippath, zip_strerror(za));
		zip_discard(za);
		goto out;
	}
	rc = 0;
out:
	free(srcs);
	if (rc != 0)
		unlink(zippath);
	return (rc);
}

/* Create: the zip of module path@version from files, written to zippath.
 * On failure *cause reads "create zip: ...". */
int
modzip_create(const char *zippath, const char *path, const char *version,
    const struct modzip_file *files, size_t n, char **cause)
{
	struct modzip_check	 cf;
	size_t			*idx;
	char			*prefix, *why = NULL;
	int			 rc = -1;

	modzip_check_init(&cf);
	idx = xcalloc(n + 1, sizeof *idx);
	if (modzip_check_module(path, version, &why) == 0 &&
	    modzip_check_list(files, n, &cf, idx, &why) == 0) {
		xasprintf(&prefix, "%s@%s/", path, version);
		rc = modzip_write(zippath, prefix, files, idx, cf.valid.n,
		    &why);
		free(prefix);
	}
	if (rc != 0)
		xasprintf(cause, "create zip: %s", why);
	free(why);
	free(idx);
	modzip_check_free(&cf);
	return (rc);
}

/* CreateFromDir: the zip of the module tree in dir. */
int
modzip_create_from_dir(const char *zippath, const char *path,
    const char *version, const char *dir, char **cause)
{
	struct modzip_file	*files;
	struct modzip_errv	 omitted = { NULL, 0, 0 };
	char			*why = NULL;
	size_t			 n;
	int			 rc;

	if (modzip_list_dir(dir, &files, &n, &omitted, &why) != 0) {
		xasprintf(cause, "create zip from directory %s: %s", dir, why);
		free(why);
		return (-1);
	}
	modzip_errv_free(&omitted);
	rc = modzip_create(zippath, path, version, files, n, &why);
	if (rc != 0)
		xasprintf(cause, "create zip %s: %s", dir,
		    why + strlen("create zip: "));
	free(why);
	modzip_files_free(files, n);
	return (rc);
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

/* Extract one entry to dst, refusing more than its declared size. */
static int
modzip_extract(zip_t *za, zip_int64_t i, const zip_stat_t *zs,
    const char *dst, char **cause)
{
	zip_file_t	*zf;
	char		 buf[MODZIP_CHUNK];
	zip_int64_t	 got;
	uint64_t	 total = 0;
	int		 fd, rc = 0;

	if ((fd = open(dst, O_WRONLY | O_CREAT | O_EXCL, 0444)) == -1) {
		xasprintf(cause, "open %s: %s", dst, strerror(errno));
		return (-1);
	}
	if ((zf = zip_fopen_index(za, i, 0)) == NULL) {
		close(fd);
		*cause = xstrdup("zip: not a valid zip file");
		return (-1);
	}
	while (rc == 0 && (got = zip_fread(zf, buf, sizeof buf)) > 0) {
		total += got;
		if (total > zs->size)
			break;
		if (write(fd, buf, got) != got) {
			xasprintf(cause, "write %s: %s", dst, strerror(errno));
			rc = -1;
		}
	}
	if (rc == 0 && total > zs->size) {
		xasprintf(cause, "uncompressed size of file %s is larger than "
		    "declared size (%llu bytes)", zs->name,
		    (unsigned long long)zs->size);
		rc = -1;
	} else if (rc == 0 && got < 0) {
		*cause = xstrdup("zip: not a valid zip file");
		rc = -1;
	}
	zip_fclose(zf);
	if (close(fd) != 0 && rc == 0) {
		xasprintf(cause, "close %s: %s", dst, strerror(errno));
		rc = -1;
	}
	return (rc);
}

/* os.MkdirAll. */
static int
modzip_mkdir_all(const char *dir, char **cause)
{
	char	*p, *s;

	p = xstrdup(dir);
	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) == -1 && errno != EEXIST)
			goto fail;
		*s = '/';
	}
	if (mkdir(p, 0777) == -1 && errno != EEXIST)
		goto fail;
	free(p);
	return (0);
fail:
	xasprintf(cause, "mkdir %s: %s", p, strerror(errno));
	free(p);
	return (-1);
}

/* Is dir an existing directory with entries? */
static int
modzip_dir_nonempty(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	int		 found = 0;

	if ((d = opendir(dir)) == NULL)
		return (0);
	while (!found && (e = readdir(d)) != NULL)
		found = strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0;
	closedir(d);
	return (found);
}

/* Extract every file entry of a checked zip into dir. */
static int
modzip_extract_all(zip_t *za, const char *dir, const char *path,
    const char *version, char **cause)
{
	zip_stat_t	 zs;
	zip_int64_t	 i, n;
	char		*prefix, *dst, *parent;
	const char	*name;
	int		 rc = 0;

	xasprintf(&prefix, "%s@%s/", path, version);
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n && rc == 0; i++) {
		if (zip_stat_index(za, i, 0, &zs) != 0)
			continue;
		name = zs.name + strlen(prefix);
		if (*name == '\0' || name[strlen(name) - 1] == '/')
			continue;
		dst = modzip_join(dir, name);
		parent = gopath_dir(dst);
		rc = modzip_mkdir_all(parent, cause);
		if (rc == 0)
			rc = modzip_extract(za, i, &zs, dst, cause);
		free(parent);
		free(dst);
	}
	free(prefix);
	return (rc);
}

/* Unzip: check the zip of path@version and extract it into dir, which must
 * be empty or absent. On failure *cause reads "unzip <zip>: ...". */
int
modzip_unzip(const char *dir, const char *path, const char *version,
    const char *zippath, char **cause)
{
	struct modzip_check	 cf;
	zip_t			*za = NULL;
	char			*why = NULL;
	int			 rc = -1;

	modzip_check_init(&cf);
	if (modzip_dir_nonempty(dir))
		xasprintf(&why, "target directory %s exists and is not empty",
		    dir);
	else if ((za = modzip_open_checked(zippath, path, version, &cf,
	    &why)) != NULL && (why = modzip_check_err(&cf)) == NULL &&
	    modzip_mkdir_all(dir, &why) == 0)
		rc = modzip_extract_all(za, dir, path, version, &why);
	if (za != NULL)
		zip_discard(za);
	if (rc != 0)
		xasprintf(cause, "unzip %s: %s", zippath, why);
	free(why);
	modzip_check_free(&cf);
	return (rc);
}
