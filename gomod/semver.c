/*
 * Semantic versions as golang.org/x/mod/semver: a "v" then
 * MAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]], where the short forms v1 and
 * v1.2 mean v1.0.0 and v1.2.0 and may not carry a prerelease or build.
 * Every comparison in modvet goes through semver_compare.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

/* A parsed version: spans of the input string. */
struct semver_parsed {
	const char	*major;
	size_t		 major_len;
	const char	*minor;
	size_t		 minor_len;
	const char	*patch;
	size_t		 patch_len;
	const char	*shortfill;	/* ".0.0", ".0" or "" */
	const char	*pre;		/* with its '-', or "" */
	size_t		 pre_len;
	const char	*build;		/* with its '+', or "" */
	size_t		 build_len;
};

static int	semver_parse(const char *, struct semver_parsed *);
static int	semver_is_ident_char(int);
static int	semver_is_bad_num(const char *, size_t);
static int	semver_is_num(const char *, size_t);
static size_t	semver_parse_prerelease(const char *);
static size_t	semver_parse_build(const char *);
static int	semver_compare_int(const char *, size_t, const char *, size_t);
static int	semver_compare_prerelease(const char *, size_t, const char *,
		    size_t);

/* Is c allowed in a prerelease or build identifier? */
static int
semver_is_ident_char(int c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-');
}

/* Is s[0..n) a number with a leading zero? */
static int
semver_is_bad_num(const char *s, size_t n)
{
	size_t	i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return (i == n && i > 1 && s[0] == '0');
}

/* Is s[0..n) all digits? */
static int
semver_is_num(const char *s, size_t n)
{
	size_t	i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return (i == n);
}

/* Length of a "-prerelease" at s, or 0 if it is not one. */
static size_t
semver_parse_prerelease(const char *s)
{
	size_t	i = 1, start = 1;

	if (s[0] != '-')
		return (0);
	for (; s[i] != '\0' && s[i] != '+'; i++) {
		if (!semver_is_ident_char(s[i]) && s[i] != '.')
			return (0);
		if (s[i] == '.') {
			if (start == i || semver_is_bad_num(s + start,
			    i - start))
				return (0);
			start = i + 1;
		}
	}
	if (start == i || semver_is_bad_num(s + start, i - start))
		return (0);
	return (i);
}

/* Length of a "+build" at s, or 0 if it is not one. */
static size_t
semver_parse_build(const char *s)
{
	size_t	i = 1, start = 1;

	if (s[0] != '+')
		return (0);
	for (; s[i] != '\0'; i++) {
		if (!semver_is_ident_char(s[i]) && s[i] != '.')
			return (0);
		if (s[i] == '.') {
			if (start == i)
				return (0);
			start = i + 1;
		}
	}
	if (start == i)
		return (0);
	return (i);
}

/* Parse v; returns 1 if it is a valid semantic version. */
static int
semver_parse(const char *v, struct semver_parsed *p)
{
	size_t	n;

	memset(p, 0, sizeof *p);
	p->shortfill = p->pre = p->build = "";
	if (v[0] != 'v')
		return (0);
	v++;
	if ((n = gostr_decimal_len(v)) == 0)
		return (0);
	p->major = v;
	p->major_len = n;
	v += n;
	if (*v == '\0') {
		p->minor = p->patch = "0";
		p->minor_len = p->patch_len = 1;
		p->shortfill = ".0.0";
		return (1);
	}
	if (*v++ != '.' || (n = gostr_decimal_len(v)) == 0)
		return (0);
	p->minor = v;
	p->minor_len = n;
	v += n;
	if (*v == '\0') {
		p->patch = "0";
		p->patch_len = 1;
		p->shortfill = ".0";
		return (1);
	}
	if (*v++ != '.' || (n = gostr_decimal_len(v)) == 0)
		return (0);
	p->patch = v;
	p->patch_len = n;
	v += n;
	if (*v == '-') {
		if ((n = semver_parse_prerelease(v)) == 0)
			return (0);
		p->pre = v;
		p->pre_len = n;
		v += n;
	}
	if (*v == '+') {
		if ((n = semver_parse_build(v)) == 0)
			return (0);
		p->build = v;
		p->build_len = n;
		v += n;
	}
	return (*v == '\0');
}

/* Is v a valid semantic version? */
int
semver_is_valid(const char *v)
{
	struct semver_parsed	p;

	return (semver_parse(v, &p));
}

/* The canonical form of v, or "" if v is invalid. */
char *
semver_canonical(const char *v)
{
	struct semver_parsed	p;
	char			*s;

	if (!semver_parse(v, &p))
		return (xstrdup(""));
	if (p.build_len != 0)
		return (xstrndup(v, strlen(v) - p.build_len));
	if (*p.shortfill != '\0') {
		xasprintf(&s, "%s%s", v, p.shortfill);
		return (s);
	}
	return (xstrdup(v));
}

/* The major version prefix ("v2"), or "" if v is invalid. */
char *
semver_major(const char *v)
{
	struct semver_parsed	p;

	if (!semver_parse(v, &p))
		return (xstrdup(""));
	return (xstrndup(v, 1 + p.major_len));
}

/* The prerelease suffix with its "-", or "". */
char *
semver_prerelease(const char *v)
{
	struct semver_parsed	p;

	if (!semver_parse(v, &p))
		return (xstrdup(""));
	return (xstrndup(p.pre, p.pre_len));
}

/* Does v end in +incompatible (as its whole build suffix)? */
int
semver_is_incompatible(const char *v)
{
	struct semver_parsed	p;

	return (semver_parse(v, &p) && p.build_len == 13 &&
	    memcmp(p.build, "+incompatible", 13) == 0);
}

