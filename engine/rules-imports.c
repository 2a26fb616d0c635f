/*
 * The program against the packages its pins really contain: every import
 * of the main module's Go files is resolved as the go command resolves it
 * (the module of the build list with the longest path that contains the
 * package), and every pkg.Name selector on it is looked up in that
 * package's exported names, from the package index of the selected
 * version (engine/pkgindex.c). Rules: no-module, unknown-package,
 * unknown-symbol, each at the file, line and column of the import or the
 * use, with alternatives found in the module itself: a Pulumi type token
 * that aliases the missing package's name, the package that holds what
 * the file uses, names that share the words of the package and the
 * symbol ("events.NewRule" -> "cloudwatch.NewEventRule").
 */

#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gosrc/gosrc.h"
#include "cache/cache.h"
#include "engine/engine.h"
#include "engine/imports.h"

#define IMPORTS_MAX_ALTERNATIVES	3

int
imports_is_std(const char *path)
{
	const char	*slash = strchr(path, '/');
	size_t		 n = slash != NULL ? (size_t)(slash - path) :
			    strlen(path);

	return (memchr(path, '.', n) == NULL);
}

const char *
imports_under(const char *p, const char *mod)
{
	size_t	n = strlen(mod);

	if (strncmp(p, mod, n) != 0)
		return (NULL);
	if (p[n] == '\0')
		return ("");
	return (p[n] == '/' ? p + n + 1 : NULL);
}

void
imports_open(struct imports *im, struct provider *p)
{
	if (!p->opened) {
		p->opened = 1;
		pkgindex_init(&p->pi, im->c->source, p->fetch_path,
		    p->fetch_version);
	}
}

struct go_index *
imports_index(struct imports *im, struct provider *p)
{
	struct strv	none;

	if (!p->listed) {
		p->listed = 1;
		strv_init(&none);
		imports_read(im, p, &none);	/* the listing alone */
	}
	return (p->status == 0 ? &p->pi.idx : NULL);
}

int
imports_read(struct imports *im, struct provider *p, const struct strv *dirs)
{
	imports_open(im, p);
	if (p->status == 0 && (p->status = pkgindex_need(&p->pi, dirs,
	    &p->error)) != 0 && !im->unchecked++)
		im->unchecked_error = xstrdup(p->error);
	return (p->status);
}

/* The modules of the build list whose path is a prefix of path, longest
 * first; their number. */
size_t
imports_prefixes(struct imports *im, const char *path,
    struct provider **order, size_t max)
{
	struct provider	*t;
	size_t		 i, j, k = 0;

	for (i = 0; i < im->nprov && k < max; i++)
		if (imports_under(path, im->prov[i].path) != NULL)
			order[k++] = &im->prov[i];
	for (i = 0; i < k; i++) {
		for (j = i + 1; j < k; j++) {
			if (strlen(order[j]->path) > strlen(order[i]->path)) {
				t = order[i];
				order[i] = order[j];
				order[j] = t;
			}
		}
	}
	return (k);
}

struct provider *
imports_provider(struct imports *im, const char *path, int tidy,
    const struct go_package **pkg, const struct go_pkgdeps **deps,
    struct provider **longest, int *unknown)
{
	struct provider	*order[IMPORTS_MAX_PREFIXES];
	struct go_index	*idx;
	const char	*rel;
	size_t		 i, k;

	if (pkg != NULL)
		*pkg = NULL;
	if (deps != NULL)
		*deps = NULL;
	*longest = NULL;
	*unknown = 0;
	if ((k = imports_prefixes(im, path, order, nitems(order))) == 0)
		return (NULL);
	*longest = order[0];
	/* Longest first; a shorter prefix only if the longer lack it. */
	for (i = 0; i < k; i++) {
		if ((idx = imports_index(im, order[i])) == NULL) {
			*unknown = 1;	/* cannot tell: say nothing */
			return (NULL);
		}
		rel = imports_under(path, order[i]->path);
		if (go_index_unread(idx, rel) != NULL) {
			/* Not planned (imports_plan reads what a check
			 * needs before any package is held): read it. */
			struct strv one;

			strv_init(&one);
			strv_push(&one, rel);
			if (imports_read(im, order[i], &one) != 0)
				idx = NULL;
			strv_free(&one);
			if (idx == NULL) {
				*unknown = 1;
				return (NULL);
			}
		}
		if (tidy) {
			const struct go_pkgdeps *d = go_index_deps(idx, rel);

			if (deps != NULL)
				*deps = d;
			if (d != NULL)
				return (order[i]);
		} else if ((*pkg = go_index_find(idx, rel)) != NULL)
			return (order[i]);
	}
	return (NULL);
}

