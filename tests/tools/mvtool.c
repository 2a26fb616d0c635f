/*
 * mvtool: small commands the shell tests need from the gomod library.
 *	mvtool h1zip FILE		HashZip of a module zip
 *	mvtool h1mod FILE...		go.sum hash of each go.mod, a line each
 *	mvtool escape PATH		module path escaped for a proxy URL
 *	mvtool escape-version V		version escaped likewise
 *	mvtool jsonl FILE KIND F...	fields F of the KIND lines, tab-separated
 * It is a test tool, not installed.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gosrc/gosrc.h"
#include "engine/engine.h"
#include "tests/tools/mvtool.h"

/* Read a whole file (NULL if it cannot be read); the caller frees it. */
char *
mvtool_read(const char *path, size_t *len)
{
	char	*data;

	return (util_read_file(path, 0, &data, len) == 0 ? data : NULL);
}

/* Print the go.sum hash of each go.mod file. */
static int
mvtool_h1mod(int n, char **files)
{
	char	*data, *h1;
	size_t	 len;
	int	 i;

	for (i = 0; i < n; i++) {
		if ((data = mvtool_read(files[i], &len)) == NULL) {
			perror(files[i]);
			return (2);
		}
		h1 = dirhash_gomod(data, len);
		printf("%s\n", h1);
		free(h1);
		free(data);
	}
	return (0);
}

/* Print the selected fields of every line of a JSON Lines file. */
static int
mvtool_jsonl(const char *path, const char *kind, char **fields, int nfields)
{
	char		 line[1 << 16];
	const cJSON	*k, *v;
	cJSON		*c;
	FILE		*fp;
	int		 i;

	if ((fp = fopen(path, "r")) == NULL) {
		perror(path);
		return (2);
	}
	while (fgets(line, sizeof line, fp) != NULL) {
		if ((c = cJSON_Parse(line)) == NULL)
			continue;
		k = cJSON_GetObjectItemCaseSensitive(c, "kind");
		if (cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0) {
			for (i = 0; i < nfields; i++) {
				v = cJSON_GetObjectItemCaseSensitive(c,
				    fields[i]);
				printf("%s%s", i > 0 ? "\t" : "",
				    cJSON_IsString(v) ? v->valuestring : "");
			}
			printf("\n");
		}
		cJSON_Delete(c);
	}
	fclose(fp);
	return (0);
}

/*
 * gosrc FILE...: what gosrc/ reads of each Go file, in the form of
 * tests/tools/gosrcdump (go/parser) for tests/gosrc-diff.sh.
 */
static int
mvtool_gosrc(int argc, char **argv)
{
	struct go_file	 f;
	char		*src;
	size_t		 len, j;
	int		 i;

	for (i = 1; i < argc; i++) {
		printf("== %s\n", argv[i]);
		if ((src = mvtool_read(argv[i], &len)) == NULL) {
			printf("error\n");
			continue;
		}
		go_file_read(src, len, &f);
		if (f.error != NULL)
			printf("error %d:%d: %s\n", f.err_line, f.err_col,
			    f.error);
		else {
			const char *base = strrchr(argv[i], '/');

			base = base != NULL ? base + 1 : argv[i];
			printf("package %s\n", f.package);
			/* The build constraint and the file name as the
			 * default build (linux/amd64) reads them. */
			printf("linux %s\n", go_build_match(f.build) &&
			    go_file_name_linux(base) && *base != '_' &&
			    *base != '.' ? "yes" : "no");
			for (j = 0; j < f.nimports; j++)
				printf("import %s %s\n", f.imports[j].name != NULL ?
				    f.imports[j].name : "-", f.imports[j].path);
			for (j = 0; j < f.exported.n; j++)
				printf("export %s\n", f.exported.v[j]);
			for (j = 0; j < f.nuses; j++)
				printf("use %s.%s %d:%d\n", f.uses[j].pkg,
				    f.uses[j].sel, f.uses[j].line, f.uses[j].col);
		}
		go_file_free(&f);
		free(src);
	}
	return (0);
}

