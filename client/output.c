/*
 * Findings for people and for machines: text (colour as client_colour
 * says: --color, else a terminal without NO_COLOR or TERM=dumb), json, sarif (2.1.0, for code scanning) and github
 * (workflow annotations). One table of formats.
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

static void	output_text(const struct findings *, const char *);
static void	output_json(const struct findings *, const char *);
static void	output_sarif(const struct findings *, const char *);
static void	output_github(const struct findings *, const char *);
static void	output_json_print(cJSON *);
static cJSON	*output_sarif_doc(void);
static cJSON	*output_sarif_run(const struct findings *, const char *);

static const struct {
	const char	*name;
	void		(*print)(const struct findings *, const char *);
} output_formats[] = {
	{ "text", output_text },
	{ "json", output_json },
	{ "sarif", output_sarif },
	{ "github", output_github },
};

/* Is name a format? */
int
client_format_ok(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(output_formats); i++) {
		if (strcmp(output_formats[i].name, name) == 0)
			return (1);
	}
	return (0);
}

/* Print findings about file in a format (NULL: text). */
void
client_print_findings(const struct findings *fs, const char *file,
    const char *format)
{
	size_t	i;

	for (i = 0; i < nitems(output_formats); i++) {
		if (strcmp(output_formats[i].name, format != NULL ? format :
		    "text") == 0) {
			output_formats[i].print(fs, file);
			return;
		}
	}
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

/* The suggestion of a finding in words (caller frees), or NULL. */
static char *
output_suggestion(const struct finding *f)
{
	struct buf	b;
	size_t		i;

	if (f->suggested == NULL && f->suggested_go == NULL &&
	    f->alternatives.n == 0 && f->requires.n == 0)
		return (NULL);
	buf_init(&b, 0);
	if (f->requires.n == 1)
		buf_printf(&b, "require %s (modvet fix adds it)",
		    f->requires.v[0]);
	else if (f->requires.n > 1)
		buf_printf(&b, "add %zu require lines (modvet fix does, as go "
		    "mod tidy would)", f->requires.n);
	for (i = 0; i < f->alternatives.n; i++)
		buf_printf(&b, "%s%s", i == 0 ? "use " : i == 1 ? " (or " :
		    ", ", f->alternatives.v[i]);
	if (f->alternatives.n > 1)
		buf_addc(&b, ')');
	if (f->suggested != NULL)
		buf_printf(&b, "pin %s %s", f->path, f->suggested);
	for (i = 0; i < f->companions.n; i++)
		buf_printf(&b, "%s%s", i == 0 ? ", which needs " : ", ",
		    f->companions.v[i]);
	if (f->suggested_go != NULL)
		buf_printf(&b, "%sgo %s", b.len > 0 ? (f->companions.n > 0 ?
		    " and " : ", which needs ") : "raise the go line to ",
		    f->suggested_go);
	return (buf_steal(&b));
}

/* SGR colour of a severity on a terminal. */
static const char *
output_colour(enum finding_severity sev, int on)
{
	if (!on)
		return ("");
	return (sev == FINDING_ERROR ? "\033[1;31m" :
	    sev == FINDING_WARNING ? "\033[1;33m" : "\033[1;36m");
}

/* text: "file:line:col: severity code: message", then the evidence and
 * the suggestion indented, then a summary line. */
/* Print untrusted text (module paths, upstream answers) with control
 * bytes written as \xNN: an ESC or BEL from a go.mod or a proxy never
 * reaches the terminal raw (tmux's log.c escapes with stravis). */
static void
output_safe(const char *s)
{
	size_t	n;

	while (*s != '\0') {
		for (n = 0; s[n] != '\0' && (unsigned char)s[n] >= 0x20 &&
		    s[n] != 0x7f; n++)
			;
		fwrite(s, 1, n, stdout);	/* a run of printable bytes */
		if (s[n] == '\0')
			break;
		printf("\\x%02x", (unsigned char)s[n]);
		s += n + 1;
	}
}

/* The file a finding is in: the go.mod, or a source file beside it
 * (caller frees). */
static char *
output_where(const struct finding *f, const char *gomod)
{
	const char	*slash;
	char		*s;

	if (f->file == NULL)
		return (xstrdup(gomod));
	if ((slash = strrchr(gomod, '/')) == NULL)
		return (xstrdup(f->file));
	xasprintf(&s, "%.*s/%s", (int)(slash - gomod), gomod, f->file);
	return (s);
}

static void
output_text(const struct findings *fs, const char *file)
{
	const struct finding	*f;
	struct rule_count	*rc;
	const char		*reset;
	char			*s, *where;
	size_t			 i, j, n;
	int			 colour;

	colour = client_colour();
	reset = colour ? "\033[0m" : "";
	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		where = output_where(f, file);
		if (f->line > 0)
			printf("%s:%d:%d: ", where, f->line, f->col);
		else
			printf("%s: ", where);
		free(where);
		printf("%s%s%s ", output_colour(f->severity, colour),
		    finding_severity_name(f->severity), reset);
		output_safe(f->code);
		printf(": ");
		output_safe(f->message);
		printf("\n");
		for (j = 0; j < f->evidence.n; j++) {
			printf("\tevidence: ");
			output_safe(f->evidence.v[j]);
			printf("\n");
		}
		if ((s = output_suggestion(f)) != NULL) {
			printf("\tsuggest: ");
			output_safe(s);
			printf("\n");
			free(s);
		}
	}
	printf("%s: %zu error%s, %zu warning%s, %zu note%s", file,
	    findings_count(fs, FINDING_ERROR),
	    findings_count(fs, FINDING_ERROR) == 1 ? "" : "s",
	    findings_count(fs, FINDING_WARNING),
	    findings_count(fs, FINDING_WARNING) == 1 ? "" : "s",
	    findings_count(fs, FINDING_INFO),
	    findings_count(fs, FINDING_INFO) == 1 ? "" : "s");
	/* Then what they are, by rule: "(missing-sum 95, outdated 2)". */
	n = findings_by_rule(fs, &rc);
	for (i = 0; i < n; i++) {
		printf("%s", i == 0 ? " (" : ", ");
		output_safe(rc[i].code);
		printf(" %zu", rc[i].count);
	}
	printf("%s\n", n > 0 ? ")" : "");
	free(rc);
}

