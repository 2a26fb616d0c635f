/*
 * The <meta name="go-import" content="prefix vcs url [subdir]"> tags of
 * a ?go-get=1 page (cmd/go/internal/vcs/discovery.go), read before
 * <body> or </head>. A pure function of the page, fuzzed by
 * tests/fuzz/fuzz-upstream.c.
 */

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"

/* The value of attribute name in a tag's text, or NULL (caller frees). */
static char *
gitroot_attr(const char *tag, size_t len, const char *name)
{
	const char	*p = tag, *end = tag + len, *v;
	size_t		 nl = strlen(name);
	char		 q;

	while (p < end) {
		while (p < end && !isalpha((unsigned char)*p))
			p++;
		v = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '-'))
			p++;
		if ((size_t)(p - v) != nl || strncasecmp(v, name, nl) != 0) {
			if (p < end && *p == '=') {
				p++;
				if (p < end && (*p == '"' || *p == '\'')) {
					q = *p++;
					while (p < end && *p != q)
						p++;
					p++;
				}
			}
			continue;
		}
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p >= end || *p != '=')
			return (NULL);
		p++;
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p < end && (*p == '"' || *p == '\'')) {
			q = *p++;
			v = p;
			while (p < end && *p != q)
				p++;
		} else {
			v = p;
			while (p < end && !isspace((unsigned char)*p) && *p != '>')
				p++;
		}
		return (xstrndup(v, p - v));
	}
	return (NULL);
}

/* Does the page at p (its end at end) start with tag, in any case? */
static int
gitroot_tag_is(const char *p, const char *end, const char *tag)
{
	size_t	n = strlen(tag);

	return ((size_t)(end - p) >= n && strncasecmp(p, tag, n) == 0);
}

/*
 * Parse the go-import meta tags of a page, before <body> or </head>, and
 * take the one whose prefix is a prefix of path. Returns 1 (found), 0.
 */
int
gitroot_parse_meta(const char *page, size_t len, const char *path,
    struct gitroot *out)
{
	const char	*p = page, *end = page + len, *gt;
	char		*name, *content, *f[5], *tok, *save = NULL;
	size_t		 pl, nf;
	int		 found = 0;

	while (!found && p < end && (p = memchr(p, '<', end - p)) != NULL) {
		if ((gt = memchr(p, '>', end - p)) == NULL)
			break;
		/* The page is no C string: never compare past its end. */
		if (gitroot_tag_is(p, end, "<body") ||
		    gitroot_tag_is(p, end, "</head"))
			break;
		if (!gitroot_tag_is(p, end, "<meta")) {
			p = gt + 1;
			continue;
		}
		name = gitroot_attr(p + 5, gt - p - 5, "name");
		content = gitroot_attr(p + 5, gt - p - 5, "content");
		if (name != NULL && content != NULL &&
		    strcmp(name, "go-import") == 0) {
			/* strtok_r: the daemon runs this on many threads. */
			nf = 0;
			for (tok = strtok_r(content, " \t\r\n", &save);
			    tok != NULL; tok = strtok_r(NULL, " \t\r\n", &save)) {
				if (nf == 4) {	/* too many fields: not ours */
					nf = 5;
					break;
				}
				f[nf++] = tok;
			}
			pl = nf >= 3 ? strlen(f[0]) : 0;
			if ((nf == 3 || nf == 4) && strcmp(f[1], "git") == 0 &&
			    strncmp(path, f[0], pl) == 0 &&
			    (path[pl] == '\0' || path[pl] == '/')) {
				out->root = xstrdup(f[0]);
				out->url = xstrdup(f[2]);
				out->subdir = nf == 4 ? xstrdup(f[3]) : NULL;
				out->schemes_to_try = NULL;
				found = 1;
			}
		}
		free(name);
		free(content);
		p = gt + 1;
	}
	return (found);
}

/* Free a root. */
void
gitroot_free(struct gitroot *r)
{
	free(r->root);
	free(r->url);
	free(r->subdir);
	memset(r, 0, sizeof *r);
}
