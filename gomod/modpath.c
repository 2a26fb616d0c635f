/*
 * Module paths, import paths and file paths as golang.org/x/mod/module
 * checks them, the major-version suffix rules, and the "!"-escaping used
 * by the module proxy protocol and the module cache. Every path that
 * reaches a URL or a file name in modvet passes through modpath_escape.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"

enum modpath_kind {
	MODPATH_MODULE,
	MODPATH_IMPORT,
	MODPATH_FILE
};

static const char *modpath_bad_windows[] = {
	"CON", "PRN", "AUX", "NUL",
	"COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
	"LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"
};

static int	modpath_char_ok(uint32_t, enum modpath_kind);
static int	modpath_check_elem(const char *, size_t, enum modpath_kind,
		    char **);
static int	modpath_check_kind(const char *, enum modpath_kind, char **);
static int	modpath_fail(char **, const char *, const char *, char *);
static int	modpath_split_gopkgin(const char *, size_t *);
static int	modpath_escape_string(const char *, char **);

/* Is rune r allowed in a path element of this kind? */
static int
modpath_char_ok(uint32_t r, enum modpath_kind kind)
{
	if (r >= 0x80)
		return (kind == MODPATH_FILE && unicode_is_letter(r));
	if ((r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') ||
	    (r >= 'a' && r <= 'z'))
		return (1);
	switch (kind) {
	case MODPATH_MODULE:
		return (r == '-' || r == '.' || r == '_' || r == '~');
	case MODPATH_IMPORT:
		return (r == '-' || r == '.' || r == '_' || r == '~' ||
		    r == '+');
	case MODPATH_FILE:
		return (r != 0 && strchr("!#$%&()+,-.=@[]^_{}~ ", r) != NULL);
	}
	return (0);
}

/* checkElem: check one path element; -1 with the reason in *why. */
static int
modpath_check_elem(const char *e, size_t n, enum modpath_kind kind,
    char **why)
{
	size_t		 i, w, shortlen, tilde;
	uint32_t	 r;
	char		*q;

	if (n == 0) {
		*why = xstrdup("empty path element");
		return (-1);
	}
	for (i = 0; i < n && e[i] == '.'; i++)
		;
	if (i == n) {
		q = xmemdup(e, n);
		*why = strquote_quote(q);
		free(q);
		xasprintf(&q, "invalid path element %s", *why);
		free(*why);
		*why = q;
		return (-1);
	}
	if (e[0] == '.' && kind == MODPATH_MODULE) {
		*why = xstrdup("leading dot in path element");
		return (-1);
	}
	if (e[n - 1] == '.') {
		*why = xstrdup("trailing dot in path element");
		return (-1);
	}
	for (i = 0; i < n; i += w) {
		r = unicode_decode(e + i, n - i, &w);
		if (!modpath_char_ok(r, kind)) {
			q = strquote_quote_rune(r);
			xasprintf(why, "invalid char %s", q);
			free(q);
			return (-1);
		}
	}
	for (shortlen = 0; shortlen < n && e[shortlen] != '.'; shortlen++)
		;
	for (i = 0; i < nitems(modpath_bad_windows); i++) {
		if (strlen(modpath_bad_windows[i]) == shortlen &&
		    strncasecmp(modpath_bad_windows[i], e, shortlen) == 0) {
			q = xmemdup(e, shortlen);
			*why = strquote_quote(q);
			free(q);
			xasprintf(&q, "%s disallowed as path element component "
			    "on Windows", *why);
			free(*why);
			*why = q;
			return (-1);
		}
	}
	if (kind == MODPATH_FILE)
		return (0);
	/* Reject names like "PROGRA~1" that look like Windows short names. */
	for (tilde = shortlen; tilde > 0 && e[tilde - 1] != '~'; tilde--)
		;
	if (tilde > 0 && tilde < shortlen) {
		for (i = tilde; i < shortlen && e[i] >= '0' && e[i] <= '9'; i++)
			;
		if (i == shortlen) {
			*why = xstrdup("trailing tilde and digits in path "
			    "element");
			return (-1);
		}
	}
	return (0);
}

/* checkPath: the rules every kind of path shares. */
static int
modpath_check_kind(const char *path, enum modpath_kind kind, char **why)
{
	size_t	n = strlen(path), start = 0, i;

	if (!unicode_valid(path, n)) {
		*why = xstrdup("invalid UTF-8");
		return (-1);
	}
	if (n == 0) {
		*why = xstrdup("empty string");
		return (-1);
	}
	if (path[0] == '-' && kind != MODPATH_FILE) {
		*why = xstrdup("leading dash");
		return (-1);
	}
	if (strstr(path, "//") != NULL) {
		*why = xstrdup("double slash");
		return (-1);
	}
	if (path[n - 1] == '/') {
		*why = xstrdup("trailing slash");
		return (-1);
	}
	for (i = 0; i <= n; i++) {
		if (i == n || path[i] == '/') {
			if (modpath_check_elem(path + start, i - start, kind,
			    why) != 0)
				return (-1);
			start = i + 1;
		}
	}
	return (0);
}

/* Format "malformed <kind> path %q: <why>" into *cause; returns -1. */
static int
modpath_fail(char **cause, const char *kind, const char *path, char *why)
{
	char	*q;

	if (cause != NULL) {
		q = strquote_quote(path);
		xasprintf(cause, "malformed %s path %s: %s", kind, q, why);
		free(q);
	}
	free(why);
	return (-1);
}

/* CheckPath: is path a valid module path? */
int
modpath_check(const char *path, char **cause)
{
	char	*why = NULL, *q;
	size_t	 i, n, prefix;

	if (modpath_check_kind(path, MODPATH_MODULE, &why) != 0)
		return (modpath_fail(cause, "module", path, why));
	n = strcspn(path, "/");
	if (n == 0)
		why = xstrdup("leading slash");
	else if (memchr(path, '.', n) == NULL)
		why = xstrdup("missing dot in first path element");
	else if (path[0] == '-')
		why = xstrdup("leading dash in first path element");
	else {
		for (i = 0; i < n; i++) {
			if (path[i] == '-' || path[i] == '.' ||
			    (path[i] >= '0' && path[i] <= '9') ||
			    (path[i] >= 'a' && path[i] <= 'z'))
				continue;
			q = strquote_quote_rune((unsigned char)path[i]);
			xasprintf(&why, "invalid char %s in first path "
			    "element", q);
			free(q);
			break;
		}
	}
	if (why == NULL && !modpath_split_version(path, &prefix))
		why = xstrdup("invalid version");
	if (why != NULL)
		return (modpath_fail(cause, "module", path, why));
	return (0);
}

/* CheckFilePath: a slash-separated file path inside a module. */
int
modpath_check_file(const char *path, char **cause)
{
	char	*why = NULL;

	if (modpath_check_kind(path, MODPATH_FILE, &why) != 0)
		return (modpath_fail(cause, "file", path, why));
	return (0);
}

/* module.Check: path is valid and version is a valid version of it. */
int
modpath_check_version(const char *path, const char *version, char **cause)
{
	char	*why = NULL, *q;
	size_t	 prefix;

	if (modpath_check(path, cause) != 0)
		return (-1);
	if (!semver_is_valid(version)) {
		if (cause != NULL) {
			q = strquote_quote(version);
			xasprintf(cause, "%s@%s: invalid version: not a "
			    "semantic version", path, version);
			free(q);
		}
		return (-1);
	}
	modpath_split_version(path, &prefix);
	if (modpath_check_major(version, path + prefix, &why) != 0) {
		if (cause != NULL) {
			/* why is "version %q invalid: <err>"; ModuleError
			 * prints "path@v: invalid version: <err>". */
			q = strstr(why, " invalid: ");
			xasprintf(cause, "%s@%s: invalid version: %s", path,
			    version, q != NULL ? q + 10 : why);
		}
		free(why);
		return (-1);
	}
	return (0);
}

/* splitGopkgIn: gopkg.in/name.vN paths. */
static int
modpath_split_gopkgin(const char *path, size_t *prefix_len)
{
	size_t	n = strlen(path), i = n;

	*prefix_len = n;
	if (strncmp(path, "gopkg.in/", 9) != 0)
		return (0);
	if (n >= 9 && strcmp(path + n - 9, "-unstable") == 0)
		i -= 9;
	while (i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9')
		i--;
	if (i <= 1 || path[i - 1] != 'v' || path[i - 2] != '.')
		return (0);
	/* pathMajor = path[i-2:]; ".v0" is allowed, other leading 0 not. */
	if (n - (i - 2) <= 2 ||
	    (path[i] == '0' && strcmp(path + i - 2, ".v0") != 0))
		return (0);
	*prefix_len = i - 2;
	return (1);
}

/* SplitPathVersion. */
int
modpath_split_version(const char *path, size_t *prefix_len)
{
	size_t	n = strlen(path), i = n;
	int	dot = 0;

	if (strncmp(path, "gopkg.in/", 9) == 0)
		return (modpath_split_gopkgin(path, prefix_len));
	*prefix_len = n;
	while (i > 0 && ((path[i - 1] >= '0' && path[i - 1] <= '9') ||
	    path[i - 1] == '.')) {
		if (path[i - 1] == '.')
			dot = 1;
		i--;
	}
	if (i <= 1 || i == n || path[i - 1] != 'v' || path[i - 2] != '/')
		return (1);
	/* pathMajor = path[i-2:], "/vN" */
	if (dot || n - (i - 2) <= 2 || path[i] == '0' ||
	    strcmp(path + i - 2, "/v1") == 0)
		return (0);
	*prefix_len = i - 2;
	return (1);
}

/* Length of a path major without a gopkg.in "-unstable" suffix. */
static size_t
modpath_major_len(const char *pm)
{
	size_t	n = strlen(pm);

	if (strncmp(pm, ".v", 2) == 0 && n >= 9 &&
	    strcmp(pm + n - 9, "-unstable") == 0)
		n -= 9;
	return (n);
}

/* MatchPathMajor: does version v fit path major pm? */
int
modpath_match_major(const char *v, const char *pm)
{
	size_t	 n = modpath_major_len(pm);
	char	*m;
	int	 ok;

	if (strncmp(v, "v0.0.0-", 7) == 0 && n == 3 &&
	    strncmp(pm, ".v1", 3) == 0)
		return (1);
	m = semver_major(v);
	if (n == 0)
		ok = strcmp(m, "v0") == 0 || strcmp(m, "v1") == 0 ||
		    semver_is_incompatible(v);
	else
		ok = (pm[0] == '/' || pm[0] == '.') &&
		    strlen(m) == n - 1 && strncmp(m, pm + 1, n - 1) == 0;
	free(m);
	return (ok);
}

/* CheckPathMajor: like match, with the go command's error text. */
int
modpath_check_major(const char *v, const char *pm, char **cause)
{
	size_t	 n = modpath_major_len(pm);
	char	*m, *want, *q;

	if (modpath_match_major(v, pm))
		return (0);
	if (cause != NULL) {
		m = semver_major(v);
		if (n == 0)
			want = xstrdup("v0 or v1");
		else if (pm[0] == '/' || pm[0] == '.')
			want = xstrndup(pm + 1, n - 1);
		else
			want = xstrndup(pm, n);
		q = strquote_quote(v);
		xasprintf(cause, "version %s invalid: should be %s, not %s", q,
		    want, m);
		free(q);
		free(want);
		free(m);
	}
	return (-1);
}

/* CanonicalVersion: the canonical form, keeping +incompatible. */
char *
modpath_canonical_version(const char *v)
{
	char	*cv, *s;

	cv = semver_canonical(v);
	if (semver_is_incompatible(v)) {
		xasprintf(&s, "%s+incompatible", cv);
		free(cv);
		return (s);
	}
	return (cv);
}

/* Replace each upper-case letter by "!" and its lower case. */
static int
modpath_escape_string(const char *s, char **out)
{
	struct buf	b;
	size_t		i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '!' || (unsigned char)s[i] >= 0x80)
			return (-1);
	}
	buf_init(&b, 0);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z') {
			buf_addc(&b, '!');
			buf_addc(&b, s[i] + 'a' - 'A');
		} else
			buf_addc(&b, s[i]);
	}
	*out = buf_steal(&b);
	return (0);
}

/* EscapePath: a checked module path escaped for URLs and file names. */
int
modpath_escape(const char *path, char **out, char **cause)
{
	*out = NULL;
	if (modpath_check(path, cause) != 0)
		return (-1);
	if (modpath_escape_string(path, out) != 0) {
		if (cause != NULL)
			*cause = xstrdup("internal error: inconsistency in "
			    "EscapePath");
		return (-1);
	}
	return (0);
}

/* EscapeVersion: versions must be valid file name elements without "!". */
int
modpath_escape_version(const char *v, char **out, char **cause)
{
	char	*why = NULL, *q;

	*out = NULL;
	if (modpath_check_elem(v, strlen(v), MODPATH_FILE, &why) != 0 ||
	    strchr(v, '!') != NULL || modpath_escape_string(v, out) != 0) {
		free(why);
		if (cause != NULL) {
			q = strquote_quote(v);
			xasprintf(cause, "version %s invalid: disallowed "
			    "version string", q);
			free(q);
		}
		return (-1);
	}
	return (0);
}
