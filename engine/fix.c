/*
 * fix: the suggestions applied to the go.mod with the comment-preserving
 * editor (modedit, the port of modfile's AddRequire and AddGoStmt), then
 * printed back with the go command's printer (blocks are not re-sorted,
 * so the diff shows only the changed lines). Pins without a
 * suggestion keep the version they had, bad or not.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

#define FIX_MAX_ROUNDS	4	/* of adding requirements tidy would add */

/* The version the fix pins for require line i (borrowed), or NULL to
 * leave the line alone. */
static const char *
fix_target(const struct check *c, size_t i)
{
	const struct check_pin	*p = &c->pins[i];
	const char		*best = NULL, *sp;
	size_t			 j, k, plen = strlen(p->path);

	for (j = 0; j < c->findings.n; j++) {
		const struct finding *f = &c->findings.v[j];

		if (f->pin == (int)i && check_finding_on_pin(c, f) &&
		    f->suggested != NULL &&
		    (best == NULL || semver_compare(best, f->suggested) < 0))
			best = f->suggested;
		for (k = 0; k < f->companions.n; k++) {
			sp = f->companions.v[k];
			if (strncmp(sp, p->path, plen) == 0 && sp[plen] == ' ' &&
			    (best == NULL ||
			    semver_compare(best, sp + plen + 1) < 0))
				best = sp + plen + 1;
		}
	}
	return (best);	/* a bad pin with none: fix_restore puts it back */
}

/* The go line the fix needs (borrowed), or NULL. */
static const char *
fix_go(const struct check *c)
{
	const char	*go = NULL;
	char		*max = NULL;
	size_t		 j;

	for (j = 0; j < c->findings.n; j++) {
		const char *v = c->findings.v[j].suggested_go;

		if (v != NULL && (go == NULL || gover_compare(go, v) < 0))
			go = v;
	}
	if (go != NULL && c->have_graph && gover_compare(c->graph.go, go) >= 0)
		return (NULL);
	if (go != NULL && (max = toolchain_max_go(c)) != NULL &&
	    gover_compare(go, max) > 0) {
		/* The toolchain finding says why; go get would refuse. */
		free(max);
		return (NULL);
	}
	free(max);
	return (go);
}

/* Put back, in the syntax tree, the versions the fixer set aside and no
 * suggestion replaced (exclude and replace lines among them): the fix
 * never prints a placeholder. */
static void
fix_restore_line(const struct check *t, struct modfile *mf,
    struct modfile_expr *x)
{
	long	k;
	size_t	i;

	for (i = 0; x->tok != NULL && i < x->ntok; i++) {
		if ((k = check_placeholder_index(x->tok[i])) < 0 ||
		    (size_t)k >= t->bad_versions.n)
			continue;
		x->tok[i] = modfile_auto_quote(mf, t->bad_versions.v[k]);
		modsyntax_token_changed(x, i);
	}
}

/* The same over every line of the file. */
static void
fix_restore(const struct check *t, struct modfile *mf)
{
	struct modfile_expr	*x;
	size_t			 i, j;

	for (i = 0; i < mf->syntax->stmt.n; i++) {
		x = mf->syntax->stmt.v[i];
		if (x->kind == MODFILE_LINE)
			fix_restore_line(t, mf, x);
		for (j = 0; x->kind == MODFILE_BLOCK && j < x->lines.n; j++)
			fix_restore_line(t, mf, x->lines.v[j]);
	}
}

/*
 * The requirements missing-require and no-module found, added as go mod
 * tidy (or go get) adds them
 * (modfile's SetRequireSeparateIndirect: the lines the go.mod has stay
 * where they are, the new ones go to the block of their kind, an
 * indirect block made after the last when there is none).
 */
static void
fix_add_requires(const struct check *c, struct modfile *mf)
{
	struct modedit_req	*req;
	struct strv		 words;
	size_t			 i, j, n = 0, had;

	req = xcalloc(mf->require.n + 1, sizeof *req);
	for (i = 0; i < mf->require.n; i++) {
		if (*mf->require.v[i]->mod.path == '\0')
			continue;	/* dropped */
		req[n].path = mf->require.v[i]->mod.path;
		req[n].version = mf->require.v[i]->mod.version;
		req[n++].indirect = mf->require.v[i]->indirect;
	}
	had = n;
	strv_init(&words);
	for (i = 0; i < c->findings.n; i++) {
		const struct finding *f = &c->findings.v[i];

		for (j = 0; j < f->requires.n; j++) {
			/* "path version[ // indirect]" */
			const char *l = f->requires.v[j], *sp, *end;

			if ((sp = strchr(l, ' ')) == NULL)
				continue;
			end = strchr(sp + 1, ' ');
			strv_push_owned(&words, xstrndup(l, (size_t)(sp - l)));
			strv_push_owned(&words, end != NULL ?
			    xstrndup(sp + 1, (size_t)(end - sp - 1)) :
			    xstrdup(sp + 1));
			req = xreallocarray(req, n + 1, sizeof *req);
			req[n].path = words.v[words.n - 2];
			req[n].version = words.v[words.n - 1];
			req[n++].indirect = end != NULL &&
			    strcmp(end, " // indirect") == 0;
		}
	}
	if (n > had)
		modedit_set_require_separate_indirect(mf, req, n);
	strv_free(&words);
	free(req);
}

