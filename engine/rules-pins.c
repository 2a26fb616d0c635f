/*
 * The rules about one pin, from what the upstreams say of its module:
 * invalid-version, major-mismatch, unknown-version, upstream-unavailable,
 * retracted, deprecated, outdated and new-major.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

/* "2026-12-01T21:40:00Z" for a wall-clock time in milliseconds. */
static const char *
rules_when(int64_t ms, char *buf)
{
	return (util_format_rfc3339((time_t)(ms / 1000), buf));
}

/* The highest listed version below v and the lowest above, of v's major
 * ("" when none); *below and *above are borrowed from the pin's list. */
static void
rules_neighbours(const struct check_pin *p, const char *v,
    const char **below, const char **above)
{
	char	*major, *m;
	size_t	 i;

	*below = *above = "";
	major = semver_major(v);
	for (i = 0; i < p->versions.n; i++) {
		m = semver_major(p->versions.v[i]);
		if (strcmp(m, major) == 0) {
			if (semver_compare(p->versions.v[i], v) < 0)
				*below = p->versions.v[i];
			else if (semver_compare(p->versions.v[i], v) > 0 &&
			    **above == '\0')
				*above = p->versions.v[i];
		}
		free(m);
	}
	free(major);
}

/* The latest release of v's major in the list (or NULL). */
const char *
rules_latest_of_major(const struct check_pin *p, const char *v)
{
	const char	*best = NULL;
	char		*major, *m, *pre;
	size_t		 i;

	major = semver_major(v);
	for (i = 0; i < p->versions.n; i++) {
		m = semver_major(p->versions.v[i]);
		pre = semver_prerelease(p->versions.v[i]);
		if (strcmp(m, major) == 0 && *pre == '\0' &&
		    !check_is_retracted(p, p->versions.v[i]))
			best = p->versions.v[i];
		free(m);
		free(pre);
	}
	free(major);
	return (best);
}

/* The neighbours of a missing version as a line of evidence. */
static void
rules_nearest(struct finding *f, const struct check_pin *p, const char *v)
{
	const char	*below, *above, *latest;

	if (!semver_is_valid(v) || p->list_status != 0)
		return;
	rules_neighbours(p, v, &below, &above);
	latest = rules_latest_of_major(p, v);
	finding_evidence(f, "%s lists %zu versions; nearest: %s below, %s "
	    "above; latest of its major: %s", p->list_origin != NULL ?
	    p->list_origin : "the version list", p->versions.n,
	    *below != '\0' ? below : "none", *above != '\0' ? above : "none",
	    latest != NULL ? latest : "none");
}

/* invalid-version and major-mismatch: what the fixer set aside. */
static void
rules_bad(struct check *c, size_t i)
{
	struct check_pin	*p = &c->pins[i];
	struct finding		*f;
	const char		*reason = "invalid-version", *major;
	char			*why = NULL, *canon;
	size_t			 k;

	for (k = 0; k < c->bad_versions.n; k++) {
		if (strcmp(c->bad_versions.v[k], p->version) == 0)
			reason = c->bad_reasons.v[k];
	}
	if (p->path_error != NULL) {
		f = findings_add(&c->findings, "invalid-path", FINDING_ERROR,
		    p->path, p->version, p->line, "%s: not a valid module path, "
		    "so no upstream was asked: %s", p->path, p->path_error);
	} else if (strcmp(reason, "major-mismatch") == 0) {
		major = p->path + (modpath_split_version(p->path, &k) ? k : 0);
		modpath_check_major(p->version, major, &why);
		f = findings_add(&c->findings, "major-mismatch", FINDING_ERROR,
		    p->path, p->version, p->line, "%s %s: the version's major "
		    "does not fit the module path (%s)", p->path, p->version,
		    why != NULL ? why : "wrong major");
		free(why);
	} else {
		canon = semver_canonical(p->version);
		f = findings_add(&c->findings, "invalid-version",
		    FINDING_ERROR, p->path, p->version, p->line,
		    "%s %s: not a valid Go module version: it must be of the "
		    "form v1.2.3%s%s%s", p->path, p->version, *canon != '\0' ?
		    " (canonical form: " : "", canon, *canon != '\0' ? ")" :
		    "");
		free(canon);
	}
	f->col = p->col;
	f->pin = i;
}

