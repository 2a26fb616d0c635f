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

/* file_name_ok: go/build's goodOSArchFile for linux/amd64. */
static int
file_name_ok(const char *base)
{
	const char	*end = strrchr(base, '.'), *u1, *u2;
	size_t		 n;

	n = end != NULL ? (size_t)(end - base) : strlen(base);
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
go_index_wants(const char *rel)
{
	const char	*p, *slash, *base;
	size_t		 n = strlen(rel), len;

	if (n < 4 || strcmp(rel + n - 3, ".go") != 0 ||
	    (n >= 8 && strcmp(rel + n - 8, "_test.go") == 0))
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
			break;
	}
	base = strrchr(rel, '/');
	return (file_name_ok(base != NULL ? base + 1 : rel));
}

/*
 * A //go:build expression: || of && of !, parentheses and tags
 * (go/build/constraint's grammar). Malformed expressions are false, as
 * the go command does not build such files.
 */
struct bexpr {
	const char	*p;
	int		 bad;
};

static void
bskip(struct bexpr *e)
{
	while (*e->p == ' ' || *e->p == '\t')
		e->p++;
}

static int	bor(struct bexpr *);

static int
bnot(struct bexpr *e)
{
	const char	*s;
	int		 v;

	bskip(e);
	if (*e->p == '!') {
		e->p++;
		return (!bnot(e));
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
	return (tag_true(s, (size_t)(e->p - s)));
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

int
go_build_match(const char *expr)
{
	struct bexpr	e = { expr, 0 };
	int		v;

	v = bor(&e);
	bskip(&e);
	return (!e.bad && *e.p == '\0' && v);
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

void
go_index_add(struct go_index *idx, const char *rel, const char *data,
    size_t len)
{
	struct go_file		 f;
	struct go_package	*p;
	const char		*slash;
	size_t			 i, plen;

	if (!go_index_wants(rel))
		return;
	idx->nfiles++;
	go_file_read(data, len, &f);
	if (f.package == NULL) {
		idx->nerrors++;
		go_file_free(&f);
		return;
	}
	if (f.error != NULL)
		idx->nerrors++;
	plen = strlen(f.package);
	if ((f.build != NULL && !go_build_match(f.build)) ||
	    (plen > 5 && strcmp(f.package + plen - 5, "_test") == 0)) {
		go_file_free(&f);
		return;
	}
	slash = strrchr(rel, '/');
	p = package_for(idx, rel, slash != NULL ? (size_t)(slash - rel) : 0);
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

static int
cmp_pkg(const void *a, const void *b)
{
	return (strcmp(((const struct go_package *)a)->dir,
	    ((const struct go_package *)b)->dir));
}

void
go_index_finish(struct go_index *idx)
{
	size_t	i;

	if (idx->n > 1)
		qsort(idx->v, idx->n, sizeof *idx->v, cmp_pkg);
	for (i = 0; i < idx->n; i++) {
		sort_unique(&idx->v[i].exported);
		sort_unique(&idx->v[i].imports);
		sort_unique(&idx->v[i].tokens);
	}
}

const struct go_package *
go_index_find(const struct go_index *idx, const char *dir)
{
	size_t	lo = 0, hi = idx->n, mid;
	int	c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((c = strcmp(dir, idx->v[mid].dir)) == 0)
			return (&idx->v[mid]);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (NULL);
}

/* "goindex 2 NFILES NERRORS", then per package "P dir\tname\tnfiles"
 * and its "E name", "I path", "T token" lines, and last "end NPACKAGES":
 * a text cut short anywhere does not read back. */
char *
go_index_encode(const struct go_index *idx)
{
	struct buf	b;
	size_t		i, j;

	buf_init(&b, 0);
	buf_printf(&b, "goindex 2 %zu %zu\n", idx->nfiles, idx->nerrors);
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
	buf_printf(&b, "end %zu\n", idx->n);
	return (buf_steal(&b));
}

int
go_index_decode(const char *s, struct go_index *idx)
{
	struct go_package	*p = NULL;
	const char		*line, *nl, *tab1, *tab2;
	char			*v;
	size_t			 len;

	go_index_init(idx);
	if (sscanf(s, "goindex 2 %zu %zu\n", &idx->nfiles,
	    &idx->nerrors) != 2)
		return (-1);
	line = strchr(s, '\n');
	for (line = line != NULL ? line + 1 : s + strlen(s); *line != '\0';
	    line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			goto bad;
		len = (size_t)(nl - line);
		if (len > 4 && strncmp(line, "end ", 4) == 0) {
			if ((size_t)strtoull(line + 4, NULL, 10) != idx->n ||
			    nl[1] != '\0')
				goto bad;
			return (0);
		}
		if (len < 2 || line[1] != ' ')
			goto bad;
		if (line[0] == 'P') {
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
		if (p == NULL)
			goto bad;
		v = xstrndup(line + 2, len - 2);
		if (line[0] == 'E')
			strv_push_owned(&p->exported, v);
		else if (line[0] == 'I')
			strv_push_owned(&p->imports, v);
		else if (line[0] == 'T')
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
	memset(idx, 0, sizeof *idx);
}
