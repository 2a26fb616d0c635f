/*
 * go.sum against the checksum database: every line of go.sum whose module
 * the database covers (GOSUMDB on, not in GONOSUMDB) is compared with the
 * line the database proves, record and signed tree as evidence. A
 * difference is checksum-mismatch: either go.sum or what was published is
 * not what the whole ecosystem saw. A database that cannot be asked gives
 * one sumdb-unchecked note, never a verdict.
 *
 * The go command itself consults the database only for modules go.sum
 * lacks; this check is stricter on purpose, and only ever reports what
 * the public log proves.
 */

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/sumdb.h"
#include "cache/cache.h"
#include "engine/engine.h"

/* The answer for path@version (the first vlen bytes of version: without
 * "/go.mod"), by the index of answers "path@version" (a go.sum of
 * thousands of lines was a quadratic search). */
static struct sumdb_answer *
answer_for(const struct strmap *index, const char *path,
    const char *version, size_t vlen)
{
	struct sumdb_answer	*ans;
	char			*v;

	if (version[vlen] == '\0')
		return (strmap_get_pair(index, path, version));
	v = xstrndup(version, vlen);
	ans = strmap_get_pair(index, path, v);
	free(v);
	return (ans);
}

/* Index answer a as the answer for its path@version. */
static void
answer_index(struct strmap *index, struct sumdb_answer *a)
{
	char	*key;

	xasprintf(&key, "%s@%s", a->path, a->version);
	strmap_set(index, key, a);
	free(key);
}

/* The database's hash for "path key" (key: version or version/go.mod)
 * of the same algorithm as hash, or NULL. */
static const char *
db_hash(const struct sumdb_answer *a, const char *path, const char *key,
    const char *hash)
{
	const char	*line, *h;
	size_t		 i, plen = strlen(path), klen = strlen(key), alen;

	alen = strchr(hash, ':') != NULL ? (size_t)(strchr(hash, ':') - hash) +
	    1 : 0;
	for (i = 0; i < a->lines.n; i++) {
		line = a->lines.v[i];
		if (strncmp(line, path, plen) != 0 || line[plen] != ' ' ||
		    strncmp(line + plen + 1, key, klen) != 0 ||
		    line[plen + 1 + klen] != ' ')
			continue;
		h = line + plen + 1 + klen + 1;
		if (alen > 0 && strncmp(h, hash, alen) == 0)
			return (h);
	}
	return (NULL);
}

/* A signed tree note on one line of evidence: its lines joined by
 * " | " (the note is exactly those lines, each ending in a newline, with
 * the blank line before the signatures). */
static char *
note_line(const char *note)
{
	struct buf	 b;
	const char	*p;

	buf_init(&b, 0);
	for (p = note; *p != '\0'; p++) {
		if (*p != '\n')
			buf_addc(&b, *p);
		else if (p[1] != '\0' && p[1] != '\n')
			buf_adds(&b, " | ");
	}
	return (buf_steal(&b));
}

static void
mismatch(struct check *c, const struct gosum_line *l,
    const struct sumdb_answer *a, const char *want)
{
	const struct check_pin	*p = check_find_pin(c, l->path);
	struct finding		*f;
	char			*note;

	f = findings_add(&c->findings, "checksum-mismatch", FINDING_ERROR,
	    l->path, a->version, p != NULL ? p->line : 0, "go.sum line %d "
	    "says %s %s %s, but the checksum database proves %s (record %"
	    PRId64 " of a log of %" PRId64 ")", l->line, l->path, l->version,
	    l->hash, want, a->record, a->tree_size);
	finding_evidence(f, "go.sum:%d: %s %s %s", l->line, l->path,
	    l->version, l->hash);
	finding_evidence(f, "checksum database record %" PRId64 ": %s %s %s",
	    a->record, l->path, l->version, want);
	note = note_line(a->tree_note);
	finding_evidence(f, "the signed tree that proves it: %s", note);
	free(note);
	f->col = p != NULL ? p->col : 1;
	f->pin = p != NULL ? p - c->pins : -1;
}

