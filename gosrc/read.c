/*
 * One Go file, read as far as modvet needs it (see gosrc.h): the package
 * clause, the //go:build line before it, the imports, the exported
 * top-level names, and the pkg.Name selectors whose base is the name of an
 * import. Declarations are not parsed: a top-level declaration is its
 * keyword, its name(s), then tokens up to the ";" that ends it at depth 0,
 * which is all the grammar needs to say what is declared.
 *
 * Shadowing is decided conservatively, never wrongly in the unsafe
 * direction: a name used anywhere but as the base of a selector (a
 * parameter, a variable, a field, a key) silences every selector on it,
 * so a local "events := ..." never turns "events.Foo" into a finding.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"
#include "gosrc/gosrc.h"

struct reader {
	struct go_scanner	 s;
	struct go_token		 t;		/* current, comments skipped */
	struct go_file		*f;
	struct strmap		 bare;		/* names used not as a base */
	enum go_read		 what;		/* what the caller keeps */
	struct go_token		 prev;		/* the token before t */
	struct go_token		 prev2;		/* and the one before */
	/* The file's header, for "// +build" lines. */
	int			 hdr_done;	/* the first other token seen */
	int			 hdr_ended;	/* a line not a // comment */
	int			 hdr_last;	/* last line of the last comment */
	char			*plus_pending;	/* not yet followed by a blank */
	char			*plus;		/* their && */
};

/* Is the identifier exported (its first rune upper case)? */
static int
go_is_exported(const char *name, size_t len)
{
	size_t	w;

	return (len > 0 && unicode_is_upper(unicode_decode(name, len, &w)));
}

static void
read_error(struct reader *r, const char *msg)
{
	if (r->f->error != NULL)
		return;
	r->f->error = xstrdup(msg);
	r->f->err_line = r->t.line;
	r->f->err_col = r->t.col;
}

/* a && b, where either may be NULL; frees both. */
static char *
and_expr(char *a, char *b)
{
	char	*out;

	if (a == NULL || b == NULL)
		return (a != NULL ? a : b);
	xasprintf(&out, "(%s) && (%s)", a, b);
	free(a);
	free(b);
	return (out);
}

static int
plus_space(char c)
{
	return (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f');
}

/* One literal of a "+build" line: a tag, !tag, or "ignore" for anything
 * else ("!!x", "!", a word with other characters). */
static void
plus_literal(struct buf *b, const char *p, size_t n)
{
	size_t	i;
	int	neg = 0;

	if ((n >= 2 && p[0] == '!' && p[1] == '!') || (n == 1 && *p == '!')) {
		buf_adds(b, "ignore");
		return;
	}
	if (n > 0 && *p == '!') {
		neg = 1;
		p++;
		n--;
	}
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' &&
		    p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') ||
		    p[i] == '_' || p[i] == '.' || (unsigned char)p[i] >= 0x80))
			break;
	buf_adds(b, neg ? "!" : "");
	if (n == 0 || i < n)
		buf_adds(b, "ignore");
	else
		buf_add(b, p, n);
}

/*
 * A "// +build" line as a //go:build expression, as go/build/constraint's
 * parsePlusBuildExpr reads it: its fields are ||, a field's
 * comma-separated literals &&; a literal that is not a tag is "ignore",
 * and so is a line with no field. NULL when the comment is not such a
 * line, or is over the old syntax's 100 operators (then ignored, as by
 * the go command).
 */
