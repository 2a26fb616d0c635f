/*
 * go.mod and go.work directives (modfile/rule.go, modfile/work.go): the
 * syntax tree read by modread.c is interpreted line by line into module,
 * go, toolchain, godebug, require, exclude, replace, retract, tool, ignore
 * and use entries. Errors carry the line and column of the directive and
 * read as the go command's do; every error of the file is reported, not
 * just the first.
 */

#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"

/* What one directive is being read with. */
struct modfile_ctx {
	struct modfile		*f;
	struct modfile_errors	*errs;
	struct modfile_expr	*block;		/* enclosing block, or NULL */
	struct modfile_expr	*line;
	const char		*verb;
	const char		**args;
	size_t			 nargs;
	modfile_fixer		 fix;
	void			*fixarg;
	int			 strict;
};

/* A fixer that keeps retract versions as written; fixRetract may fix
 * them once the module path is known. */
static int
modfile_dont_fix(void *arg, const char *path, const char *vers,
    const char **out, char **cause)
{
	*out = vers;
	return (0);
}

/* Prepare an empty error list for errors in filename. */
void
modfile_errors_init(struct modfile_errors *e, const char *filename)
{
	memset(e, 0, sizeof *e);
	e->filename = xstrdup(filename);
}

/* Free an error list. */
void
modfile_errors_free(struct modfile_errors *e)
{
	size_t	i;

	for (i = 0; i < e->n; i++)
		free(e->v[i].msg);
	free(e->v);
	free(e->filename);
	memset(e, 0, sizeof *e);
}

/* Add an error at line:col (0 when unknown). */
void
modfile_errors_add(struct modfile_errors *e, int line, int col,
    const char *fmt, ...)
{
	va_list	ap;

	if (e->n == e->cap) {
		e->cap = e->cap == 0 ? 4 : e->cap * 2;
		e->v = xreallocarray(e->v, e->cap, sizeof *e->v);
	}
	e->v[e->n].line = line;
	e->v[e->n].col = col;
	va_start(ap, fmt);
	xvasprintf(&e->v[e->n].msg, fmt, ap);
	va_end(ap);
	e->n++;
}

/* The errors as the go command prints them, one per line. */
char *
modfile_errors_string(const struct modfile_errors *e)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, 0);
	for (i = 0; i < e->n; i++) {
		if (i > 0)
			buf_addc(&b, '\n');
		if (e->v[i].col > 1)
			buf_printf(&b, "%s:%d:%d: ", e->filename, e->v[i].line,
			    e->v[i].col);
		else if (e->v[i].line > 0)
			buf_printf(&b, "%s:%d: ", e->filename, e->v[i].line);
		else if (*e->filename != '\0')
			buf_printf(&b, "%s: ", e->filename);
		buf_adds(&b, e->v[i].msg);
	}
	return (buf_steal(&b));
}

/* A new, empty file. */
struct modfile *
modfile_new(enum modfile_kind kind)
{
	struct modfile	*f;

	f = xcalloc(1, sizeof *f);
	f->kind = kind;
	arena_init(&f->arena);
	f->syntax = arena_alloc(&f->arena, sizeof *f->syntax);
	f->syntax->name = "";
	return (f);
}

/* Free a file and everything that points into it. */
void
modfile_free(struct modfile *f)
{
	if (f == NULL)
		return;
	arena_free(&f->arena);
	free(f);
}

/* MustQuote: must s be quoted to be one go.mod token? */
int
modfile_must_quote(const char *s)
{
	size_t		n = strlen(s), i, w;
	uint32_t	r;

	for (i = 0; i < n; i += w) {
		r = unicode_decode(s + i, n - i, &w);
		switch (r) {
		case ' ': case '"': case '\'': case '`':
			return (1);
		case '(': case ')': case '[': case ']':
		case '{': case '}': case ',':
			if (n > 1)
				return (1);
			break;
		default:
			if (!unicode_is_print(r))
				return (1);
			break;
		}
	}
	return (n == 0 || strstr(s, "//") != NULL || strstr(s, "/*") != NULL);
}

