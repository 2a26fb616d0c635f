/*
 * Workspaces: a go.work and the go.mod files of its use lines, read as
 * the go command reads them (cmd/go/internal/modload/init.go, loadWorkFile
 * and the workspace branch of loadModFile). Every used module is a main
 * module; the go.work's replace lines win, each module's other replace
 * lines apply to all (two that disagree are an error the go.work must
 * settle), their exclude lines too, and the go.work's go line is the
 * workspace's, at least every module's. One merged file carries those
 * replace and exclude lines and that go line for the graph
 * (graph_load_workspace) and for printing replacements.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"

/* The go line of a go.work without one (gover.DefaultGoWorkVersion). */
#define WORKSPACE_DEFAULT_GO	"1.18"

/* Parse one file; NULL with *cause naming every error. */
static struct modfile *
workspace_parse_file(const char *name, const char *data, size_t len,
    enum modfile_mode mode, char **cause)
{
	struct modfile_errors	 errs;
	struct modfile		*f;

	modfile_errors_init(&errs, name);
	if ((f = modfile_parse(name, data, len, mode, NULL, NULL, &errs)) ==
	    NULL)
		*cause = modfile_errors_string(&errs);
	modfile_errors_free(&errs);
	return (f);
}

/* Read the go.work (name: how messages call it); its use lines are then
 * ws->dirs, whose go.mod files workspace_add gives. */
int
workspace_init(struct workspace *ws, const char *name, const char *data,
    size_t len, char **cause)
{
	size_t	i;

	memset(ws, 0, sizeof *ws);
	ws->name = xstrdup(name);
	strv_init(&ws->dirs);
	if ((ws->work = workspace_parse_file(name, data, len, MODFILE_WORK,
	    cause)) == NULL)
		return (-1);
	for (i = 0; i < ws->work->use.n; i++)
		strv_push(&ws->dirs, ws->work->use.v[i]->path);
	ws->mods = xcalloc(ws->dirs.n + 1, sizeof *ws->mods);
	return (0);
}

/* The go.mod of use line i (its directory's); -1 with *cause when it
 * does not parse. */
int
workspace_add(struct workspace *ws, size_t i, const char *data, size_t len,
    char **cause)
{
	char	*name;

	xasprintf(&name, "%s/go.mod", ws->dirs.v[i]);
	ws->mods[i] = workspace_parse_file(name, data, len, MODFILE_STRICT,
	    cause);
	free(name);
	return (ws->mods[i] != NULL ? 0 : -1);
}

/* Append a path or version to b as go.mod syntax (quoted when it must
 * be, as modfile's AutoQuote). */
