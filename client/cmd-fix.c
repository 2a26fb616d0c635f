/*
 * modvet fix [-C DIR] [-w] [-f FORMAT] [go.mod]: check, apply the
 * suggestions with the comment-preserving editor, add the go.sum lines the
 * new go.mod needs (never changing a mismatched one), and print the unified
 * diffs (or, with -w, write the files: temp file and rename). Then the
 * result is checked again and what remains is printed. Exit 0 when no
 * error remains, 1 when one does.
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
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

static int	cmd_fix_exec(int, char **);

const struct client_cmd client_cmd_fix = {
	"fix", "[-C DIR] [-w] [-f text|json|sarif|github] [go.mod]",
	"apply the suggestions: print the diff, or write it with -w",
	cmd_fix_exec, CLIENT_CMD_FINDINGS
};

/* Write data to path (temp file and rename). */
static int
cmd_fix_write(const char *path, const char *data, size_t len)
{
	if (util_write_file(path, data, len, 0644) != 0) {
		fprintf(stderr, "modvet: writing %s: %s\n", path,
		    strerror(errno));
		return (-1);
	}
	return (0);
}

/* Show a change: its diff, or with -w write it. */
static int
cmd_fix_emit(const struct client_project *p, const char *file,
    const char *old, size_t oldlen, const char *text, size_t len)
{
	const char	*base;
	char		*diff, *a, *b;

	if (p->write) {
		if (cmd_fix_write(file, text, len) != 0)
			return (-1);
		fprintf(stderr, "modvet: wrote %s\n", file);
		return (0);
	}
	/* Labels by base name, as the daemon's diff has them: both doors
	 * print the same bytes. */
	base = strrchr(file, '/') != NULL ? strrchr(file, '/') + 1 : file;
	xasprintf(&a, "a/%s", base);
	xasprintf(&b, "b/%s", base);
	diff = diff_unified(a, old != NULL ? old : "", oldlen, b, text, len);
	fputs(diff, stdout);
	free(diff);
	free(a);
	free(b);
	return (0);
}

/* Does an import rewrite resolve this unknown-symbol finding? Its use
 * is old.Sel in the rewritten file and its first alternative is
 * newname.Sel, a name the new package declares. */
static int
cmd_fix_resolves(const struct finding *f, const struct finding *rw)
{
	const char	*old, *sel, *colon;
	size_t		 olen;

	if (strcmp(f->code, "unknown-symbol") != 0 || f->file == NULL ||
	    strcmp(f->file, rw->file) != 0 || f->alternatives.n == 0)
		return (0);
	old = strrchr(rw->rewrite_from, '/');
	old = old != NULL ? old + 1 : rw->rewrite_from;
	olen = strlen(old);
	if (strncmp(f->message, old, olen) != 0 || f->message[olen] != '.' ||
	    (colon = strchr(f->message, ':')) == NULL)
		return (0);
	sel = f->message + olen + 1;
	return (strncmp(f->alternatives.v[0], rw->rewrite_name,
	    strlen(rw->rewrite_name)) == 0 &&
	    f->alternatives.v[0][strlen(rw->rewrite_name)] == '.' &&
	    strlen(f->alternatives.v[0] + strlen(rw->rewrite_name) + 1) ==
	    (size_t)(colon - sel) && strncmp(f->alternatives.v[0] +
	    strlen(rw->rewrite_name) + 1, sel, (size_t)(colon - sel)) == 0);
}

/*
 * The import rewrites the findings prove (unknown-package with a
 * "rewrite": one package of the module, by an alias token), applied to
 * the project's own files here for both doors (the daemon never reads
 * them): shown as diffs, or written with -w. *shown gets the findings
 * that remain: those the rewrites resolve are left out (a view: its
 * array alone is freed).
 */
static int
cmd_fix_sources(const struct client_project *p, const struct findings *fs,
    struct findings *shown)
{
	struct strv	 names, texts;	/* files changed, and their text */
	char		*keep, *path, *data, *text;
	size_t		 i, j, len, tlen;
	int		 rc = 0, found;

