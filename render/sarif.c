/*
 * Findings as SARIF 2.1.0, for code scanning: one run of the modvet
 * driver per go.mod, its rules from the rule table (those that fired),
 * a result per finding with a fingerprint that follows it across edits.
 * Where a file lies (its URI under %SRCROOT%, and that root) is the
 * caller's to say: the client knows the repository its files are in.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"
#include "render/render.h"

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* The SARIF level of a severity. */
static const char *
sarif_level(enum finding_severity sev)
{
	return (sev == FINDING_ERROR ? "error" : sev == FINDING_WARNING ?
	    "warning" : "note");
}

/* A finding's fingerprint: what it is about, not where the line is now,
 * so code scanning follows it across edits (hex SHA-256). */
static void
sarif_fingerprint(cJSON *r, const struct finding *f, const char *uri)
{
	struct dirhash_sha256	h;
	unsigned char		d[32];
	char			hex[65];
	size_t			i;

	dirhash_sha256_init(&h);
	dirhash_sha256_update(&h, f->code, strlen(f->code) + 1);
	dirhash_sha256_update(&h, f->path != NULL ? f->path : "",
	    (f->path != NULL ? strlen(f->path) : 0) + 1);
	dirhash_sha256_update(&h, f->version != NULL ? f->version : "",
	    (f->version != NULL ? strlen(f->version) : 0) + 1);
	dirhash_sha256_update(&h, uri, strlen(uri) + 1);
	if (f->path == NULL) {	/* a go.mod or go.sum error: its text */
		dirhash_sha256_update(&h, f->message, strlen(f->message) + 1);
		dirhash_sha256_update(&h, &f->line, sizeof f->line);
	}
	dirhash_sha256_final(&h, d);
	for (i = 0; i < sizeof d; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(r,
	    "partialFingerprints"), "modvetFinding/v1", hex);
}

/* One SARIF result. */
static cJSON *
sarif_result(const struct finding *f, const char *uri)
{
	cJSON	*r, *loc, *phys, *region, *art;
	char	*s, *text;

	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "ruleId", f->code);
	cJSON_AddStringToObject(r, "level", sarif_level(f->severity));
	s = render_suggestion(f);
	xasprintf(&text, "%s%s%s", f->message, s != NULL ? "; suggest: " :
	    "", s != NULL ? s : "");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "message"), "text",
	    text);
	free(text);
	free(s);
	loc = cJSON_CreateObject();
	phys = cJSON_AddObjectToObject(loc, "physicalLocation");
	art = cJSON_AddObjectToObject(phys, "artifactLocation");
	cJSON_AddStringToObject(art, "uri", uri);
	cJSON_AddStringToObject(art, "uriBaseId", "%SRCROOT%");
	region = cJSON_AddObjectToObject(phys, "region");
	cJSON_AddNumberToObject(region, "startLine", f->line > 0 ? f->line : 1);
	cJSON_AddNumberToObject(region, "startColumn", f->col > 0 ? f->col : 1);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "locations"), loc);
	sarif_fingerprint(r, f, uri);
	return (r);
}

/* A SARIF rule from the rule table: its summary and help (a code a
 * newer daemon sent and this client lacks gets its id alone). */
static cJSON *
sarif_rule(const char *code)
{
	const struct rule	*r = rule_find(code);
	cJSON			*o;

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", code);
	if (r == NULL)
		return (o);
	cJSON_AddStringToObject(o, "name", r->code);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "shortDescription"),
	    "text", r->summary);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "fullDescription"),
	    "text", r->help);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "help"), "text",
	    r->help);
	cJSON_AddStringToObject(cJSON_AddObjectToObject(o,
	    "defaultConfiguration"), "level", sarif_level(r->severity));
	return (o);
}

/* A SARIF document with no run yet. */
cJSON *
render_sarif_doc(void)
{
	cJSON	*doc;

	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "version", "2.1.0");
	cJSON_AddStringToObject(doc, "$schema", SARIF_SCHEMA);
	cJSON_AddArrayToObject(doc, "runs");
	return (doc);
}

/* One run of the modvet driver for a go.mod (file), a rule per code that
 * fired; locate says where file and each source file lie. */
cJSON *
render_sarif_run(const struct findings *fs, const char *file,
    render_locate_fn locate)
{
	cJSON	*run, *driver, *rules, *results;
	char	*uri, *root;
	size_t	 i, j;
	int	 seen;

	run = cJSON_CreateObject();
	driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"),
	    "driver");
	cJSON_AddStringToObject(driver, "name", "modvet");
	cJSON_AddStringToObject(driver, "version", PACKAGE_VERSION);
	rules = cJSON_AddArrayToObject(driver, "rules");
	uri = locate(file, &root);
	if (root != NULL)
		cJSON_AddStringToObject(cJSON_AddObjectToObject(
		    cJSON_AddObjectToObject(run, "originalUriBaseIds"),
		    "%SRCROOT%"), "uri", root);
	results = cJSON_AddArrayToObject(run, "results");
	for (i = 0; i < fs->n; i++) {
		for (j = 0, seen = 0; j < i && !seen; j++)
			seen = strcmp(fs->v[j].code,
			    fs->v[i].code) == 0;
		if (!seen)
			cJSON_AddItemToArray(rules,
			    sarif_rule(fs->v[i].code));
		if (fs->v[i].file != NULL) {
			/* A source file: its own URI, from the same root. */
			char *where = render_where(&fs->v[i], file), *r2;
			char *u2 = locate(where, &r2);

			cJSON_AddItemToArray(results,
			    sarif_result(&fs->v[i], u2));
			free(where);
			free(u2);
			free(r2);
		} else
			cJSON_AddItemToArray(results,
			    sarif_result(&fs->v[i], uri));
	}
	free(uri);
	free(root);
	return (run);
}
