/*
 * Go versions as the go command compares them (cmd/go/internal/gover):
 * "1.21", "1.21.0", "1.21rc1", and toolchain names "go1.21.0". Unlike
 * semantic versions there is no "v", and since Go 1.21 "1.21" (the
 * language) sorts before "1.21rc1" and "1.21.0" (the releases).
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

/* A parsed Go version; spans of the input (NULL/0 when absent). */
struct gover_parsed {
	const char	*major;
	size_t		 major_len;
	const char	*minor;
	size_t		 minor_len;
	const char	*patch;
	size_t		 patch_len;
	const char	*kind;		/* "", "alpha", "beta", "rc", ... */
	size_t		 kind_len;
	const char	*pre;
	size_t		 pre_len;
};

static int	gover_parse(const char *, struct gover_parsed *);
static int	gover_cmp_int(const char *, size_t, const char *, size_t);
static int	gover_cmp_str(const char *, size_t, const char *, size_t);
static const char *gover_toolchain_version(const char *, char **);

/* Parse a Go version; returns 0 (and an all-empty result) if invalid. */
static int
gover_parse(const char *x, struct gover_parsed *v)
{
	size_t	n, i;

	memset(v, 0, sizeof *v);
	if ((n = gostr_decimal_len(x)) == 0)
		goto bad;
	v->major = x;
	v->major_len = n;
	x += n;
	if (*x == '\0') {
		v->minor = v->patch = "0";
		v->minor_len = v->patch_len = 1;
		return (1);
	}
	if (*x++ != '.' || (n = gostr_decimal_len(x)) == 0)
		goto bad;
	v->minor = x;
	v->minor_len = n;
	x += n;
	if (*x == '\0') {
		/* Before 1.21, "1.N" is "1.N.0"; from 1.21 the language. */
		if (gover_cmp_int(v->minor, v->minor_len, "21", 2) < 0) {
			v->patch = "0";
			v->patch_len = 1;
		}
		return (1);
	}
	if (*x == '.') {
		x++;
		if ((n = gostr_decimal_len(x)) == 0 || x[n] != '\0')
			goto bad;
		v->patch = x;
		v->patch_len = n;
		return (1);
	}
	for (i = 0; x[i] != '\0' && (x[i] < '0' || x[i] > '9'); i++) {
		if (x[i] < 'a' || x[i] > 'z')
			goto bad;
	}
	if (i == 0)
		goto bad;
	v->kind = x;
	v->kind_len = i;
	x += i;
	if (*x == '\0')
		return (1);
	if ((n = gostr_decimal_len(x)) == 0 || x[n] != '\0')
		goto bad;
	v->pre = x;
	v->pre_len = n;
	return (1);
bad:
	memset(v, 0, sizeof *v);
	return (0);
}

/* Compare decimal strings (absent sorts first). */
static int
gover_cmp_int(const char *x, size_t xn, const char *y, size_t yn)
{
	int	c;

	if (xn != yn)
		return (xn < yn ? -1 : 1);
	if (xn == 0)
		return (0);
	c = memcmp(x, y, xn);
	return (c < 0 ? -1 : c > 0);
}

/* Compare byte strings. */
static int
gover_cmp_str(const char *x, size_t xn, const char *y, size_t yn)
{
	size_t	m = xn < yn ? xn : yn;
	int	c;

	c = m == 0 ? 0 : memcmp(x, y, m);
	if (c != 0)
		return (c < 0 ? -1 : 1);
	if (xn != yn)
		return (xn < yn ? -1 : 1);
	return (0);
}

/* Compare two Go versions; invalid ones are equal and sort lowest. */
int
gover_compare(const char *x, const char *y)
{
	struct gover_parsed	vx, vy;
	int			c;

	gover_parse(x, &vx);
	gover_parse(y, &vy);
	if ((c = gover_cmp_int(vx.major, vx.major_len, vy.major,
	    vy.major_len)) != 0)
		return (c);
	if ((c = gover_cmp_int(vx.minor, vx.minor_len, vy.minor,
	    vy.minor_len)) != 0)
		return (c);
	if ((c = gover_cmp_int(vx.patch, vx.patch_len, vy.patch,
	    vy.patch_len)) != 0)
		return (c);
	if ((c = gover_cmp_str(vx.kind, vx.kind_len, vy.kind,
	    vy.kind_len)) != 0)
		return (c);
	return (gover_cmp_int(vx.pre, vx.pre_len, vy.pre, vy.pre_len));
}

/* Is x a valid Go version? */
int
gover_is_valid(const char *x)
{
	struct gover_parsed	v;

	return (gover_parse(x, &v));
}

/* Is x a language version ("1.21", not "1.21.0" or "1.21rc1")? */
int
gover_is_lang(const char *x)
{
	struct gover_parsed	v;

	return (gover_parse(x, &v) && v.patch_len == 0 &&
	    v.kind_len == 0 && v.pre_len == 0);
}

/* FromToolchain: the Go version a toolchain name stands for, or "". */
char *
gover_from_toolchain(const char *name)
{
	char	*v;

	if (strpbrk(name, "\\/") != NULL || strncmp(name, "go", 2) != 0)
		return (xstrdup(""));
	v = xstrndup(name + 2, strcspn(name + 2, " \t-"));
	if (!gover_is_valid(v)) {
		free(v);
		return (xstrdup(""));
	}
	return (v);
}

/* Is path one of the go command's pseudo-modules "go" and "toolchain"? */
int
gover_is_toolchain(const char *path)
{
	return (strcmp(path, "go") == 0 || strcmp(path, "toolchain") == 0);
}

/* A version of the "toolchain" pseudo-module as a Go version; *tofree
 * receives what the caller must free. */
static const char *
gover_toolchain_version(const char *name, char **tofree)
{
	*tofree = NULL;
	if (gover_is_valid(name))
		return (name);
	*tofree = gover_from_toolchain(name);
	return (*tofree);
}

/* ModCompare: versions of module path compared by the right rules. */
int
gover_mod_compare(const char *path, const char *x, const char *y)
{
	const char	*tx, *ty;
	char		*fx, *fy;
	int		 c;

	if (strcmp(path, "go") == 0)
		return (gover_compare(x, y));
	if (strcmp(path, "toolchain") != 0)
		return (semver_compare(x, y));
	tx = gover_toolchain_version(x, &fx);
	ty = gover_toolchain_version(y, &fy);
	c = gover_compare(tx, ty);
	free(fx);
	free(fy);
	return (c);
}