static char *
plus_build_expr(const char *p, size_t n)
{
	struct buf	 b;
	const char	*end = p + n, *f, *e, *l;
	int		 ops = 0, nfields = 0;

	if (n < 2 || memcmp(p, "//", 2) != 0)
		return (NULL);
	for (p += 2; p < end && plus_space(*p); p++)
		;
	if (end - p < 6 || memcmp(p, "+build", 6) != 0 ||
	    (p + 6 < end && !plus_space(p[6])))
		return (NULL);
	buf_init(&b, 0);
	for (p += 6;; p = f) {
		while (p < end && plus_space(*p))
			p++;
		if (p == end)
			break;
		for (f = p; f < end && !plus_space(*f); f++)
			;
		if (nfields++ > 0) {
			buf_adds(&b, " || ");
			ops++;
		}
		buf_adds(&b, "(");
		for (l = p;; l = e + 1) {
			for (e = l; e < f && *e != ','; e++)
				;
			if (l != p) {
				buf_adds(&b, " && ");
				ops++;
			}
			plus_literal(&b, l, (size_t)(e - l));
			if (e == f)
				break;
		}
		buf_adds(&b, ")");
	}
	if (ops > 100) {
		buf_free(&b);
		return (NULL);
	}
	if (nfields == 0)
		buf_adds(&b, "ignore");
	return (buf_steal(&b));
}

/*
 * go/build reads "// +build" lines in a file's leading run of // comments
 * and blank lines, and only those a blank line follows before the first
 * other line: each comment before the first token is seen here.
 */
static void
header_comment(struct reader *r, const struct go_token *t)
{
	const char	*q;
	char		*x;

	if (!r->hdr_ended && t->line > r->hdr_last + 1) {
		r->plus = and_expr(r->plus, r->plus_pending);
		r->plus_pending = NULL;
	}
	r->hdr_last = t->line;
	for (q = t->p; q < t->p + t->len; q++)
		if (*q == '\n')
			r->hdr_last++;
	if (t->p[1] == '*') {
		r->hdr_ended = 1;
		free(r->plus_pending);
		r->plus_pending = NULL;
	} else if (!r->hdr_ended &&
	    (x = plus_build_expr(t->p, t->len)) != NULL)
		r->plus_pending = and_expr(r->plus_pending, x);
}

/* The first token that is not a comment ends the header. */
static void
header_end(struct reader *r)
{
	r->hdr_done = 1;
	if (!r->hdr_ended && r->t.line > r->hdr_last + 1)
		r->plus = and_expr(r->plus, r->plus_pending);
	else
		free(r->plus_pending);
	r->plus_pending = NULL;
	if (r->f->build == NULL)
		r->f->build = r->plus;	/* //go:build, when there, rules */
	else
		free(r->plus);
	r->plus = NULL;
}

/*
 * The next token that is not a comment. Before the package clause a
 * "//go:build" line comment is the file's constraint (or, without one,
 * its "// +build" lines).
 */
static void
next(struct reader *r)
{
	r->prev2 = r->prev;
	r->prev = r->t;
	for (;;) {
		go_scan(&r->s, &r->t);
		if (r->t.kind != GO_COMMENT)
			break;
		if (!r->hdr_done)
			header_comment(r, &r->t);
		if (r->f->package == NULL && r->f->build == NULL &&
		    r->t.len > 10 && memcmp(r->t.p, "//go:build", 10) == 0 &&
		    (r->t.p[10] == ' ' || r->t.p[10] == '\t') &&
		    r->t.col == 1) {
			size_t	n = r->t.len - 11;
			const char *p = r->t.p + 11;

			while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' ||
			    p[n - 1] == '\r'))
				n--;
			while (n > 0 && (*p == ' ' || *p == '\t')) {
				p++;
				n--;
			}
			r->f->build = xstrndup(p, n);
		}
	}
	if (!r->hdr_done)
		header_end(r);
	if (r->t.kind == GO_ILLEGAL && r->f->error == NULL &&
	    r->s.error != NULL) {
		r->f->error = xstrdup(r->s.error);
		r->f->err_line = r->s.err_line;
		r->f->err_col = r->s.err_col;
	}
}

static char *
tok_str(const struct go_token *t)
{
	return (xstrndup(t->p, t->len));
}

/* Unquote an import path: "..." or `...`, no escapes needed in paths but
 * the simple ones are honoured; NULL if it is not a plain path. */
