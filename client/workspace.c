/*
 * buildlist and graph in a workspace: the client reads the go.work the go
 * command would use and the go.mod of each of its use lines (and of the
 * local replacements they name), then works in-process or sends the
 * texts to modvetd, which never reads a path a caller names. Both doors
 * load the same graph (graph_load_workspace).
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"
#include "client/client.h"

/* The texts of a workspace: the go.work, and use line -> go.mod text
 * (owned), from the go.work's directory. */
struct client_ws {
	char		*dir;		/* of the go.work */
	char		*work;
	size_t		 len;
	struct strmap	 modules;
	struct strmap	 replacements;	/* local replacement -> go.mod */
	struct strmap	 unread;	/* one not read -> why */
	struct workspace ws;		/* read once, for both doors */
	char		*cause;		/* why ws could not be made, or
					   NULL */
};

static void
client_ws_free_value(const char *key, void *value, void *arg)
{
	(void)key;
	(void)arg;
	free(value);
}

static void
client_ws_free(struct client_ws *w)
{
	strmap_each(&w->modules, client_ws_free_value, NULL);
	strmap_each(&w->replacements, client_ws_free_value, NULL);
	strmap_each(&w->unread, client_ws_free_value, NULL);
	strmap_free(&w->unread);
	strmap_free(&w->modules);
	strmap_free(&w->replacements);
	workspace_free(&w->ws);
	free(w->cause);
	free(w->dir);
	free(w->work);
}

/* The go.mod text of directory rel (from the go.work's directory), or
 * NULL and *why (caller frees) when it cannot be read. */
static char *
client_ws_gomod(const struct client_ws *w, const char *rel, char **why)
{
	char	*data;
	size_t	 len;

	*why = moddir_read(w->dir, rel, &data, &len);
	return (data);
}

/* Read the go.work at path and what it names; -1 after printing why.
 * With keep (check), a go.work the go command refuses is not a failure:
 * w->cause says why. */
static int
client_ws_read(struct client_ws *w, const char *path, int keep)
{
	char	*slash, *text, *why;
	size_t	 i;

	memset(w, 0, sizeof *w);
	strmap_init(&w->modules);
	strmap_init(&w->replacements);
	strmap_init(&w->unread);
	if (util_read_file(path, CLIENT_MAX_MODFILE, &w->work, &w->len) != 0) {
		fprintf(stderr, "modvet: %s: %s\n", path, strerror(errno));
		return (-1);
	}
	w->dir = xstrdup(path);
	if ((slash = strrchr(w->dir, '/')) != NULL)
		*slash = '\0';
	else
		strcpy(w->dir, ".");
	if (workspace_init(&w->ws, path, w->work, w->len, &w->cause) != 0) {
		if (keep)
			return (0);
		fprintf(stderr, "modvet: %s\n", w->cause);
		return (-1);
	}
	for (i = 0; i < w->ws.dirs.n; i++) {
		if ((text = client_ws_gomod(w, w->ws.dirs.v[i], &why)) != NULL)
			strmap_set(&w->modules, w->ws.dirs.v[i], text);
		free(why);	/* workspace_complete says it */
	}
	/* The local replacements of the merged workspace. One it cannot
	 * merge is told where it is used: by modvetd, or in-process. */
	if (workspace_complete(&w->ws, &w->modules, &w->cause) != 0)
		return (0);
	for (i = 0; i < w->ws.merged->replace.n; i++) {
		const struct modfile_replace *r = w->ws.merged->replace.v[i];

		if (*r->new.version != '\0' ||
		    strmap_get(&w->replacements, r->new.path, NULL) != NULL ||
		    strmap_get(&w->unread, r->new.path, NULL) != NULL)
			continue;
		if ((text = client_ws_gomod(w, r->new.path, &why)) != NULL)
			strmap_set(&w->replacements, r->new.path, text);
		else
			strmap_set(&w->unread, r->new.path, why);
	}
	return (0);
}

/* Add each entry of a strmap to a JSON object (strmap_each callback). */
static void
client_ws_json_entry(const char *key, void *value, void *arg)
{
	cJSON_AddStringToObject(arg, key, value);
}

/* The request body: {"file", "gowork", "modules", "replacements",
 * "unreadable"}. */
static char *
client_ws_json(const struct client_ws *w, const char *path)
{
	cJSON	*doc;
	char	*text, *out;

	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "file", path);
	cJSON_AddStringToObject(doc, "gowork", w->work);
	strmap_each(&w->modules, client_ws_json_entry,
	    cJSON_AddObjectToObject(doc, "modules"));
	strmap_each(&w->replacements, client_ws_json_entry,
	    cJSON_AddObjectToObject(doc, "replacements"));
	strmap_each(&w->unread, client_ws_json_entry,
	    cJSON_AddObjectToObject(doc, "unreadable"));
	text = cJSON_PrintUnformatted(doc);
	out = xstrdup(text);
	cJSON_free(text);
	cJSON_Delete(doc);
	return (out);
}

/* buildlist or graph of the workspace at path, as client_graph_run. */
int
client_workspace_run(const char *path, const char *route,
    void (*print)(const struct cJSON *))
{
	struct client_ws	 w;
	char			*body;
	int			 rc = CLIENT_EXIT_FAILURE;

	if (client_ws_read(&w, path, 0) == 0) {
		body = client_ws_json(&w, path);
		rc = client_graph_call(route, body, print);
		free(body);
	}
	client_ws_free(&w);
	return (rc);
}

/* The go.work's own check, through either door (client_call). */
int
client_workspace_check(const char *path, struct findings *fs,
    struct strv *dirs)
{
	struct client_ws	 w;
	cJSON			*doc;
	char			*body;
	size_t			 i;
	int			 rc = -1;

	memset(fs, 0, sizeof *fs);
	strv_init(dirs);
	if (client_ws_read(&w, path, 1) == 0) {
		for (i = 0; i < w.ws.dirs.n; i++)
			strv_push(dirs, w.ws.dirs.v[i]);
		body = client_ws_json(&w, path);
		doc = client_call_findings("/v1/check", body, path, fs);
		free(body);
		rc = doc != NULL ? 0 : -1;
		cJSON_Delete(doc);
	}
	client_ws_free(&w);
	return (rc);
}
