/*
 * What a check reads of the build list's packages, decided before the
 * rules run (they hold pointers into the indexes, which a read moves):
 *
 * - every package the import graph reaches from the main module's files,
 *   level by level, each level one round of reads (one request per
 *   module where its proxy answers several ranges at once);
 * - for an import that no module has, the directories of the module
 *   whose files' names hint at what the program used of it: a Pulumi
 *   SDK names each resource's file after it, so events.NewRule looks for
 *   files named from the words "event" and "rule" (cloudwatch's
 *   eventRule.go), and elasticloadbalancingv2.NewLoadBalancer for
 *   loadBalancer.go (lb's, alb's, elb's). Suggestions are drawn from the
 *   packages read; where the whole index is known, from all of them.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "engine/engine.h"
#include "engine/imports.h"

#define PLAN_MAX_HINTS	6	/* directories read for one missing import */

/* The wants of one round: per provider, the directories to read. */
struct round {
	struct strv	*want;		/* [nprov] */
	int		 any;
};

static void
want(struct round *r, struct imports *im, struct provider *p,
    const char *dir)
{
	strv_push(&r->want[p - im->prov], dir);
	r->any = 1;
}

/*
 * How well a file's base name fits a use: every word of the name is a
 * word of the selector or the package's name, and at least one is the
 * selector's. 0: not at all.
 */
static int
file_fits(const struct strv *fw, const struct strv *sel, const char *pw,
    const char *ps)
{
	size_t	k;
	int	ok = 1, fromsel = 0, frompkg = 0;

	for (k = 0; k < fw->n && ok; k++) {
		if (strv_contains(sel, fw->v[k]))
			fromsel = 1;
		else if (strcmp(fw->v[k], pw) == 0 || strcmp(fw->v[k], ps) == 0)
			frompkg = 1;
		else
			ok = 0;
	}
	if (!ok || !fromsel)
		return (0);
	return (frompkg ? 15 : 10);
}

/* Score a directory ("dir\tfile ...") against the words of what the
 * program uses of a missing package (one strv a use). */
static int
dir_score(const char *entry, const struct strv *usew, size_t nuses,
    const char *pw, const char *ps)
{
	const char	*p = strchr(entry, '\t'), *end;
	char		 base[256];
	struct strv	 fw;
	size_t		 u, n;
	int		 score = 0;

	for (p = p != NULL ? p + 1 : ""; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, " ");
		n = (size_t)(end - p);
		if (n < 4 || n - 3 >= sizeof base ||
		    (n > 8 && memcmp(end - 8, "_test.go", 8) == 0))
			continue;
		memcpy(base, p, n - 3);		/* without ".go" */
		base[n - 3] = '\0';
		imports_words(base, &fw);
		for (u = 0; u < nuses; u++)
			score += file_fits(&fw, &usew[u], pw, ps);
		strv_free(&fw);
	}
	return (score);
}

/* The selectors the main module's files use of an import path. */
static void
uses_of(struct imports *im, const char *path, struct strv *out)
{
	const char	*name = strrchr(path, '/') != NULL ?
			    strrchr(path, '/') + 1 : path, *local;
	size_t		 f, k, u;

	strv_init(out);
	for (f = 0; f < im->c->where->sources->n; f++) {
		const struct go_file *gf = &im->c->where->sources->v[f].f;

		local = NULL;
		for (k = 0; k < gf->nimports; k++)
			if (strcmp(gf->imports[k].path, path) == 0)
				local = gf->imports[k].name != NULL ?
				    gf->imports[k].name : name;
		for (u = 0; local != NULL && u < gf->nuses; u++)
			if (strcmp(gf->uses[u].pkg, local) == 0 &&
			    !strv_contains(out, gf->uses[u].sel))
				strv_push(out, gf->uses[u].sel);
	}
}