/* A line the build (or tidy) needs that go.sum lacks (a missing-sum
 * finding): the go command will ask the database for it when it
 * downloads the go.mod or the zip. */
struct needed {
	char	*path;
	char	*version;
	char	*key;		/* version, or version/go.mod */
	char	*served;	/* h1 of what the upstream served */
	size_t	 finding;	/* the missing-sum finding's index */
	int	 line, col, pin;
};

static size_t
collect_needed(struct check *c, struct needed **out)
{
	struct needed	*v;
	const char	*k, *h;
	size_t		 i, n = 0;

	v = xcalloc(c->findings.n + 1, sizeof *v);
	for (i = 0; i < c->findings.n; i++) {
		const struct finding *f = &c->findings.v[i];

		/* Each has one line until findings_group joins them. */
		if (strcmp(f->code, "missing-sum") != 0 || f->path == NULL ||
		    f->version == NULL || f->sum_lines.n != 1 ||
		    (k = strchr(f->sum_lines.v[0], ' ')) == NULL ||
		    (h = strrchr(f->sum_lines.v[0], ' ')) == k)
			continue;
		v[n].path = xstrdup(f->path);
		v[n].version = xstrdup(f->version);
		v[n].key = xstrndup(k + 1, (size_t)(h - k - 1));
		v[n].served = xstrdup(h + 1);
		v[n].finding = i;
		v[n].line = f->line;
		v[n].col = f->col;
		v[n].pin = f->pin;
		n++;
	}
	*out = v;
	return (n);
}

/* One lookup per module version go.sum names ("v1.2.3" and
 * "v1.2.3/go.mod" are one) into a, indexed by path@version in index
 * (answer_for); the versions made are owned by owned. Their number. */
size_t
rules_sumdb_gosum_lookups(const struct gosum *sum, struct sumdb_answer *a,
    struct strv *owned, struct strmap *index)
{
	const struct gosum_line	*l;
	const char		*slash;
	char			*v;
	size_t			 i, n = 0, vlen;

	for (i = 0; i < sum->n; i++) {
		l = &sum->v[i];
		slash = strchr(l->version, '/');
		vlen = slash != NULL ? (size_t)(slash - l->version) :
		    strlen(l->version);
		if (answer_for(index, l->path, l->version, vlen) != NULL)
			continue;
		v = xstrndup(l->version, vlen);
		strv_push_owned(owned, v);
		a[n].path = l->path;
		a[n].version = v;
		answer_index(index, &a[n]);
		n++;
	}
	return (n);
}

/*
 * What the go command's download of a needed go.mod or zip will meet.
 * The line fix writes is the database's, never one it contradicts (that
 * would hide from the go command what the database exists to catch),
 * and none for a version the database has no record of: a person
 * decides (GONOSUMDB, GOPRIVATE).
 */
static void
judge_needed(struct check *c, const struct needed *m,
    const struct sumdb_answer *a)
{
	struct finding	*f, *missing = &c->findings.v[m->finding];
	const char	*want, *what;
	char		*note;

	what = strchr(m->key, '/') != NULL ? "a go.mod" : "a zip";
	if (a->status == SUMDB_OK) {
		want = db_hash(a, m->path, m->key, m->served);
		if (want != NULL && strcmp(want, m->served) != 0) {
			finding_sum_line(missing, "%s %s %s", m->path,
			    m->key, want);
			f = findings_add(&c->findings, "checksum-mismatch",
			    FINDING_ERROR, m->path, m->version, m->line, "the "
			    "upstream serves %s for %s@%s whose hash is %s, but "
			    "the checksum database proves %s: the go command "
			    "stops with a SECURITY ERROR", what, m->path,
			    m->version, m->served, want);
			finding_evidence(f, "checksum database record %" PRId64
			    ": %s %s %s", a->record, m->path, m->key, want);
			note = note_line(a->tree_note);
			finding_evidence(f, "the signed tree that proves it: "
			    "%s", note);
			free(note);
			finding_evidence(f, "fix writes the database's line, "
			    "not the upstream's");
			f->col = m->col;
			f->pin = m->pin;
		}
	} else if (a->not_found) {
		strv_free(&missing->sum_lines);
		strv_init(&missing->sum_lines);
		f = findings_add(&c->findings, "not-in-sumdb", FINDING_ERROR,
		    m->path, m->version, m->line, "the checksum database has "
		    "no record of %s@%s, and go.sum has no line for it: the go "
		    "command refuses to download it (set GONOSUMDB or GOPRIVATE "
		    "if it is private; fix writes no line for it)", m->path,
		    m->version);
		finding_evidence(f, "%s", a->error);
		f->col = m->col;
		f->pin = m->pin;
	}
}

