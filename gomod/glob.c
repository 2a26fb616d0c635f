/*
 * Go's path.Match and module.MatchPrefixPatterns, the glob rules of
 * GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE. A port, line for line
 * in spirit, because fnmatch(3) differs in negation and error handling.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"

struct glob_str {
	const char	*p;
	size_t		 n;
};

static void	glob_scan_chunk(struct glob_str *, int *, struct glob_str *);
static int	glob_get_esc(struct glob_str *, uint32_t *);
static int	glob_match_chunk(struct glob_str, struct glob_str,
		    struct glob_str *);

/* Split off the next chunk of the pattern: leading stars, then text up to
 * the next star outside a range. */
static void
glob_scan_chunk(struct glob_str *pat, int *star, struct glob_str *chunk)
{
	size_t	i;
	int	inrange = 0;

	*star = 0;
	while (pat->n > 0 && pat->p[0] == '*') {
		pat->p++, pat->n--;
		*star = 1;
	}
	for (i = 0; i < pat->n; i++) {
		if (pat->p[i] == '\\') {
			if (i + 1 < pat->n)
				i++;
		} else if (pat->p[i] == '[')
			inrange = 1;
		else if (pat->p[i] == ']')
			inrange = 0;
		else if (pat->p[i] == '*' && !inrange)
			break;
	}
	chunk->p = pat->p;
	chunk->n = i;
	pat->p += i;
	pat->n -= i;
}

/* Read one possibly escaped rune of a range; -1 on a bad pattern. */
static int
glob_get_esc(struct glob_str *c, uint32_t *r)
{
	size_t	w;
	int	bad = 0;

	if (c->n == 0 || c->p[0] == '-' || c->p[0] == ']')
		return (-1);
	if (c->p[0] == '\\') {
		c->p++, c->n--;
		if (c->n == 0)
			return (-1);
	}
	*r = unicode_decode(c->p, c->n, &w);
	if (*r == UNICODE_RUNE_ERROR && w == 1)
		bad = 1;
	c->p += w, c->n -= w;
	if (c->n == 0)
		bad = 1;
	return (bad ? -1 : 0);
}

/* Match chunk against the start of s. Returns 1 (rest in *rest), 0, or
 * -1 for a malformed pattern. */
static int
glob_match_chunk(struct glob_str chunk, struct glob_str s,
    struct glob_str *rest)
{
	uint32_t	r = 0, lo, hi;
	size_t		w;
	int		failed = 0, negated, match, nrange;

	while (chunk.n > 0) {
		if (!failed && s.n == 0)
			failed = 1;
		switch (chunk.p[0]) {
		case '[':
			if (!failed) {
				r = unicode_decode(s.p, s.n, &w);
				s.p += w, s.n -= w;
			}
			chunk.p++, chunk.n--;
			negated = 0;
			if (chunk.n > 0 && chunk.p[0] == '^') {
				negated = 1;
				chunk.p++, chunk.n--;
			}
			match = 0;
			nrange = 0;
			for (;;) {
				if (chunk.n > 0 && chunk.p[0] == ']' &&
				    nrange > 0) {
					chunk.p++, chunk.n--;
					break;
				}
				if (glob_get_esc(&chunk, &lo) != 0)
					return (-1);
				hi = lo;
				if (chunk.p[0] == '-') {
					chunk.p++, chunk.n--;
					if (glob_get_esc(&chunk, &hi) != 0)
						return (-1);
				}
				if (lo <= r && r <= hi)
					match = 1;
				nrange++;
			}
			if (match == negated)
				failed = 1;
			break;
		case '?':
			if (!failed) {
				if (s.p[0] == '/')
					failed = 1;
				unicode_decode(s.p, s.n, &w);
				s.p += w, s.n -= w;
			}
			chunk.p++, chunk.n--;
			break;
		case '\\':
			chunk.p++, chunk.n--;
			if (chunk.n == 0)
				return (-1);
			/* FALLTHROUGH */
		default:
			if (!failed) {
				if (chunk.p[0] != s.p[0])
					failed = 1;
				s.p++, s.n--;
			}
			chunk.p++, chunk.n--;
			break;
		}
	}
	if (failed)
		return (0);
	*rest = s;
	return (1);
}

/* path.Match: 1 if name matches pattern, 0 if not, -1 if the pattern is
 * malformed. */
int
glob_match(const char *pattern, const char *name)
{
	struct glob_str	pat = { pattern, strlen(pattern) };
	struct glob_str	s = { name, strlen(name) }, chunk, t;
	size_t		i;
	int		star, ok;

next:
	while (pat.n > 0) {
		glob_scan_chunk(&pat, &star, &chunk);
		if (star && chunk.n == 0)
			return (memchr(s.p, '/', s.n) == NULL);
		ok = glob_match_chunk(chunk, s, &t);
		if (ok == 1 && (t.n == 0 || pat.n > 0)) {
			s = t;
			continue;
		}
		if (ok == -1)
			return (-1);
		if (star) {
			for (i = 0; i < s.n && s.p[i] != '/'; i++) {
				struct glob_str	sub = { s.p + i + 1,
				    s.n - i - 1 };

				ok = glob_match_chunk(chunk, sub, &t);
				if (ok == 1) {
					if (pat.n == 0 && t.n > 0)
						continue;
					s = t;
					goto next;
				}
				if (ok == -1)
					return (-1);
			}
		}
		while (pat.n > 0) {
			struct glob_str	empty = { "", 0 };

			glob_scan_chunk(&pat, &star, &chunk);
			if (glob_match_chunk(chunk, empty, &t) == -1)
				return (-1);
		}
		return (0);
	}
	return (s.n == 0);
}

/* MatchPrefixPatterns: does any comma-separated glob match a leading run
 * of target's path elements? */
int
glob_match_prefix_patterns(const char *globs, const char *target)
{
	char	*glob, *prefix;
	size_t	 len, i, n, tlen = strlen(target);
	int	 slashes, matched;

	while (*globs != '\0') {
		len = strcspn(globs, ",");
		glob = xstrndup(globs, len);
		globs += len;
		if (*globs == ',')
			globs++;
		n = strlen(glob);
		if (n > 0 && glob[n - 1] == '/')
			glob[--n] = '\0';
		if (n == 0) {
			free(glob);
			continue;
		}
		for (slashes = 0, i = 0; i < n; i++)
			slashes += glob[i] == '/';
		len = tlen;
		for (i = 0; i < tlen; i++) {
			if (target[i] == '/') {
				if (slashes == 0) {
					len = i;
					break;
				}
				slashes--;
			}
		}
		if (slashes > 0) {
			free(glob);
			continue;
		}
		prefix = xstrndup(target, len);
		matched = glob_match(glob, prefix) == 1;
		free(prefix);
		free(glob);
		if (matched)
			return (1);
	}
	return (0);
}