/* unknown-version or upstream-unavailable from the pin's .info. */
static void
rules_info(struct check *c, size_t i)
{
	struct check_pin	*p = &c->pins[i];
	struct finding		*f;
	char			 when[32];

	if (p->info_status == 0)
		return;
	if (p->info_status == MV_ENOTFOUND && p->repl_path != NULL) {
		f = findings_add(&c->findings, "unknown-version", FINDING_ERROR,
		    p->path, p->version, p->line, "%s %s is replaced by %s %s, "
		    "which does not exist", p->path, p->version, p->repl_path,
		    p->repl_version);
		finding_evidence(f, "%s (asked for %s/@v/%s.info at %s)",
		    p->info_evidence != NULL ? p->info_evidence : "not found",
		    p->repl_path, p->repl_version,
		    rules_when(p->info_when_ms, when));
	} else if (p->info_status == MV_ENOTFOUND) {
		f = findings_add(&c->findings, "unknown-version", FINDING_ERROR,
		    p->path, p->version, p->line, "%s %s does not exist: the "
		    "upstream answered that there is no such version",
		    p->path, p->version);
		finding_evidence(f, "%s (asked for %s/@v/%s.info at %s)",
		    p->info_evidence != NULL ? p->info_evidence : "not found",
		    p->path, p->version, rules_when(p->info_when_ms, when));
		rules_nearest(f, p, p->version);
	} else {
		/* An error: nothing proves the pin exists, and a build
		 * that cannot fetch it fails too (DESIGN.md). */
		f = findings_add(&c->findings, "upstream-unavailable",
		    FINDING_ERROR, p->path, p->version, p->line,
		    "%s %s could not be checked: every upstream failed and "
		    "the cache has no answer (this says nothing about whether "
		    "the version exists, and a build cannot fetch it either)",
		    p->path, p->version);
		finding_evidence(f, "%s", p->info_evidence != NULL ?
		    p->info_evidence : "no answer");
	}
	f->col = p->col;
	f->pin = i;
}

/* The version list could not be read (403, 5xx, no route), so neither
 * could the retractions, deprecation and newer releases that hang on it:
 * say so instead of skipping them in silence (the go command says
 * "loading module retractions for M: ..."). */
static void
rules_list_unavailable(struct check *c, size_t i)
{
	struct check_pin	*p = &c->pins[i];
	struct finding		*f;

	if (p->list_status == 0 || p->list_status == MV_ENOTFOUND ||
	    p->info_status != 0)
		return;
	f = findings_add(&c->findings, "upstream-unavailable", FINDING_WARNING,
	    p->path, p->version, p->line, "%s: retractions, deprecation and "
	    "newer releases could not be checked: its version list could not "
	    "be read", p->path);
	finding_evidence(f, "%s", p->list_evidence != NULL ?
	    p->list_evidence : "no answer");
	f->col = p->col;
	f->pin = i;
}

/* retracted: the pin lies in a retract interval of the latest go.mod. */
static void
rules_retracted(struct check *c, size_t i)
{
	struct check_pin		*p = &c->pins[i];
	const struct check_retract	*rt;
	struct finding			*f;

	if ((rt = check_retraction(p, p->version)) == NULL)
		return;
	f = findings_add(&c->findings, "retracted", FINDING_ERROR, p->path,
	    p->version, p->line, "%s %s was retracted by the module's "
	    "authors%s%s", p->path, p->version, *rt->rationale != '\0' ?
	    ": " : "", rt->rationale);
	if (strcmp(rt->low, rt->high) == 0)
		finding_evidence(f, "retract %s in the go.mod of %s@%s",
		    rt->low, p->path, p->latest);
	else
		finding_evidence(f, "retract [%s, %s] in the go.mod of %s@%s",
		    rt->low, rt->high, p->path, p->latest);
	f->col = p->col;
	f->pin = i;
}

/* deprecated: the state of the module, not of the pin. */
static void
rules_deprecated(struct check *c, size_t i)
{
	struct check_pin	*p = &c->pins[i];
	struct finding		*f;

	if (p->deprecated != NULL) {
		f = findings_add(&c->findings, "deprecated", FINDING_WARNING,
		    p->path, p->version, p->line, "%s is deprecated: %s",
		    p->path, p->deprecated);
		finding_evidence(f, "// Deprecated: comment on the module line "
		    "of %s@%s", p->path, p->latest);
		f->col = p->col;
		f->pin = i;
	}
}