/* Apply the suggestions; the new go.mod text, or NULL if it is the same. */
char *
fix_apply(struct check *c, size_t *len)
{
	struct check	 t;
	struct modfile	*mf;
	const char	*v, *go;
	char		*cause = NULL, *out;
	size_t		 i;

	memset(&t, 0, sizeof t);
	strv_init(&t.bad_versions);
	strv_init(&t.bad_versions_ph);
	strv_init(&t.bad_reasons);
	t.name = c->name;
	if ((mf = check_parse(&t, c->data, c->len, &cause)) == NULL) {
		/* check_run parsed it: never here, but never an exit. */
		log_warnx("fix: %s", cause);
		free(cause);
		check_free(&t);
		return (NULL);
	}
	for (i = 0; i < c->npins && i < mf->require.n; i++) {
		if ((v = fix_target(c, i)) != NULL)
			modedit_add_require(mf, c->pins[i].path, v);
	}
	fix_restore(&t, mf);
	fix_add_requires(c, mf);
	if ((go = fix_go(c)) != NULL && modedit_add_go(mf, go, &cause) != 0) {
		log_warnx("fix: go %s: %s", go, cause);
		free(cause);
	}
	/* Cleanup, not SortBlocks: the lines stay where the author put
	 * them, so the diff shows only what changed. */
	modedit_cleanup(mf);
	out = modprint_format(mf->syntax, len);
	modfile_free(mf);
	strv_free(&t.bad_versions);
	strv_free(&t.bad_versions_ph);
	strv_free(&t.bad_reasons);
	if (*len == c->len && memcmp(out, c->data, *len) == 0) {
		free(out);
		return (NULL);
	}
	return (out);
}

/* The go.sum with the missing lines added, or NULL. */
char *
fix_gosum(const struct check *c, size_t *len)
{
	struct modfile_errors	 errs;
	struct gosum		 sum;
	char			*line, *sp1, *sp2, *out = NULL;
	size_t			 i, j, added = 0;

	gosum_init(&sum);
	modfile_errors_init(&errs, "go.sum");
	if (c->gosum != NULL &&
	    gosum_parse(c->gosum, c->gosum_len, &sum, &errs) != 0)
		goto done;	/* an unreadable go.sum is left to a person */
	for (i = 0; i < c->findings.n; i++) {
		const struct strv *lines = &c->findings.v[i].sum_lines;

		for (j = 0; j < lines->n; j++) {
			line = xstrdup(lines->v[j]);
			sp1 = strchr(line, ' ');
			sp2 = sp1 != NULL ? strchr(sp1 + 1, ' ') : NULL;
			if (sp2 != NULL) {
				*sp1 = *sp2 = '\0';
				gosum_add(&sum, line, sp1 + 1, sp2 + 1, 0);
				added++;
			}
			free(line);
		}
	}
	if (added > 0) {
		out = gosum_format(&sum);
		*len = strlen(out);
	}
done:
	modfile_errors_free(&errs);
	gosum_free(&sum);
	return (out);
}

/*
 * The whole fix: check, apply the suggestions, check the new go.mod to
 * learn the go.sum lines it needs, add them, and check what remains (only
 * when go.sum changed: otherwise the second check is the last). Returns
 * 0 with *out filled (fix_result_free frees it; out->after borrows name
 * and where), or -1 with *cause when the go.mod does not parse.
 */
int
fix_run(struct fix_result *out, struct source *src, const char *name,
    const char *data, size_t len, const struct moddir *where,
    const char *gosum, size_t gosum_len, char **cause)
{
	struct check	 c;
	char		*next;
	size_t		 next_len;
	int		 round;

	memset(out, 0, sizeof *out);
	if (check_run(&c, src, name, data, len, where, gosum, gosum_len, 1,
	    cause) != 0)
		return (-1);
	if (c.mf == NULL) {	/* it does not parse: nothing to fix */
		out->after = c;
		return (0);
	}
	out->gomod = fix_apply(&c, &out->gomod_len);
	check_free(&c);
	if (out->gomod != NULL) {
		data = out->gomod;
		len = out->gomod_len;
	}
	/*
	 * This check learns the go.sum lines go mod tidy would keep, and the
	 * requirements it would add; a requirement added can raise what the
	 * graph selects, so again until none is missing and every pin is
	 * the version selected (as tidyPrunedRoots iterates): a go line the
	 * fix added prunes the graph, and the lines added for it are those
	 * the roots alone selected.
	 */
	for (round = 0;; round++) {
		if (check_run(&out->after, src, name, data, len, where, gosum,
		    gosum_len, CHECK_DEEP | CHECK_TIDY, cause) != 0)
			goto fail;
		if (round == FIX_MAX_ROUNDS ||
		    (!findings_have(&out->after.findings, "missing-require") &&
		    !findings_have(&out->after.findings, "not-selected")) ||
		    (next = fix_apply(&out->after, &next_len)) == NULL)
			break;
		check_free(&out->after);
		free(out->gomod);
		out->gomod = next;
		out->gomod_len = next_len;
		data = next;
		len = next_len;
	}
	if ((out->gosum = fix_gosum(&out->after, &out->gosum_len)) == NULL)
		return (0);
	check_free(&out->after);
	if (check_run(&out->after, src, name, data, len, where, out->gosum,
	    out->gosum_len, 1, cause) != 0)
		goto fail;
	return (0);
fail:
	/* The fix made a go.mod that does not parse: a bug of ours, told to
	 * this caller alone. */
	log_warnx("fix: the fixed go.mod does not parse: %s", *cause);
	free(out->gomod);
	free(out->gosum);
	memset(out, 0, sizeof *out);
	return (-1);
}

/* Free what fix_run made. */
void
fix_result_free(struct fix_result *r)
{
	check_free(&r->after);
	free(r->gomod);
	free(r->gosum);
	memset(r, 0, sizeof *r);
}
