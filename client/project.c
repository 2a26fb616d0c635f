/*
 * The project a command works on: "[-C DIR] [FILE]" names a go.mod (by
 * default DIR/go.mod, DIR being the current directory), and its go.sum
 * beside it when there is one; unless FILE is named, the workspace the
 * go command would use there too (GOWORK, or a go.work at or above).
 */

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include <cjson/cJSON.h>

#include "client/client.h"

#define CLIENT_MAX_WALK_UP	64	/* directories searched for go.mod */

static char	*client_project_find(const char *, const char *);
static char	*client_project_find_work(const char *);
static void	client_project_replacements(const struct client_project *,
		    cJSON *);

/* Is path's parent the same directory (so path is the root)? */
static int
client_project_is_root(const char *path)
{
	struct stat	a, b;
	char		*parent;
	int		 same;

	xasprintf(&parent, "%s/..", path);
	same = stat(path, &a) == 0 && stat(parent, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino;
	free(parent);
	return (same);
}

/* Parse "[-C DIR] [FILE]" and the flags in cmd's table; exits 2 on a
 * usage error. Returns the index of the first argument left. */
int
client_project_args(const struct client_cmd *cmd, int argc, char **argv,
    struct client_project *p)
{
	int	ch, named;

	memset(p, 0, sizeof *p);
	optind = 1;
	opterr = 0;
	while ((ch = getopt(argc, argv, "+C:wf:")) != -1) {
		switch (ch) {
		case 'C':
			p->dir = optarg;
			break;
		case 'w':
			p->write = 1;
			break;
		case 'f':
			p->format = optarg;
			break;
		default:
			client_usage_error(cmd, "unknown or incomplete option "
			    "-%c", optopt);
		}
	}
	if (argc - optind > 1)
		client_usage_error(cmd, "expected at most one go.mod");
	named = argc - optind == 1;
	if (named)
		p->gomod = xstrdup(argv[optind++]);
	else if (p->dir != NULL)
		xasprintf(&p->gomod, "%s/go.mod", p->dir);
	else if ((p->gomod = client_project_find(NULL, "go.mod")) == NULL) {
		p->gomod = xstrdup("go.mod");
		p->none_found = 1;
	}
	/* A go.mod named as a file is that module alone. */
	if (!named)
		p->gowork = client_project_find_work(p->dir);
	return (optind);
}

/* The file named name in dir (NULL: the working directory), else the
 * nearest in a parent directory, as the go command finds the main module
 * ("../../go.mod") and the workspace; NULL when there is none. */
static char *
client_project_find(const char *dir, const char *name)
{
	struct stat	 st;
	struct buf	 b;
	char		*path;
	int		 up;

	buf_init(&b, 0);
	if (dir != NULL)
		buf_printf(&b, "%s/", dir);
	for (up = 0; up < CLIENT_MAX_WALK_UP; up++) {
		xasprintf(&path, "%s%s", b.data != NULL ? b.data : "", name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			buf_free(&b);
			return (path);
		}
		free(path);
		xasprintf(&path, "%s..", b.data != NULL ? b.data : "");
		if (stat(path, &st) != 0 || client_project_is_root(path)) {
			free(path);
			break;
		}
		free(path);
		buf_adds(&b, "../");
	}
	buf_free(&b);
	return (NULL);
}

/*
 * The workspace the go command would use from dir (NULL: the working
 * directory): GOWORK when set ("off": none), else the nearest go.work at
 * or above it (modload.FindGoWork). NULL when there is none.
 */
static char *
client_project_find_work(const char *dir)
{
	char	*gowork;

	if ((gowork = goenv_lookup("GOWORK")) != NULL) {
		if (strcmp(gowork, "off") == 0) {
			free(gowork);
			return (NULL);
		}
		return (gowork);
	}
	return (client_project_find(dir, "go.work"));
}

/*
 * fix works on one module: where the go command would use a workspace,
 * say that the module is fixed alone, as go mod tidy (which ignores
 * workspaces) fixes it.
 */
void
client_project_workspace_note(const struct client_project *p)
{
	if (p->gowork != NULL)
		fprintf(stderr, "modvet: note: %s makes a workspace; %s is "
		    "fixed alone, as go mod tidy fixes it\n", p->gowork,
		    p->gomod);
}

/* Read the project's go.mod and, if present, its go.sum. Returns 0, or
 * -1 with *why (caller frees), worded as the client prints it after
 * "modvet: ". */
int
client_project_load(struct client_project *p, char **why)
{
	char	*slash;
	size_t	 len;

	if (strcmp(p->gomod, "-") == 0) {	/* stdin: no go.sum beside */
		if (util_read_fd(STDIN_FILENO, CLIENT_MAX_MODFILE, &p->data,
		    &p->len) != 0) {
			xasprintf(why, "standard input: %s", strerror(errno));
			return (-1);
		}
		p->moddir = xstrdup(".");
		return (0);
	}
	if (p->none_found) {
		*why = xstrdup("go.mod file not found in the current "
		    "directory or any parent directory (name one, or use "
		    "-C DIR)");
		return (-1);
	}
	if (util_read_file(p->gomod, CLIENT_MAX_MODFILE, &p->data,
	    &p->len) != 0) {
		*why = client_read_error(p->gomod, CLIENT_MAX_MODFILE);
		return (-1);
	}
	if ((slash = strrchr(p->gomod, '/')) != NULL) {
		p->moddir = xstrndup(p->gomod, slash - p->gomod);
		xasprintf(&p->gosum_path, "%s/go.sum", p->moddir);
	} else {
		p->moddir = xstrdup(".");
		p->gosum_path = xstrdup("go.sum");
	}
	if (util_read_file(p->gosum_path, CLIENT_MAX_MODFILE, &p->gosum,
	    &len) == 0) {
		p->gosum_len = len;
		return (0);
	}
	if (errno != ENOENT) {
		xasprintf(why, "%s: %s", p->gosum_path, strerror(errno));
		return (-1);
	}
	free(p->gosum_path);
	p->gosum_path = NULL;
	return (0);
}

/* client_project_load, or -1 after printing why. */
int
client_project_read(struct client_project *p)
{
	char	*why = NULL;

	if (client_project_load(p, &why) == 0)
		return (0);
	fprintf(stderr, "modvet: %s\n", why);
	free(why);
	return (-1);
}

/* Free what client_project_args and client_project_read made. */
void
client_project_free(struct client_project *p)
{
	free(p->gomod);
	free(p->moddir);
	free(p->data);
	free(p->gosum);
	free(p->gosum_path);
	free(p->gowork);
}

/*
 * Could the go.mod replace a module by a directory? A replacement is
 * "=> TARGET": a directory target (modfile.IsDirectoryPath) starts with
 * '.', '/' or '\\' or a drive letter, or is quoted; a module target
 * starts with a letter or digit and has no ':' after it. When no "=>"
 * could name a directory, the go.mod need not be parsed (the thin
 * client's check of a 248-requirement go.mod spent a fifth of its time
 * there).
 */
static int
client_project_may_replace_dir(const char *data, size_t len)
{
	const char	*p = data, *end = data + len, *arrow;

	while ((arrow = memmem(p, (size_t)(end - p), "=>", 2)) != NULL) {
		p = arrow + 2;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && (*p == '.' || *p == '/' || *p == '\\' ||
		    *p == '"' || *p == '`' || (p + 1 < end && p[1] == ':')))
			return (1);
	}
	return (0);
}

