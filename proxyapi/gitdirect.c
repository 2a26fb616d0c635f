/*
 * "direct": answering proxy queries from the module's git repository, as
 * the go command does for GOPROXY=direct and GONOPROXY modules. Tags are
 * listed without a clone; files and commit times come from a bare mirror
 * under the cache directory. When a version is missing, the evidence says
 * what the repository has instead: a release tag without the nested
 * module's prefix (v6.20.0 where sdk/v6.20.0 is needed), or a tag of the
 * right name whose major does not fit the path.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"

/* Where a module lives in its repository. */
struct gitdirect_loc {
	struct gitroot	 root;
	char		*url;		/* with its scheme */
	char		*codedir;	/* "" or "sdk" */
	char		*major;		/* "" or "/v3" */
	struct strv	 tags;
};

/* Free a location. */
static void
gitdirect_loc_free(struct gitdirect_loc *l)
{
	gitroot_free(&l->root);
	free(l->url);
	free(l->codedir);
	free(l->major);
	strv_free(&l->tags);
}

/* Find the repository, list its tags, and place the module in it. */
static int
gitdirect_locate(const char *path, int insecure, struct gitdirect_loc *l,
    char **cause)
{
	char		*schemes, *s, *save = NULL, *url, *why = NULL;
	size_t		 prefix, rl;
	int		 rc;

	memset(l, 0, sizeof *l);
	strv_init(&l->tags);
	if (gitroot_resolve(path, insecure, &l->root, cause) != 0)
		return (MV_EUNAVAIL);
	modpath_split_version(path, &prefix);
	l->major = xstrdup(path + prefix);
	rl = strlen(l->root.root);
	if (prefix < rl || strncmp(path, l->root.root, rl) != 0) {
		xasprintf(cause, "module %s is not inside repository %s", path,
		    l->root.root);
		return (-1);
	}
	l->codedir = xstrndup(path + rl + (prefix > rl), prefix > rl ?
	    prefix - rl - 1 : 0);
	if (l->root.subdir != NULL && *l->root.subdir != '\0') {
		xasprintf(&s, "%s%s%s", l->root.subdir,
		    *l->codedir != '\0' ? "/" : "", l->codedir);
		free(l->codedir);
		l->codedir = s;
	}
	if (l->root.schemes_to_try == NULL) {
		l->url = xstrdup(l->root.url);
		return (gitrepo_ls_tags(l->url, &l->tags, cause));
	}
	/* Ping the schemes in the go command's order (insecure ones only
	 * where GOINSECURE allows) and keep the first that answers. */
	schemes = xstrdup(l->root.schemes_to_try);
	rc = MV_EUNAVAIL;
	for (s = strtok_r(schemes, " ", &save); s != NULL && rc != 0;
	    s = strtok_r(NULL, " ", &save)) {
		if (!insecure && strcmp(s, "https") != 0)
			continue;
		xasprintf(&url, "%s://%s", s, l->root.url);
		free(why);
		why = NULL;
		if ((rc = gitrepo_ls_tags(url, &l->tags, &why)) == 0)
			l->url = url;
		else
			free(url);
	}
	free(schemes);
	*cause = why;
	return (rc);
}

/* The tag of a version in the module's directory ("sdk/v1.2.3"). */
static char *
gitdirect_tag(const struct gitdirect_loc *l, const char *v)
{
	char	*bare, *tag, *plus;

	bare = xstrdup(v);
	if ((plus = strchr(bare, '+')) != NULL)
		*plus = '\0';
	xasprintf(&tag, "%s%s%s", l->codedir, *l->codedir != '\0' ? "/" : "",
	    bare);
	free(bare);
	return (tag);
}

/* Is name one of the tags? */
static int
gitdirect_has_tag(const struct gitdirect_loc *l, const char *name)
{
	size_t	i;

	for (i = 0; i < l->tags.n; i++) {
		if (strcmp(l->tags.v[i], name) == 0)
			return (1);
	}
	return (0);
}

/* Say why a version has no tag, when the repository suggests a reason. */
static void
gitdirect_explain(struct proxy_query *q, const struct gitdirect_loc *l,
    const char *tag)
{
	char	*bare = xstrdup(q->version), *plus;

	if ((plus = strchr(bare, '+')) != NULL)
		*plus = '\0';

	if (*l->codedir != '\0' && gitdirect_has_tag(l, bare))
		proxy_evidence_add(q, "%s has tag %s but not %s: a release tag "
		    "without the %s/ prefix the nested module needs", l->url,
		    bare, tag, l->codedir);
	else if (!modpath_match_major(q->version, l->major))
		proxy_evidence_add(q, "%s: version %s does not fit the major "
		    "of %s", l->url, q->version, q->path);
	else
		proxy_evidence_add(q, "%s has no tag %s", l->url, tag);
	free(bare);
}

/* The go.mod of a version: the file at codeDir/go.mod (or codeDir/vN/
 * go.mod for a major subdirectory), or the go command's synthesized
 * "module M" for a root module without one. */
static int
gitdirect_gomod(struct gitrepo *g, const struct gitdirect_loc *l,
    struct proxy_query *q, const char *tag)
{
	char	*file, *data = NULL, *why = NULL;
	size_t	 len;
	int	 rc;