void
rules_sumdb(struct check *c)
{
	struct gosum		 parsed, *sum = &parsed;
	struct modfile_errors	 errs;
	struct sumdb_answer	*a, *ans;
	const struct gosum_line	*l;
	const char		*slash, *want, *first_error = NULL;
	struct strv		 owned;
	struct strmap		 index;
	size_t			 i, n = 0, vlen, unchecked = 0;

	struct needed		*need;
	size_t			 nneed, nsum;
	const char		*conf_error;

	/* GOSUMDB=off: the go command checks nothing, and nothing here is
	 * said (a malformed GOSUMDB goes on, to be noted once). */
	if (c->source->proxy != NULL &&
	    proxy_sumdb(c->source->proxy, &conf_error)->off &&
	    conf_error == NULL)
		return;
	/* A go.sum that does not parse is rules_sum's finding; its lines
	 * read before the error are still compared. */
	gosum_init(sum);
	modfile_errors_init(&errs, "go.sum");
	if (c->gosum != NULL)
		(void)gosum_parse(c->gosum, c->gosum_len, sum, &errs);
	modfile_errors_free(&errs);
	nneed = collect_needed(c, &need);
	if (sum->n == 0 && nneed == 0) {
		free(need);
		gosum_free(sum);
		return;
	}
	strv_init(&owned);
	strmap_init(&index);
	a = xcalloc(sum->n + nneed + 1, sizeof *a);
	n = nsum = rules_sumdb_gosum_lookups(sum, a, &owned, &index);
	for (i = 0; i < nneed; i++) {
		if (answer_for(&index, need[i].path, need[i].version,
		    strlen(need[i].version)) != NULL)
			continue;
		a[n].path = need[i].path;
		a[n].version = need[i].version;
		answer_index(&index, &a[n]);
		n++;
	}
	source_phase(c->source, "checksum database: %zu lookups", n);
	checksumdb_lookup_all(c->source, a, n);
	for (i = 0; i < n; i++) {
		if (a[i].status == SUMDB_SKIPPED) {
			/* GOSUMDB=off, GONOSUMDB: silence, as the go
			 * command; a malformed GOSUMDB is worth a note. */
			if (strncmp(a[i].error, "invalid", 7) == 0 &&
			    first_error == NULL) {
				first_error = a[i].error;
				unchecked++;
			}
		} else if (a[i].status == SUMDB_SECURITY) {
			struct finding	*f;

			f = findings_add(&c->findings, "checksum-mismatch",
			    FINDING_ERROR, a[i].path, a[i].version, 0, "the "
			    "checksum database contradicts a tree it signed "
			    "before (a fork of the log): nothing it says can "
			    "be trusted until this is explained");
			/* The go command's report, a line of evidence for
			 * each of its lines (both signed notes, the proof). */
			for (const char *p = a[i].error, *nl; *p != '\0';
			    p = *nl != '\0' ? nl + 1 : nl) {
				nl = p + strcspn(p, "\n");
				while (*p == '\t')
					p++;
				if (nl > p)
					finding_evidence(f, "%.*s",
					    (int)(nl - p), p);
			}
		} else if (a[i].status != SUMDB_OK) {
			if (a[i].not_found && i >= nsum)
				continue;	/* judged as needed below */
			if (a[i].not_found) {
				struct finding	*f;
				const struct check_pin *p =
				    check_find_pin(c, a[i].path);

				f = findings_add(&c->findings,
				    "sumdb-unchecked", FINDING_INFO,
				    a[i].path, a[i].version, p != NULL ?
				    p->line : 0, "the checksum database has no "
				    "record of %s@%s, so its go.sum lines are "
				    "trusted to the upstream that served them",
				    a[i].path, a[i].version);
				finding_evidence(f, "%s", a[i].error);
			} else {
				if (first_error == NULL)
					first_error = a[i].error;
				unchecked++;
			}
		}
	}
	if (unchecked > 0)
		findings_add(&c->findings, "sumdb-unchecked", FINDING_INFO,
		    NULL, NULL, 0, "%zu module version%s of go.sum could not be "
		    "checked against the checksum database: %s", unchecked,
		    unchecked == 1 ? "" : "s", first_error);
	for (i = 0; i < sum->n; i++) {
		l = &sum->v[i];
		slash = strchr(l->version, '/');
		vlen = slash != NULL ? (size_t)(slash - l->version) :
		    strlen(l->version);
		ans = answer_for(&index, l->path, l->version, vlen);
		if (ans == NULL || ans->status != SUMDB_OK)
			continue;
		want = db_hash(ans, l->path, l->version, l->hash);
		if (want != NULL && strcmp(want, l->hash) != 0)
			mismatch(c, l, ans, want);
	}
	for (i = 0; i < nneed; i++) {
		ans = answer_for(&index, need[i].path, need[i].version,
		    strlen(need[i].version));
		judge_needed(c, &need[i], ans);
	}
	for (i = 0; i < n; i++)
		sumdb_answer_free(&a[i]);
	free(a);
	strmap_free(&index);
	strv_free(&owned);
	for (i = 0; i < nneed; i++) {
		free(need[i].path);
		free(need[i].version);
		free(need[i].key);
		free(need[i].served);
	}
	free(need);
	gosum_free(sum);
}

