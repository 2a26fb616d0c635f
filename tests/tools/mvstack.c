/*
 * mvtool's commands over the upstream and cache layers:
 *
 *	mvtool readback ROOT		fetch every .info and .mod of the
 *					GOPROXY tree ROOT through the source
 *					(GOPROXY must serve ROOT), then read
 *					them back from the cache and compare
 *					with the files
 *	mvtool lookups ROOT N SEED	N lookups of versions that exist and
 *					N of versions that do not, straight
 *					through the proxy client; counts of
 *					each outcome
 *	mvtool fetch-all ROOT [lists]	lists and .mod files of every module
 *					of ROOT through the source (benchmark);
 *					with "lists", only each latest .mod
 *	mvtool cache-writer DB START	insert forever from transaction
 *					START, printing each one committed
 *	mvtool cache-verify DB N	integrity check, and transactions
 *					1..N all present
 *	mvtool gitversions URL DIR MAJOR  versions of a module in a git repo
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "proxyapi/proxyapi.h"
#include "cache/cache.h"
#include "engine/engine.h"
#include "tests/tools/mvtool.h"

/* A module of a GOPROXY tree and its versions. */
struct tree_mod {
	char		*path;
	char		*dir;
	struct strv	 versions;
};

/* The module path of a GOPROXY tree's escaped directory ("!x" stands
 * for "X"), or NULL when it is not a well-formed escaped path. */
static char *
tree_unescape(const char *rel)
{
	struct buf	b;

	buf_init(&b, 0);
	for (; *rel != '\0'; rel++) {
		if (*rel == '!' && rel[1] >= 'a' && rel[1] <= 'z')
			buf_addc(&b, *++rel - 'a' + 'A');
		else if (*rel == '!' || (*rel >= 'A' && *rel <= 'Z')) {
			buf_free(&b);
			return (NULL);
		} else
			buf_addc(&b, *rel);
	}
	return (buf_steal(&b));
}

/* Find every module (a directory holding @v/list) under root. */
static void
tree_walk(const char *root, const char *rel, struct tree_mod **mods,
    size_t *n)
{
	struct dirent	**ents;
	struct stat	  st;
	char		 *dir, *sub, *list, *data, *path;
	size_t		  len;
	int		  i, k;

	xasprintf(&dir, "%s%s%s", root, *rel != '\0' ? "/" : "", rel);
	xasprintf(&list, "%s/@v/list", dir);
	if ((data = mvtool_read(list, &len)) != NULL) {
		path = tree_unescape(rel);
		if (path != NULL && modpath_check(path, NULL) == 0) {
			*mods = xreallocarray(*mods, *n + 1, sizeof **mods);
			(*mods)[*n].path = path;
			(*mods)[*n].dir = xstrdup(dir);
			proxy_parse_list(data, len, &(*mods)[*n].versions);
			(*n)++;
		} else
			free(path);
		free(data);
	}
	free(list);
	if ((k = scandir(dir, &ents, NULL, alphasort)) < 0) {
		free(dir);
		return;
	}
	for (i = 0; i < k; i++) {
		if (ents[i]->d_name[0] != '.' && ents[i]->d_name[0] != '@') {
			xasprintf(&sub, "%s/%s", dir, ents[i]->d_name);
			if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode)) {
				free(sub);
				xasprintf(&sub, "%s%s%s", rel, *rel != '\0' ?
				    "/" : "", ents[i]->d_name);
				tree_walk(root, sub, mods, n);
			}
			free(sub);
		}
		free(ents[i]);
	}
	free(ents);
	free(dir);
}

/* Free a module list. */
static void
tree_free(struct tree_mod *mods, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(mods[i].path);
		free(mods[i].dir);
		strv_free(&mods[i].versions);
	}
	free(mods);
}

/* Open the in-process stack on $MODVET_CACHE. */
static void
stack_open(struct goenv *env, struct proxy **p, struct cache **c,
    struct source *s)
{
	struct fetch_opts	 fo;
	char			*cause = NULL;
	const char		*db = getenv("MODVET_CACHE");