/* The version go get's "latest" query gives of a module's list: the
 * latest (releases first), stepping down past retracted ones. */
static const char *
query_latest(const struct check_pin *p)
{
	const char	*v = check_pin_latest(p);
	size_t		 i;

	if (v == NULL || !check_is_retracted(p, v))
		return (v);
	for (i = p->versions.n; i > 0; i--) {
		const char *w = p->versions.v[i - 1];

		if (semver_compare(w, v) < 0 && !check_is_retracted(p, w) &&
		    (!p->skip_incompatible || !semver_is_incompatible(w)))
			return (w);
	}
	return (v);
}

/*
 * The module go get would add for an import path that no module of the
 * build list provides (cmd/go/internal/modload/query.go,
 * queryPrefixModules: each prefix of the path that is a module path is
 * asked for its "latest" version, and the longest whose latest has the
 * package wins). 0 with *mod and *version (caller frees); -1 when there
 * is none, or when an upstream could not say (nothing is suggested then:
 * never a guess).
 */
static int
no_module_candidate(struct imports *im, const char *path, char **mod,
    char **version)
{
	struct check_pin	 pin;
	struct go_index		 idx;
	struct strv		 dir;
	const char		*latest;
	char			*q = xstrdup(path), *slash, *err;
	int			 rc = -1, done = 0;

	while (!done) {
		if (modpath_check(q, NULL) == 0) {
			check_module(im->c->source, q, &pin);
			latest = pin.list_status == 0 ? query_latest(&pin) : NULL;
			strv_init(&dir);
			strv_push(&dir, imports_under(path, q));
			if (pin.list_status != 0 &&
			    pin.list_status != MV_ENOTFOUND)
				done = 1;	/* cannot tell */
			else if (latest != NULL && pkgindex_get(im->c->source,
			    q, latest, &dir, &idx, &err) == 0) {
				if (go_index_find(&idx, imports_under(path,
				    q)) != NULL) {
					*mod = xstrdup(q);
					*version = xstrdup(latest);
					rc = 0;
					done = 1;
				}
				go_index_free(&idx);
			} else if (latest != NULL) {
				free(err);
				done = 1;
			}
			strv_free(&dir);
			check_pin_free(&pin);
		}
		if ((slash = strrchr(q, '/')) == NULL)
			break;
		*slash = '\0';
	}
	free(q);
	return (rc);
}

/* Lower-case camel-case words of an identifier: "NewEventRule" ->
 * new, event, rule. */
void
imports_words(const char *s, struct strv *out)
{
	const char	*start = s, *p;

	strv_init(out);
	for (p = s; ; p++) {
		int boundary = *p == '\0' || *p == '_' || (p > start &&
		    isupper((unsigned char)*p) &&
		    (islower((unsigned char)p[-1]) ||
		    (p[1] != '\0' && islower((unsigned char)p[1]))));

		if (boundary && p > start) {
			char	*w = xstrndup(start, (size_t)(p - start));
			char	*q;

			for (q = w; *q != '\0'; q++)
				*q = (char)tolower((unsigned char)*q);
			strv_push_owned(out, w);
			start = p;
		}
		if (*p == '\0')
			break;
		if (*p == '_')
			start = p + 1;
	}
}

void
imports_name_forms(const char *name, char **lower, char **singular)
{
	char	*q;
	size_t	 n;

	*lower = xstrdup(name);
	for (q = *lower; *q != '\0'; q++)
		*q = (char)tolower((unsigned char)*q);
	*singular = xstrdup(*lower);
	if ((n = strlen(*singular)) > 1 && (*singular)[n - 1] == 's')
		(*singular)[n - 1] = '\0';
}

