/*
 * The packages of one module version (see gosrc.h): which directories
 * hold a package the build can import, and what each declares, imports
 * and aliases. Files are decided as go/build decides them for the go
 * command's default build (linux/amd64, cgo, gc): the _GOOS/_GOARCH file
 * name suffixes and the //go:build line.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gosrc/gosrc.h"

static const char *const known_os[] = {
	"aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos",
	"ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris",
	"wasip1", "windows", "zos"
};
static const char *const known_arch[] = {
	"386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be",
	"loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32",
	"mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64", "s390",
	"s390x", "sparc", "sparc64", "wasm"
};

static int
in_list(const char *const *list, size_t n, const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return (1);
	}
	return (0);
}

/* A build tag true for linux/amd64 with cgo, gc and go1.1 to go1.99. */
static int
tag_true(const char *s, size_t len)
{
	static const char *const on[] = { "linux", "amd64", "unix", "gc",
	    "cgo", "amd64.v1" };
	size_t	i;

	if (in_list(on, nitems(on), s, len))
		return (1);
	if (len >= 4 && memcmp(s, "go1.", 4) == 0) {
		for (i = 4; i < len; i++)
			if (s[i] < '0' || s[i] > '9')
				return (0);
		return (len > 4);
	}
	return (0);
}

/* go/build's goodOSArchFile for linux/amd64 (a _test.go file's name is
 * read without its "_test"). */
int
go_file_name_linux(const char *base)
{
	const char	*end = strrchr(base, '.'), *u1, *u2;
	size_t		 n;

	n = end != NULL ? (size_t)(end - base) : strlen(base);
	if (n > 5 && memcmp(base + n - 5, "_test", 5) == 0)
		n -= 5;
	/* The last one or two "_" parts, if they name an OS or arch. */
	u2 = NULL;
	for (u1 = base; (u1 = memchr(u1, '_', n - (size_t)(u1 - base))) !=
	    NULL; u1++)
		u2 = u1;
	if (u2 == NULL)
		return (1);
	{
		const char	*last = u2 + 1, *prev = NULL, *p;
		size_t		 llen = n - (size_t)(last - base);

		for (p = base; p < u2; p++)
			if (*p == '_')
				prev = p;
		if (prev != NULL && in_list(known_os, nitems(known_os),
		    prev + 1, (size_t)(u2 - prev - 1)) &&
		    in_list(known_arch, nitems(known_arch), last, llen))
			return (tag_true(prev + 1, (size_t)(u2 - prev - 1)) &&
			    tag_true(last, llen));
		if (in_list(known_os, nitems(known_os), last, llen) ||
		    in_list(known_arch, nitems(known_arch), last, llen))
			return (tag_true(last, llen));
	}
	return (1);
}

int
go_path_is_source(const char *rel)
{
	const char	*p, *slash;
	size_t		 n = strlen(rel), len;

	if (n < 4 || strcmp(rel + n - 3, ".go") != 0)
		return (0);
	for (p = rel;; p = slash + 1) {
		slash = strchr(p, '/');
		len = slash != NULL ? (size_t)(slash - p) : strlen(p);
		if (len == 0 || *p == '_' || *p == '.')
			return (0);
		if (slash != NULL && ((len == 8 && memcmp(p, "testdata",
		    8) == 0) || (len == 6 && memcmp(p, "vendor", 6) == 0)))
			return (0);
		if (slash == NULL)
			return (1);
	}
}

static int
is_test_file(const char *rel)
{
	size_t	n = strlen(rel);

	return (n >= 8 && strcmp(rel + n - 8, "_test.go") == 0);
}

int
go_index_wants(const char *rel)
{
	const char	*base;

	if (!go_path_is_source(rel) || is_test_file(rel))
		return (0);
	base = strrchr(rel, '/');
	return (go_file_name_linux(base != NULL ? base + 1 : rel));
}

/*
 * A //go:build expression: || of && of !, parentheses and tags
 * (go/build/constraint's grammar). Malformed expressions are false, as
 * the go command does not build such files. Two builds: the default one
 * (linux/amd64), and go mod tidy's, for which every tag but "ignore" is
 * both set and not (cmd/go/internal/imports' matchTag with "*": a tag
 * is what is preferred where it stands, so "!windows" holds as well).
 */