	goenv_load(env, &cause);
	fetch_opts_default(&fo);
	/* (A test may make the waves of a batch small.) */
	if (getenv("MVTOOL_MAX_INFLIGHT") != NULL)
		fo.max_inflight = atoi(getenv("MVTOOL_MAX_INFLIGHT"));
	if ((*p = proxy_create(env, &fo, &cause)) == NULL)
		fatalx("%s", cause);
	if (db == NULL || cache_open(c, db, &cause) != 0)
		fatalx("MODVET_CACHE: %s", cause != NULL ? cause : "unset");
	source_init(s, *c, *p, NULL);
}

/* Fetch objects of every version of every module in one batch. */
static size_t
fetch_versions(struct source *s, struct tree_mod *mods, size_t n,
    enum proxy_kind kind, struct source_req ***out)
{
	struct source_req	**reqs = NULL;
	size_t			  i, j, k = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < mods[i].versions.n; j++) {
			reqs = xreallocarray(reqs, k + 1, sizeof *reqs);
			reqs[k] = xmalloc(sizeof *reqs[k]);
			source_req_init(reqs[k++], kind, mods[i].path,
			    mods[i].versions.v[j]);
		}
	}
	source_fetch(s, reqs, k);
	*out = reqs;
	return (k);
}

/* Compare what the cache holds with the tree's file. */
static int
readback_one(struct cache *c, struct tree_mod *m, const char *v,
    enum cache_obj kind)
{
	struct cache_blob	 b;
	char			*file, *ev, *data, *cause = NULL;
	size_t			 len;
	int			 same;

	modpath_escape_version(v, &ev, NULL);
	xasprintf(&file, "%s/@v/%s.%s", m->dir, ev, kind == CACHE_INFO ?
	    "info" : "mod");
	data = mvtool_read(file, &len);
	same = data != NULL && cache_get_object(c, m->path, v, kind, &b,
	    &cause) == 0 && b.len == len && memcmp(b.data, data, len) == 0;
	if (!same)
		printf("# differs: %s %s\n", m->path, file);
	if (data != NULL)
		cache_blob_free(&b);
	free(cause);
	free(data);
	free(file);
	free(ev);
	return (same);
}

/* mvtool readback ROOT */
int
mvtool_readback(int argc, char **argv)
{
	struct goenv		  env;
	struct proxy		 *p;
	struct cache		 *c;
	struct source		  s;
	struct source_req	**info, **mod;
	struct tree_mod		 *mods = NULL;
	size_t			  n = 0, ni, nm, i, j, same[2] = { 0, 0 };
	size_t			  failed = 0;

	if (argc != 2)
		fatalx("usage: mvtool readback ROOT");
	tree_walk(argv[1], "", &mods, &n);
	stack_open(&env, &p, &c, &s);
	ni = fetch_versions(&s, mods, n, PROXY_INFO, &info);
	nm = fetch_versions(&s, mods, n, PROXY_MOD, &mod);
	for (i = 0; i < ni; i++)
		failed += info[i]->status != 0;
	for (i = 0; i < nm; i++)
		failed += mod[i]->status != 0;
	for (i = 0; i < n; i++) {
		for (j = 0; j < mods[i].versions.n; j++) {
			same[0] += readback_one(c, &mods[i],
			    mods[i].versions.v[j], CACHE_INFO);
			same[1] += readback_one(c, &mods[i],
			    mods[i].versions.v[j], CACHE_MOD);
		}
	}
	printf("modules %zu versions %zu fetch-failures %zu "
	    "info-identical %zu mod-identical %zu\n", n, ni, failed, same[0],
	    same[1]);
	for (i = 0; i < ni; i++) {
		source_req_free(info[i]);
		free(info[i]);
	}
	for (i = 0; i < nm; i++) {
		source_req_free(mod[i]);
		free(mod[i]);
	}
	free(info);
	free(mod);
	tree_free(mods, n);
	cache_close(c);
	proxy_free(p);
	goenv_free(&env);
	return (failed == 0 && same[0] == ni && same[1] == nm ? 0 : 1);
}