	strv_init(&names);
	strv_init(&texts);
	keep = xmalloc(fs->n + 1);
	memset(keep, 1, fs->n + 1);
	for (i = 0; i < fs->n; i++) {
		const struct finding *f = &fs->v[i];

		if (f->rewrite_path == NULL || f->file == NULL ||
		    strstr(f->file, "..") != NULL || *f->file == '/')
			continue;
		for (j = 0, found = 0; j < names.n && !found; j++)
			found = strcmp(names.v[j], f->file) == 0;
		if (found) {
			data = texts.v[j - 1];
			len = strlen(data);
		} else {
			xasprintf(&path, "%s/%s", p->moddir, f->file);
			if (util_read_file(path, SOURCES_MAX_FILE, &data,
			    &len) != 0) {
				free(path);
				continue;
			}
			free(path);
		}
		text = fix_rewrite_import(data, len, f->line, f->rewrite_from,
		    f->rewrite_path, f->rewrite_name, &tlen);
		if (!found) {
			strv_push(&names, f->file);
			strv_push_owned(&texts, data);
			j = names.n;
		}
		if (text == NULL)
			continue;
		free(texts.v[j - 1]);
		texts.v[j - 1] = text;
		keep[i] = 0;
		for (j = 0; j < fs->n; j++)
			if (cmd_fix_resolves(&fs->v[j], f))
				keep[j] = 0;
	}
	for (i = 0; i < names.n && rc == 0; i++) {
		xasprintf(&path, "%s/%s", p->moddir, names.v[i]);
		if (util_read_file(path, SOURCES_MAX_FILE, &data, &len) == 0) {
			if (len != strlen(texts.v[i]) ||
			    memcmp(data, texts.v[i], len) != 0)
				rc = cmd_fix_emit(p, path, data, len,
				    texts.v[i], strlen(texts.v[i]));
			free(data);
		}
		free(path);
	}
	shown->v = xcalloc(fs->n + 1, sizeof *shown->v);
	shown->n = shown->cap = 0;
	for (i = 0; i < fs->n; i++)
		if (keep[i])
			shown->v[shown->n++] = fs->v[i];
	free(keep);
	strv_free(&names);
	strv_free(&texts);
	return (rc);
}

/* The go.sum beside the go.mod (for a project that has none yet). */
static char *
cmd_fix_gosum_path(const struct client_project *p)
{
	char	*path;

	if (p->gosum_path != NULL)
		return (xstrdup(p->gosum_path));
	if (strcmp(p->moddir, ".") == 0)
		return (xstrdup("go.sum"));
	xasprintf(&path, "%s/go.sum", p->moddir);
	return (path);
}

/* A string member of a reply, or NULL. */
static const char *
cmd_fix_str(cJSON *doc, const char *name)
{
	cJSON	*v = cJSON_GetObjectItem(doc, name);

	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

/* Fix through either door: the fix operation answers the new files,
 * the diff and what remains. Returns the exit status. */
static int
cmd_fix_run(struct client_project *p)
{
	struct findings		 fs, shown;
	const char		*mod, *sum;
	cJSON			*doc;
	char			*body, *sumpath;
	int			 rc = CLIENT_EXIT_FAILURE;

	body = client_project_json(p);
	doc = client_call_findings("/v1/fix", body, p->gomod, &fs);
	free(body);
	if (doc == NULL)
		goto out;
	mod = cmd_fix_str(doc, "gomod");
	sum = cmd_fix_str(doc, "gosum");
	if (mod == NULL && sum == NULL)
		fprintf(stderr, "modvet: nothing to change in %s\n", p->gomod);
	if (p->write) {
		sumpath = cmd_fix_gosum_path(p);
		if ((mod != NULL && cmd_fix_write(p->gomod, mod,
		    strlen(mod)) != 0) || (sum != NULL &&
		    cmd_fix_write(sumpath, sum, strlen(sum)) != 0)) {
			free(sumpath);
			goto out;
		}
		if (mod != NULL)
			fprintf(stderr, "modvet: wrote %s\n", p->gomod);
		if (sum != NULL)
			fprintf(stderr, "modvet: wrote %s\n", sumpath);
		free(sumpath);
	} else if (cmd_fix_str(doc, "diff") != NULL)
		fputs(cmd_fix_str(doc, "diff"), stdout);
	if (cmd_fix_sources(p, &fs, &shown) != 0) {
		free(shown.v);
		goto out;
	}
	if (p->format == NULL || strcmp(p->format, "text") == 0)
		printf("after the fix:\n");
	client_print_findings(&shown, p->gomod, p->format);
	rc = client_findings_status(&shown);
	free(shown.v);
out:
	findings_free(&fs);
	cJSON_Delete(doc);
	return (rc);
}

/* Fix, show, and check again. */
static int
cmd_fix_exec(int argc, char **argv)
{
	struct client_project	 p;
	int			 rc = CLIENT_EXIT_FAILURE;

	client_project_args(&client_cmd_fix, argc, argv, &p);
	p.sources = 1;
	if (p.write && strcmp(p.gomod, "-") == 0)
		client_usage_error(&client_cmd_fix, "-w writes files: name the "
		    "go.mod, not standard input");
	if (p.format != NULL && !client_format_ok(p.format))
		client_usage_error(&client_cmd_fix, "unknown format \"%s\"",
		    p.format);
	if (client_project_read(&p) == 0) {
		client_project_workspace_note(&p);
		rc = cmd_fix_run(&p);
	}
	client_project_free(&p);
	return (rc);
}