struct bexpr {
	const char	*p;
	int		 bad;
	int		 any;		/* tidy's build */
	int		 prefer;	/* flipped under each "!" */
};

static void
bskip(struct bexpr *e)
{
	while (*e->p == ' ' || *e->p == '\t')
		e->p++;
}

static int	bor(struct bexpr *);

static int
btag(const struct bexpr *e, const char *s, size_t len)
{
	if (!e->any)
		return (tag_true(s, len));
	if (len == 6 && memcmp(s, "ignore", 6) == 0)
		return (0);
	return (e->prefer);
}

static int
bnot(struct bexpr *e)
{
	const char	*s;
	int		 v;

	bskip(e);
	if (*e->p == '!') {
		e->p++;
		e->prefer = !e->prefer;
		v = !bnot(e);
		e->prefer = !e->prefer;
		return (v);
	}
	if (*e->p == '(') {
		e->p++;
		v = bor(e);
		bskip(e);
		if (*e->p != ')')
			e->bad = 1;
		else
			e->p++;
		return (v);
	}
	s = e->p;
	while ((*e->p >= 'a' && *e->p <= 'z') || (*e->p >= 'A' &&
	    *e->p <= 'Z') || (*e->p >= '0' && *e->p <= '9') || *e->p == '_' ||
	    *e->p == '.')
		e->p++;
	if (e->p == s) {
		e->bad = 1;
		return (0);
	}
	return (btag(e, s, (size_t)(e->p - s)));
}

static int
band(struct bexpr *e)
{
	int	v = bnot(e);

	for (;;) {
		bskip(e);
		if (e->p[0] != '&' || e->p[1] != '&')
			return (v);
		e->p += 2;
		v = bnot(e) && v;
	}
}

static int
bor(struct bexpr *e)
{
	int	v = band(e);

	for (;;) {
		bskip(e);
		if (e->p[0] != '|' || e->p[1] != '|')
			return (v);
		e->p += 2;
		v = band(e) || v;
	}
}

static int
build_match(const char *expr, int any)
{
	struct bexpr	e = { expr, 0, any, 1 };
	int		v;

	if (expr == NULL)
		return (1);
	v = bor(&e);
	bskip(&e);
	return (!e.bad && *e.p == '\0' && v);
}

int
go_build_match(const char *expr)
{
	return (build_match(expr, 0));
}

int
go_build_match_any(const char *expr)
{
	return (build_match(expr, 1));
}

void
go_index_init(struct go_index *idx)
{
	memset(idx, 0, sizeof *idx);
}

static struct go_package *
package_for(struct go_index *idx, const char *dir, size_t len)
{
	struct go_package	*p;
	size_t			 i;

	for (i = idx->n; i-- > 0;) {	/* files of a directory come together */
		if (strlen(idx->v[i].dir) == len &&
		    memcmp(idx->v[i].dir, dir, len) == 0)
			return (&idx->v[i]);
	}
	idx->v = xreallocarray(idx->v, idx->n + 1, sizeof *idx->v);
	p = &idx->v[idx->n++];
	memset(p, 0, sizeof *p);
	p->dir = xstrndup(dir, len);
	strv_init(&p->exported);
	strv_init(&p->imports);
	strv_init(&p->tokens);
	return (p);
}

static struct go_pkgdeps *
deps_for(struct go_index *idx, const char *dir, size_t len)
{
	struct go_pkgdeps	*d;
	size_t			 i;

	for (i = idx->ndeps; i-- > 0;) {
		if (strlen(idx->deps[i].dir) == len &&
		    memcmp(idx->deps[i].dir, dir, len) == 0)
			return (&idx->deps[i]);
	}
	idx->deps = xreallocarray(idx->deps, idx->ndeps + 1,
	    sizeof *idx->deps);
	d = &idx->deps[idx->ndeps++];
	d->dir = xstrndup(dir, len);
	strv_init(&d->imports);
	strv_init(&d->test_imports);
	return (d);
}