/* mvtool fetch-all ROOT: lists, then every .mod, through the source. */
int
mvtool_fetch_all(int argc, char **argv)
{
	struct goenv		  env;
	struct proxy		 *p;
	struct cache		 *c;
	struct source		  s;
	struct source_req	**lists, **mod;
	struct tree_mod		 *mods = NULL;
	size_t			  n = 0, nm, i, failed = 0;

	if (argc != 2 && (argc != 3 || strcmp(argv[2], "lists") != 0))
		fatalx("usage: mvtool fetch-all ROOT [lists]");
	tree_walk(argv[1], "", &mods, &n);
	stack_open(&env, &p, &c, &s);
	lists = xcalloc(n + 1, sizeof *lists);
	for (i = 0; i < n; i++) {
		lists[i] = xmalloc(sizeof *lists[i]);
		source_req_init(lists[i], PROXY_LIST, mods[i].path, NULL);
	}
	source_fetch(&s, lists, n);
	/* The versions come from the lists just fetched. */
	for (i = 0; i < n; i++) {
		strv_free(&mods[i].versions);
		proxy_parse_list(lists[i]->data != NULL ? lists[i]->data : "",
		    lists[i]->len, &mods[i].versions);
		failed += lists[i]->status != 0;
		source_req_free(lists[i]);
		free(lists[i]);
	}
	/* "lists": each list and its latest .mod, as go list -m -versions
	 * reads them (the latest go.mod holds the retractions). */
	for (i = 0; argc == 3 && i < n; i++) {
		while (mods[i].versions.n > 1) {
			free(mods[i].versions.v[0]);
			memmove(mods[i].versions.v, mods[i].versions.v + 1,
			    mods[i].versions.n-- * sizeof (char *));
		}
	}
	nm = fetch_versions(&s, mods, n, PROXY_MOD, &mod);
	for (i = 0; i < nm; i++) {
		failed += mod[i]->status != 0;
		source_req_free(mod[i]);
		free(mod[i]);
	}
	printf("modules %zu mod-files %zu failures %zu upstream-calls %llu\n",
	    n, nm, failed, (unsigned long long)s.stats.upstream_calls);
	free(lists);
	free(mod);
	tree_free(mods, n);
	cache_close(c);
	proxy_free(p);
	goenv_free(&env);
	return (failed == 0 ? 0 : 1);
}

