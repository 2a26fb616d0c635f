/*
 * git repositories through libgit2: listing a remote's tags without a
 * clone, a bare mirror under the cache directory for reading files at
 * tags, commit times, pseudo-version checks, and the go command's rules
 * for which tags are versions of which module (codeRepo.Versions).
 * git_error_last() messages are copied out here; libgit2 types never leave
 * this file.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"

struct gitrepo {
	git_repository	*repo;
};

static pthread_once_t	gitrepo_once = PTHREAD_ONCE_INIT;

/* Initialise libgit2 once per process. */
static void
gitrepo_init(void)
{
	if (git_libgit2_init() < 0)
		fatalx("git_libgit2_init failed");
}

/* The last libgit2 error as text (git_error_last may be NULL). */
static char *
gitrepo_error(const char *what)
{
	const git_error	*e = git_error_last();
	char		*s;

	xasprintf(&s, "%s: %s", what, e != NULL && e->message != NULL ?
	    e->message : "unknown git error");
	return (s);
}

/* Does a libgit2 failure say the repository does not exist? */
static int
gitrepo_absent(void)
{
	const git_error	*e = git_error_last();

	if (e == NULL || e->message == NULL)
		return (0);
	return (strstr(e->message, "404") != NULL ||
	    strstr(e->message, "not found") != NULL ||
	    strstr(e->message, "could not find repository") != NULL ||
	    strstr(e->message, "does not appear to be a git repository") !=
	    NULL);
}

/* Does a libgit2 failure say the host name did not resolve? */
static int
gitrepo_unresolved(void)
{
	const git_error	*e = git_error_last();

	return (e != NULL && e->message != NULL &&
	    strstr(e->message, "failed to resolve address") != NULL);
}

/* List a remote's tags (ls-remote), peeled entries folded. */
int
gitrepo_ls_tags(const char *url, struct strv *tags, char **cause)
{
	git_remote		*remote = NULL;
	git_remote_callbacks	 cb;
	const git_remote_head	**heads;
	size_t			 n, i, len;
	const char		*name;
	char			*why = NULL;
	int			 rc = MV_EUNAVAIL;

	pthread_once(&gitrepo_once, gitrepo_init);
	strv_init(tags);
	if (unresolved_check(url, &why)) {
		xasprintf(cause, "%s: %s", url, why);
		free(why);
		return (MV_EUNAVAIL);
	}
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	if (git_remote_create_detached(&remote, url) < 0) {
		*cause = gitrepo_error(url);
		return (-1);
	}
	if (git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, NULL,
	    NULL) < 0) {
		*cause = gitrepo_error(url);
		rc = gitrepo_absent() ? MV_ENOTFOUND : MV_EUNAVAIL;
		if (gitrepo_unresolved())
			unresolved_note(url, *cause);
		goto out;
	}
	if (git_remote_ls(&heads, &n, remote) < 0) {
		*cause = gitrepo_error(url);
		goto out;
	}
	for (i = 0; i < n; i++) {
		name = heads[i]->name;
		if (strncmp(name, "refs/tags/", 10) != 0)
			continue;
		name += 10;
		len = strlen(name);
		if (len >= 3 && strcmp(name + len - 3, "^{}") == 0)
			continue;
		strv_push(tags, name);
	}
	strv_sort(tags);
	rc = 0;
out:
	git_remote_free(remote);
	return (rc);
}

/* The mirror directory of a URL: dir/<sha256 of the URL>. */
static char *
gitrepo_mirror_path(const char *dir, const char *url)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 sum[32];
	char			 h[65], *p;
	int			 i;

	dirhash_sha256(url, strlen(url), sum);
	for (i = 0; i < 32; i++) {
		h[2 * i] = hex[sum[i] >> 4];
		h[2 * i + 1] = hex[sum[i] & 0xF];
	}
	h[64] = '\0';
	xasprintf(&p, "%s/%s.git", dir, h);
	return (p);
}

