/*
 * Where a module's code lives: the repository root and URL of a module
 * path, as the go command finds them (cmd/go/internal/vcs): well-known
 * hosts by pattern, paths with a ".git" element, and otherwise the
 * <meta name="go-import" content="prefix vcs url [subdir]"> tag of the
 * page at https://<path>?go-get=1.
 */

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"

/* Is c allowed in a [\w.\-] path element? */
static int
gitroot_word(int c)
{
	return (isalnum(c) || c == '_' || c == '.' || c == '-');
}

/* The length of n leading elements of path made of [\w.\-], or 0. */
static size_t
gitroot_elements(const char *path, int n)
{
	size_t	i = 0;
	int	k;

	for (k = 0; k < n; k++) {
		if (path[i] == '\0' || !gitroot_word((unsigned char)path[i]))
			return (0);
		while (gitroot_word((unsigned char)path[i]))
			i++;
		if (k + 1 < n) {
			if (path[i] != '/')
				return (0);
			i++;
		}
	}
	return (path[i] == '\0' || path[i] == '/' ? i : 0);
}

/* Static patterns: github.com/OWNER/REPO and bitbucket.org/OWNER/REPO. */
static int
gitroot_static(const char *path, struct gitroot *out)
{
	static const char	*hosts[] = { "github.com/", "bitbucket.org/" };
	size_t			 i, hl, n;

	for (i = 0; i < nitems(hosts); i++) {
		hl = strlen(hosts[i]);
		if (strncmp(path, hosts[i], hl) != 0)
			continue;
		if ((n = gitroot_elements(path + hl, 2)) == 0)
			return (-1);
		out->root = xstrndup(path, hl + n);
		xasprintf(&out->url, "https://%s", out->root);
		out->schemes_to_try = NULL;
		return (1);
	}
	return (0);
}

/* Paths with a VCS qualifier: host/dir/repo.git[/more]. The URL is the
 * path without ".git", with the first scheme that answers. */
static int
gitroot_qualified(const char *path, struct gitroot *out)
{
	const char	*p = path, *dotgit;
	size_t		 n;

	for (;;) {
		if ((dotgit = strstr(p, ".git")) == NULL)
			return (0);
		if ((dotgit[4] == '\0' || dotgit[4] == '/') &&
		    memchr(path, '/', dotgit - path) != NULL)
			break;
		p = dotgit + 4;
	}
	n = dotgit - path;
	out->root = xstrndup(path, n + 4);
	out->url = xstrndup(path, n);	/* the scheme is found by pinging */
	out->schemes_to_try = "git https http";
	return (1);
}

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
		if (strncasecmp(p, "<body", 5) == 0 ||
		    strncasecmp(p, "</head", 6) == 0)
			break;
		if (strncasecmp(p, "<meta", 5) != 0) {
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

/* Discover the repository of path from its ?go-get=1 page. */
static int
gitroot_discover(const char *path, int insecure, struct gitroot *out,
    char **cause)
{
	struct fetch_opts	 o;
	struct fetch		*f;
	struct fetch_req	 r, *rp = &r;
	char			*url, *prefix = xstrdup(path);
	int			 rc = -1, scheme;

	fetch_opts_default(&o);
	o.max_attempts = 2;
	f = fetch_create(&o);
	/* Like go: the full path first; https, then http if insecure. */
	for (scheme = 0; scheme < (insecure ? 2 : 1) && rc != 0; scheme++) {
		xasprintf(&url, "%s://%s?go-get=1", scheme == 0 ? "https" :
		    "http", prefix);
		fetch_req_init(&r, url, PROXY_MAX_DISCOVERY);
		fetch_run(f, &rp, 1);
		if (r.status == 0 && gitroot_parse_meta(r.body.data != NULL ?
		    r.body.data : "", r.body.len, path, out))
			rc = 0;
		else if (r.status != 0) {
			free(*cause);
			*cause = xstrdup(r.error);
		} else {
			free(*cause);
			xasprintf(cause, "%s: no go-import meta tag for git "
			    "matching %s", url, path);
		}
		fetch_req_free(&r);
		free(url);
	}
	free(prefix);
	fetch_free(f);
	return (rc);
}

/*
 * Find the repository of a module path. insecure allows http:// and
 * git:// (GOINSECURE). Returns 0, or -1 with *cause.
 */
int
gitroot_resolve(const char *path, int insecure, struct gitroot *out,
    char **cause)
{
	int	rc;

	memset(out, 0, sizeof *out);
	*cause = NULL;
	if ((rc = gitroot_static(path, out)) != 0 ||
	    (rc = gitroot_qualified(path, out)) != 0) {
		if (rc == -1)
			xasprintf(cause, "invalid import path %s", path);
		return (rc == 1 ? 0 : -1);
	}
	return (gitroot_discover(path, insecure, out, cause));
}