/* AutoQuote: s, or its Go quotation when it must be quoted. */
const char *
modfile_auto_quote(struct modfile *f, const char *s)
{
	char		*q;
	const char	*r;

	if (!modfile_must_quote(s))
		return (arena_strdup(&f->arena, s));
	q = strquote_quote(s);
	r = arena_strdup(&f->arena, q);
	free(q);
	return (r);
}

/* IsDirectoryPath: a replacement that names a directory (Unix or
 * Windows syntax, since go.mod files travel). */
int
modfile_is_directory_path(const char *ns)
{
	return (strcmp(ns, ".") == 0 || strncmp(ns, "./", 2) == 0 ||
	    strncmp(ns, ".\\", 2) == 0 || strcmp(ns, "..") == 0 ||
	    strncmp(ns, "../", 3) == 0 || strncmp(ns, "..\\", 3) == 0 ||
	    ns[0] == '/' || ns[0] == '\\' ||
	    (((ns[0] >= 'A' && ns[0] <= 'Z') || (ns[0] >= 'a' &&
	    ns[0] <= 'z')) && ns[1] == ':'));
}

/* Length of [1-9][0-9]* at s (0 if none). */
static size_t
modfile_nonzero_num(const char *s)
{
	size_t	i = 0;

	if (s[0] < '1' || s[0] > '9')
		return (0);
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return (i);
}

/* Length of (0|[1-9][0-9]*) at s (0 if none). */
static size_t
modfile_num(const char *s)
{
	if (s[0] == '0')
		return (1);
	return (modfile_nonzero_num(s));
}

/* GoVersionRE: ^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?
 * ([a-z]+[0-9]+)?$ */
int
modfile_go_version_ok(const char *s)
{
	size_t	n, i;

	if ((n = modfile_nonzero_num(s)) == 0 || s[n] != '.')
		return (0);
	s += n + 1;
	if ((n = modfile_num(s)) == 0)
		return (0);
	s += n;
	if (s[0] == '.') {
		if ((n = modfile_num(s + 1)) == 0)
			return (0);
		s += n + 1;
	}
	if (*s == '\0')
		return (1);
	for (i = 0; s[i] >= 'a' && s[i] <= 'z'; i++)
		;
	if (i == 0 || s[i] < '0' || s[i] > '9')
		return (0);
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		;
	return (s[i] == '\0');
}

/* laxGoVersionRE: ^v?(([1-9][0-9]*)\.(0|[1-9][0-9]*))([^0-9].*)$; the
 * length of the "N.M" group at *start, or 0. */
static size_t
modfile_lax_go_version(const char *s, const char **start)
{
	size_t	n1, n2;

	if (*s == 'v')
		s++;
	*start = s;
	if ((n1 = modfile_nonzero_num(s)) == 0 || s[n1] != '.')
		return (0);
	if ((n2 = modfile_num(s + n1 + 1)) == 0)
		return (0);
	n2 += n1 + 1;
	if (s[n2] == '\0' || (s[n2] >= '0' && s[n2] <= '9'))
		return (0);
	return (n2);
}

/* ToolchainRE: ^default$|^go1($|\.) */
int
modfile_toolchain_ok(const char *s)
{
	return (strcmp(s, "default") == 0 || strcmp(s, "go1") == 0 ||
	    strncmp(s, "go1.", 4) == 0);
}

/* isIndirect: does the line's first suffix comment say "indirect"? */
int
modfile_is_indirect(const struct modfile_expr *line)
{
	const char	*p, *field;
	size_t		 n, m;

	if (line->com.suffix.n == 0)
		return (0);
	p = line->com.suffix.v[0].token;
	if (strncmp(p, "//", 2) == 0)
		p += 2;
	if ((field = gostr_next_field(&p, &n)) == NULL)
		return (0);
	if (n == 8 && memcmp(field, "indirect", 8) == 0)
		return (gostr_next_field(&p, &m) == NULL);
	if (n == 9 && memcmp(field, "indirect;", 9) == 0)
		return (gostr_next_field(&p, &m) != NULL);
	return (0);
}

