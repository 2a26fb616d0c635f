/*
 * Findings for people and for machines on standard output: text (colour
 * as client_colour says: --color, else a terminal without NO_COLOR or
 * TERM=dumb), json and github (workflow annotations), as verify/render.c
 * renders them for both doors, and sarif (2.1.0, for code scanning),
 * whose URIs name this machine's repository.
 */

#include "config.h"

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "verify/verify.h"
#include "client/client.h"

#define OUTPUT_SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

static void	output_sarif(const struct findings *, const char *);
static void	output_json_print(cJSON *);
static cJSON	*output_sarif_doc(void);
static cJSON	*output_sarif_run(const struct findings *, const char *);

/* Is name a format? */
int
client_format_ok(const char *name)
{
	return (strcmp(name, "sarif") == 0 || render_format_ok(name));
}

/* Write a buffer to standard output and free it. */
static void
output_write(struct buf *b)
{
	fwrite(b->data, 1, b->len, stdout);
	buf_free(b);
}

/* Print findings about file in a format (NULL: text). */
void
client_print_findings(const struct findings *fs, const char *file,
    const char *format)
{
	struct buf	b;

	if (format != NULL && strcmp(format, "sarif") == 0) {
		output_sarif(fs, file);
		return;
	}
	buf_init(&b, 0);
	render_findings(&b, fs, file, format != NULL ? format : "text",
	    client_colour());
	output_write(&b);
}

/*
 * The findings of several go.mod files (a workspace's modules) as one
 * answer: text and github annotations one file after another, json one
 * document {"files": [each file's]}, sarif one document with a run per
 * file.
 */
void
client_print_many_begin(struct client_print_many *m, const char *format)
{
	m->format = format != NULL ? format : "text";
	m->doc = NULL;
	if (strcmp(m->format, "json") == 0) {
		m->doc = cJSON_CreateObject();
		cJSON_AddArrayToObject(m->doc, "files");
	} else if (strcmp(m->format, "sarif") == 0)
		m->doc = output_sarif_doc();
}

void
client_print_many_add(struct client_print_many *m,
    const struct findings *fs, const char *file)
{
	if (strcmp(m->format, "json") == 0)
		cJSON_AddItemToArray(cJSON_GetObjectItem(m->doc, "files"),
		    findings_to_json(fs, file));
	else if (strcmp(m->format, "sarif") == 0)
		cJSON_AddItemToArray(cJSON_GetObjectItem(m->doc, "runs"),
		    output_sarif_run(fs, file));
	else
		client_print_findings(fs, file, m->format);
}

void
client_print_many_end(struct client_print_many *m)
{
	if (m->doc != NULL)
		output_json_print(m->doc);
	m->doc = NULL;
}

/* Print a cJSON document and free it. */
static void
output_json_print(cJSON *doc)
{
	struct buf	b;

	buf_init(&b, 0);
	render_json_doc(&b, doc);
	output_write(&b);
}

/* The SARIF level of a severity. */
static const char *
output_sarif_level(enum finding_severity sev)
{
	return (sev == FINDING_ERROR ? "error" : sev == FINDING_WARNING ?
	    "warning" : "note");
}

/* The nearest directory at or above dir (absolute) holding .git, or
 * NULL (caller frees). */
static char *
output_git_root(const char *dir)
{
	struct stat	 st;
	char		*d, *git, *slash;

	d = xstrdup(dir);
	for (;;) {
		xasprintf(&git, "%s/.git", *d != '\0' ? d : "");
		if (stat(git, &st) == 0) {
			free(git);
			if (*d == '\0') {
				free(d);
				d = xstrdup("/");
			}
			return (d);
		}
		free(git);
		if ((slash = strrchr(d, '/')) == NULL || *d == '\0') {
			free(d);
			return (NULL);
		}
		*slash = '\0';
	}
}

/* A directory as a file: URI ending in '/' (caller frees). */
static char *
output_sarif_root(const char *dir)
{
	struct buf	b;

	buf_init(&b, 0);
	buf_adds(&b, "file://");
	buf_add_percent(&b, dir, "-._~/");
	if (b.data[b.len - 1] != '/')
		buf_addc(&b, '/');
	return (buf_steal(&b));
}

