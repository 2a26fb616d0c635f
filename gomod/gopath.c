/*
 * Go's "path" package (slash-separated paths): Clean, Dir, Base and
 * Split, which module zip rules are written in terms of.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

/* path.Clean; the caller frees the result. */
char *
gopath_clean(const char *p)
{
	size_t	n = strlen(p), r = 0, w = 0, dotdot = 0;
	char	*out;
	int	rooted;

	if (n == 0)
		return (xstrdup("."));
	out = xmalloc(n + 3);
	rooted = p[0] == '/';
	if (rooted) {
		out[w++] = '/';
		r = dotdot = 1;
	}
	while (r < n) {
		if (p[r] == '/')
			r++;
		else if (p[r] == '.' && (r + 1 == n || p[r + 1] == '/'))
			r++;
		else if (p[r] == '.' && p[r + 1] == '.' &&
		    (r + 2 == n || p[r + 2] == '/')) {
			r += 2;
			if (w > dotdot) {
				w--;
				while (w > dotdot && out[w] != '/')
					w--;
			} else if (!rooted) {
				if (w > 0)
					out[w++] = '/';
				out[w++] = '.';
				out[w++] = '.';
				dotdot = w;
			}
		} else {
			if ((rooted && w != 1) || (!rooted && w != 0))
				out[w++] = '/';
			for (; r < n && p[r] != '/'; r++)
				out[w++] = p[r];
		}
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	return (out);
}

/* Is p already clean (path.Clean(p) == p)? */
int
gopath_is_clean(const char *p)
{
	char	*c = gopath_clean(p);
	int	 same = strcmp(c, p) == 0;

	free(c);
	return (same);
}

/* Length of path.Split's directory part (up to and including the last
 * slash). */
size_t
gopath_split(const char *p)
{
	const char	*s = strrchr(p, '/');

	return (s == NULL ? 0 : (size_t)(s - p) + 1);
}

/* path.Dir; the caller frees the result. */
char *
gopath_dir(const char *p)
{
	char	*d, *c;

	d = xstrndup(p, gopath_split(p));
	c = gopath_clean(d);
	free(d);
	return (c);
}

/* path.Base; the caller frees the result. */
char *
gopath_base(const char *p)
{
	size_t		 n = strlen(p);
	const char	*s;

	if (n == 0)
		return (xstrdup("."));
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (n == 0)
		return (xstrdup("/"));
	for (s = p + n; s > p && s[-1] != '/'; s--)
		;
	return (xstrndup(s, p + n - s));
}