static char *
unquote_path(const struct go_token *t)
{
	const char	*p;
	char		*out;

	if (t->len < 2 || (t->p[0] != '"' && t->p[0] != '`') ||
	    t->p[t->len - 1] != t->p[0])
		return (NULL);
	out = xstrndup(t->p + 1, t->len - 2);
	if (t->p[0] == '"' && strchr(out, '\\') != NULL) {
		free(out);
		return (NULL);	/* an escaped import path: not a real one */
	}
	for (p = out; *p != '\0'; p++) {
		/* A raw string across lines, or a control byte: the go
		 * command refuses such a path ("invalid import path"). */
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			free(out);
			return (NULL);
		}
	}
	return (out);
}

/* Record a selector use or a bare use of the identifier now in r->t. */
static void
note_ident(struct reader *r, const struct go_token *id,
    const struct go_token *before, const struct go_token *after,
    const struct go_token *after2)
{
	struct go_use	*u;
	char		*name;

	if (r->what != GO_READ_ALL)
		return;
	/* x.name: a field or method, not a use of an import called name. */
	if (before != NULL && go_tok_is(before, "."))
		return;
	if (after != NULL && go_tok_is(after, ".") && after2 != NULL &&
	    after2->kind == GO_IDENT) {
		r->f->uses = xreallocarray(r->f->uses, r->f->nuses + 1,
		    sizeof *r->f->uses);
		u = &r->f->uses[r->f->nuses++];
		u->pkg = tok_str(id);
		u->sel = tok_str(after2);
		u->line = id->line;
		u->col = id->col;
		return;
	}
	name = tok_str(id);
	strmap_set(&r->bare, name, NULL);
	free(name);
}

/* "pkg:module/name:Type", quoted: a Pulumi type token. */
static int
is_type_token(const struct go_token *t)
{
	const char	*p = t->p + 1, *end = t->p + t->len - 1;
	int		 colons = 0, slash = 0;

	if (t->len < 8 || t->p[0] != '"' || !(*p >= 'a' && *p <= 'z'))
		return (0);
	for (; p < end; p++) {
		if (*p == ':')
			colons++;
		else if (*p == '/' && colons == 1)
			slash = 1;
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' &&
		    *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '_' || *p == '.' || *p == '/'))
			return (0);
	}
	return (colons == 2 && slash && end[-1] != ':');
}

/*
 * Skip to the ";" that ends the current declaration at depth 0 (or to the
 * ")" closing a group at depth -1), noting every identifier on the way.
 * A one-token lookahead is kept in a small ring so "a . b" is seen whole.
 */
static void
skip_decl(struct reader *r, int in_group)
{
	struct go_token	 win[4];
	int		 depth = 0, n = 0, i;

	/* Read tokens; classify identifiers once the two after are known. */
	for (;;) {
		if (r->t.kind == GO_EOF)
			break;
		if (depth == 0 && r->t.kind == GO_SEMI)
			break;
		if (in_group && depth == 0 && go_tok_is(&r->t, ")"))
			break;
		if (go_tok_is(&r->t, "(") || go_tok_is(&r->t, "[") ||
		    go_tok_is(&r->t, "{"))
			depth++;
		else if (go_tok_is(&r->t, ")") || go_tok_is(&r->t, "]") ||
		    go_tok_is(&r->t, "}"))
			depth--;
		if (depth < 0) {
			read_error(r, "unbalanced brackets");
			break;
		}
		if (r->t.kind == GO_STRING && is_type_token(&r->t))
			strv_push_owned(&r->f->tokens, xstrndup(r->t.p + 1,
			    r->t.len - 2));
		/* win[0..n) holds the last tokens: classify win[n-3]. */
		if (n == 4) {
			memmove(win, win + 1, 3 * sizeof *win);
			n = 3;
		}
		win[n++] = r->t;
		if (n >= 3 && win[n - 3].kind == GO_IDENT)
			note_ident(r, &win[n - 3], n >= 4 ? &win[n - 4] : NULL,
			    &win[n - 2], &win[n - 1]);
		next(r);
	}
	if (r->t.kind == GO_EOF && depth > 0)
		read_error(r, "unexpected end of file: unclosed brackets");
	/* The last two tokens have no full lookahead. */
	for (i = n - 2; i < n; i++) {
		if (i >= 0 && win[i].kind == GO_IDENT)
			note_ident(r, &win[i], i > 0 ? &win[i - 1] : NULL,
			    i + 1 < n ? &win[i + 1] : NULL, NULL);
	}
}