static void
workspace_word(struct buf *b, const char *s)
{
	if (!modfile_must_quote(s)) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* One "replace old [v] => new [v]" line; a module's directory
 * replacement is made relative to the workspace (dir/new), as the go
 * command makes it absolute from the module's root. */
static void
workspace_replace_line(struct buf *b, const struct modfile_replace *r,
    const char *dir)
{
	char	*joined = NULL;

	buf_adds(b, "replace ");
	workspace_word(b, r->old.path);
	if (*r->old.version != '\0') {
		buf_addc(b, ' ');
		workspace_word(b, r->old.version);
	}
	buf_adds(b, " => ");
	if (*r->new.version == '\0' && dir != NULL && *r->new.path != '/') {
		xasprintf(&joined, "%s/%s", dir, r->new.path);
		workspace_word(b, joined);
		free(joined);
	} else
		workspace_word(b, r->new.path);
	if (*r->new.version != '\0') {
		buf_addc(b, ' ');
		workspace_word(b, r->new.version);
	}
	buf_addc(b, '\n');
}

/* The go.work's replacement of old's path (any version), or NULL. */
static int
workspace_work_replaces(const struct workspace *ws, const char *path)
{
	size_t	i;

	for (i = 0; i < ws->work->replace.n; i++)
		if (strcmp(ws->work->replace.v[i]->old.path, path) == 0)
			return (1);
	return (0);
}

/* The replace line of a module before module i for r's old module
 * version, or NULL; *at is set to that module's index. */
static const struct modfile_replace *
workspace_earlier(const struct workspace *ws, size_t i,
    const struct modfile_replace *r, size_t *at)
{
	const struct modfile_replace	*q;
	size_t				 k, l;

	for (k = 0; k < i; k++) {
		for (l = 0; l < ws->mods[k]->replace.n; l++) {
			q = ws->mods[k]->replace.v[l];
			if (strcmp(q->old.path, r->old.path) == 0 &&
			    strcmp(q->old.version, r->old.version) == 0) {
				*at = k;
				return (q);
			}
		}
	}
	return (NULL);
}

/* Do two replace lines name the same old module version and different
 * replacements? */
static int
workspace_conflict(const struct modfile_replace *a, const char *adir,
    const struct modfile_replace *b, const char *bdir)
{
	if (strcmp(a->old.path, b->old.path) != 0 ||
	    strcmp(a->old.version, b->old.version) != 0)
		return (0);
	if (strcmp(a->new.version, b->new.version) != 0)
		return (1);
	if (*a->new.version != '\0')	/* module versions */
		return (strcmp(a->new.path, b->new.path) != 0);
	/* Directories: the same only when they name one place. */
	return (strcmp(adir, bdir) != 0 || strcmp(a->new.path,
	    b->new.path) != 0);
}

/* Check the go lines and the replace lines, and make ws->merged. 0, or
 * -1 with *cause as the go command says it. */
int
workspace_merge(struct workspace *ws, char **cause)
{
	const struct modfile_replace	*r, *q;
	struct buf			 b;
	const char			*go;
	size_t				 i, j, k;
	int				 rc;

	go = ws->work->go != NULL ? ws->work->go->version :
	    WORKSPACE_DEFAULT_GO;
	for (i = 0; i < ws->dirs.n; i++) {
		const struct modfile *m = ws->mods[i];

		if (m->go != NULL && gover_compare(m->go->version, go) > 0) {
			xasprintf(cause, "module %s listed in go.work file "
			    "requires go >= %s, but go.work %s go %s; to update "
			    "it:\n\tgo work use", ws->dirs.v[i],
			    m->go->version, ws->work->go != NULL ? "lists" :
			    "implicitly requires", go);
			return (-1);
		}
		for (j = 0; j < i; j++) {
			if (m->module != NULL && ws->mods[j]->module != NULL &&
			    strcmp(m->module->mod.path,
			    ws->mods[j]->module->mod.path) == 0) {
				xasprintf(cause, "module %s appears multiple "
				    "times in workspace", m->module->mod.path);
				return (-1);
			}
		}
	}
	buf_init(&b, 0);
	buf_printf(&b, "module modvet.workspace\n\ngo %s\n", go);
	for (i = 0; i < ws->work->replace.n; i++)
		workspace_replace_line(&b, ws->work->replace.v[i], NULL);
	for (i = 0; i < ws->dirs.n; i++) {
		for (j = 0; j < ws->mods[i]->replace.n; j++) {
			r = ws->mods[i]->replace.v[j];
			if (workspace_work_replaces(ws, r->old.path))
				continue;
			/* The first module to replace it writes the line;
			 * a later one that disagrees is an error. */
			if ((q = workspace_earlier(ws, i, r, &k)) == NULL) {
				workspace_replace_line(&b, r, ws->dirs.v[i]);
				continue;
			}
			if (workspace_conflict(q, ws->dirs.v[k], r,
			    ws->dirs.v[i])) {
				xasprintf(cause, "conflicting replacements for "
				    "%s%s%s: %s and %s replace it differently; "
				    "use \"go work edit -replace %s=[override]\" "
				    "to resolve", r->old.path, *r->old.version ?
				    "@" : "", r->old.version, ws->dirs.v[k],
				    ws->dirs.v[i], r->old.path);
				buf_free(&b);
				return (-1);
			}
		}
		for (j = 0; j < ws->mods[i]->exclude.n; j++) {
			buf_adds(&b, "exclude ");
			workspace_word(&b, ws->mods[i]->exclude.v[j]->mod.path);
			buf_addc(&b, ' ');
			workspace_word(&b,
			    ws->mods[i]->exclude.v[j]->mod.version);
			buf_addc(&b, '\n');
		}
	}
	/* Strict: a lax parse keeps no replace or exclude line. */
	ws->merged = workspace_parse_file(ws->name, b.data, b.len,
	    MODFILE_STRICT, cause);
	rc = ws->merged != NULL ? 0 : -1;
	buf_free(&b);
	return (rc);
}

/* After workspace_init: the go.mod of each use line from modules (use
 * line -> text; absent: it could not be read), then workspace_merge. 0,
 * or -1 with *cause as the go command would say it. */
int
workspace_complete(struct workspace *ws, const struct strmap *modules,
    char **cause)
{
	const char	*text;
	size_t		 i;

	if (ws->dirs.n == 0) {
		xasprintf(cause, "%s: no modules were found in the current "
		    "workspace (it has no use line)", ws->name);
		return (-1);
	}
	for (i = 0; i < ws->dirs.n; i++) {
		if ((text = strmap_get(modules, ws->dirs.v[i], NULL)) == NULL) {
			xasprintf(cause, "cannot load module %s listed in %s: "
			    "its go.mod could not be read", ws->dirs.v[i],
			    ws->name);
			return (-1);
		}
		if (workspace_add(ws, i, text, strlen(text), cause) != 0)
			return (-1);
		if (ws->mods[i]->module == NULL) {
			xasprintf(cause, "%s/go.mod: no module declaration",
			    ws->dirs.v[i]);
			return (-1);
		}
	}
	return (workspace_merge(ws, cause));
}

/* Are the modules' go.mod files ones modvet loads? (check_limits, and
 * no required path is sent upstream that the go command rejects.) */
int
workspace_lines_ok(const struct workspace *ws, char **cause)
{
	const char	*path;
	char		*why;
	size_t		 i, k;

	for (i = 0; i < ws->dirs.n; i++) {
		if (check_limits(ws->mods[i], ws->dirs.v[i], cause) != 0)
			return (-1);
		for (k = 0; k < ws->mods[i]->require.n; k++) {
			path = ws->mods[i]->require.v[k]->mod.path;
			if (gover_is_toolchain(path) ||
			    modpath_check(path, &why) == 0)
				continue;
			xasprintf(cause, "%s/go.mod: %s", ws->dirs.v[i], why);
			free(why);
			return (-2);
		}
	}
	return (0);
}

/* The whole workspace from texts: the go.work's, and its modules' (as
 * workspace_complete takes them). */
int
workspace_open(struct workspace *ws, const char *name, const char *work,
    size_t len, const struct strmap *modules, char **cause)
{
	if (workspace_init(ws, name, work, len, cause) != 0)
		return (-1);
	return (workspace_complete(ws, modules, cause));
}

/* Free a workspace. */
void
workspace_free(struct workspace *ws)
{
	size_t	i;

	for (i = 0; ws->mods != NULL && i < ws->dirs.n; i++)
		modfile_free(ws->mods[i]);
	free(ws->mods);
	modfile_free(ws->work);
	modfile_free(ws->merged);
	strv_free(&ws->dirs);
	free(ws->name);
	memset(ws, 0, sizeof *ws);
}