	xasprintf(&file, "%s%sgo.mod", l->codedir,
	    *l->codedir != '\0' ? "/" : "");
	rc = gitrepo_read_file(g, tag, file, &data, &len, &why);
	free(file);
	if (rc == MV_ENOTFOUND && *l->major != '\0') {
		free(why);
		why = NULL;
		xasprintf(&file, "%s%s%s/go.mod", l->codedir,
		    *l->codedir != '\0' ? "/" : "", l->major + 1);
		rc = gitrepo_read_file(g, tag, file, &data, &len, &why);
		free(file);
	}
	if (rc == 0) {
		buf_reset(&q->body);
		buf_add(&q->body, data, len);
	} else if (rc == MV_ENOTFOUND && *l->codedir == '\0') {
		buf_reset(&q->body);
		buf_printf(&q->body, "module %s\n", q->path);
		rc = 0;
	} else
		proxy_evidence_add(q, "%s: %s (a module in a subdirectory "
		    "needs its go.mod)", l->url, why);
	free(why);
	free(data);
	return (rc);
}

/* INFO, MOD (and LATEST via the list) of one version. */
static int
gitdirect_version(struct proxy_query *q, const struct gitdirect_loc *l,
    struct gitrepo *g)
{
	char		*tag, *why = NULL, ts[32];
	time_t		 t;
	int		 rc;

	if (pseudo_is_pseudo(q->version)) {
		if ((rc = gitrepo_check_pseudo(g, q->version, l->codedir,
		    &why)) != 0) {
			proxy_evidence_add(q, "%s: %s", l->url, why);
			free(why);
			return (rc);
		}
		if (q->kind == PROXY_INFO) {
			pseudo_time(q->version, &t, NULL);
			buf_printf(&q->body, "{\"Version\":\"%s\",\"Time\":\"%s\"}",
			    q->version, util_format_rfc3339(t, ts));
			return (0);
		}
		proxy_evidence_add(q, "%s: go.mod of pseudo-versions is read "
		    "from proxies", l->url);
		return (-1);
	}
	tag = gitdirect_tag(l, q->version);
	if (!gitdirect_has_tag(l, tag) ||
	    !modpath_match_major(q->version, l->major)) {
		gitdirect_explain(q, l, tag);
		free(tag);
		return (MV_ENOTFOUND);
	}
	rc = gitdirect_gomod(g, l, q, tag);
	if (rc == 0 && q->kind == PROXY_INFO) {
		buf_reset(&q->body);
		if ((rc = gitrepo_tag_time(g, tag, &t, &why)) == 0)
			buf_printf(&q->body, "{\"Version\":\"%s\",\"Time\":"
			    "\"%s\"}", q->version, util_format_rfc3339(t, ts));
		else {
			proxy_evidence_add(q, "%s: %s", l->url, why);
			free(why);
		}
	}
	free(tag);
	return (rc);
}

/* @latest: the highest release, else the highest prerelease. */
static int
gitdirect_latest(struct proxy_query *q, const struct gitdirect_loc *l,
    struct gitrepo *g, const struct strv *versions)
{
	char	*pre;
	size_t	 i;
	int	 rc;

	if (versions->n == 0) {
		proxy_evidence_add(q, "%s: no versions of %s", l->url, q->path);
		return (MV_ENOTFOUND);
	}
	for (i = versions->n; i > 1; i--) {
		pre = semver_prerelease(versions->v[i - 1]);
		rc = *pre == '\0';
		free(pre);
		if (rc)
			break;
	}
	free(q->version);
	q->version = xstrdup(versions->v[i - 1]);
	buf_reset(&q->body);
	q->kind = PROXY_INFO;
	rc = gitdirect_version(q, l, g);
	q->kind = PROXY_LATEST;
	return (rc);
}

/* Answer one query from git. */
int
gitdirect_query(const char *gitdir, const char *goinsecure,
    struct proxy_query *q)
{
	struct gitdirect_loc	 l;
	struct gitrepo		*g = NULL;
	struct strv		 versions;
	char			*why = NULL, *dir = NULL;
	size_t			 i;
	int			 rc, insecure;

	insecure = goinsecure != NULL &&
	    glob_match_prefix_patterns(goinsecure, q->path);
	buf_reset(&q->body);
	if ((rc = gitdirect_locate(q->path, insecure, &l, &why)) != 0) {
		proxy_evidence_add(q, "direct: %s", why != NULL ? why :
		    "no repository");
		goto out;
	}
	if (q->kind == PROXY_ZIP) {
		proxy_evidence_add(q, "%s: module zips are fetched from proxies, "
		    "not built from git", l.url);
		rc = -1;
		goto out;
	}
	if (gitdir == NULL)
		xasprintf(&dir, "%s/modvet-git-%ld", getenv("TMPDIR") != NULL ?
		    getenv("TMPDIR") : "/tmp", (long)getuid());
	/* A list needs the mirror only to decide +incompatible versions (a
	 * root module without a major suffix); everything else reads it. */
	if ((q->kind != PROXY_LIST || (*l.codedir == '\0' &&
	    *l.major == '\0')) && (rc = gitrepo_mirror(gitdir != NULL ?
	    gitdir : dir, l.url, &g, &why)) != 0) {
		proxy_evidence_add(q, "%s", why);
		goto out;
	}
	if (q->kind == PROXY_LIST || q->kind == PROXY_LATEST) {
		gitrepo_versions(&l.tags, l.codedir, l.major, g, &versions,
		    &why);
		for (i = 0; i < versions.n; i++)
			buf_printf(&q->body, "%s\n", versions.v[i]);
		if (q->kind == PROXY_LATEST)
			rc = gitdirect_latest(q, &l, g, &versions);
		strv_free(&versions);
	} else
		rc = gitdirect_version(q, &l, g);
out:
	free(why);
	free(dir);
	gitrepo_close(g);
	gitdirect_loc_free(&l);
	return (rc);
}
