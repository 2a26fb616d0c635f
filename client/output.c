/*
 * Findings for people and for machines on standard output, as render/
 * renders them: text (colour as client_colour says: --color, else a
 * terminal without NO_COLOR or TERM=dumb), json, github (workflow
 * annotations), and sarif (2.1.0, for code scanning), whose URIs name
 * this machine's repository (output_sarif_uri: where a file lies).
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
#include "engine/engine.h"
#include "render/render.h"
#include "client/client.h"

static void	output_sarif(const struct findings *, const char *);
static void	output_json_print(cJSON *);
static char	*output_sarif_uri(const char *, char **);

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
		m->doc = render_sarif_doc();
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
		    render_sarif_run(fs, file, output_sarif_uri));
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

static void
output_sarif(const struct findings *fs, const char *file)
{
	cJSON	*doc = render_sarif_doc();

	cJSON_AddItemToArray(cJSON_GetObjectItem(doc, "runs"),
	    render_sarif_run(fs, file, output_sarif_uri));
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
