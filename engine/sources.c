/*
 * The main module's Go files as a check needs them: per file its
 * package, imports and the pkg.Name selectors on them (gosrc/read.c).
 * The client reads the directory (the module's packages as the go
 * command sees them: no testdata, vendor, "_" or "." names, nested
 * modules or files no build reads; those only builds for other platforms
 * read are marked, for go mod tidy's graph); the daemon gets the same
 * in JSON and never reads a path of the caller's.
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"

static int
src_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct go_srcfile *)a)->name,
	    ((const struct go_srcfile *)b)->name));
}

/* Keep what a check uses of a file: drop its declarations. */
static void
src_add(struct go_sources *s, const char *rel, int test, const char *data,
    size_t len)
{
	struct go_srcfile	*sf;

	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	sf = &s->v[s->n++];
	sf->name = xstrdup(rel);
	sf->test = test;
	sf->other = 0;
	go_file_read(data, len, &sf->f);
	strv_free(&sf->f.exported);
	strv_free(&sf->f.tokens);
}

static int
read_dir(const char *root, const char *rel, struct go_sources *s,
    char **cause)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		*dir, *path, *sub, *data, *mod;
	size_t		 len, n;
	int		 rc = 0, test;

	xasprintf(&dir, "%s%s%s", root, *rel != '\0' ? "/" : "", rel);
	if ((d = opendir(dir)) == NULL) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		free(dir);
		return (-1);
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || e->d_name[0] == '_')
			continue;
		xasprintf(&path, "%s/%s", dir, e->d_name);
		xasprintf(&sub, "%s%s%s", rel, *rel != '\0' ? "/" : "",
		    e->d_name);
		if (stat(path, &st) != 0)
			;	/* gone, or a dangling link: not a file */
		else if (S_ISDIR(st.st_mode)) {
			xasprintf(&mod, "%s/go.mod", path);
			/* testdata, vendor and nested modules are not the
			 * main module's packages. */
			if (strcmp(e->d_name, "testdata") != 0 &&
			    strcmp(e->d_name, "vendor") != 0 &&
			    access(mod, F_OK) != 0)
				rc = read_dir(root, sub, s, cause);
			free(mod);
		} else if (S_ISREG(st.st_mode) &&
		    (n = strlen(e->d_name)) > 3 &&
		    strcmp(e->d_name + n - 3, ".go") == 0) {
			test = n > 8 && strcmp(e->d_name + n - 8,
			    "_test.go") == 0;
			if (s->n >= SOURCES_MAX_FILES) {
				xasprintf(cause, "%s: more than %d Go files",
				    root, SOURCES_MAX_FILES);
				rc = -1;
			} else if (util_read_file(path, SOURCES_MAX_FILE,
			    &data, &len) == 0) {
				struct go_srcfile *sf;

				src_add(s, sub, test, data, len);
				free(data);
				sf = &s->v[s->n - 1];
				/* A file no build reads is not kept; one only
				 * other platforms read is kept for go mod
				 * tidy's graph, apart. */
				if (!go_build_match_any(sf->f.build)) {
					go_file_free(&sf->f);
					free(s->v[--s->n].name);
				} else
					sf->other = !go_build_match(
					    sf->f.build) ||
					    !go_file_name_linux(e->d_name);
			}
		}
		free(path);
		free(sub);
	}
	closedir(d);
	free(dir);
	return (rc);
}

int
sources_read_dir(const char *dir, struct go_sources *s, char **cause)
{
	memset(s, 0, sizeof *s);
	if (read_dir(dir, "", s, cause) != 0) {
		sources_free(s);
		return (-1);
	}
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, src_cmp);
	return (0);
}

/*
 * A line or column as JSON, its digits written here: cJSON prints every
 * number with sprintf("%1.15g") and reads it back with sscanf to check
 * it, 1,800 instructions a number, a sixth of a warm check's client with
 * the seed program's 106 positions. The bytes are the same.
 */
static cJSON *
sources_json_int(int v)
{
	char		 buf[16], *p = buf + sizeof buf;
	unsigned int	 u = v < 0 ? 0U - (unsigned int)v : (unsigned int)v;

	*--p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return (cJSON_CreateRaw(p));
}

cJSON *
sources_to_json(const struct go_sources *s)
{
	cJSON			*a, *o, *l, *t;
	const struct go_file	*f;
	size_t			 i, j;

	a = cJSON_CreateArray();
	for (i = 0; i < s->n; i++) {
		f = &s->v[i].f;
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "file", s->v[i].name);
		if (s->v[i].test)
			cJSON_AddTrueToObject(o, "test");
		if (s->v[i].other)
			cJSON_AddTrueToObject(o, "other");
		if (f->package != NULL)
			cJSON_AddStringToObject(o, "package", f->package);
		if (f->error != NULL) {
			cJSON_AddStringToObject(o, "error", f->error);
			cJSON_AddNumberToObject(o, "error_line", f->err_line);
			cJSON_AddNumberToObject(o, "error_column", f->err_col);
		}
		/* [name or null, path, line, column] */
		l = cJSON_AddArrayToObject(o, "imports");
		for (j = 0; j < f->nimports; j++) {
			t = cJSON_CreateArray();
			cJSON_AddItemToArray(t, f->imports[j].name != NULL ?
			    cJSON_CreateString(f->imports[j].name) :
			    cJSON_CreateNull());
			cJSON_AddItemToArray(t,
			    cJSON_CreateString(f->imports[j].path));
			cJSON_AddItemToArray(t,
			    sources_json_int(f->imports[j].line));
			cJSON_AddItemToArray(t,
			    sources_json_int(f->imports[j].col));
			cJSON_AddItemToArray(l, t);
		}
		/* [base, name, line, column] */
		l = cJSON_AddArrayToObject(o, "uses");
		for (j = 0; j < f->nuses; j++) {
			t = cJSON_CreateArray();
			cJSON_AddItemToArray(t,
			    cJSON_CreateString(f->uses[j].pkg));
			cJSON_AddItemToArray(t,
			    cJSON_CreateString(f->uses[j].sel));
			cJSON_AddItemToArray(t,
			    sources_json_int(f->uses[j].line));
			cJSON_AddItemToArray(t,
			    sources_json_int(f->uses[j].col));
			cJSON_AddItemToArray(l, t);
		}
		cJSON_AddItemToArray(a, o);
	}
	return (a);
}