/* mvtool lookups ROOT N SEED: classification under faults. */
int
mvtool_lookups(int argc, char **argv)
{
	struct goenv		  env;
	struct fetch_opts	  fo;
	struct proxy		 *p;
	struct proxy_query	**qs;
	struct tree_mod		 *mods = NULL;
	const char		 *errstr;
	char			 *cause = NULL, *v, *major;
	size_t			  n = 0, want, i, k, counts[2][4];
	unsigned int		  seed;
	int			  col;

	if (argc != 4)
		fatalx("usage: mvtool lookups ROOT N SEED");
	want = strtonum(argv[2], 1, 1000000, &errstr);
	seed = strtonum(argv[3], 0, UINT32_MAX, &errstr);
	tree_walk(argv[1], "", &mods, &n);
	for (i = 0; i < n && mods[i].versions.n == 0; i++)
		;
	if (i == n)
		fatalx("%s: no module with a version in this tree", argv[1]);
	goenv_load(&env, &cause);
	fetch_opts_default(&fo);
	/* MODVET_FETCH_ATTEMPTS=1 lets every fault reach the classifier. */
	if (getenv("MODVET_FETCH_ATTEMPTS") != NULL)
		fo.max_attempts = strtonum(getenv("MODVET_FETCH_ATTEMPTS"), 1,
		    100, &errstr);
	if ((p = proxy_create(&env, &fo, &cause)) == NULL)
		fatalx("%s", cause);
	qs = xcalloc(2 * want, sizeof *qs);
	srandom(seed);
	for (i = 0; i < 2 * want; i++) {
		do
			k = random() % n;
		while (mods[k].versions.n == 0);
		qs[i] = xmalloc(sizeof *qs[i]);
		if (i < want) {
			proxy_query_init(qs[i], PROXY_INFO, mods[k].path,
			    mods[k].versions.v[random() % mods[k].versions.n]);
			continue;
		}
		/* A version of the module's major that no release history
		 * has: vN.9999.M (+incompatible where the module needs it). */
		major = semver_major(mods[k].versions.v[0]);
		xasprintf(&v, "%s.9999.%ld%s", major, random() % 1000,
		    semver_is_incompatible(mods[k].versions.v[0]) ?
		    "+incompatible" : "");
		proxy_query_init(qs[i], PROXY_INFO, mods[k].path, v);
		free(v);
		free(major);
	}
	proxy_run(p, qs, 2 * want);
	memset(counts, 0, sizeof counts);
	for (i = 0; i < 2 * want; i++) {
		col = qs[i]->status == 0 ? 0 : qs[i]->status == MV_ENOTFOUND ?
		    1 : qs[i]->status == MV_EUNAVAIL ? 2 : 3;
		counts[i >= want][col]++;
		if ((i < want && col == 1) || (i >= want && col == 0))
			printf("# WRONG: %s@%s -> %s: %s\n", qs[i]->path,
			    qs[i]->version, source_status_name(qs[i]->status),
			    qs[i]->evidence != NULL ? qs[i]->evidence : "");
		proxy_query_free(qs[i]);
		free(qs[i]);
	}
	printf("exist: ok %zu not-found %zu transient %zu other %zu\n",
	    counts[0][0], counts[0][1], counts[0][2], counts[0][3]);
	printf("absent: ok %zu not-found %zu transient %zu other %zu\n",
	    counts[1][0], counts[1][1], counts[1][2], counts[1][3]);
	free(qs);
	tree_free(mods, n);
	proxy_free(p);
	goenv_free(&env);
	return (counts[0][1] == 0 && counts[1][0] == 0 ? 0 : 1);
}

/* mvtool cache-writer DB: commit transactions forever; after each commit
 * print its number, so a killer knows what was committed. */
int
mvtool_cache_writer(int argc, char **argv)
{
	struct cache	*c;
	const char	*errstr;
	char		*cause = NULL, *path, *v, body[512];
	int		 i, j, start;

	if (argc != 3 || cache_open(&c, argv[1], &cause) != 0)
		fatalx("usage: mvtool cache-writer DB START (%s)", cause);
	start = strtonum(argv[2], 1, INT32_MAX, &errstr);
	if (errstr != NULL)
		fatalx("START is %s", errstr);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = start;; i++) {
		if (cache_begin(c, &cause) != 0)
			fatalx("%s", cause);
		/* A bulk insert: 20 versions with their .mod files. */
		for (j = 0; j < 20; j++) {
			xasprintf(&path, "example.com/m%d", i);
			xasprintf(&v, "v1.0.%d", j);
			snprintf(body, sizeof body, "module %s\n\ngo 1.21\n\n"
			    "require example.com/dep%d v1.%d.0\n", path, j, i);
			if (cache_put_object(c, path, v, CACHE_MOD, body,
			    strlen(body), "test", i, &cause) != 0)
				fatalx("%s", cause);
			free(path);
			free(v);
		}
		if (cache_commit(c, &cause) != 0)
			fatalx("%s", cause);
		printf("%d\n", i);
	}
}

/* PRAGMA integrity_check of db: 0 when it says "ok", else -1 with what
 * it said printed. */
static int
mvtool_integrity(sqlite3 *db)
{
	sqlite3_stmt	*st;
	struct buf	 b;
	int		 ok;

	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK)
		fatalx("integrity_check: %s", sqlite3_errmsg(db));
	buf_init(&b, 0);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s%s", b.len > 0 ? "; " : "",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	ok = b.data != NULL && strcmp(b.data, "ok") == 0;
	if (!ok)
		printf("integrity: %s\n", b.data != NULL ? b.data :
		    "no answer");
	buf_free(&b);
	return (ok ? 0 : -1);
}

/* mvtool cache-verify DB N: integrity, and transactions 1..N present
 * (each holds the .mod files of 20 versions of one module). */