static int
strv_has(const struct strv *v, const char *s)
{
	size_t	lo = 0, hi = v->n, mid;
	int	c;

	while (lo < hi) {	/* the index keeps them sorted */
		mid = (lo + hi) / 2;
		if ((c = strcmp(s, v->v[mid])) == 0)
			return (1);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (0);
}

/* A candidate name: lower scores rank first. */
struct cand {
	const struct go_package	*pkg;
	const char		*name;
	int			 score;
};

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand	*x = a, *y = b;
	int			 c;

	if (x->score != y->score)
		return (x->score < y->score ? -1 : 1);
	if ((c = strcmp(x->pkg->dir, y->pkg->dir)) != 0)
		return (c);
	return (strcmp(x->name, y->name));
}

/*
 * Names of the module that could be what sel meant, as used on a
 * package whose last path element is base: the same name elsewhere,
 * else names holding every word of sel, preferring those that also hold
 * the package's word (singular or not) and the preferred package.
 */
static size_t
symbol_candidates(const struct go_index *idx, const struct go_package *pref,
    const char *base, const char *sel, struct cand **out)
{
	struct strv	 want, have;
	struct cand	*v = NULL;
	size_t		 n = 0, i, j, k, extra;
	char		*pw, *ps;
	int		 score, all, pkgword;

	imports_words(sel, &want);
	imports_name_forms(base, &pw, &ps);
	for (i = 0; i < idx->n; i++) {
		const struct go_package *p = &idx->v[i];

		for (j = 0; j < p->exported.n; j++) {
			const char *name = p->exported.v[j];

			if (strcmp(name, sel) == 0)
				score = 0;
			else {
				imports_words(name, &have);
				for (k = 0, all = 1; k < want.n && all; k++)
					all = strv_contains(&have, want.v[k]);
				pkgword = strv_contains(&have, pw) ||
				    strv_contains(&have, ps);
				extra = have.n - want.n - (pkgword ? 1 : 0);
				strv_free(&have);
				if (!all)
					continue;
				score = 100 + (pkgword ? 0 : 50) +
				    (int)(extra > 20 ? 20 : extra) * 2;
			}
			/* The package the import should have been comes
			 * first; elsewhere, the same name before words. */
			if (pref != NULL && p != pref)
				score += 200;
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n].pkg = p;
			v[n].name = name;
			v[n].score = score;
			n++;
		}
	}
	strv_free(&want);
	free(pw);
	free(ps);
	if (n > 1)
		qsort(v, n, sizeof *v, cand_cmp);
	*out = v;
	return (n);
}

/* The last element of a path. */
static const char *
last_elem(const char *path)
{
	const char	*s = strrchr(path, '/');

	return (s != NULL ? s + 1 : path);
}

/* The package of a type token "prov:module/name:Type" names module. */
static int
token_module_is(const char *token, const char *name)
{
	const char	*c1 = strchr(token, ':'), *sl;
	size_t		 n;

	if (c1 == NULL || (sl = strchr(c1 + 1, '/')) == NULL)
		return (0);
	n = (size_t)(sl - c1 - 1);
	return (strlen(name) == n && strncasecmp(c1 + 1, name, n) == 0);
}

/*
 * The packages of the module that could be what a missing import path
 * meant: one whose type tokens alias the missing name first (*why says
 * which token; *alias is that package when it is the only one), then
 * those holding most of what the program uses of it.
 */