/* Open the bare mirror of url and fetch every tag and branch into it. */
int
gitrepo_mirror(const char *dir, const char *url, struct gitrepo **out,
    char **cause)
{
	static char		 tags_spec[] = "+refs/tags/*:refs/tags/*";
	static char		 heads_spec[] = "+refs/heads/*:refs/heads/*";
	char			*specs[] = { tags_spec, heads_spec };
	git_strarray		 refspecs = { specs, 2 };
	git_fetch_options	 fo;
	git_repository		*repo = NULL;
	git_remote		*remote = NULL;
	char			*path;
	int			 rc = MV_EUNAVAIL;

	pthread_once(&gitrepo_once, gitrepo_init);
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	*out = NULL;
	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		xasprintf(cause, "mkdir %s: %s", dir, strerror(errno));
		return (-1);
	}
	path = gitrepo_mirror_path(dir, url);
	if (git_repository_open_bare(&repo, path) < 0 &&
	    git_repository_init(&repo, path, 1) < 0) {
		*cause = gitrepo_error(path);
		free(path);
		return (-1);
	}
	free(path);
	if (git_remote_create_anonymous(&remote, repo, url) < 0) {
		*cause = gitrepo_error(url);
		goto fail;
	}
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_ALL;
	fo.prune = GIT_FETCH_PRUNE;
	if (git_remote_fetch(remote, &refspecs, &fo, NULL) < 0) {
		*cause = gitrepo_error(url);
		rc = gitrepo_absent() ? MV_ENOTFOUND : MV_EUNAVAIL;
		goto fail;
	}
	git_remote_free(remote);
	*out = xcalloc(1, sizeof **out);
	(*out)->repo = repo;
	return (0);
fail:
	git_remote_free(remote);
	git_repository_free(repo);
	return (rc);
}

/* Close a mirror. */
void
gitrepo_close(struct gitrepo *g)
{
	if (g == NULL)
		return;
	git_repository_free(g->repo);
	free(g);
}

static char	*gitrepo_append(char *, const char *, const char *);

/* The commit a tag points at (peeled). */
static int
gitrepo_tag_commit(struct gitrepo *g, const char *tag, git_commit **out,
    char **cause)
{
	git_object	*obj;
	char		*spec;
	int		 rc;

	xasprintf(&spec, "refs/tags/%s^{commit}", tag);
	rc = git_revparse_single(&obj, g->repo, spec);
	free(spec);
	if (rc < 0) {
		xasprintf(cause, "no tag %s", tag);
		return (MV_ENOTFOUND);
	}
	*out = (git_commit *)obj;
	return (0);
}

/* Read file (a path in the repository) at tag. */
int
gitrepo_read_file(struct gitrepo *g, const char *tag, const char *file,
    char **data, size_t *len, char **cause)
{
	git_commit	*c;
	git_tree	*tree = NULL;
	git_tree_entry	*te = NULL;
	git_blob	*blob = NULL;
	int		 rc;

	*data = NULL;
	if ((rc = gitrepo_tag_commit(g, tag, &c, cause)) != 0)
		return (rc);
	rc = MV_ENOTFOUND;
	if (git_commit_tree(&tree, c) < 0 ||
	    git_tree_entry_bypath(&te, tree, file) < 0 ||
	    git_tree_entry_type(te) != GIT_OBJECT_BLOB) {
		xasprintf(cause, "%s not found at tag %s", file, tag);
		goto out;
	}
	if (git_blob_lookup(&blob, g->repo, git_tree_entry_id(te)) < 0) {
		*cause = gitrepo_error(file);
		rc = -1;
		goto out;
	}
	*len = git_blob_rawsize(blob);
	*data = xmemdup(git_blob_rawcontent(blob), *len);
	rc = 0;
out:
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_commit_free(c);
	return (rc);
}

