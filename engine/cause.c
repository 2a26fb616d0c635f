/*
 * One finding per cause. The rules speak line by line, and some causes
 * make thousands of lines: with no go.sum at all every line the build
 * needs is missing, and a go.mod with no go line is read as go 1.16, so
 * its graph is not pruned and go.sum needs the go.mod of every version
 * in it. A replace of every version of a module makes the same line
 * needed once per replaced version. Here identical findings become one,
 * and the missing-sum findings of one such cause become one finding
 * that carries all of their go.sum lines (fix still writes them all).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

/* How many go.sum lines a grouped finding shows as evidence. */
#define CAUSE_EVIDENCE	5

/* Push the strings of from onto to, leaving out those already there. */
static void
cause_union(struct strv *to, const struct strv *from)
{
	size_t	i, j;

	for (i = 0; i < from->n; i++) {
		for (j = 0; j < to->n; j++)
			if (strcmp(to->v[j], from->v[i]) == 0)
				break;
		if (j == to->n)
			strv_push(to, from->v[i]);
	}
}

/* Mix a string (NULL as "") into an FNV-1a hash, then a separator. */
static uint64_t
cause_hash_str(uint64_t h, const char *s)
{
	return (fnv1a_mix(fnv1a_str(h, s != NULL ? s : ""), 0xff));
}

/* The hash of a finding's identity: what a reader would see twice. */
static uint64_t
cause_hash(const struct finding *f)
{
	uint64_t	h = FNV1A_INIT;

	h = cause_hash_str(h, f->code);
	h = cause_hash_str(h, f->file);
	h = fnv1a_mix(h, (uint64_t)(unsigned)f->line << 32 |
	    (unsigned)f->col);
	h = cause_hash_str(h, f->path);
	h = cause_hash_str(h, f->version);
	return (cause_hash_str(h, f->message));
}

/* Are two strings equal, NULL being ""? */
static int
cause_same_str(const char *a, const char *b)
{
	return (strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0);
}

/* Do two findings say the same thing at the same place? */
static int
cause_same(const struct finding *a, const struct finding *b)
{
	return (a->line == b->line && a->col == b->col &&
	    cause_same_str(a->code, b->code) &&
	    cause_same_str(a->file, b->file) &&
	    cause_same_str(a->path, b->path) &&
	    cause_same_str(a->version, b->version) &&
	    cause_same_str(a->message, b->message));
}

/* Merge findings that say the same thing at the same place: the first
 * keeps the evidence and go.sum lines of all. An open-addressed table
 * of the kept findings' indexes, by the hash of what they say (no key
 * is made: a check without go.sum has a finding per line it needs). */
static void
cause_merge_duplicates(struct findings *fs)
{
	struct finding	*first;
	uint64_t	*hash;
	size_t		*slot, cap = 16, i, j, w = 0;

	while (cap < 2 * fs->n + 2)
		cap *= 2;
	slot = xcalloc(cap, sizeof *slot);	/* index + 1; 0: empty */
	hash = xcalloc(fs->n + 1, sizeof *hash);
	for (i = 0; i < fs->n; i++) {
		hash[w] = cause_hash(&fs->v[i]);
		for (j = hash[w] & (cap - 1); slot[j] != 0;
		    j = (j + 1) & (cap - 1)) {
			if (hash[slot[j] - 1] == hash[w] &&
			    cause_same(&fs->v[slot[j] - 1], &fs->v[i]))
				break;
		}
		if (slot[j] != 0) {
			first = &fs->v[slot[j] - 1];
			cause_union(&first->evidence, &fs->v[i].evidence);
			cause_union(&first->sum_lines, &fs->v[i].sum_lines);
			finding_free(&fs->v[i]);
			continue;
		}
		slot[j] = w + 1;
		if (w != i)
			fs->v[w] = fs->v[i];
		w++;
	}
	fs->n = w;
	free(slot);
	free(hash);
}

/* Is the main module's graph unpruned because go.mod has no go line? */
static int
cause_no_go_line(const struct check *c)
{
	return (c->mf->go == NULL && c->have_graph && !c->graph.pruned);
}

/* Is a go.sum line "path version/go.mod h1:..." (not a zip's)? */
static int
cause_gomod_line(const char *line)
{
	const char	*v, *end;

	if ((v = strchr(line, ' ')) == NULL)
		return (0);
	v++;
	end = v + strcspn(v, " ");
	return (end - v > 7 && memcmp(end - 7, "/go.mod", 7) == 0);
}

/* The message of the one missing-sum finding of a cause, for its go.sum
 * lines. */