static size_t
package_candidates(struct imports *im, const struct go_index *idx,
    const char *path, const struct go_package **out, size_t max,
    char **why, const struct go_package **alias)
{
	const char	*name = last_elem(path);
	int		*score;
	size_t		 i, j, k, f, u, n = 0, naliases = 0;
	struct cand	*c;
	size_t		 nc;

	*why = NULL;
	*alias = NULL;
	score = xcalloc(idx->n + 1, sizeof *score);
	for (i = 0; i < idx->n; i++) {
		for (j = 0; j < idx->v[i].tokens.n; j++) {
			if (token_module_is(idx->v[i].tokens.v[j], name)) {
				score[i] += 1000;
				if (naliases++ == 0)
					*alias = &idx->v[i];
				if (*why == NULL)
					xasprintf(why, "the type token %s in "
					    "%s", idx->v[i].tokens.v[j],
					    idx->v[i].dir);
				break;
			}
		}
	}
	/* What the files use of the import, found in each package. */
	for (f = 0; f < im->c->where->sources->n; f++) {
		const struct go_file *gf = &im->c->where->sources->v[f].f;
		const char *local = NULL;

		for (k = 0; k < gf->nimports; k++)
			if (strcmp(gf->imports[k].path, path) == 0)
				local = gf->imports[k].name != NULL ?
				    gf->imports[k].name : name;
		for (u = 0; local != NULL && u < gf->nuses; u++) {
			if (strcmp(gf->uses[u].pkg, local) != 0)
				continue;
			nc = symbol_candidates(idx, NULL, name,
			    gf->uses[u].sel, &c);
			/* Each package once per use, by its best name. */
			for (k = 0; k < nc; k++) {
				size_t p = (size_t)(c[k].pkg - idx->v), m;
				int seen = 0;

				for (m = 0; m < k && !seen; m++)
					seen = c[m].pkg == c[k].pkg;
				/* Names with the import's own word weigh
				 * most ("events" -> NewEventRule), then the
				 * same name, then names sharing words. */
				if (!seen)
					score[p] += c[k].score >= 100 &&
					    c[k].score < 130 ? 20 :
					    c[k].score < 100 ? 10 : 1;
			}
			free(c);
		}
	}
	for (k = 0; k < max; k++) {
		size_t best = SIZE_MAX;

		for (i = 0; i < idx->n; i++)
			if (score[i] > 0 && (best == SIZE_MAX ||
			    score[i] > score[best]))
				best = i;
		if (best == SIZE_MAX)
			break;
		out[n++] = &idx->v[best];
		score[best] = 0;
	}
	free(score);
	if (naliases != 1)
		*alias = NULL;	/* a rewrite needs the one package */
	return (n);
}

static void
alternative_import(struct finding *f, const struct provider *p,
    const struct go_package *pkg)
{
	char	*s;

	xasprintf(&s, "%s%s%s", p->path, *pkg->dir != '\0' ? "/" : "",
	    pkg->dir);
	strv_push_owned(&f->alternatives, s);
}

/* The names a file gives its imports: local name -> import path. */
struct binding {
	const char		*local;
	const char		*path;
	const struct go_package	*pkg;		/* NULL: not found */
	struct provider		*prov;		/* or the longest prefix's */
	const struct go_package	*alt;		/* the first alternative */
};

/* Say so when what a finding rests on was read from part of the zip. */
static void
partial_evidence(struct finding *f, const struct provider *p)
{
	if (p->pi.idx.unread.n > 0)
		finding_evidence(f, "the packages of %s@%s were read from part "
		    "of its zip, by HTTP Range: each file's CRC-32 was checked, "
		    "not the zip's go.sum hash, which needs the whole zip",
		    p->fetch_path, p->fetch_version);
}

static void
symbol_finding(struct imports *im, const struct go_srcfile *sf,
    const struct go_use *u, const struct binding *b)
{
	struct finding	*f;
	struct cand	*c;
	size_t		 n, i;
	char		*alt;

	f = findings_add(&im->c->findings, "unknown-symbol", FINDING_ERROR,
	    b->prov->path, b->prov->version, u->line, b->pkg != NULL ?
	    "%s.%s: package %s of %s %s has no exported name %s" :
	    "%s.%s: package %s is not in %s %s, so neither is %s", u->pkg,
	    u->sel, b->path, b->prov->path, b->prov->version, u->sel);
	f->file = xstrdup(sf->name);
	f->col = u->col;
	if (b->prov->status != 0)
		return;
	partial_evidence(f, b->prov);
	n = symbol_candidates(&b->prov->pi.idx, b->pkg != NULL ? b->pkg : b->alt,
	    last_elem(b->path), u->sel, &c);
	for (i = 0; i < n && i < IMPORTS_MAX_ALTERNATIVES; i++) {
		xasprintf(&alt, "%s.%s", c[i].pkg->name, c[i].name);
		strv_push_owned(&f->alternatives, alt);
		if (i == 0)
			finding_evidence(f, "%s%s%s declares %s", b->prov->path,
			    *c[i].pkg->dir != '\0' ? "/" : "", c[i].pkg->dir,
			    c[i].name);
	}
	free(c);
}