/* new-major, also the state of the module: its own pass, run once the
 * next majors' lists are in (check_fetch_next_majors, the last of a
 * check's requests). */
void
rules_new_major(struct check *c)
{
	struct check_pin	*p;
	struct finding		*f;
	size_t			 i;

	for (i = 0; i < c->npins; i++) {
		p = &c->pins[i];
		if (p->bad || p->repl_path != NULL || !p->next_major)
			continue;
		f = findings_add(&c->findings, "new-major", FINDING_INFO,
		    p->path, p->version, p->line, "%s: a newer major version "
		    "exists: %s (latest %s)", p->path, p->next_major_path,
		    p->next_major_latest);
		f->col = p->col;
		f->pin = i;
	}
}

/* outdated: the update go list -m -u reports for the selected version
 * (update.c), replaced modules included, as the go command does. */
static void
rules_outdated(struct check *c, size_t i)
{
	struct check_pin	*p = &c->pins[i];
	struct finding		*f;

	if (p->update == NULL)
		return;
	if (strcmp(p->update_from, p->version) == 0)
		f = findings_add(&c->findings, "outdated", FINDING_INFO,
		    p->path, p->version, p->line, "%s %s: a newer version "
		    "exists: %s", p->path, p->version, p->update);
	else
		f = findings_add(&c->findings, "outdated", FINDING_INFO,
		    p->path, p->version, p->line, "%s %s (the build selects "
		    "%s): a newer version exists: %s", p->path, p->version,
		    p->update_from, p->update);
	finding_evidence(f, "go list -m -u reports [%s]: the upgrade query "
	    "on %s, with excluded and retracted versions left out",
	    p->update, p->update_from);
	f->col = p->col;
	f->pin = i;
}

/* invalid-version and major-mismatch on exclude and replace lines: the
 * go command refuses those too. */
static void
rules_bad_directive(struct check *c, const char *verb, const char *path,
    const char *version, const struct modfile_expr *x)
{
	struct finding	*f;
	long		 k;

	if ((k = check_placeholder_index(version)) < 0 ||
	    (size_t)k >= c->bad_versions.n)
		return;
	f = findings_add(&c->findings, c->bad_reasons.v[k], FINDING_ERROR,
	    path, c->bad_versions.v[k], x != NULL ? x->start.line : 0,
	    "%s %s %s: %s", verb, path, c->bad_versions.v[k],
	    strcmp(c->bad_reasons.v[k], "major-mismatch") == 0 ?
	    "the version's major does not fit the module path" :
	    "not a valid Go module version: it must be of the form v1.2.3");
	f->col = x != NULL ? x->start.line_rune : 1;
}

/* The findings of the exclude and replace lines with bad versions. */
void
rules_bad_directives(struct check *c)
{
	size_t	i;

	for (i = 0; i < c->mf->exclude.n; i++)
		rules_bad_directive(c, "exclude", c->mf->exclude.v[i]->mod.path,
		    c->mf->exclude.v[i]->mod.version,
		    c->mf->exclude.v[i]->syntax);
	for (i = 0; i < c->mf->replace.n; i++) {
		rules_bad_directive(c, "replace", c->mf->replace.v[i]->old.path,
		    c->mf->replace.v[i]->old.version,
		    c->mf->replace.v[i]->syntax);
		rules_bad_directive(c, "replace", c->mf->replace.v[i]->new.path,
		    c->mf->replace.v[i]->new.version,
		    c->mf->replace.v[i]->syntax);
	}
}

/* Every rule about the pins. */
void
rules_pins(struct check *c)
{
	size_t	i;

	for (i = 0; i < c->npins; i++) {
		if (c->pins[i].bad) {
			rules_bad(c, i);
			continue;
		}
		rules_info(c, i);
		rules_outdated(c, i);
		if (c->pins[i].repl_path != NULL)
			continue;	/* the replacement is what is built */
		rules_list_unavailable(c, i);
		rules_retracted(c, i);
		rules_deprecated(c, i);
	}
}