int
mvtool_cache_verify(int argc, char **argv)
{
	struct cache	*c;
	sqlite3		*db;
	sqlite3_stmt	*st;
	const char	*errstr;
	char		*cause = NULL;
	unsigned char	*seen;
	int		 n, i, k, missing = 0;

	if (argc != 3 || cache_open(&c, argv[1], &cause) != 0)
		fatalx("usage: mvtool cache-verify DB N (%s)", cause);
	n = strtonum(argv[2], 0, INT32_MAX, &errstr);
	cache_close(c);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		fatalx("%s: %s", argv[1], sqlite3_errmsg(db));
	if (mvtool_integrity(db) != 0) {
		sqlite3_close(db);
		return (1);
	}
	/* One pass over the table: which transactions are complete. */
	if (sqlite3_prepare_v2(db, "SELECT CAST(substr(path, 14) "
	    "AS INTEGER), count(*) FROM version WHERE path LIKE "
	    "'example.com/m%' AND mod IS NOT NULL AND h1_mod IS NOT NULL "
	    "GROUP BY path", -1, &st, NULL) != SQLITE_OK)
		fatalx("%s: %s", argv[1], sqlite3_errmsg(db));
	seen = xcalloc(n + 1, 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		k = sqlite3_column_int(st, 0);
		if (k >= 1 && k <= n && sqlite3_column_int(st, 1) == 20)
			seen[k] = 1;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	for (i = 1; i <= n; i++)
		missing += !seen[i];
	free(seen);
	printf("integrity ok, %d transactions checked, %d missing\n", n,
	    missing);
	return (missing == 0 ? 0 : 1);
}

/* mvtool gitversions URL CODEDIR MAJOR: a module's versions from a git
 * repository ("" for no directory or major). */
int
mvtool_gitversions(int argc, char **argv)
{
	struct strv	 tags, versions;
	struct gitrepo	*g;
	char		*cause = NULL, *dir;
	size_t		 i;
	int		 rc;

	if (argc != 4)
		fatalx("usage: mvtool gitversions URL CODEDIR MAJOR");
	if ((rc = gitrepo_ls_tags(argv[1], &tags, &cause)) != 0) {
		fprintf(stderr, "mvtool: %s\n", cause);
		return (1);
	}
	xasprintf(&dir, "%s/mirrors", getenv("MODVET_GITDIR") != NULL ?
	    getenv("MODVET_GITDIR") : "/tmp");
	if (gitrepo_mirror(dir, argv[1], &g, &cause) != 0) {
		fprintf(stderr, "mvtool: %s\n", cause);
		return (1);
	}
	gitrepo_versions(&tags, argv[2], argv[3], g, &versions, &cause);
	for (i = 0; i < versions.n; i++)
		printf("%s%s", i > 0 ? " " : "", versions.v[i]);
	printf("\n");
	strv_free(&versions);
	strv_free(&tags);
	gitrepo_close(g);
	free(dir);
	return (0);
}

/* mvtool info MODULE VERSION: one .info through the proxy client (no
 * cache): the status, the answer or the evidence. */
int
mvtool_info(int argc, char **argv)
{
	struct goenv		 env;
	struct fetch_opts	 fo;
	struct proxy		*p;
	struct proxy_query	 q, *qp = &q;
	char			*cause = NULL;
	int			 rc;

	if (argc != 3)
		fatalx("usage: mvtool info MODULE VERSION");
	goenv_load(&env, &cause);
	fetch_opts_default(&fo);
	if ((p = proxy_create(&env, &fo, &cause)) == NULL)
		fatalx("%s", cause);
	proxy_set_git_dir(p, getenv("MODVET_GITDIR"));
	proxy_query_init(&q, PROXY_INFO, argv[1], argv[2]);
	proxy_run(p, &qp, 1);
	printf("%s %s\n", source_status_name(q.status), q.status == 0 ?
	    q.body.data : q.evidence);
	rc = q.status == 0 ? 0 : 1;
	proxy_query_free(&q);
	proxy_free(p);
	goenv_free(&env);
	return (rc);
}

/*
 * sumdb-lookup PATH@VERSION...: the checksum database's proven lines for
 * each, through the environment's GOSUMDB, GOPROXY and $MODVET_CACHE, as
 * a check asks them. Prints "ok|skipped|failed|security|not-found PATH@V"
 * then the lines and "record N tree T", and last "requests N bytes B".
 * Exits 0 when every lookup was proven, 1 otherwise.
 */
int
mvtool_sumdb_lookup(int argc, char **argv)
{
	static const char	*names[] = { "ok", "failed", "skipped",
				    "security" };
	struct goenv		 env;
	struct proxy		*p;
	struct cache		*c;
	struct source		 s;
	struct sumdb_answer	*a;
	char			*at;
	size_t			 i, j;
	int			 n = argc - 1, rc = 0;

	stack_open(&env, &p, &c, &s);
	a = xcalloc(n + 1, sizeof *a);
	for (i = 0; i < (size_t)n; i++) {
		if ((at = strrchr(argv[i + 1], '@')) == NULL)
			fatalx("usage: mvtool sumdb-lookup PATH@VERSION...");
		*at = '\0';
		a[i].path = argv[i + 1];
		a[i].version = at + 1;
	}
	checksumdb_lookup_all(&s, a, n);
	for (i = 0; i < (size_t)n; i++) {
		printf("%s %s@%s\n", a[i].not_found ? "not-found" :
		    names[a[i].status], a[i].path, a[i].version);
		for (j = 0; j < a[i].lines.n; j++)
			printf("%s\n", a[i].lines.v[j]);
		if (a[i].status == 0)
			printf("record %" PRId64 " tree %" PRId64 "\n",
			    a[i].record, a[i].tree_size);
		else {
			printf("error %s\n", a[i].error);
			rc = 1;
		}
		sumdb_answer_free(&a[i]);
	}
	printf("requests %" PRIu64 " bytes %" PRIu64 "\n",
	    s.stats.sumdb_requests, s.stats.sumdb_bytes);
	free(a);
	cache_close(c);
	proxy_free(p);
	goenv_free(&env);
	return (rc);
}

/*
 * importgraph DIR: the packages a check of DIR's module loads outside the
 * standard library ("import/path module/path", sorted), for comparison
 * with go list -deps -test ./... (tests/importgraph.sh).
 */
int
mvtool_importgraph(int argc, char **argv)
{
	struct goenv		 env;
	struct proxy		*p;
	struct cache		*c;
	struct source		 s;
	struct check		 ck;
	struct go_sources	 src;
	struct moddir		 where = { NULL, NULL, NULL, NULL };
	char			*gomod, *gosum = NULL, *data, *sum = NULL;
	char			*cause = NULL;
	size_t			 len, sumlen = 0, i;

	if (argc < 2)
		fatalx("usage: mvtool importgraph DIR");
	stack_open(&env, &p, &c, &s);
	xasprintf(&gomod, "%s/go.mod", argv[1]);
	xasprintf(&gosum, "%s/go.sum", argv[1]);
	if (util_read_file(gomod, 1 << 24, &data, &len) != 0)
		fatalx("%s: cannot read", gomod);
	if (util_read_file(gosum, 1 << 26, &sum, &sumlen) != 0)
		sum = NULL;
	if (sources_read_dir(argv[1], &src, &cause) != 0)
		fatalx("%s", cause);
	where.path = argv[1];
	where.sources = &src;
	if (check_run(&ck, &s, gomod, data, len, &where, sum, sumlen, 0,
	    &cause) != 0)
		fatalx("%s", cause);
	for (i = 0; i < ck.packages.n; i++)
		printf("%s\n", ck.packages.v[i]);
	for (i = 0; i < ck.findings.n; i++) {
		if (strcmp(ck.findings.v[i].code, "upstream-unavailable") == 0)
			fprintf(stderr, "%s\n", ck.findings.v[i].message);
	}
	check_free(&ck);
	sources_free(&src);
	free(data);
	free(sum);
	free(gomod);
	free(gosum);
	cache_close(c);
	proxy_free(p);
	goenv_free(&env);
	return (0);
}