static void
check_file(struct imports *im, const struct go_srcfile *sf)
{
	const struct go_file	*gf = &sf->f;
	struct binding		*b;
	struct provider		*p, *longest;
	const struct go_package	*pkg, *alts[IMPORTS_MAX_ALTERNATIVES], *alias;
	struct finding		*f;
	size_t			 i, j, nb = 0, na;
	char			*why;
	int			 unknown;

	b = xcalloc(gf->nimports + 1, sizeof *b);
	for (i = 0; i < gf->nimports; i++) {
		const struct go_import *in = &gf->imports[i];

		if (imports_is_std(in->path) || strcmp(in->path, "C") == 0 ||
		    imports_under(in->path, im->mainpath) != NULL)
			continue;
		p = imports_provider(im, in->path, 0, &pkg, NULL, &longest,
		    &unknown);
		if (unknown)
			continue;
		if (longest == NULL) {
			char *mod, *version, *line;

			f = findings_add(&im->c->findings, "no-module",
			    FINDING_ERROR, NULL, NULL, in->line, "no required "
			    "module provides package %s", in->path);
			f->file = xstrdup(sf->name);
			f->col = in->col;
			if (no_module_candidate(im, in->path, &mod,
			    &version) == 0) {
				finding_evidence(f, "%s@%s, the latest version "
				    "of the longest prefix of the path that is "
				    "a module, has the package: go get %s adds "
				    "it", mod, version, in->path);
				xasprintf(&line, "%s %s", mod, version);
				strv_push_owned(&f->requires, line);
				free(mod);
				free(version);
			}
			continue;
		}
		b[nb].local = in->name;
		b[nb].path = in->path;
		b[nb].pkg = pkg;
		b[nb].prov = p != NULL ? p : longest;
		if (p == NULL) {
			f = findings_add(&im->c->findings, "unknown-package",
			    FINDING_ERROR, longest->path, longest->version,
			    in->line, "package %s is not in %s %s", in->path,
			    longest->path, longest->version);
			f->file = xstrdup(sf->name);
			f->col = in->col;
			na = package_candidates(im, &longest->pi.idx, in->path,
			    alts, IMPORTS_MAX_ALTERNATIVES, &why, &alias);
			for (j = 0; j < na; j++)
				alternative_import(f, longest, alts[j]);
			/* Unique and proven by an alias: fix may rewrite. */
			if (na > 0 && alias == alts[0]) {
				f->rewrite_from = xstrdup(in->path);
				f->rewrite_path = xstrdup(f->alternatives.v[0]);
				f->rewrite_name = xstrdup(alias->name);
			}
			if (na > 0)
				b[nb].alt = alts[0];
			if (why != NULL)
				finding_evidence(f, "%s", why);
			if (longest->pi.idx.unread.n == 0)
				finding_evidence(f, "%s %s has %zu packages",
				    longest->path, longest->version,
				    longest->pi.idx.n);
			else if (go_index_deps(&longest->pi.idx,
			    imports_under(in->path, longest->path)) != NULL)
				finding_evidence(f, "%s %s has Go files in %s, "
				    "but none the build reads for linux/amd64",
				    longest->path, longest->version,
				    imports_under(in->path, longest->path));
			else
				finding_evidence(f, "%s %s has no directory "
				    "%s of Go files: its zip's central "
				    "directory lists every file", longest->path,
				    longest->version,
				    imports_under(in->path, longest->path));
			partial_evidence(f, longest);
			free(why);
		}
		if (b[nb].local == NULL)
			b[nb].local = pkg != NULL ? pkg->name :
			    last_elem(in->path);
		nb++;
	}
	for (i = 0; i < gf->nuses; i++) {
		const struct go_use *u = &gf->uses[i];

		for (j = 0; j < nb; j++) {
			if (strcmp(b[j].local, u->pkg) != 0)
				continue;
			if (b[j].pkg == NULL ||
			    !strv_has(&b[j].pkg->exported, u->sel))
				symbol_finding(im, sf, u, &b[j]);
			break;
		}
	}
	free(b);
}