static char *
cause_sum_message(const struct check *c, const struct strv *lines)
{
	char	*m;
	size_t	 i, ngomod = 0;

	for (i = 0; i < lines->n; i++)
		ngomod += cause_gomod_line(lines->v[i]);
	if (c->gosum == NULL)
		xasprintf(&m, "there is no go.sum, and the build needs %zu "
		    "lines in it (%zu go.mod, %zu zip hashes)%s", lines->n,
		    ngomod, lines->n - ngomod, cause_no_go_line(c) ? "; so "
		    "many because go.mod has no go line: the go command reads "
		    "it as go 1.16 and does not prune the module graph" : "");
	else
		xasprintf(&m, "go.sum lacks %zu lines the build needs (%zu "
		    "go.mod, %zu zip hashes): go.mod has no go line, so the go "
		    "command reads it as go 1.16 and needs the go.mod of every "
		    "module of the unpruned graph", lines->n, ngomod,
		    lines->n - ngomod);
	return (m);
}

/*
 * The missing-sum findings of one cause (no go.sum, or no go line) as
 * one finding on the module line, carrying every line. A single line
 * stays as it is: its finding names its module and pin.
 */
static void
cause_group_sums(struct check *c)
{
	struct findings	*fs = &c->findings;
	struct finding	*g;
	struct strv	 lines;
	uint64_t	*hash;		/* of lines.v[k] */
	size_t		*slot;		/* lines, for thousands of them: the
					   index + 1 of each, by hash */
	size_t		 i, j, k, cap = 16, w = 0, nfound = 0, nlines = 0;
	char		*msg, *s;
	int		 line;

	if (c->gosum != NULL && !cause_no_go_line(c))
		return;
	for (i = 0; i < fs->n; i++)
		nfound += strcmp(fs->v[i].code, "missing-sum") == 0 &&
		    fs->v[i].file == NULL;
	if (nfound < 2)
		return;
	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].code, "missing-sum") == 0 &&
		    fs->v[i].file == NULL)
			nlines += fs->v[i].sum_lines.n;
	while (cap < 2 * nlines + 2)
		cap *= 2;
	slot = xcalloc(cap, sizeof *slot);
	hash = xcalloc(nlines + 1, sizeof *hash);
	strv_init(&lines);
	for (i = 0; i < fs->n; i++) {
		if (strcmp(fs->v[i].code, "missing-sum") == 0 &&
		    fs->v[i].file == NULL) {
			for (j = 0; j < fs->v[i].sum_lines.n; j++) {
				s = fs->v[i].sum_lines.v[j];
				hash[lines.n] = strmap_hash_pair(s, NULL);
				for (k = hash[lines.n] & (cap - 1); slot[k] != 0;
				    k = (k + 1) & (cap - 1))
					if (hash[slot[k] - 1] == hash[lines.n] &&
					    strcmp(lines.v[slot[k] - 1], s) == 0)
						break;
				if (slot[k] != 0)
					continue;
				/* Taken from the finding, which goes. */
				slot[k] = lines.n + 1;
				strv_push_owned(&lines, s);
				fs->v[i].sum_lines.v[j] = NULL;
			}
			finding_free(&fs->v[i]);
			continue;
		}
		if (w != i)
			fs->v[w] = fs->v[i];
		w++;
	}
	fs->n = w;
	free(slot);
	free(hash);
	msg = cause_sum_message(c, &lines);
	line = c->mf->module != NULL && c->mf->module->syntax != NULL ?
	    c->mf->module->syntax->start.line : 1;
	g = findings_add(fs, "missing-sum", FINDING_WARNING, NULL, NULL, line,
	    "%s", msg);
	free(msg);
	for (i = 0; i < lines.n && i < CAUSE_EVIDENCE; i++)
		finding_evidence(g, "go.sum needs: %s", lines.v[i]);
	if (lines.n > CAUSE_EVIDENCE)
		finding_evidence(g, "and %zu more lines, which modvet fix "
		    "writes", lines.n - CAUSE_EVIDENCE);
	if (cause_no_go_line(c)) {
		finding_evidence(g, "a go line of go 1.17 or later prunes the "
		    "graph: go.sum then needs far fewer lines");
		/* The go line fix adds; a go-version finding's is newer. */
		if (!findings_have(fs, "go-version"))
			g->suggested_go = xstrdup("1.17");
	}
	g->sum_lines = lines;
}

/* Make the findings of a check one per cause. */
void
findings_by_cause(struct check *c)
{
	cause_merge_duplicates(&c->findings);
	if (c->mf != NULL)
		cause_group_sums(c);
}