/* A top-level name: exported ones are the package's; every one hides an
 * import of the same name, so selectors on it are not uses. */
static void
export_name(struct reader *r, const struct go_token *id)
{
	if (id->kind != GO_IDENT)
		return;
	if (go_is_exported(id->p, id->len))
		strv_push_owned(&r->f->exported, tok_str(id));
	note_ident(r, id, NULL, NULL, NULL);
}

/* One spec of a var or const declaration: its names, then the rest. */
static void
value_spec(struct reader *r, int in_group)
{
	while (r->t.kind == GO_IDENT) {
		export_name(r, &r->t);
		next(r);
		if (!go_tok_is(&r->t, ","))
			break;
		next(r);
	}
	skip_decl(r, in_group);
}

/* One spec of a type declaration: its name, then the rest. */
static void
type_spec(struct reader *r, int in_group)
{
	if (r->t.kind != GO_IDENT) {
		read_error(r, "expected a type name");
		skip_decl(r, in_group);
		return;
	}
	export_name(r, &r->t);
	next(r);
	skip_decl(r, in_group);
}

/* var, const or type: one spec or a parenthesised group of them. */
static void
gen_decl(struct reader *r, int is_type)
{
	next(r);
	if (!go_tok_is(&r->t, "(")) {
		if (is_type)
			type_spec(r, 0);
		else
			value_spec(r, 0);
		return;
	}
	next(r);
	while (r->t.kind != GO_EOF && !go_tok_is(&r->t, ")")) {
		if (r->t.kind == GO_SEMI) {
			next(r);
			continue;
		}
		if (is_type)
			type_spec(r, 1);
		else
			value_spec(r, 1);
		if (r->f->error != NULL)
			return;
	}
	if (!go_tok_is(&r->t, ")"))
		read_error(r, "expected )");
	else
		next(r);
	skip_decl(r, 0);
}

static void
func_decl(struct reader *r)
{
	next(r);
	if (r->t.kind == GO_IDENT) {
		/* A function: its name is package level. */
		export_name(r, &r->t);
		next(r);
	}
	/* A method (receiver first) declares no package-level name. */
	skip_decl(r, 0);
}

static void
import_spec(struct reader *r)
{
	struct go_import	*im;
	char			*name = NULL, *path;

	if (r->t.kind == GO_IDENT || go_tok_is(&r->t, ".")) {
		name = tok_str(&r->t);
		next(r);
	}
	if (r->t.kind != GO_STRING || (path = unquote_path(&r->t)) == NULL) {
		free(name);
		read_error(r, "expected an import path");
		return;
	}
	r->f->imports = xreallocarray(r->f->imports, r->f->nimports + 1,
	    sizeof *r->f->imports);
	im = &r->f->imports[r->f->nimports++];
	im->name = name;
	im->path = path;
	im->line = r->t.line;
	im->col = r->t.col;
	next(r);
}

static void
import_decl(struct reader *r)
{
	next(r);
	if (!go_tok_is(&r->t, "(")) {
		import_spec(r);
	} else {
		next(r);
		while (r->t.kind != GO_EOF && !go_tok_is(&r->t, ")") &&
		    r->f->error == NULL) {
			if (r->t.kind == GO_SEMI) {
				next(r);
				continue;
			}
			import_spec(r);
			if (r->t.kind != GO_SEMI && !go_tok_is(&r->t, ")"))
				read_error(r, "expected ; or ) after an "
				    "import");
		}
		if (go_tok_is(&r->t, ")"))
			next(r);
	}
	if (r->t.kind != GO_SEMI && r->t.kind != GO_EOF)
		read_error(r, "expected ; after an import declaration");
}