/* Compare two decimal numbers without leading zeros. */
static int
semver_compare_int(const char *x, size_t xn, const char *y, size_t yn)
{
	int	c;

	if (xn != yn)
		return (xn < yn ? -1 : 1);
	c = memcmp(x, y, xn);
	return (c < 0 ? -1 : c > 0);
}

/* Compare two prereleases (with their leading "-"; empty is highest). */
static int
semver_compare_prerelease(const char *x, size_t xn, const char *y, size_t yn)
{
	size_t	dx, dy, i;
	int	ix, iy, c;

	if (xn == yn && memcmp(x, y, xn) == 0)
		return (0);
	if (xn == 0)
		return (1);
	if (yn == 0)
		return (-1);
	while (xn != 0 && yn != 0) {
		x++, xn--;
		y++, yn--;
		for (dx = 0; dx < xn && x[dx] != '.'; dx++)
			;
		for (dy = 0; dy < yn && y[dy] != '.'; dy++)
			;
		if (dx != dy || memcmp(x, y, dx) != 0) {
			ix = semver_is_num(x, dx);
			iy = semver_is_num(y, dy);
			if (ix != iy)
				return (ix ? -1 : 1);
			if (ix && dx != dy)
				return (dx < dy ? -1 : 1);
			i = dx < dy ? dx : dy;
			c = memcmp(x, y, i);
			if (c != 0)
				return (c < 0 ? -1 : 1);
			return (dx < dy ? -1 : 1);
		}
		x += dx, xn -= dx;
		y += dy, yn -= dy;
	}
	return (xn == 0 ? -1 : 1);
}

/* Compare two versions: -1, 0 or +1. */
int
semver_compare(const char *v, const char *w)
{
	struct semver_parsed	pv, pw;
	int			c, okv, okw;

	if (strcmp(v, w) == 0)
		return (0);
	okv = semver_parse(v, &pv);
	okw = semver_parse(w, &pw);
	if (!okv && !okw)
		return (0);
	if (!okv)
		return (-1);
	if (!okw)
		return (1);
	if ((c = semver_compare_int(pv.major, pv.major_len, pw.major,
	    pw.major_len)) != 0)
		return (c);
	if ((c = semver_compare_int(pv.minor, pv.minor_len, pw.minor,
	    pw.minor_len)) != 0)
		return (c);
	if ((c = semver_compare_int(pv.patch, pv.patch_len, pw.patch,
	    pw.patch_len)) != 0)
		return (c);
	return (semver_compare_prerelease(pv.pre, pv.pre_len, pw.pre,
	    pw.pre_len));
}

/*
 * The MAJOR.MINOR.PATCH numbers of v, for callers that compare versions
 * many times (semver_sort, the module graph): 1 when v is exactly
 * vMAJOR.MINOR.PATCH, 2 when it is another valid version (a prerelease,
 * +incompatible, the v1 and v1.2 shorthands, whose missing numbers are
 * 0), 0 when it is not valid or a number has more than 18 digits. Where
 * two versions' numbers differ, they decide what semver_compare would.
 */
int
semver_numbers(const char *v, uint64_t num[3])
{
	struct semver_parsed	 p;
	const char		*s = v + 1;
	size_t			 len;
	int			 i;

	/* Most versions are just that: read without a parse. */
	for (i = 0; *v == 'v' && i < 3; i++) {
		if ((len = gostr_decimal_len(s)) == 0 || len > 18)
			break;
		num[i] = strtoull(s, NULL, 10);
		s += len;
		if (i < 2 && *s++ != '.')
			break;
	}
	if (i == 3 && *s == '\0')
		return (1);
	if (!semver_parse(v, &p) || p.major_len > 18 || p.minor_len > 18 ||
	    p.patch_len > 18)
		return (0);
	num[0] = strtoull(p.major, NULL, 10);
	num[1] = strtoull(p.minor, NULL, 10);	/* "0" in a shorthand */
	num[2] = strtoull(p.patch, NULL, 10);
	return (2);
}

/* A version to sort, with its numbers read once (semver_sort). */
struct semver_sortkey {
	char		*v;
	uint64_t	 num[3];
	int		 plain;		/* valid, and num holds its numbers */
};

/* semver.Sort's order (ByVersion.Less): semver.Compare, then the
 * strings. Where both versions are valid and their numbers differ, the
 * numbers decide, as Compare would, without parsing both again. */
static int
semver_sort_cmp(const void *a, const void *b)
{
	const struct semver_sortkey	*x = a, *y = b;
	int				 c, i;

	if (x->plain && y->plain)
		for (i = 0; i < 3; i++)
			if (x->num[i] != y->num[i])
				return (x->num[i] < y->num[i] ? -1 : 1);
	if ((c = semver_compare(x->v, y->v)) != 0)
		return (c);
	return (strcmp(x->v, y->v));
}

/* Sort a list of versions in increasing order. Each version is parsed
 * once (a module's list can hold thousands, and a sort compares each
 * many times); a list already in order costs one pass. */
void
semver_sort(char **list, size_t n)
{
	struct semver_sortkey	*k;
	size_t			 i;

	if (n < 2)
		return;
	k = xcalloc(n, sizeof *k);
	for (i = 0; i < n; i++) {
		k[i].v = list[i];
		k[i].plain = semver_numbers(list[i], k[i].num) != 0;
	}
	for (i = 1; i < n && semver_sort_cmp(&k[i - 1], &k[i]) <= 0; i++)
		;
	if (i < n) {
		qsort(k, n, sizeof *k, semver_sort_cmp);
		for (i = 0; i < n; i++)
			list[i] = k[i].v;
	}
	free(k);
}
