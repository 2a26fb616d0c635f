/*
 * go.sum files: lines "<module> <version>[/go.mod] <hash>". Reading keeps
 * the line numbers so every bad line is reported where it is; writing
 * sorts and deduplicates exactly as the go command's WriteGoSum does.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "util/util.h"
#include "gomod/gomod.h"

/* The go.mod hash of an empty file, written by an old go command bug;
 * the go command drops such lines when it reads go.sum. */
#define GOSUM_EMPTY_GOMOD_HASH "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY="

/* Prepare an empty go.sum. */
void
gosum_init(struct gosum *s)
{
	memset(s, 0, sizeof *s);
}

/* Free a go.sum. */
void
gosum_free(struct gosum *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].version);
		free(s->v[i].hash);
	}
	free(s->v);
	strv_free(&s->ignored);
	gosum_init(s);
}

/* Add a line (copies the strings). */
void
gosum_add(struct gosum *s, const char *path, const char *version,
    const char *hash, int line)
{
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n].path = xstrdup(path);
	s->v[s->n].version = xstrdup(version);
	s->v[s->n].hash = xstrdup(hash);
	s->v[s->n].line = line;
	s->n++;
}

/* Is hash "h1:" and the base64 of 32 bytes (other algorithms "hN:" are
 * left to future go commands, as go itself does)? */
static int
gosum_hash_ok(const char *hash)
{
	unsigned char	out[48];
	size_t		n = strlen(hash);

	if (strncmp(hash, "h1:", 3) != 0)
		return (hash[0] == 'h' && strchr(hash, ':') != NULL);
	if (n - 3 != 44 || hash[n - 1] != '=' || hash[n - 2] == '=')
		return (0);
	return (EVP_DecodeBlock(out, (const unsigned char *)hash + 3, 44) == 33);
}

/* Check the fields of one line; NULL when they are well formed. */
static char *
gosum_check_fields(const char *path, const char *version, const char *hash)
{
	char	*why = NULL, *v, *q, *cv;
	size_t	 n = strlen(version);
	int	 canonical;

	if (modpath_check(path, &why) != 0)
		return (why);
	v = n > 7 && strcmp(version + n - 7, "/go.mod") == 0 ?
	    xstrndup(version, n - 7) : xstrdup(version);
	cv = modpath_canonical_version(v);
	canonical = strcmp(cv, v) == 0;
	free(cv);
	if (!canonical) {
		q = strquote_quote(version);
		xasprintf(&why, "invalid version %s", q);
		free(q);
	} else if (!gosum_hash_ok(hash)) {
		q = strquote_quote(hash);
		xasprintf(&why, "malformed hash %s", q);
		free(q);
	}
	free(v);
	return (why);
}

/*
 * Parse go.sum data. Every well-formed line goes into s; each bad line is
 * an error in errs, at its line. Returns -1 if there was any error.
 */
int
gosum_parse(const char *data, size_t len, struct gosum *s,
    struct modfile_errors *errs)
{
	const char	*p = data, *end = data + len, *nl;
	const char	*f[4];
	size_t		 fl[4], nf, n;
	char		*line, *cur, *path, *version, *hash, *why;
	int		 lineno = 0, rc = 0;

	while (p < end) {
		lineno++;
		nl = memchr(p, '\n', end - p);
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		line = xstrndup(p, n);
		p += nl != NULL ? n + 1 : n;
		cur = line;
		for (nf = 0; nf < 4 && (f[nf] = gostr_next_field(
		    (const char **)&cur, &fl[nf])) != NULL; nf++)
			;
		if (nf == 0) {
			free(line);
			continue;
		}
		if (nf != 3) {
			for (; gostr_next_field((const char **)&cur, &n) !=
			    NULL; nf++)
				;
			modfile_errors_add(errs, lineno, 0, "wrong number of "
			    "fields %zu", nf);
			rc = -1;
			free(line);
			continue;
		}
		path = xstrndup(f[0], fl[0]);
		version = xstrndup(f[1], fl[1]);
		hash = xstrndup(f[2], fl[2]);
		if ((why = gosum_check_fields(path, version, hash)) != NULL) {
			xasprintf(&cur, "%d: %s", lineno, why);
			strv_push_owned(&s->ignored, cur);
			free(why);
		} else if (strcmp(hash, GOSUM_EMPTY_GOMOD_HASH) != 0)
			gosum_add(s, path, version, hash, lineno);
		free(path);
		free(version);
		free(hash);
		free(line);
	}
	return (rc);
}

/* module.Sort order, versions with a "/go.mod" suffix after the bare
 * version; then hashes, for deduplication. */
static int
gosum_cmp(const void *a, const void *b)
{
	const struct gosum_line	*x = a, *y = b;
	const char		*fx, *fy;
	char			*vx, *vy;
	int			 c;

	if ((c = strcmp(x->path, y->path)) != 0)
		return (c);
	fx = strchr(x->version, '/');
	fy = strchr(y->version, '/');
	vx = fx != NULL ? xstrndup(x->version, fx - x->version) :
	    xstrdup(x->version);
	vy = fy != NULL ? xstrndup(y->version, fy - y->version) :
	    xstrdup(y->version);
	if (strcmp(vx, vy) != 0)
		c = semver_compare(vx, vy);
	if (c == 0)
		c = strcmp(fx != NULL ? fx : "", fy != NULL ? fy : "");
	free(vx);
	free(vy);
	if (c != 0)
		return (c);
	return (strcmp(x->hash, y->hash));
}

/* Sort the lines and drop exact duplicates. */
void
gosum_sort(struct gosum *s)
{
	size_t	i, w;

	if (s->n < 2)
		return;
	qsort(s->v, s->n, sizeof *s->v, gosum_cmp);
	for (i = 1, w = 1; i < s->n; i++) {
		if (gosum_cmp(&s->v[w - 1], &s->v[i]) == 0) {
			free(s->v[i].path);
			free(s->v[i].version);
			free(s->v[i].hash);
			continue;
		}
		s->v[w++] = s->v[i];
	}
	s->n = w;
}

/* The go.sum text, sorted and deduplicated as go writes it. */
char *
gosum_format(struct gosum *s)
{
	struct buf	b;
	size_t		i;

	gosum_sort(s);
	buf_init(&b, 0);
	for (i = 0; i < s->n; i++)
		buf_printf(&b, "%s %s %s\n", s->v[i].path, s->v[i].version,
		    s->v[i].hash);
	return (buf_steal(&b));
}

/* The first line for path and version ("v1.2.3" or "v1.2.3/go.mod"). */
const struct gosum_line *
gosum_lookup(const struct gosum *s, const char *path, const char *version)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->v[i].path, path) == 0 &&
		    strcmp(s->v[i].version, version) == 0)
			return (&s->v[i]);
	}
	return (NULL);
}