/*
 * The packages the build loads, as go list -deps -test ./... does: the
 * main module's packages, then every import reached from them (tests of
 * the main module's packages included, not those of dependencies),
 * through the non-test imports each dependency's package index records.
 */
static void
package_graph(struct imports *im)
{
	struct strmap		 seen;
	struct strv		 queue;
	const struct go_package	*pkg;
	struct provider		*p, *longest;
	const char		*slash;
	char			*s, *path;
	size_t			 i, j, at = 0;
	int			 unknown, found;

	strmap_init(&seen);
	strv_init(&queue);
	for (i = 0; i < im->c->where->sources->n; i++) {
		const struct go_srcfile *sf = &im->c->where->sources->v[i];

		if (sf->f.package == NULL || sf->other)
			continue;
		/* The main module's own package (not an external test). */
		if (!sf->test || (strlen(sf->f.package) < 5 ||
		    strcmp(sf->f.package + strlen(sf->f.package) - 5,
		    "_test") != 0)) {
			slash = strrchr(sf->name, '/');
			if (slash == NULL)
				s = xstrdup(im->mainpath);
			else
				xasprintf(&s, "%s/%.*s", im->mainpath,
				    (int)(slash - sf->name), sf->name);
			strmap_get(&seen, s, &found);
			if (!found) {
				strmap_set(&seen, s, NULL);
				xasprintf(&path, "%s %s", s, im->mainpath);
				strv_push_owned(&im->c->packages, path);
			}
			free(s);
		}
		for (j = 0; j < sf->f.nimports; j++)
			strv_push(&queue, sf->f.imports[j].path);
	}
	while (at < queue.n) {
		const char *ip = queue.v[at++];

		strmap_get(&seen, ip, &found);
		if (found || imports_is_std(ip) || strcmp(ip, "C") == 0 ||
		    imports_under(ip, im->mainpath) != NULL)
			continue;
		strmap_set(&seen, ip, NULL);
		p = imports_provider(im, ip, 0, &pkg, NULL, &longest,
		    &unknown);
		if (p == NULL)
			continue;
		p->used = 1;
		if (p->example == NULL)
			p->example = xstrdup(ip);
		xasprintf(&path, "%s %s", ip, p->path);
		strv_push_owned(&im->c->packages, path);
		for (j = 0; j < pkg->imports.n; j++)
			strv_push(&queue, pkg->imports.v[j]);
	}
	strv_sort(&im->c->packages);
	strv_free(&queue);
	strmap_free(&seen);
}

/*
 * The zip line of every module providing a package the build loads:
 * without it a -mod=readonly build stops ("missing go.sum entry for
 * module providing package"), and go mod tidy writes it. The hash is the
 * one computed from the zip when it was read whole, else the checksum
 * database's (sum_zip_hashes).
 */