/* Record an error at the directive's line. */
static void
modfile_errorf(struct modfile_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
modfile_errorf(struct modfile_ctx *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	modfile_errors_add(c->errs, c->line->start.line,
	    c->line->start.line_rune, "%s", msg);
	free(msg);
}

/* Record an error about module path at the directive's line
 * ("verb path: msg"); takes ownership of msg. */
static void
modfile_path_error(struct modfile_ctx *c, const char *path, char *msg)
{
	modfile_errorf(c, "%s %s: %s", c->verb, path, msg);
	free(msg);
}

/*
 * parseString: a token as a string (unquoting "..." tokens). The token is
 * rewritten in its canonical quoting. Returns NULL with *err set (owned
 * by the caller) when the token is malformed.
 */
static const char *
modfile_parse_string(struct modfile *f, const char **tok, char **err)
{
	const char	*t = *tok;
	char		*u;

	*err = NULL;
	if (t[0] == '"') {
		if (strquote_unquote(t, strlen(t), &u, NULL) != 0) {
			*err = xstrdup("invalid syntax");
			return (NULL);
		}
		t = arena_strdup(&f->arena, u);
		free(u);
	} else if (strpbrk(t, "\"'`") != NULL) {
		*err = xstrdup("unquoted string cannot contain quote");
		return (NULL);
	}
	*tok = modfile_auto_quote(f, t);
	return (t);
}

/* "verb path: " or "verb: " prefix of an error inside a directive. */
static char *
modfile_directive(const char *verb, const char *path)
{
	char	*s;

	if (*path != '\0')
		xasprintf(&s, "%s %s: ", verb, path);
	else
		xasprintf(&s, "%s: ", verb);
	return (s);
}

/* "version %q invalid: why" */
static char *
modfile_invalid_version(const char *v, const char *why)
{
	char	*q, *s;

	q = strquote_quote(v);
	xasprintf(&s, "version %s invalid: %s", q, why);
	free(q);
	return (s);
}

/*
 * parseVersion: the version token *tok of module path, canonicalised (or
 * fixed by fix), written back to the token. NULL with *err on failure.
 */
static const char *
modfile_parse_version(struct modfile *f, const char *verb, const char *path,
    const char **tok, modfile_fixer fix, void *fixarg, char **err)
{
	const char	*t, *fixed;
	char		*why, *dir, *cv, *inv;

	*err = NULL;
	dir = modfile_directive(verb, path);
	if ((t = modfile_parse_string(f, tok, &why)) == NULL) {
		inv = modfile_invalid_version(*tok, why);
		xasprintf(err, "%s%s", dir, inv);
		free(inv);
		free(why);
		free(dir);
		return (NULL);
	}
	if (fix != NULL) {
		if (fix(fixarg, path, t, &fixed, &why) != 0) {
			xasprintf(err, "%s%s", dir, why);
			free(why);
			free(dir);
			return (NULL);
		}
		t = arena_strdup(&f->arena, fixed);
	} else {
		cv = modpath_canonical_version(t);
		if (*cv == '\0') {
			inv = modfile_invalid_version(t,
			    "must be of the form v1.2.3");
			xasprintf(err, "%s%s", dir, inv);
			free(inv);
			free(cv);
			free(dir);
			return (NULL);
		}
		t = arena_strdup(&f->arena, cv);
		free(cv);
	}
	free(dir);
	*tok = t;
	return (t);
}

/* The major-version suffix of a module path, or NULL with *err. */
static const char *
modfile_path_major(const char *path, char **err)
{
	size_t	prefix;

	if (!modpath_split_version(path, &prefix)) {
		*err = xstrdup("invalid module path");
		return (NULL);
	}
	return (path + prefix);
}

/*
 * parseVersionInterval: "v1.2.3" or "[v1.0.0, v1.2.0]" at the start of
 * the tokens; the tokens left over are returned through args/nargs.
 */
static int
modfile_parse_interval(struct modfile *f, const char *verb, const char *path,
    const char ***args, size_t *nargs, modfile_fixer fix, void *fixarg,
    const char **low, const char **high, char **err)
{
	const char	**t = *args;
	size_t		  n = *nargs;

	*err = NULL;
	if (n == 0 || strcmp(t[0], "(") == 0) {
		*err = xstrdup("expected '[' or version");
		return (-1);
	}
	if (strcmp(t[0], "[") != 0) {
		if ((*low = modfile_parse_version(f, verb, path, &t[0], fix,
		    fixarg, err)) == NULL)
			return (-1);
		*high = *low;
		*args = t + 1;
		*nargs = n - 1;
		return (0);
	}
	t++, n--;
	if (n == 0) {
		*err = xstrdup("expected version after '['");
		return (-1);
	}
	if ((*low = modfile_parse_version(f, verb, path, &t[0], fix, fixarg,
	    err)) == NULL)
		return (-1);
	t++, n--;
	if (n == 0 || strcmp(t[0], ",") != 0) {
		*err = xstrdup("expected ',' after version");
		return (-1);
	}
	t++, n--;
	if (n == 0) {
		*err = xstrdup("expected version after ','");
		return (-1);
	}
	if ((*high = modfile_parse_version(f, verb, path, &t[0], fix, fixarg,
	    err)) == NULL)
		return (-1);
	t++, n--;
	if (n == 0 || strcmp(t[0], "]") != 0) {
		*err = xstrdup("expected ']' after version");
		return (-1);
	}
	*args = t + 1;
	*nargs = n - 1;
	return (0);
}

/* parseDirectiveComment: the text of the comments on a directive (or on
 * its block, when the line has none of its own). */
static char *
modfile_directive_comment(const struct modfile_expr *block,
    const struct modfile_expr *line)
{
	const struct modfile_comments	*com = &line->com;
	const struct modfile_comment_vec *groups[2];
	struct buf			 b;
	const char			*t;
	size_t				 g, i, n, lines = 0;

	if (block != NULL && com->before.n == 0 && com->suffix.n == 0)
		com = &block->com;
	groups[0] = &com->before;
	groups[1] = &com->suffix;
	buf_init(&b, 0);
	for (g = 0; g < 2; g++) {
		for (i = 0; i < groups[g]->n; i++) {
			t = groups[g]->v[i].token;
			if (strncmp(t, "//", 2) != 0)
				continue;
			n = strlen(t + 2);
			t = gostr_trim_space(t + 2, &n);
			if (lines++ > 0)
				buf_addc(&b, '\n');
			buf_add(&b, t, n);
		}
	}
	return (buf_steal(&b));
}

/* parseDeprecation: the first paragraph starting "Deprecated:", as
 * (?s)(?:^|\n\n)Deprecated: *(.*?)(?:$|\n\n) finds it; NULL if none. */
static char *
modfile_deprecation(const char *text)
{
	const char	*p, *end;
	size_t		 i;

	for (i = 0; text[i] != '\0'; i++) {
		if (i == 0 && strncmp(text, "Deprecated:", 11) == 0)
			p = text + 11;
		else if (strncmp(text + i, "\n\nDeprecated:", 13) == 0)
			p = text + i + 13;
		else
			continue;
		while (*p == ' ')
			p++;
		if ((end = strstr(p, "\n\n")) == NULL)
			end = p + strlen(p);
		return (xstrndup(p, end - p));
	}
	return (NULL);
}

/* The "go" directive. */
static void
modfile_add_go(struct modfile_ctx *c)
{
	const char	*start;
	size_t		 n;
	int		 fixed = 0;

	if (c->f->go != NULL) {
		modfile_errorf(c, "repeated go statement");
		return;
	}
	if (c->nargs != 1) {
		modfile_errorf(c, "go directive expects exactly one argument");
		return;
	}
	if (!modfile_go_version_ok(c->args[0])) {
		if (!c->strict && c->f->kind == MODFILE_GOMOD &&
		    (n = modfile_lax_go_version(c->args[0], &start)) != 0) {
			c->args[0] = arena_strndup(&c->f->arena, start, n);
			fixed = 1;
		}
		if (!fixed) {
			modfile_errorf(c, "invalid go version '%s': must match "
			    "format 1.23.0", c->args[0]);
			return;
		}
	}
	c->f->go = arena_alloc(&c->f->arena, sizeof *c->f->go);
	c->f->go->syntax = c->line;
	c->f->go->version = c->args[0];
}

/* The "toolchain" directive. */
static void
modfile_add_toolchain(struct modfile_ctx *c)
{
	if (c->f->toolchain != NULL) {
		modfile_errorf(c, "repeated toolchain statement");
		return;
	}
	if (c->nargs != 1) {
		modfile_errorf(c, "toolchain directive expects exactly one "
		    "argument");
		return;
	}
	if (!modfile_toolchain_ok(c->args[0])) {
		modfile_errorf(c, "invalid toolchain version '%s': must match "
		    "format go1.23.0 or default", c->args[0]);
		return;
	}
	c->f->toolchain = arena_alloc(&c->f->arena, sizeof *c->f->toolchain);
	c->f->toolchain->syntax = c->line;
	c->f->toolchain->name = c->args[0];
}

/* The "module" directive, with its deprecation comment. */
static void
modfile_add_module(struct modfile_ctx *c)
{
	struct modfile_module	*m;
	const char		*s;
	char			*text, *dep, *err;

	if (c->f->module != NULL) {
		modfile_errorf(c, "repeated module statement");
		return;
	}
	m = arena_alloc(&c->f->arena, sizeof *m);
	m->syntax = c->line;
	text = modfile_directive_comment(c->block, c->line);
	dep = modfile_deprecation(text);
	m->deprecated = arena_strdup(&c->f->arena, dep != NULL ? dep : "");
	free(dep);
	free(text);
	m->mod.path = m->mod.version = "";
	c->f->module = m;
	if (c->nargs != 1) {
		modfile_errorf(c, "usage: module module/path");
		return;
	}
	if ((s = modfile_parse_string(c->f, &c->args[0], &err)) == NULL) {
		modfile_errorf(c, "invalid quoted string: %s", err);
		free(err);
		return;
	}
	m->mod.path = s;
}

/* The "godebug" directive: key=value. */
static void
modfile_add_godebug(struct modfile_ctx *c)
{
	struct modfile_godebug	*g;
	const char		*eq;

	if (c->nargs != 1 || strpbrk(c->args[0], "\"`',") != NULL ||
	    (eq = strchr(c->args[0], '=')) == NULL) {
		modfile_errorf(c, "usage: godebug key=value");
		return;
	}
	g = arena_alloc(&c->f->arena, sizeof *g);
	g->key = arena_strndup(&c->f->arena, c->args[0], eq - c->args[0]);
	g->value = eq + 1;
	g->syntax = c->line;
	ARENA_PUSH(&c->f->arena, &c->f->godebug, g);
}

/* The "require" and "exclude" directives. */
static void
modfile_add_require(struct modfile_ctx *c)
{
	struct modfile_require	*r;
	struct modfile_exclude	*x;
	const char		*s, *v, *pm;
	char			*err;

	if (c->nargs != 2) {
		modfile_errorf(c, "usage: %s module/path v1.2.3", c->verb);
		return;
	}
	if ((s = modfile_parse_string(c->f, &c->args[0], &err)) == NULL) {
		modfile_errorf(c, "invalid quoted string: %s", err);
		free(err);
		return;
	}
	if ((v = modfile_parse_version(c->f, c->verb, s, &c->args[1], c->fix,
	    c->fixarg, &err)) == NULL ||
	    (pm = modfile_path_major(s, &err)) == NULL) {
		modfile_errorf(c, "%s", err);
		free(err);
		return;
	}
	if (modpath_check_major(v, pm, &err) != 0) {
		modfile_path_error(c, s, err);
		return;
	}
	if (strcmp(c->verb, "require") == 0) {
		r = arena_alloc(&c->f->arena, sizeof *r);
		r->mod.path = s;
		r->mod.version = v;
		r->syntax = c->line;
		r->indirect = modfile_is_indirect(c->line);
		ARENA_PUSH(&c->f->arena, &c->f->require, r);
	} else {
		x = arena_alloc(&c->f->arena, sizeof *x);
		x->mod.path = s;
		x->mod.version = v;
		x->syntax = c->line;
		ARENA_PUSH(&c->f->arena, &c->f->exclude, x);
	}
}

/* parseReplace: "old [v] => new v" or "old [v] => ../dir". */
static void
modfile_add_replace(struct modfile_ctx *c)
{
	struct modfile_replace	*r;
	const char		**a = c->args, *s, *ns, *v = "", *nv = "";
	const char		*pm;
	size_t			  n = c->nargs, arrow = 2;
	char			 *err, *q;

	if (n >= 2 && strcmp(a[1], "=>") == 0)
		arrow = 1;
	if (n < arrow + 2 || n > arrow + 3 || strcmp(a[arrow], "=>") != 0) {
		modfile_errorf(c, "usage: %s module/path [v1.2.3] => "
		    "other/module v1.4\n\t or %s module/path [v1.2.3] => "
		    "../local/directory", c->verb, c->verb);
		return;
	}
	if ((s = modfile_parse_string(c->f, &a[0], &err)) == NULL) {
		modfile_errorf(c, "invalid quoted string: %s", err);
		free(err);
		return;
	}
	if ((pm = modfile_path_major(s, &err)) == NULL) {
		modfile_path_error(c, s, err);
		return;
	}
	if (arrow == 2) {
		if ((v = modfile_parse_version(c->f, c->verb, s, &a[1], c->fix,
		    c->fixarg, &err)) == NULL) {
			modfile_errorf(c, "%s", err);
			free(err);
			return;
		}
		if (modpath_check_major(v, pm, &err) != 0) {
			modfile_path_error(c, s, err);
			return;
		}
	}
	if ((ns = modfile_parse_string(c->f, &a[arrow + 1], &err)) == NULL) {
		modfile_errorf(c, "invalid quoted string: %s", err);
		free(err);
		return;
	}
	if (n == arrow + 2) {
		if (!modfile_is_directory_path(ns)) {
			if (strchr(ns, '@') != NULL)
				modfile_errorf(c, "replacement module must "
				    "match format 'path version', not "
				    "'path@version'");
			else
				modfile_errorf(c, "replacement module without "
				    "version must be directory path (rooted or "
				    "starting with . or ..)");
			return;
		}
		if (strchr(ns, '\\') != NULL) {
			modfile_errorf(c, "replacement directory appears to be "
			    "Windows path (on a non-windows system)");
			return;
		}
	}
	if (n == arrow + 3) {
		if ((nv = modfile_parse_version(c->f, c->verb, ns,
		    &a[arrow + 2], c->fix, c->fixarg, &err)) == NULL) {
			modfile_errorf(c, "%s", err);
			free(err);
			return;
		}
		if (modfile_is_directory_path(ns)) {
			q = strquote_quote(ns);
			modfile_errorf(c, "replacement module directory path %s "
			    "cannot have version", q);
			free(q);
			return;
		}
	}
	r = arena_alloc(&c->f->arena, sizeof *r);
	r->old.path = s;
	r->old.version = v;
	r->new.path = ns;
	r->new.version = nv;
	r->syntax = c->line;
	ARENA_PUSH(&c->f->arena, &c->f->replace, r);
}

/* The "retract" directive, with its rationale comment. */
static void
modfile_add_retract(struct modfile_ctx *c)
{
	struct modfile_retract	*r;
	const char		*low, *high;
	char			*rationale, *err, *q;

	rationale = modfile_directive_comment(c->block, c->line);
	if (modfile_parse_interval(c->f, c->verb, "", &c->args, &c->nargs,
	    modfile_dont_fix, NULL, &low, &high, &err) != 0) {
		if (c->strict)
			modfile_errorf(c, "%s", err);
		free(err);
		free(rationale);
		return;
	}
	if (c->nargs > 0 && c->strict) {
		q = strquote_quote(c->args[0]);
		modfile_errorf(c, "unexpected token after version: %s", q);
		free(q);
		free(rationale);
		return;
	}
	r = arena_alloc(&c->f->arena, sizeof *r);
	r->low = low;
	r->high = high;
	r->rationale = arena_strdup(&c->f->arena, rationale);
	r->syntax = c->line;
	free(rationale);
	ARENA_PUSH(&c->f->arena, &c->f->retract, r);
}

/* The one-path directives: tool, ignore and (go.work) use. */
static void
modfile_add_pathline(struct modfile_ctx *c)
{
	struct modfile_pathline	*p;
	const char		*s;
	char			*err;

	if (c->nargs != 1) {
		if (strcmp(c->verb, "use") == 0)
			modfile_errorf(c, "usage: %s local/dir", c->verb);
		else
			modfile_errorf(c, "%s directive expects exactly one "
			    "argument", c->verb);
		return;
	}
	if ((s = modfile_parse_string(c->f, &c->args[0], &err)) == NULL) {
		modfile_errorf(c, "invalid quoted string: %s", err);
		free(err);
		return;
	}
	p = arena_alloc(&c->f->arena, sizeof *p);
	p->path = s;
	p->module_path = "";
	p->syntax = c->line;
	if (strcmp(c->verb, "tool") == 0)
		ARENA_PUSH(&c->f->arena, &c->f->tool, p);
	else if (strcmp(c->verb, "ignore") == 0)
		ARENA_PUSH(&c->f->arena, &c->f->ignore, p);
	else
		ARENA_PUSH(&c->f->arena, &c->f->use, p);
}

/* The directive table: which verbs each kind of file knows, and which a
 * dependency's go.mod (lax) still reads. */
static const struct modfile_directive {
	const char	*verb;
	void		(*add)(struct modfile_ctx *);
	int		 gomod;
	int		 gowork;
	int		 lax;
	int		 in_block;	/* may be factored into a block */
} modfile_directives[] = {
	{ "module", modfile_add_module, 1, 0, 1, 1 },
	{ "go", modfile_add_go, 1, 1, 1, 0 },
	{ "toolchain", modfile_add_toolchain, 1, 1, 0, 0 },
	{ "godebug", modfile_add_godebug, 1, 1, 0, 1 },
	{ "require", modfile_add_require, 1, 0, 1, 1 },
	{ "exclude", modfile_add_require, 1, 0, 0, 1 },
	{ "replace", modfile_add_replace, 1, 1, 0, 1 },
	{ "retract", modfile_add_retract, 1, 0, 1, 1 },
	{ "tool", modfile_add_pathline, 1, 0, 0, 1 },
	{ "ignore", modfile_add_pathline, 1, 0, 1, 1 },
	{ "use", modfile_add_pathline, 0, 1, 0, 1 },
};

/* Find a directive known to this kind of file. */
static const struct modfile_directive *
modfile_find_directive(enum modfile_kind kind, const char *verb)
{
	size_t	i;

	for (i = 0; i < nitems(modfile_directives); i++) {
		if (strcmp(modfile_directives[i].verb, verb) != 0)
			continue;
		if (kind == MODFILE_GOMOD ? modfile_directives[i].gomod :
		    modfile_directives[i].gowork)
			return (&modfile_directives[i]);
	}
	return (NULL);
}

/* add: interpret one directive line. */
static void
modfile_add(struct modfile_ctx *c)
{
	const struct modfile_directive	*d;
	const char			**before = NULL;
	size_t				  i;

	d = modfile_find_directive(c->f->kind, c->verb);
	if (!c->strict && (d == NULL || !d->lax))
		return;
	if (d == NULL) {
		modfile_errorf(c, "unknown directive: %s", c->verb);
		return;
	}
	/* Directives rewrite tokens in place (canonical quoting and
	 * versions); the lengths kept for NUL bytes must follow. */
	if (c->line->toklen != NULL) {
		before = xcalloc(c->line->ntok, sizeof *before);
		memcpy(before, c->line->tok, c->line->ntok * sizeof *before);
	}
	d->add(c);
	for (i = 0; before != NULL && i < c->line->ntok; i++) {
		if (c->line->tok[i] != before[i])
			modsyntax_token_changed(c->line, i);
	}
	free(before);
}

/* fixRetract: with a fixer, retract versions are fixed once the module
 * path is known (it may come last in the file). */
static void
modfile_fix_retract(struct modfile *f, modfile_fixer fix, void *fixarg,
    struct modfile_errors *errs)
{
	struct modfile_retract	 *r;
	const char		**args, *low, *high;
	size_t			  i, nargs;
	char			 *err;

	if (fix == NULL)
		return;
	for (i = 0; i < f->retract.n; i++) {
		r = f->retract.v[i];
		if (f->module == NULL || *f->module->mod.path == '\0') {
			modfile_errors_add(errs, r->syntax->start.line,
			    r->syntax->start.line_rune, "no module directive "
			    "found, so retract cannot be used");
			return;
		}
		args = r->syntax->tok;
		nargs = r->syntax->ntok;
		if (strcmp(args[0], "retract") == 0)
			args++, nargs--;
		if (modfile_parse_interval(f, "retract", f->module->mod.path,
		    &args, &nargs, fix, fixarg, &low, &high, &err) != 0) {
			modfile_errors_add(errs, r->syntax->start.line,
			    r->syntax->start.line_rune, "%s", err);
			free(err);
			low = high = "";
		}
		r->low = low;
		r->high = high;
	}
}

/* Interpret every statement of the parsed syntax tree. */
static void
modfile_interpret(struct modfile *f, enum modfile_mode mode,
    modfile_fixer fix, void *fixarg, struct modfile_errors *errs)
{
	struct modfile_ctx		 c;
	struct modfile_expr		*x;
	const struct modfile_directive	*d;
	struct buf			 b;
	size_t				 i, j;

	memset(&c, 0, sizeof c);
	c.f = f;
	c.errs = errs;
	c.fix = fix;
	c.fixarg = fixarg;
	c.strict = mode != MODFILE_LAX;
	for (i = 0; i < f->syntax->stmt.n; i++) {
		x = f->syntax->stmt.v[i];
		if (x->kind == MODFILE_LINE) {
			c.block = NULL;
			c.line = x;
			c.verb = x->tok[0];
			c.args = x->tok + 1;
			c.nargs = x->ntok - 1;
			modfile_add(&c);
			continue;
		}
		if (x->kind != MODFILE_BLOCK)
			continue;
		d = x->ntok == 1 ? modfile_find_directive(f->kind, x->tok[0]) :
		    NULL;
		if (d == NULL || !d->in_block) {
			if (c.strict) {
				buf_init(&b, 0);
				for (j = 0; j < x->ntok; j++) {
					if (j > 0)
						buf_addc(&b, ' ');
					buf_adds(&b, x->tok[j]);
				}
				modfile_errors_add(errs, x->start.line,
				    x->start.line_rune,
				    "unknown block type: %s", b.data);
				buf_free(&b);
			}
			continue;
		}
		for (j = 0; j < x->lines.n; j++) {
			c.block = x;
			c.line = x->lines.v[j];
			c.verb = x->tok[0];
			c.args = c.line->tok;
			c.nargs = c.line->ntok;
			modfile_add(&c);
		}
	}
}

/*
 * Parse a go.mod (Parse or ParseLax) or go.work (ParseWork). Returns the
 * file, or NULL with every error in errs.
 */
struct modfile *
modfile_parse(const char *filename, const char *data, size_t len,
    enum modfile_mode mode, modfile_fixer fix, void *fixarg,
    struct modfile_errors *errs)
{
	struct modfile	*f;
	size_t		 before;

	f = modfile_new(mode == MODFILE_WORK ? MODFILE_GOWORK : MODFILE_GOMOD);
	if (modread_parse(f, filename, data, len, errs) != 0) {
		modfile_free(f);
		return (NULL);
	}
	before = errs->n;
	modfile_interpret(f, mode, fix, fixarg, errs);
	if (f->kind == MODFILE_GOMOD)
		modfile_fix_retract(f, fix, fixarg, errs);
	if (errs->n > before) {
		modfile_free(f);
		return (NULL);
	}
	return (f);
}