static int
cmp_str(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* Drop the selectors whose base is not an import's name, or is a name
 * used some other way in the file (it may be a local). */
static void
keep_import_uses(struct reader *r)
{
	struct go_file	*f = r->f;
	size_t		 i, j, k = 0;
	int		 keep, bare = 0;

	for (i = 0; i < f->nuses; i++) {
		keep = 0;
		for (j = 0; j < f->nimports && !keep; j++) {
			const char *nm = f->imports[j].name;

			/* Unnamed, its name is the package's own, which the
			 * index knows: any base may be it. */
			if (nm == NULL)
				keep = 1;
			else if (strcmp(nm, "_") != 0 && strcmp(nm, ".") != 0)
				keep = strcmp(nm, f->uses[i].pkg) == 0;
		}
		if (keep)
			strmap_get(&r->bare, f->uses[i].pkg, &bare);
		if (bare)
			keep = 0;
		if (keep)
			f->uses[k++] = f->uses[i];
		else {
			free(f->uses[i].pkg);
			free(f->uses[i].sel);
		}
	}
	f->nuses = k;
}

void
go_file_read(const char *src, size_t len, struct go_file *f)
{
	go_file_read_as(src, len, GO_READ_ALL, f);
}

void
go_file_read_as(const char *src, size_t len, enum go_read what,
    struct go_file *f)
{
	struct reader	r;
	size_t		i, k;

	memset(f, 0, sizeof *f);
	memset(&r, 0, sizeof r);
	strv_init(&f->exported);
	strv_init(&f->tokens);
	strmap_init(&r.bare);
	r.f = f;
	r.what = what;
	go_scan_init(&r.s, src, len);
	next(&r);
	if (!go_tok_is(&r.t, "package")) {
		read_error(&r, "expected 'package'");
		goto done;
	}
	next(&r);
	if (r.t.kind != GO_IDENT) {
		read_error(&r, "expected the package name");
		goto done;
	}
	f->package = tok_str(&r.t);
	next(&r);
	if (r.t.kind != GO_SEMI && r.t.kind != GO_EOF) {
		read_error(&r, "expected ; after the package clause");
		goto done;
	}
	next(&r);
	while (go_tok_is(&r.t, "import") && f->error == NULL) {
		import_decl(&r);
		if (r.t.kind == GO_SEMI)
			next(&r);
	}
	while (what != GO_READ_IMPORTS && r.t.kind != GO_EOF &&
	    f->error == NULL) {
		if (r.t.kind == GO_SEMI)
			next(&r);
		else if (go_tok_is(&r.t, "func"))
			func_decl(&r);
		else if (go_tok_is(&r.t, "type"))
			gen_decl(&r, 1);
		else if (go_tok_is(&r.t, "var") || go_tok_is(&r.t, "const"))
			gen_decl(&r, 0);
		else if (go_tok_is(&r.t, "import"))
			read_error(&r, "imports must appear before other "
			    "declarations");
		else
			read_error(&r, "non-declaration statement outside "
			    "function body");
	}
done:
	/* A literal or comment left open is an error too. */
	if (f->error == NULL && r.s.error != NULL) {
		f->error = xstrdup(r.s.error);
		f->err_line = r.s.err_line;
		f->err_col = r.s.err_col;
	}
	/* Sorted, unique. */
	if (f->exported.n > 1)
		qsort(f->exported.v, f->exported.n, sizeof *f->exported.v,
		    cmp_str);
	for (i = 0, k = 0; i < f->exported.n; i++) {
		if (k > 0 && strcmp(f->exported.v[k - 1],
		    f->exported.v[i]) == 0)
			free(f->exported.v[i]);
		else
			f->exported.v[k++] = f->exported.v[i];
	}
	f->exported.n = k;
	keep_import_uses(&r);
	strmap_free(&r.bare);
}

void
go_file_free(struct go_file *f)
{
	size_t	i;

	free(f->package);
	free(f->build);
	free(f->error);
	for (i = 0; i < f->nimports; i++) {
		free(f->imports[i].name);
		free(f->imports[i].path);
	}
	free(f->imports);
	for (i = 0; i < f->nuses; i++) {
		free(f->uses[i].pkg);
		free(f->uses[i].sel);
	}
	free(f->uses);
	strv_free(&f->exported);
	strv_free(&f->tokens);
	memset(f, 0, sizeof *f);
}