/* Read file at ref: a tag, a branch, or any revision git understands
 * (tried in that order). 0, MV_ENOTFOUND, or -1; *data as
 * gitrepo_read_file. */
int
gitrepo_read_at(struct gitrepo *g, const char *ref, const char *file,
    char **data, size_t *len, char **cause)
{
	static const char	*forms[] = { "refs/tags/%s", "refs/heads/%s",
				    "%s" };
	git_object		*obj = NULL, *blob = NULL;
	char			*spec;
	size_t			 i;

	*data = NULL;
	for (i = 0; i < nitems(forms) && obj == NULL; i++) {
		xasprintf(&spec, forms[i], ref);
		if (git_revparse_single(&obj, g->repo, spec) < 0)
			obj = NULL;
		free(spec);
	}
	if (obj == NULL) {
		xasprintf(cause, "no tag, branch or revision %s", ref);
		return (MV_ENOTFOUND);
	}
	git_object_free(obj);
	for (i = 0; i < nitems(forms); i++) {
		xasprintf(&spec, forms[i], ref);
		spec = gitrepo_append(spec, ":", file);
		if (git_revparse_single(&blob, g->repo, spec) == 0 &&
		    git_object_type(blob) == GIT_OBJECT_BLOB) {
			*len = git_blob_rawsize((git_blob *)blob);
			*data = xmemdup(git_blob_rawcontent((git_blob *)blob),
			    *len);
			git_object_free(blob);
			free(spec);
			return (0);
		}
		git_object_free(blob);
		blob = NULL;
		free(spec);
	}
	xasprintf(cause, "%s not found at %s", file, ref);
	return (MV_ENOTFOUND);
}

/* s + a + b, freeing s. */
static char *
gitrepo_append(char *s, const char *a, const char *b)
{
	char	*out;

	xasprintf(&out, "%s%s%s", s, a, b);
	free(s);
	return (out);
}

/* The committer time of the commit a tag points at. */
int
gitrepo_tag_time(struct gitrepo *g, const char *tag, time_t *t, char **cause)
{
	git_commit	*c;
	int		 rc;

	if ((rc = gitrepo_tag_commit(g, tag, &c, cause)) != 0)
		return (rc);
	*t = (time_t)git_commit_time(c);
	git_commit_free(c);
	return (0);
}

/* Check a pseudo-version against the repository: its revision names a
 * commit, whose time is the one recorded; its base tag (if any) is an
 * ancestor of it. */
int
gitrepo_check_pseudo(struct gitrepo *g, const char *v, const char *codedir,
    char **cause)
{
	git_oid		 oid, base_oid;
	git_object	*obj = NULL;
	git_commit	*base = NULL;
	char		*rev = NULL, *bv = NULL, *tag;
	time_t		 t;
	int		 rc = MV_EINVAL;

	if (pseudo_rev(v, &rev, cause) != 0 || pseudo_time(v, &t, cause) != 0)
		goto out;
	if (strlen(rev) < 12 || git_oid_fromstrn(&oid, rev, strlen(rev)) < 0 ||
	    git_object_lookup_prefix(&obj, g->repo, &oid, strlen(rev),
	    GIT_OBJECT_COMMIT) < 0) {
		xasprintf(cause, "unknown revision %s", rev);
		rc = MV_ENOTFOUND;
		goto out;
	}
	if ((time_t)git_commit_time((git_commit *)obj) != t) {
		xasprintf(cause, "does not match version-control timestamp "
		    "(expected %s)", "the commit's time");
		goto out;
	}
	if (pseudo_base(v, &bv, cause) != 0)
		goto out;
	if (*bv != '\0') {
		if (*codedir != '\0')
			xasprintf(&tag, "%s/%s", codedir, bv);
		else
			tag = xstrdup(bv);
		if (gitrepo_tag_commit(g, tag, &base, cause) == 0)
			git_oid_cpy(&base_oid, git_commit_id(base));
		if (base == NULL ||
		    git_oid_equal(&base_oid, git_object_id(obj)) ||
		    git_graph_descendant_of(g->repo, git_object_id(obj),
		    &base_oid) != 1) {
			free(*cause);
			xasprintf(cause, "revision %s is not a descendent of "
			    "preceding tag (%s)", rev, tag);
			free(tag);
			goto out;
		}
		free(tag);
	}
	rc = 0;
out:
	git_commit_free(base);
	git_object_free(obj);
	free(rev);
	free(bv);
	return (rc);
}