/*
 * An unknown-version finding, where the database covers the module:
 * evidence of what the public log says of the pinned version (no record:
 * it was never published through the ecosystem's proxies; a record: it
 * was, and the upstream that denies it is the one to doubt) and of the
 * suggested version with its record number.
 */
void
rules_sumdb_unknown(struct check *c)
{
	struct sumdb_answer	*a;
	size_t			 i, k = 0, n = 0;

	for (i = 0; i < c->findings.n; i++)
		if (strcmp(c->findings.v[i].code, "unknown-version") == 0 &&
		    c->findings.v[i].path != NULL &&
		    c->findings.v[i].version != NULL)
			n++;
	if (n == 0)
		return;
	/* One batch: per finding its version, then its suggestion's. */
	a = xcalloc(2 * n, sizeof *a);
	for (i = 0; i < c->findings.n; i++) {
		const struct finding *f = &c->findings.v[i];

		if (strcmp(f->code, "unknown-version") != 0 ||
		    f->path == NULL || f->version == NULL)
			continue;
		a[k].path = f->path;
		a[k++].version = f->version;
		if (f->suggested != NULL) {
			a[k].path = f->path;
			a[k++].version = f->suggested;
		}
	}
	checksumdb_lookup_all(c->source, a, k);
	for (i = 0, k = 0; i < c->findings.n; i++) {
		struct finding		*f = &c->findings.v[i];
		const struct sumdb_answer *have, *sug = NULL;
		char			*also = NULL;

		if (strcmp(f->code, "unknown-version") != 0 ||
		    f->path == NULL || f->version == NULL)
			continue;
		have = &a[k++];
		if (f->suggested != NULL)
			sug = &a[k++];
		if (sug != NULL && sug->status == SUMDB_OK)
			xasprintf(&also, " (it has %s as record %" PRId64 ")",
			    sug->version, sug->record);
		if (have->status == SUMDB_OK)
			finding_evidence(f, "the checksum database has %s@%s as "
			    "record %" PRId64 ": it was published, so the "
			    "upstream that denies it is the one to doubt",
			    f->path, f->version, have->record);
		else if (have->not_found)
			finding_evidence(f, "the checksum database has no record "
			    "of %s@%s%s", f->path, f->version,
			    also != NULL ? also : "");
		free(also);
	}
	for (i = 0; i < k; i++)
		sumdb_answer_free(&a[i]);
	free(a);
}