/* Item i of a JSON array as a string (NULL when it is not one). */
static const char *
item_str(const cJSON *a, int i)
{
	const cJSON	*v = cJSON_GetArrayItem(a, i);

	return (cJSON_IsString(v) ? v->valuestring : NULL);
}

/* A line or column: a number from 0 to 10^8, else -1 (NaN, 1e300 and a
 * missing one are never converted to int). */
static int
number_int(const cJSON *v)
{
	return (cJSON_IsNumber(v) && v->valuedouble >= 0 &&
	    v->valuedouble < 1e8 ? (int)v->valuedouble : -1);
}

static int
item_int(const cJSON *a, int i)
{
	return (number_int(cJSON_GetArrayItem(a, i)));
}

int
sources_from_json(const cJSON *a, struct go_sources *s, char **cause)
{
	const cJSON		*o, *l, *t, *v;
	struct go_srcfile	*sf;
	struct go_file		*f;

	memset(s, 0, sizeof *s);
	if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) > SOURCES_MAX_FILES)
		goto bad;
	cJSON_ArrayForEach(o, a) {
		if (!cJSON_IsObject(o) || !cJSON_IsString(v =
		    cJSON_GetObjectItem(o, "file")))
			goto bad;
		s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
		sf = &s->v[s->n++];
		memset(sf, 0, sizeof *sf);
		f = &sf->f;
		strv_init(&f->exported);
		strv_init(&f->tokens);
		sf->name = xstrdup(v->valuestring);
		sf->test = cJSON_IsTrue(cJSON_GetObjectItem(o, "test"));
		sf->other = cJSON_IsTrue(cJSON_GetObjectItem(o, "other"));
		if (cJSON_IsString(v = cJSON_GetObjectItem(o, "package")))
			f->package = xstrdup(v->valuestring);
		if (cJSON_IsString(v = cJSON_GetObjectItem(o, "error"))) {
			f->error = xstrdup(v->valuestring);
			f->err_line = number_int(cJSON_GetObjectItem(o,
			    "error_line"));
			f->err_col = number_int(cJSON_GetObjectItem(o,
			    "error_column"));
			if (f->err_line < 0 || f->err_col < 0)
				goto bad;
		}
		cJSON_ArrayForEach(t, cJSON_GetObjectItem(o, "imports")) {
			const cJSON *n0 = cJSON_GetArrayItem(t, 0);

			if (!cJSON_IsArray(t) || item_str(t, 1) == NULL ||
			    (!cJSON_IsNull(n0) && !cJSON_IsString(n0)) ||
			    item_int(t, 2) < 0 || item_int(t, 3) < 0)
				goto bad;
			f->imports = xreallocarray(f->imports, f->nimports + 1,
			    sizeof *f->imports);
			f->imports[f->nimports].name = cJSON_IsString(n0) ?
			    xstrdup(n0->valuestring) : NULL;
			f->imports[f->nimports].path = xstrdup(item_str(t, 1));
			f->imports[f->nimports].line = item_int(t, 2);
			f->imports[f->nimports].col = item_int(t, 3);
			f->nimports++;
		}
		l = cJSON_GetObjectItem(o, "uses");
		cJSON_ArrayForEach(t, l) {
			if (!cJSON_IsArray(t) || item_str(t, 0) == NULL ||
			    item_str(t, 1) == NULL || item_int(t, 2) < 0 ||
			    item_int(t, 3) < 0)
				goto bad;
			f->uses = xreallocarray(f->uses, f->nuses + 1,
			    sizeof *f->uses);
			f->uses[f->nuses].pkg = xstrdup(item_str(t, 0));
			f->uses[f->nuses].sel = xstrdup(item_str(t, 1));
			f->uses[f->nuses].line = item_int(t, 2);
			f->uses[f->nuses].col = item_int(t, 3);
			f->nuses++;
		}
	}
	return (0);
bad:
	sources_free(s);
	xasprintf(cause, "field \"sources\" must be an array of at most %d "
	    "{\"file\", \"package\", \"imports\": [[name, path, line, "
	    "column]...], \"uses\": [[base, name, line, column]...]}",
	    SOURCES_MAX_FILES);
	return (-1);
}

void
sources_free(struct go_sources *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].name);
		go_file_free(&s->v[i].f);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}