/* Print a cJSON document and free it. */
static void
output_json_print(cJSON *doc)
{
	char	*text;

	text = cJSON_Print(doc);
	printf("%s\n", text);
	cJSON_free(text);
	cJSON_Delete(doc);
}

/* json: {"file", "findings": [...], "summary": {...}} (verify/json.c). */
static void
output_json(const struct findings *fs, const char *file)
{
	output_json_print(findings_to_json(fs, file));
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
	s = output_suggestion(f);
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
			char *where = output_where(&fs->v[i], file), *r2;
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

/* Escape an annotation's data (%, CR, LF) or property (also : and ,). */
static void
output_github_escape(const char *s, int property)
{
	for (; *s != '\0'; s++) {
		if (*s == '%')
			fputs("%25", stdout);
		else if (*s == '\r')
			fputs("%0D", stdout);
		else if (*s == '\n')
			fputs("%0A", stdout);
		else if (property && *s == ':')
			fputs("%3A", stdout);
		else if (property && *s == ',')
			fputs("%2C", stdout);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			printf("%%%02X", (unsigned char)*s);
		else
			putchar(*s);
	}
}

/* github: "::error file=F,line=L,col=C,title=CODE::message". */
static void
output_github(const struct findings *fs, const char *file)
{
	const struct finding	*f;
	char			*s, *where;
	size_t			 i;

	for (i = 0; i < fs->n; i++) {
		f = &fs->v[i];
		printf("::%s file=", f->severity == FINDING_ERROR ? "error" :
		    f->severity == FINDING_WARNING ? "warning" : "notice");
		where = output_where(f, file);
		output_github_escape(where, 1);
		free(where);
		if (f->line > 0)
			printf(",line=%d,col=%d", f->line, f->col);
		printf(",title=");
		output_github_escape(f->code, 1);
		printf("::");
		output_github_escape(f->message, 0);
		if ((s = output_suggestion(f)) != NULL) {
			printf("%%0Asuggest: ");
			output_github_escape(s, 0);
			free(s);
		}
		printf("\n");
	}
}