void
go_index_add(struct go_index *idx, const char *rel, const char *data,
    size_t len)
{
	struct go_file		 f;
	struct go_package	*p;
	struct go_pkgdeps	*d;
	const char		*slash;
	size_t			 i, plen, dlen;
	int			 for_linux;

	if (!go_path_is_source(rel))
		return;
	for_linux = go_index_wants(rel);
	if (for_linux)
		idx->nfiles++;
	/* Of a test file or another platform's, only the imports count. */
	go_file_read_as(data, len, for_linux ? GO_READ_DECLS : GO_READ_IMPORTS,
	    &f);
	if (f.package == NULL) {
		if (for_linux)
			idx->nerrors++;
		go_file_free(&f);
		return;
	}
	if (f.error != NULL && for_linux)
		idx->nerrors++;
	slash = strrchr(rel, '/');
	dlen = slash != NULL ? (size_t)(slash - rel) : 0;
	if (go_build_match_any(f.build)) {
		d = deps_for(idx, rel, dlen);
		for (i = 0; i < f.nimports; i++) {
			if (strcmp(f.imports[i].path, "C") != 0)
				strv_push(is_test_file(rel) ? &d->test_imports :
				    &d->imports, f.imports[i].path);
		}
	}
	plen = strlen(f.package);
	if (!for_linux || !go_build_match(f.build) ||
	    (plen > 5 && strcmp(f.package + plen - 5, "_test") == 0)) {
		go_file_free(&f);
		return;
	}
	p = package_for(idx, rel, dlen);
	if (p->name == NULL)
		p->name = xstrdup(f.package);
	p->nfiles++;
	for (i = 0; i < f.exported.n; i++)
		strv_push(&p->exported, f.exported.v[i]);
	for (i = 0; i < f.nimports; i++) {
		if (strcmp(f.imports[i].path, "C") != 0)
			strv_push(&p->imports, f.imports[i].path);
	}
	for (i = 0; i < f.tokens.n; i++)
		strv_push(&p->tokens, f.tokens.v[i]);
	go_file_free(&f);
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

static void
sort_unique(struct strv *v)
{
	size_t	i, k = 0;

	if (v->n < 2)
		return;
	qsort(v->v, v->n, sizeof *v->v, cmp_str);
	for (i = 0; i < v->n; i++) {
		if (k > 0 && strcmp(v->v[k - 1], v->v[i]) == 0)
			free(v->v[i]);
		else
			v->v[k++] = v->v[i];
	}
	v->n = k;
}

/* qsort's comparison of two go_package or two go_pkgdeps: by dir, their
 * first member. */
static int
cmp_dir(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

void
go_index_finish(struct go_index *idx)
{
	size_t	i;

	if (idx->n > 1)
		qsort(idx->v, idx->n, sizeof *idx->v, cmp_dir);
	for (i = 0; i < idx->n; i++) {
		sort_unique(&idx->v[i].exported);
		sort_unique(&idx->v[i].imports);
		sort_unique(&idx->v[i].tokens);
	}
	if (idx->ndeps > 1)
		qsort(idx->deps, idx->ndeps, sizeof *idx->deps, cmp_dir);
	for (i = 0; i < idx->ndeps; i++) {
		sort_unique(&idx->deps[i].imports);
		sort_unique(&idx->deps[i].test_imports);
	}
}

/* bsearch's comparison of a directory with a go_package or go_pkgdeps,
 * both of which begin with their dir. */
static int
cmp_dir_key(const void *key, const void *elem)
{
	return (strcmp(key, *(char *const *)elem));
}

const struct go_package *
go_index_find(const struct go_index *idx, const char *dir)
{
	if (idx->n == 0)
		return (NULL);
	return (bsearch(dir, idx->v, idx->n, sizeof *idx->v, cmp_dir_key));
}

const struct go_pkgdeps *
go_index_deps(const struct go_index *idx, const char *dir)
{
	if (idx->ndeps == 0)
		return (NULL);
	return (bsearch(dir, idx->deps, idx->ndeps, sizeof *idx->deps,
	    cmp_dir_key));
}

/* bsearch: a directory against an unread entry "dir\tfiles". */
static int
cmp_unread_key(const void *key, const void *elem)
{
	const char	*k = key, *e = *(char *const *)elem;
	size_t		 n = strcspn(e, "\t");
	int		 c = strncmp(k, e, n);

	if (c != 0)
		return (c);
	return (k[n] == '\0' ? 0 : 1);
}

const char *
go_index_unread(const struct go_index *idx, const char *dir)
{
	char	**e;

	if (idx->unread.n == 0)
		return (NULL);
	e = bsearch(dir, idx->unread.v, idx->unread.n, sizeof
	    *idx->unread.v, cmp_unread_key);
	return (e != NULL ? *e : NULL);
}

void
go_index_mark_read(struct go_index *idx, const struct strv *dirs)
{
	size_t	i, k = 0, n;

	for (i = 0; i < idx->unread.n; i++) {
		const char *e = idx->unread.v[i];
		char	   *dir;

		n = strcspn(e, "\t");
		dir = xstrndup(e, n);
		if (dirs->n > 0 && bsearch(&dir, dirs->v, dirs->n,
		    sizeof *dirs->v, cmp_str) != NULL)
			strv_push_owned(&idx->read_listing, idx->unread.v[i]);
		else
			idx->unread.v[k++] = idx->unread.v[i];
		free(dir);
	}
	idx->unread.n = k;
	strv_sort(&idx->read_listing);
	if (k == 0)
		strv_free(&idx->read_listing);	/* whole now */
}

/* "goindex 3 NFILES NERRORS" ("goindex 4" for a partial index), then per
 * package "P dir\tname\tnfiles" and its "E name", "I path", "T token"
 * lines, then per directory of go_index_deps "D dir" and its "A path"
 * (imports) and "X path" (test imports) lines, then (format 4) the
 * unread directories as "U dir\tfiles" and the read ones as "R dir\tfiles",
 * and last "end NPACKAGES NDIRS":
 * a text cut short anywhere does not read back. */
char *
go_index_encode(const struct go_index *idx)
{
	struct buf	b;
	size_t		i, j;

	buf_init(&b, 0);
	buf_printf(&b, "goindex %d %zu %zu\n", idx->unread.n > 0 ? 4 : 3,
	    idx->nfiles, idx->nerrors);
	for (i = 0; i < idx->n; i++) {
		const struct go_package *p = &idx->v[i];

		buf_printf(&b, "P %s\t%s\t%d\n", p->dir, p->name, p->nfiles);
		for (j = 0; j < p->exported.n; j++)
			buf_printf(&b, "E %s\n", p->exported.v[j]);
		for (j = 0; j < p->imports.n; j++)
			buf_printf(&b, "I %s\n", p->imports.v[j]);
		for (j = 0; j < p->tokens.n; j++)
			buf_printf(&b, "T %s\n", p->tokens.v[j]);
	}
	for (i = 0; i < idx->ndeps; i++) {
		const struct go_pkgdeps *d = &idx->deps[i];

		buf_printf(&b, "D %s\n", d->dir);
		for (j = 0; j < d->imports.n; j++)
			buf_printf(&b, "A %s\n", d->imports.v[j]);
		for (j = 0; j < d->test_imports.n; j++)
			buf_printf(&b, "X %s\n", d->test_imports.v[j]);
	}
	for (i = 0; i < idx->unread.n; i++)
		buf_printf(&b, "U %s\n", idx->unread.v[i]);
	for (i = 0; idx->unread.n > 0 && i < idx->read_listing.n; i++)
		buf_printf(&b, "R %s\n", idx->read_listing.v[i]);
	buf_printf(&b, "end %zu %zu\n", idx->n, idx->ndeps);
	return (buf_steal(&b));
}

int
go_index_decode(const char *s, struct go_index *idx)
{
	struct go_package	*p = NULL;
	struct go_pkgdeps	*d = NULL;
	const char		*line, *nl, *tab1, *tab2;
	char			*v, *end;
	size_t			 len;
	int			 format;

	go_index_init(idx);
	if (sscanf(s, "goindex %d %zu %zu\n", &format, &idx->nfiles,
	    &idx->nerrors) != 3 || (format != 3 && format != 4))
		return (-1);
	line = strchr(s, '\n');
	for (line = line != NULL ? line + 1 : s + strlen(s); *line != '\0';
	    line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			goto bad;
		len = (size_t)(nl - line);
		if (len > 4 && strncmp(line, "end ", 4) == 0) {
			if ((size_t)strtoull(line + 4, &end, 10) != idx->n ||
			    *end != ' ' ||
			    (size_t)strtoull(end + 1, &end, 10) != idx->ndeps ||
			    end != nl || nl[1] != '\0' ||
			    (format == 4) != (idx->unread.n > 0))
				goto bad;
			return (0);
		}
		if (len < 2 || line[1] != ' ')
			goto bad;
		if (line[0] == 'P' && d == NULL) {
			tab1 = memchr(line + 2, '\t', len - 2);
			tab2 = tab1 != NULL ? memchr(tab1 + 1, '\t',
			    (size_t)(nl - tab1 - 1)) : NULL;
			if (tab2 == NULL)
				goto bad;
			idx->v = xreallocarray(idx->v, idx->n + 1,
			    sizeof *idx->v);
			p = &idx->v[idx->n++];
			memset(p, 0, sizeof *p);
			p->dir = xstrndup(line + 2, (size_t)(tab1 - line - 2));
			p->name = xstrndup(tab1 + 1, (size_t)(tab2 - tab1 - 1));
			p->nfiles = atoi(tab2 + 1);
			strv_init(&p->exported);
			strv_init(&p->imports);
			strv_init(&p->tokens);
			continue;
		}
		if (line[0] == 'D') {
			idx->deps = xreallocarray(idx->deps, idx->ndeps + 1,
			    sizeof *idx->deps);
			d = &idx->deps[idx->ndeps++];
			d->dir = xstrndup(line + 2, len - 2);
			strv_init(&d->imports);
			strv_init(&d->test_imports);
			continue;
		}
		v = xstrndup(line + 2, len - 2);
		if (line[0] == 'U' && format == 4 && strchr(v, '\t') != NULL &&
		    (idx->unread.n == 0 || strcmp(idx->unread.v[idx->unread.n -
		    1], v) < 0))
			strv_push_owned(&idx->unread, v);
		else if (line[0] == 'R' && format == 4 &&
		    strchr(v, '\t') != NULL && (idx->read_listing.n == 0 ||
		    strcmp(idx->read_listing.v[idx->read_listing.n - 1],
		    v) < 0))
			strv_push_owned(&idx->read_listing, v);
		else if (d != NULL && line[0] == 'A')
			strv_push_owned(&d->imports, v);
		else if (d != NULL && line[0] == 'X')
			strv_push_owned(&d->test_imports, v);
		else if (d == NULL && p != NULL && line[0] == 'E')
			strv_push_owned(&p->exported, v);
		else if (d == NULL && p != NULL && line[0] == 'I')
			strv_push_owned(&p->imports, v);
		else if (d == NULL && p != NULL && line[0] == 'T')
			strv_push_owned(&p->tokens, v);
		else {
			free(v);
			goto bad;
		}
	}
	/* No "end": the text was cut short. */
bad:
	go_index_free(idx);
	return (-1);
}

void
go_index_free(struct go_index *idx)
{
	size_t	i;

	for (i = 0; i < idx->n; i++) {
		free(idx->v[i].dir);
		free(idx->v[i].name);
		strv_free(&idx->v[i].exported);
		strv_free(&idx->v[i].imports);
		strv_free(&idx->v[i].tokens);
	}
	free(idx->v);
	for (i = 0; i < idx->ndeps; i++) {
		free(idx->deps[i].dir);
		strv_free(&idx->deps[i].imports);
		strv_free(&idx->deps[i].test_imports);
	}
	free(idx->deps);
	strv_free(&idx->unread);
	strv_free(&idx->read_listing);
	memset(idx, 0, sizeof *idx);
}