/* Does the go.mod of the module exist at a version's tag? */
static int
gitrepo_has_gomod(struct gitrepo *g, const char *codedir, const char *v)
{
	char	*tag, *file, *data = NULL, *cause = NULL;
	size_t	 len;
	int	 rc;

	xasprintf(&tag, "%s%s%s", codedir, *codedir != '\0' ? "/" : "", v);
	xasprintf(&file, "%s%sgo.mod", codedir, *codedir != '\0' ? "/" : "");
	rc = gitrepo_read_file(g, tag, file, &data, &len, &cause) == 0;
	free(data);
	free(cause);
	free(tag);
	free(file);
	return (rc);
}

/* appendIncompatibleVersions: vN.x.y tags of a root module without go.mod
 * become vN.x.y+incompatible, unless the latest compatible version has a
 * go.mod, or the latest tag of that major has one. */
static void
gitrepo_incompatible(struct gitrepo *g, const struct strv *list,
    const struct strv *inc, struct strv *out)
{
	char	*major, *next;
	size_t	 i, j;
	int	 has = 0;

	if (inc->n == 0 || g == NULL)
		return;
	if (list->n > 0 && gitrepo_has_gomod(g, "", list->v[list->n - 1]))
		return;
	for (i = 0; i < inc->n; i = j) {
		major = semver_major(inc->v[i]);
		for (j = i + 1; j < inc->n; j++) {
			next = semver_major(inc->v[j]);
			has = strcmp(next, major) == 0;
			free(next);
			if (!has)
				break;
		}
		/* When the latest tag of the major has a go.mod, the whole
		 * major is left out (go.dev/issue/34189). */
		has = gitrepo_has_gomod(g, "", inc->v[j - 1]);
		for (; !has && i < j; i++) {
			xasprintf(&next, "%s+incompatible", inc->v[i]);
			strv_push_owned(out, next);
		}
		free(major);
	}
}

/* codeRepo.Versions: which tags are versions of the module. */
int
gitrepo_versions(const struct strv *tags, const char *codedir,
    const char *major, struct gitrepo *g, struct strv *out, char **cause)
{
	struct strv	 list, inc;
	char		*p, *cv, *m;
	const char	*v;
	size_t		 i, pl;

	strv_init(out);
	strv_init(&list);
	strv_init(&inc);
	xasprintf(&p, "%s%s", codedir, *codedir != '\0' ? "/" : "");
	pl = strlen(p);
	for (i = 0; i < tags->n; i++) {
		if (strncmp(tags->v[i], p, pl) != 0)
			continue;
		v = tags->v[i] + pl;
		cv = semver_canonical(v);
		if (*v == '\0' || strcmp(v, cv) != 0 || pseudo_is_pseudo(v)) {
			free(cv);
			continue;
		}
		free(cv);
		if (!modpath_match_major(v, major)) {
			m = semver_major(v);
			if (*codedir == '\0' && *major == '\0' &&
			    semver_compare(m, "v1") > 0)
				strv_push(&inc, v);
			free(m);
			continue;
		}
		strv_push(&list, v);
	}
	free(p);
	semver_sort(list.v, list.n);
	semver_sort(inc.v, inc.n);
	gitrepo_incompatible(g, &list, &inc, &list);
	for (i = 0; i < list.n; i++)
		strv_push(out, list.v[i]);
	strv_free(&list);
	strv_free(&inc);
	return (0);
}