/*
 * The go.mod files of the project's local (directory) replacements, read
 * here and sent as "replacements": {"../lib": "module ...", ...}, so that
 * the daemon never reads a path of ours. A directory we cannot read is
 * sent as "unreadable": {"../lib": "reading ../lib/go.mod: ..."}, which
 * the daemon tells as in-process checks tell it (moddir_read).
 */
static void
client_project_replacements(const struct client_project *p, cJSON *doc)
{
	struct modfile_errors	 errs;
	struct modfile		*f;
	cJSON			*o = NULL, *u = NULL;
	const char		*dir;
	char			*why, *data;
	size_t			 i, len;

	if (!client_project_may_replace_dir(p->data, p->len))
		return;
	modfile_errors_init(&errs, p->gomod);
	f = modfile_parse(p->gomod, p->data, p->len, MODFILE_STRICT, NULL,
	    NULL, &errs);
	modfile_errors_free(&errs);
	for (i = 0; f != NULL && i < f->replace.n; i++) {
		if (*f->replace.v[i]->new.version != '\0')
			continue;
		dir = f->replace.v[i]->new.path;
		if ((why = moddir_read(p->moddir, dir, &data, &len)) == NULL) {
			if (o == NULL)
				o = cJSON_AddObjectToObject(doc, "replacements");
			if (cJSON_GetObjectItemCaseSensitive(o, dir) == NULL)
				cJSON_AddStringToObject(o, dir, data);
			free(data);
		} else {
			if (u == NULL)
				u = cJSON_AddObjectToObject(doc, "unreadable");
			if (cJSON_GetObjectItemCaseSensitive(u, dir) == NULL)
				cJSON_AddStringToObject(u, dir, why);
			free(why);
		}
	}
	modfile_free(f);
}

/* The check request of the project: {"gomod", "gosum", "file",
 * "replacements", "sources"} (caller frees). */
char *
client_project_json(const struct client_project *p)
{
	struct buf	 b;
	cJSON		*doc;
	char		*text, *out;

	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "file", p->gomod);
	client_project_replacements(p, doc);
	if (p->sources && strcmp(p->gomod, "-") != 0) {
		struct go_sources	 src;
		char			*cause = NULL;

		/* What the Go files import and use, never the files. */
		if (sources_read_dir(p->moddir, &src, &cause) == 0) {
			cJSON_AddItemToObject(doc, "sources",
			    sources_to_json(&src));
			sources_free(&src);
		} else {
			fprintf(stderr, "modvet: %s (imports not checked)\n",
			    cause);
			free(cause);
		}
	}
	/* go.mod and go.sum, most of the bytes, are written by
	 * buf_add_json_string (as cJSON would, several times faster), the
	 * rest by cJSON: "{" gomod, gosum, then the object's members. */
	text = cJSON_PrintUnformatted(doc);
	buf_init(&b, 0);
	buf_adds(&b, "{\"gomod\":");
	buf_add_json_string(&b, p->data);
	if (p->gosum != NULL) {
		buf_adds(&b, ",\"gosum\":");
		buf_add_json_string(&b, p->gosum);
	}
	buf_addc(&b, ',');
	buf_adds(&b, text + 1);	/* never "{}": it has "file" */
	out = buf_steal(&b);
	cJSON_free(text);
	cJSON_Delete(doc);
	return (out);
}