/*
 * Where SARIF results point, as GitHub's code scanning resolves them: the
 * file relative to the root of the git repository it is in (else to the
 * working directory), percent-encoded, under %SRCROOT%; *root gets that
 * root as a file: URI ending in '/' (caller frees both).
 */
static char *
output_sarif_uri(const char *file, char **root)
{
	struct buf	 b;
	char		 cwd[PATH_MAX], dir[PATH_MAX], *copy, *base, *top;
	char		*abs, *rel;

	*root = NULL;
	if (strcmp(file, "-") == 0 || getcwd(cwd, sizeof cwd) == NULL)
		return (xstrdup("go.mod"));
	copy = xstrdup(file);
	base = strrchr(copy, '/');
	if (base != NULL)
		*base++ = '\0';
	if (realpath(base != NULL ? (*copy != '\0' ? copy : "/") : ".",
	    dir) == NULL) {
		free(copy);
		return (xstrdup(file));
	}
	xasprintf(&abs, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir,
	    base != NULL ? base : copy);
	top = output_git_root(dir);
	rel = client_rel(top != NULL ? top : cwd, abs);
	buf_init(&b, 0);
	buf_add_percent(&b, rel != NULL ? rel : abs, "-._~/");
	*root = output_sarif_root(top != NULL ? top : cwd);
	free(rel);
	free(abs);
	free(top);
	free(copy);
	return (buf_steal(&b));
}

/* A finding's fingerprint: what it is about, not where the line is now,
 * so code scanning follows it across edits (hex SHA-256). */
static void
output_sarif_fingerprint(cJSON *r, const struct finding *f, const char *uri)
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
output_sarif_result(const struct finding *f, const char *uri)
{
	cJSON	*r, *loc, *phys, *region, *art;
	char	*s, *text;

	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "ruleId", f->code);
	cJSON_AddStringToObject(r, "level", output_sarif_level(f->severity));
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
	output_sarif_fingerprint(r, f, uri);
	return (r);
}

/* A SARIF rule from the rule table: its summary and help (a code a
 * newer daemon sent and this client lacks gets its id alone). */
static cJSON *
output_sarif_rule(const char *code)
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
	    "defaultConfiguration"), "level", output_sarif_level(r->severity));
	return (o);
}

/* A SARIF document with no run yet. */
static cJSON *
output_sarif_doc(void)
{
	cJSON	*doc;

	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "version", "2.1.0");
	cJSON_AddStringToObject(doc, "$schema", OUTPUT_SARIF_SCHEMA);
	cJSON_AddArrayToObject(doc, "runs");
	return (doc);
}

/* sarif: one run of the modvet driver for a go.mod, a rule per code that
 * fired. */
static cJSON *
output_sarif_run(const struct findings *fs, const char *file)
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
	uri = output_sarif_uri(file, &root);
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
			    output_sarif_rule(fs->v[i].code));
		if (fs->v[i].file != NULL) {
			/* A source file: its own URI, from the same root. */
			char *where = render_where(&fs->v[i], file), *r2;
			char *u2 = output_sarif_uri(where, &r2);

			cJSON_AddItemToArray(results,
			    output_sarif_result(&fs->v[i], u2));
			free(where);
			free(u2);
			free(r2);
		} else
			cJSON_AddItemToArray(results,
			    output_sarif_result(&fs->v[i], uri));
	}
	free(uri);
	free(root);
	return (run);
}

static void
output_sarif(const struct findings *fs, const char *file)
{
	cJSON	*doc = output_sarif_doc();

	cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "runs"),
	    output_sarif_run(fs, file));
	output_json_print(doc);
}

/* A data command's document, as text (print) or as JSON; deleted. */
void
client_print_data(cJSON *doc, void (*print)(const cJSON *))
{
	struct buf	b;

	if (doc == NULL)
		return;
	if (!client_args_json()) {
		print(doc);
		cJSON_Delete(doc);
		return;
	}
	buf_init(&b, 0);
	render_json_doc(&b, doc);
	fwrite(b.data, 1, b.len, stdout);
	buf_free(&b);
}