/* Listing entries "dir\tfiles" in the order of their directories. */
static int
cmp_entry(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/* The directories of p whose files hint at a missing import, read. */
static void
hint(struct round *r, struct imports *im, struct provider *p,
    const char *path)
{
	const struct go_index	*idx = &p->pi.idx;
	const char		*name = strrchr(path, '/') != NULL ?
				    strrchr(path, '/') + 1 : path;
	struct strv		 uses, *usew;
	int			*score, best, first;
	const char		**entries;
	char			*pw, *ps, *dir;
	size_t			 i, k, top, all;

	if (idx->unread.n == 0)
		return;		/* the whole index: every package is there */
	/* Every directory is weighed, read or not, in the order of their
	 * names, so that the same ones are chosen on every check; those
	 * unread are read. */
	all = idx->unread.n + idx->read_listing.n;
	entries = xcalloc(all + 1, sizeof *entries);
	for (i = 0; i < all; i++)
		entries[i] = i < idx->unread.n ? idx->unread.v[i] :
		    idx->read_listing.v[i - idx->unread.n];
	qsort(entries, all, sizeof *entries, cmp_entry);
	uses_of(im, path, &uses);
	imports_name_forms(name, &ps, &pw);	/* "events", "event" */
	usew = xcalloc(uses.n + 1, sizeof *usew);
	for (i = 0; i < uses.n; i++)
		imports_words(uses.v[i], &usew[i]);
	score = xcalloc(all + 1, sizeof *score);
	for (i = 0; i < all; i++)
		score[i] = dir_score(entries[i], usew, uses.n, pw, ps);
	for (i = 0; i < uses.n; i++)
		strv_free(&usew[i]);
	free(usew);
	/* The best, and those at least half as good. */
	for (k = 0, first = 0; k < PLAN_MAX_HINTS; k++) {
		best = (first + 1) / 2;
		top = SIZE_MAX;
		for (i = 0; i < all; i++) {
			if (score[i] > best || (score[i] == best &&
			    best > 0 && top == SIZE_MAX)) {
				best = score[i];
				top = i;
			}
		}
		if (top == SIZE_MAX)
			break;
		if (k == 0)
			first = score[top];
		score[top] = 0;
		dir = xstrndup(entries[top], strcspn(entries[top], "\t"));
		if (go_index_unread(idx, dir) != NULL)
			want(r, im, p, dir);
		free(dir);
	}
	free(entries);
	free(score);
	free(pw);
	free(ps);
	strv_free(&uses);
}

/* Where an import path stands (resolve). */
enum stand {
	STAND_READ,		/* a module has it read: its imports follow */
	STAND_WANTED,		/* a read is queued in the round */
	STAND_UNKNOWN,		/* an index cannot be read: nothing known */
	STAND_MISSING		/* no module of the build list has it (its
				   hints are queued when asked) */
};

/* Where an import path stands, as imports_provider would resolve it. */
static enum stand
resolve(struct round *r, struct imports *im, const char *path, int tidy,
    struct strv *next, int ask_hints)
{
	struct provider		*order[IMPORTS_MAX_PREFIXES];
	struct go_index		*idx;
	const struct go_package	*pkg;
	const struct go_pkgdeps	*deps;
	const char		*rel;
	size_t			 k, i, j;

	if ((k = imports_prefixes(im, path, order, nitems(order))) == 0)
		return (STAND_MISSING);
	for (i = 0; i < k; i++) {
		if ((idx = imports_index(im, order[i])) == NULL)
			return (STAND_UNKNOWN);
		rel = imports_under(path, order[i]->path);
		if (go_index_unread(idx, rel) != NULL) {
			want(r, im, order[i], rel);
			return (STAND_WANTED);
		}
		pkg = go_index_find(idx, rel);
		deps = go_index_deps(idx, rel);
		if (pkg == NULL && deps == NULL)
			continue;
		for (j = 0; pkg != NULL && j < pkg->imports.n; j++)
			strv_push(next, pkg->imports.v[j]);
		for (j = 0; deps != NULL && j < deps->imports.n; j++)
			strv_push(next, deps->imports.v[j]);
		for (j = 0; tidy && deps != NULL && j < deps->test_imports.n;
		    j++)
			strv_push(next, deps->test_imports.v[j]);
		return (STAND_READ);
	}
	if (ask_hints)
		hint(r, im, order[0], path);
	return (STAND_MISSING);
}

/* Open the module each of the queue's paths most likely comes from (the
 * longest prefix), and read the listings of those the cache lacks all
 * together (pkgindex_prefetch): a level's small zips in one round of
 * requests, not one after another.
 *
 * With sum (the first level's), also every module go.sum has a zip line
 * for at the version the build list selects: go mod tidy keeps that line
 * for each module providing a package of the import graph
 * (modload.keepSums), so their listings come in the first round instead
 * of one round for each level where they are reached (a cold check of the
 * seed program went 23 rounds deep). An untidy go.sum that lists more
 * costs their listings; one that lists fewer leaves them to their level.
 * What is read is the same either way: only when. */
static void
prefetch(struct imports *im, const struct strv *queue,
    const struct gosum *sum)
{
	struct provider	 *order[IMPORTS_MAX_PREFIXES];
	struct pkgindex	**v;
	size_t		  i, n = 0;

	v = xcalloc(im->nprov + 1, sizeof *v);
	for (i = 0; i < queue->n; i++) {
		const char *ip = queue->v[i];

		if (imports_is_std(ip) || strcmp(ip, "C") == 0 ||
		    imports_under(ip, im->mainpath) != NULL)
			continue;
		/* The longest: a shorter one is read only when it lacks
		 * the package, which is rare (nested modules). */
		if (imports_prefixes(im, ip, order, nitems(order)) > 0 &&
		    !order[0]->opened) {
			imports_open(im, order[0]);
			v[n++] = &order[0]->pi;
		}
	}
	for (i = 0; sum != NULL && i < im->nprov; i++) {
		struct provider *p = &im->prov[i];

		if (!p->opened && p->fetch_version != NULL &&
		    *p->fetch_version != '\0' &&
		    gosum_lookup(sum, p->fetch_path, p->fetch_version) != NULL) {
			imports_open(im, p);
			v[n++] = &p->pi;
		}
	}
	pkgindex_prefetch(v, n);
	free(v);
}

/* A round's reads, together (pkgindex_need_many). */
static void
read_wanted(struct imports *im, struct round *r)
{
	struct pkgindex		**v;
	const struct strv	**dirs;
	struct provider		**who;
	char			**causes;
	int			 *rcs;
	size_t			  i, n = 0;

	v = xcalloc(im->nprov + 1, sizeof *v);
	dirs = xcalloc(im->nprov + 1, sizeof *dirs);
	who = xcalloc(im->nprov + 1, sizeof *who);
	causes = xcalloc(im->nprov + 1, sizeof *causes);
	rcs = xcalloc(im->nprov + 1, sizeof *rcs);
	for (i = 0; i < im->nprov; i++) {
		struct provider *p = &im->prov[i];

		if (r->want[i].n == 0 || p->status != 0)
			continue;
		strv_sort(&r->want[i]);
		imports_open(im, p);
		v[n] = &p->pi;
		dirs[n] = &r->want[i];
		who[n++] = p;
	}
	pkgindex_need_many(v, dirs, n, rcs, causes);
	for (i = 0; i < n; i++) {
		if ((who[i]->status = rcs[i]) != 0) {
			who[i]->error = causes[i];
			if (!im->unchecked++)
				im->unchecked_error = xstrdup(causes[i]);
		} else
			free(causes[i]);
	}
	for (i = 0; i < im->nprov; i++)
		strv_free(&r->want[i]);
	free(v);
	free(dirs);
	free(who);
	free(causes);
	free(rcs);
}

void
imports_plan(struct imports *im)
{
	struct round		 r;
	struct strmap		 done, own;
	struct strv		 queue, next, again;
	struct gosum		 sum;
	struct modfile_errors	 errs;
	size_t			 i, j, level;
	int			 found, have_sum;

	gosum_init(&sum);
	modfile_errors_init(&errs, "go.sum");
	have_sum = im->c->gosum != NULL && gosum_parse(im->c->gosum,
	    im->c->gosum_len, &sum, &errs) == 0;
	strmap_init(&done);
	strmap_init(&own);
	strv_init(&queue);
	for (i = 0; i < im->c->where->sources->n; i++) {
		const struct go_file *gf = &im->c->where->sources->v[i].f;

		for (j = 0; j < gf->nimports; j++) {
			strv_push(&queue, gf->imports[j].path);
			strmap_set(&own, gf->imports[j].path, NULL);
		}
	}
	r.want = xcalloc(im->nprov + 1, sizeof *r.want);
	/* A round per level; a level's reads can only shrink what is
	 * unread, so the bound is never reached but by a fault. */
	for (level = 0; queue.n > 0 && level < 256; level++) {
		prefetch(im, &queue, level == 0 && have_sum ? &sum : NULL);
		r.any = 0;
		for (i = 0; i < im->nprov; i++)
			strv_init(&r.want[i]);
		strv_init(&next);
		strv_init(&again);
		for (i = 0; i < queue.n; i++) {
			const char *ip = queue.v[i];

			strmap_get(&done, ip, &found);
			if (found || imports_is_std(ip) ||
			    strcmp(ip, "C") == 0 ||
			    imports_under(ip, im->mainpath) != NULL)
				continue;
			strmap_get(&own, ip, &found);
			if (resolve(&r, im, ip, im->c->tidy, &next, found) ==
			    STAND_WANTED)
				strv_push(&again, ip);	/* after the read */
			else
				strmap_set(&done, ip, NULL);
		}
		read_wanted(im, &r);
		strv_free(&queue);
		/* The paths waiting on a read, then the next level. */
		queue = again;
		for (i = 0; i < next.n; i++)
			strv_push(&queue, next.v[i]);
		strv_free(&next);
	}
	strv_free(&queue);
	free(r.want);
	strmap_free(&done);
	strmap_free(&own);
	gosum_free(&sum);
	modfile_errors_free(&errs);
}
