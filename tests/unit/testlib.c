/* Helpers for the conformance unit tests (see testlib.h). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "tests/unit/testlib.h"

#define TESTLIB_MAX_KINDS	64

/* The shared directory. */
const char *
testlib_shared(void)
{
	const char	*s = getenv("MV_SHARED");

	return (s != NULL && *s != '\0' ? s : MV_SHARED_DIR);
}

/* A path under the shared directory. */
char *
testlib_shared_path(const char *rel)
{
	char	*p;

	xasprintf(&p, "%s/%s", testlib_shared(), rel);
	return (p);
}

/* Read a whole file into memory. */
char *
testlib_read_file(const char *path, size_t *len)
{
	struct buf	 b;
	char		 chunk[65536];
	size_t		 n;
	FILE		*fp;

	if ((fp = fopen(path, "rb")) == NULL)
		return (NULL);
	buf_init(&b, 0);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_add(&b, chunk, n);
	fclose(fp);
	if (len != NULL)
		*len = b.len;
	return (buf_steal(&b));
}

/* A string field, required. */
const char *
testlib_str(const cJSON *c, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(c, name);

	if (!cJSON_IsString(v))
		fail_msg("case lacks string field %s", name);
	return (v->valuestring);
}

/* A string field, or a default. */
const char *
testlib_str_or(const cJSON *c, const char *name, const char *def)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(c, name);

	return (cJSON_IsString(v) ? v->valuestring : def);
}

/* A boolean field, required. */
int
testlib_bool(const cJSON *c, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(c, name);

	if (!cJSON_IsBool(v))
		fail_msg("case lacks boolean field %s", name);
	return (cJSON_IsTrue(v));
}

/* An integer field, required. */
long
testlib_int(const cJSON *c, const char *name)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(c, name);

	if (!cJSON_IsNumber(v))
		fail_msg("case lacks number field %s", name);
	return ((long)v->valuedouble);
}

/* A string given as NAME or as NAME_hex (bytes that are not UTF-8). */
char *
testlib_str_hex(const cJSON *c, const char *name)
{
	const cJSON	*v;
	char		*hexname, *out;
	const char	*h;
	size_t		 i, n;
	unsigned int	 byte;

	v = cJSON_GetObjectItemCaseSensitive(c, name);
	if (cJSON_IsString(v))
		return (xstrdup(v->valuestring));
	xasprintf(&hexname, "%s_hex", name);
	v = cJSON_GetObjectItemCaseSensitive(c, hexname);
	free(hexname);
	if (!cJSON_IsString(v))
		fail_msg("case lacks field %s (or %s_hex)", name, name);
	h = v->valuestring;
	n = strlen(h) / 2;
	out = xmalloc(n + 1);
	for (i = 0; i < n; i++) {
		sscanf(h + 2 * i, "%2x", &byte);
		out[i] = byte;
	}
	out[n] = '\0';
	return (out);
}

/* Print a failed case with its source line. */
int
testlib_fail(const cJSON *c, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "FAIL [%s]: ", testlib_str_or(c, "src", "?"));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	return (0);
}

/* Run every selected case of a JSON Lines file. */
void
testlib_run_jsonl(const char *rel, const char *const *kinds,
    testlib_case_fn fn, void *arg)
{
	struct {
		char	*kind;
		int	 pass, fail, skip;
	}		 counts[TESTLIB_MAX_KINDS];
	size_t		 nkinds = 0, i, len;
	char		*path, *data, *line, *save = NULL;
	const char	*kind;
	cJSON		*c;
	int		 rc, failed = 0, selected;

	path = testlib_shared_path(rel);
	if ((data = testlib_read_file(path, &len)) == NULL)
		fail_msg("cannot read %s (set MV_SHARED or --with-shared)",
		    path);
	for (line = strtok_r(data, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((c = cJSON_Parse(line)) == NULL)
			fail_msg("%s: bad JSON line", rel);
		kind = testlib_str(c, "kind");
		selected = kinds == NULL;
		for (i = 0; kinds != NULL && kinds[i] != NULL; i++)
			selected |= strcmp(kinds[i], kind) == 0;
		if (!selected) {
			cJSON_Delete(c);
			continue;
		}
		for (i = 0; i < nkinds; i++) {
			if (strcmp(counts[i].kind, kind) == 0)
				break;
		}
		if (i == nkinds) {
			assert_true(nkinds < TESTLIB_MAX_KINDS);
			counts[i].kind = xstrdup(kind);
			counts[i].pass = counts[i].fail = counts[i].skip = 0;
			nkinds++;
		}
		rc = fn(c, kind, arg);
		if (rc == 1)
			counts[i].pass++;
		else if (rc == 0) {
			counts[i].fail++;
			failed++;
		} else
			counts[i].skip++;
		cJSON_Delete(c);
	}
	for (i = 0; i < nkinds; i++) {
		printf("vectors %s: %s %d/%d passed", rel, counts[i].kind,
		    counts[i].pass, counts[i].pass + counts[i].fail +
		    counts[i].skip);
		if (counts[i].skip > 0)
			printf(" (%d skipped)", counts[i].skip);
		printf("\n");
		free(counts[i].kind);
	}
	free(data);
	free(path);
	if (failed > 0)
		fail_msg("%s: %d cases failed", rel, failed);
}
