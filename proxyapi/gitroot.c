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