static void
zip_lines(struct imports *im)
{
	struct check		*c = im->c;
	struct modfile_errors	 errs;
	struct gosum		 sum;
	const struct check_pin	*pin;
	struct finding		*f;
	struct zip_hash		*zh;
	struct provider		**who;
	size_t			 i, k = 0;

	gosum_init(&sum);
	modfile_errors_init(&errs, "go.sum");
	if (c->gosum != NULL &&
	    gosum_parse(c->gosum, c->gosum_len, &sum, &errs) != 0)
		goto done;	/* judged by rules_sum */
	zh = xcalloc(im->nprov + 1, sizeof *zh);
	who = xcalloc(im->nprov + 1, sizeof *who);
	for (i = 0; i < im->nprov; i++) {
		struct provider *p = &im->prov[i];

		if (!p->used ||
		    gosum_lookup(&sum, p->fetch_path, p->fetch_version) != NULL)
			continue;
		zh[k].path = p->fetch_path;
		zh[k].version = p->fetch_version;
		who[k++] = p;
	}
	sum_zip_hashes(c->source, zh, k);
	for (i = 0; i < k; i++) {
		struct provider *p = who[i];

		if (zh[i].h1 == NULL)
			continue;
		pin = check_find_pin(c, p->path);
		f = findings_add(&c->findings, "missing-sum", FINDING_WARNING,
		    p->fetch_path, p->fetch_version, pin != NULL ? pin->line : 0,
		    "%s lacks \"%s %s %s\", the zip of a module providing "
		    "packages the build imports", c->gosum != NULL ? "go.sum" :
		    "there is no go.sum, so it", p->fetch_path,
		    p->fetch_version, zh[i].h1);
		finding_sum_line(f, "%s %s %s", p->fetch_path,
		    p->fetch_version, zh[i].h1);
		finding_evidence(f, "h1 of the zip of %s@%s, %s: %s",
		    p->fetch_path, p->fetch_version, zh[i].from, zh[i].h1);
		f->col = pin != NULL ? pin->col : 1;
		f->pin = pin != NULL ? pin - c->pins : -1;
		free(zh[i].h1);
	}
	free(zh);
	free(who);
done:
	modfile_errors_free(&errs);
	gosum_free(&sum);
}

void
rules_imports(struct check *c)
{
	struct imports		 im;
	struct mvs_list		 list;
	const struct modfile_replace *r;
	size_t			 i;

	if (c->where == NULL || c->where->sources == NULL || c->mf == NULL ||
	    c->mf->module == NULL)
		return;
	memset(&im, 0, sizeof im);
	im.c = c;
	im.mainpath = c->mf->module->mod.path;
	memset(&list, 0, sizeof list);
	graph_build_list(&c->graph, &list);
	im.prov = xcalloc(list.n + 1, sizeof *im.prov);
	for (i = 1; i < list.n; i++) {	/* [0] is the main module */
		struct provider *p = &im.prov[im.nprov];

		r = graph_replacement(c->mf, list.v[i].path, list.v[i].version);
		if (r != NULL && *r->new.version == '\0')
			continue;	/* a directory: not indexed */
		p->path = list.v[i].path;
		p->version = list.v[i].version;
		p->fetch_path = r != NULL ? r->new.path : p->path;
		p->fetch_version = r != NULL ? r->new.version : p->version;
		im.nprov++;
	}
	imports_plan(&im);
	for (i = 0; i < c->where->sources->n; i++) {
		const struct go_srcfile *sf = &c->where->sources->v[i];

		if (sf->f.error != NULL) {
			struct finding *f = findings_add(&c->findings,
			    "invalid-source", FINDING_ERROR, NULL, NULL,
			    sf->f.err_line, "%s: %s", sf->name, sf->f.error);

			f->file = xstrdup(sf->name);
			f->col = sf->f.err_col;
		}
		if (!sf->other)
			check_file(&im, sf);
	}
	package_graph(&im);
	if (c->tidy)
		rules_tidy(&im);
	else
		zip_lines(&im);
	rules_requires(&im, c->tidy);
	if (im.unchecked > 0)
		findings_add(&c->findings, "upstream-unavailable",
		    FINDING_WARNING, NULL, NULL, 0, "the packages of %d "
		    "module%s could not be read, so imports from them were not "
		    "checked: %s", im.unchecked, im.unchecked == 1 ? "" : "s",
		    im.unchecked_error);
	for (i = 0; i < im.nprov; i++) {
		if (im.prov[i].opened)
			pkgindex_free(&im.prov[i].pi);
		free(im.prov[i].error);
		free(im.prov[i].example);
	}
	free(im.prov);
	free(im.unchecked_error);
	mvs_list_free(&list);
}