/*
 * pkgindex ZIP PATH@VERSION: the packages of a module zip as the index
 * has them: "IMPORTPATH NAME" per package, then with -v their exported
 * names, imports and type tokens.
 */
static int
mvtool_pkgindex(int argc, char **argv)
{
	struct go_index	 idx;
	char		*at, *cause = NULL;
	size_t		 i, j;
	int		 verbose = argc > 3 && strcmp(argv[3], "-v") == 0;

	if (argc < 3 || (at = strrchr(argv[2], '@')) == NULL) {
		fprintf(stderr, "usage: mvtool pkgindex ZIP PATH@VERSION [-v]\n");
		return (2);
	}
	*at = '\0';
	go_index_init(&idx);
	if (go_index_from_zip(argv[1], argv[2], at + 1, NULL, &idx, &cause) != 0) {
		fprintf(stderr, "mvtool: %s\n", cause);
		return (1);
	}
	for (i = 0; i < idx.n; i++) {
		const struct go_package *p = &idx.v[i];

		printf("%s%s%s %s\n", argv[2], *p->dir != '\0' ? "/" : "",
		    p->dir, p->name);
		for (j = 0; verbose && j < p->exported.n; j++)
			printf("\texport %s\n", p->exported.v[j]);
		for (j = 0; verbose && j < p->imports.n; j++)
			printf("\timport %s\n", p->imports.v[j]);
		for (j = 0; verbose && j < p->tokens.n; j++)
			printf("\ttoken %s\n", p->tokens.v[j]);
	}
	fprintf(stderr, "%zu packages from %zu files (%zu unreadable)\n",
	    idx.n, idx.nfiles, idx.nerrors);
	go_index_free(&idx);
	return (0);
}

/* The commands over the upstream and cache layers (mvstack.c). */
static const struct {
	const char	*name;
	int		(*fn)(int, char **);
} mvtool_cmds[] = {
	{ "readback", mvtool_readback },
	{ "fetch-all", mvtool_fetch_all },
	{ "lookups", mvtool_lookups },
	{ "cache-writer", mvtool_cache_writer },
	{ "cache-verify", mvtool_cache_verify },
	{ "gitversions", mvtool_gitversions },
	{ "info", mvtool_info },
	{ "sumdb-lookup", mvtool_sumdb_lookup },
	{ "gosrc", mvtool_gosrc },
	{ "pkgindex", mvtool_pkgindex },
	{ "importgraph", mvtool_importgraph },
};

int
main(int argc, char **argv)
{
	char	*out = NULL, *cause = NULL;
	size_t	 i;
	int	 rc;

	for (i = 0; argc >= 2 && i < nitems(mvtool_cmds); i++) {
		if (strcmp(argv[1], mvtool_cmds[i].name) == 0)
			return (mvtool_cmds[i].fn(argc - 1, argv + 1));
	}
	if (argc >= 3 && strcmp(argv[1], "h1zip") == 0)
		rc = dirhash_zip(argv[2], &out, &cause);
	else if (argc >= 3 && strcmp(argv[1], "h1mod") == 0)
		return (mvtool_h1mod(argc - 2, argv + 2));
	else if (argc >= 3 && strcmp(argv[1], "escape") == 0)
		rc = modpath_escape(argv[2], &out, &cause);
	else if (argc >= 3 && strcmp(argv[1], "escape-version") == 0)
		rc = modpath_escape_version(argv[2], &out, &cause);
	else if (argc >= 4 && strcmp(argv[1], "jsonl") == 0)
		return (mvtool_jsonl(argv[2], argv[3], argv + 4, argc - 4));
	else {
		fprintf(stderr, "usage: mvtool h1zip|h1mod|escape|"
		    "escape-version ARG | jsonl FILE KIND FIELD...\n");
		return (2);
	}
	if (rc != 0) {
		fprintf(stderr, "mvtool: %s\n", cause);
		free(cause);
		return (1);
	}
	printf("%s\n", out);
	free(out);
	return (0);
}
