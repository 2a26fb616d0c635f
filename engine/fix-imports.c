/*
 * fix for the main module's Go files: an import of a package the module
 * does not have, rewritten to the one package whose Pulumi type tokens
 * alias the missing name (an unknown-package finding's "rewrite"), with
 * the pkg.Name selectors on it renamed to the new package's name. The
 * client applies it to its own files (the daemon never reads them), so
 * the same function serves both doors. Where renaming could be wrong (the
 * old name also stands bare somewhere the reader silenced, or the new
 * name is already taken in the file), the import keeps its old name as
 * an explicit one instead: the file then means what it meant, with the
 * right package.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gosrc/gosrc.h"
#include "engine/engine.h"

struct edit {
	size_t		 off;		/* into the old text */
	size_t		 len;		/* bytes replaced */
	const char	*text;		/* put there */
};

static int
edit_cmp(const void *a, const void *b)
{
	const struct edit	*x = a, *y = b;

	return (x->off < y->off ? 1 : x->off > y->off ? -1 : 0);
}

/* Byte offset of a 1-based line and column, or (size_t)-1. */
static size_t
offset_of(const char *src, size_t len, int line, int col)
{
	size_t	off = 0;
	int	l = 1;

	while (l < line && off < len) {
		if (src[off++] == '\n')
			l++;
	}
	if (l != line || off + (size_t)col - 1 > len)
		return ((size_t)-1);
	return (off + (size_t)col - 1);
}

/* How many identifier tokens of the file are name. */
static size_t
count_ident(const char *src, size_t len, const char *name)
{
	struct go_scanner	s;
	struct go_token		t;
	size_t			n = 0, nlen = strlen(name);

	go_scan_init(&s, src, len);
	for (go_scan(&s, &t); t.kind != GO_EOF && t.kind != GO_ILLEGAL;
	    go_scan(&s, &t))
		if (t.kind == GO_IDENT && t.len == nlen &&
		    memcmp(t.p, name, nlen) == 0)
			n++;
	return (n);
}

char *
fix_rewrite_import(const char *src, size_t len, int line, const char *from,
    const char *to, const char *newname, size_t *outlen)
{
	struct go_file		 f;
	const struct go_import	*im = NULL;
	struct edit		*ed;
	struct buf		 b;
	const char		*old, *slash;
	char			*quoted, *named = NULL, *out = NULL;
	size_t			 i, n = 0, uses = 0, at, cut;
	int			 rename;

	go_file_read(src, len, &f);
	for (i = 0; i < f.nimports; i++)
		if (f.imports[i].line == line &&
		    strcmp(f.imports[i].path, from) == 0)
			im = &f.imports[i];
	if (im == NULL || (at = offset_of(src, len, im->line,
	    im->col)) == (size_t)-1 || at + strlen(from) + 2 > len ||
	    memcmp(src + at + 1, from, strlen(from)) != 0) {
		go_file_free(&f);
		return (NULL);	/* not the file the finding was about */
	}
	slash = strrchr(from, '/');
	old = im->name != NULL ? im->name : slash != NULL ? slash + 1 : from;
	for (i = 0; i < f.nuses; i++)
		uses += strcmp(f.uses[i].pkg, old) == 0;
	/* Rename only when every mention of the old name is a selector the
	 * reader found, and the new name is free. */
	rename = im->name == NULL && strcmp(old, newname) != 0 &&
	    count_ident(src, len, old) == uses &&
	    count_ident(src, len, newname) == 0;
	ed = xcalloc(f.nuses + 2, sizeof *ed);
	xasprintf(&quoted, "\"%s\"", to);
	if (im->name == NULL && !rename && strcmp(old, newname) != 0) {
		xasprintf(&named, "%s \"%s\"", old, to);
		ed[n].text = named;
	} else
		ed[n].text = quoted;
	ed[n].off = at;
	ed[n++].len = strlen(from) + 2;
	for (i = 0; rename && i < f.nuses; i++) {
		if (strcmp(f.uses[i].pkg, old) != 0 || (cut = offset_of(src,
		    len, f.uses[i].line, f.uses[i].col)) == (size_t)-1)
			continue;
		ed[n].off = cut;
		ed[n].len = strlen(old);
		ed[n++].text = newname;
	}
	qsort(ed, n, sizeof *ed, edit_cmp);
	/* From the end backwards, each edit against the old text. */
	buf_init(&b, 0);
	buf_add(&b, src, len);
	for (i = 0; i < n; i++) {
		struct buf	 t;

		buf_init(&t, 0);
		buf_add(&t, b.data, ed[i].off);
		buf_adds(&t, ed[i].text);
		buf_add(&t, b.data + ed[i].off + ed[i].len,
		    b.len - ed[i].off - ed[i].len);
		buf_free(&b);
		b = t;
	}
	*outlen = b.len;
	out = buf_steal(&b);
	free(quoted);
	free(named);
	free(ed);
	go_file_free(&f);
	return (out);
}
