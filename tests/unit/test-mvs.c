/* Conformance: Minimal Version Selection (shared/conformance/gocmd/mvs.jsonl,
 * the scenarios of cmd/go/internal/mvs/mvs_test.go). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "tests/unit/testlib.h"

/* The test's reqsMap: module → requirements, versions compared as
 * strings with "none" lowest and "" (the bare target) highest. */
struct reqs_map {
	struct arena	 arena;
	struct mvs_mod	*mods;		/* keys */
	struct mvs_list	*reqs;		/* values */
	size_t		 n;
};

/* "B1" → path "B", version "1". */
static struct mvs_mod
parse_mod(struct arena *a, const char *s)
{
	struct mvs_mod	m;

	m.path = arena_strndup(a, s, 1);
	m.version = arena_strdup(a, s + 1);
	return (m);
}

/* The index of m in the map, or -1. */
static ssize_t
find_mod(const struct reqs_map *r, const struct mvs_mod *m)
{
	size_t	i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->mods[i].path, m->path) == 0 &&
		    strcmp(r->mods[i].version, m->version) == 0)
			return (i);
	}
	return (-1);
}

static const char *
map_max(void *arg, const char *p, const char *v1, const char *v2)
{
	if (strcmp(v1, "none") == 0 || *v2 == '\0')
		return (v2);
	if (strcmp(v2, "none") == 0 || *v1 == '\0')
		return (v1);
	return (strcmp(v1, v2) < 0 ? v2 : v1);
}

static int
map_required(void *arg, const struct mvs_mod *m, const struct mvs_mod **out,
    size_t *n, char **cause)
{
	struct reqs_map	*r = arg;
	ssize_t		 i;

	if ((i = find_mod(r, m)) == -1) {
		xasprintf(cause, "missing module: %s@%s", m->path, m->version);
		return (-1);
	}
	*out = r->reqs[i].v;
	*n = r->reqs[i].n;
	return (0);
}

/* Does a version end in ".hidden" (never chosen by Upgrade/Previous)? */
static int
hidden(const char *v)
{
	size_t	n = strlen(v);

	return (n >= 7 && strcmp(v + n - 7, ".hidden") == 0);
}

static int
map_upgrade(void *arg, const struct mvs_mod *m, struct mvs_mod *out,
    char **cause)
{
	struct reqs_map	*r = arg;
	struct mvs_mod	 u = { NULL, "none" };
	size_t		 i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->mods[i].path, m->path) == 0 &&
		    map_max(r, m->path, u.version, r->mods[i].version) ==
		    r->mods[i].version && !hidden(r->mods[i].version))
			u = r->mods[i];
	}
	if (u.path == NULL) {
		xasprintf(cause, "missing module: %s", m->path);
		return (-1);
	}
	*out = u;
	return (0);
}

static int
map_previous(void *arg, const struct mvs_mod *m, struct mvs_mod *out,
    char **cause)
{
	struct reqs_map	*r = arg;
	struct mvs_mod	 p = { NULL, "" };
	size_t		 i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->mods[i].path, m->path) == 0 &&
		    strcmp(p.version, r->mods[i].version) < 0 &&
		    strcmp(r->mods[i].version, m->version) < 0 &&
		    !hidden(r->mods[i].version))
			p = r->mods[i];
	}
	if (p.path == NULL) {
		out->path = m->path;
		out->version = "none";
	} else
		*out = p;
	return (0);
}

/* Load a scenario's graph. */
static void
map_load(struct reqs_map *r, const cJSON *reqs)
{
	const cJSON	*e, *t;
	size_t		 n = cJSON_GetArraySize(reqs);

	memset(r, 0, sizeof *r);
	arena_init(&r->arena);
	r->mods = xcalloc(n + 1, sizeof *r->mods);
	r->reqs = xcalloc(n + 1, sizeof *r->reqs);
	cJSON_ArrayForEach(e, reqs) {
		r->mods[r->n] = parse_mod(&r->arena, e->string);
		cJSON_ArrayForEach(t, e) {
			struct mvs_mod	m = parse_mod(&r->arena, t->valuestring);

			mvs_list_add(&r->reqs[r->n], m.path, m.version);
		}
		r->n++;
	}
}

/* Free a graph. */
static void
map_free(struct reqs_map *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		mvs_list_free(&r->reqs[i]);
	free(r->mods);
	free(r->reqs);
	arena_free(&r->arena);
}

/* The modules of a JSON list. */
static struct mvs_mod *
mods_of(struct arena *a, const cJSON *list, size_t *n)
{
	struct mvs_mod	*v;
	const cJSON	*e;

	v = arena_alloc(a, (cJSON_GetArraySize(list) + 1) * sizeof *v);
	*n = 0;
	cJSON_ArrayForEach(e, list)
		v[(*n)++] = parse_mod(a, e->valuestring);
	return (v);
}

/* Compare a result list with "want" ("B1" strings). */
static int
check_list(const cJSON *c, const cJSON *op, const struct mvs_list *l)
{
	const cJSON	*want = cJSON_GetObjectItemCaseSensitive(op, "want");
	struct buf	 got, exp;
	const cJSON	*e;
	size_t		 i;
	int		 ok;

	buf_init(&got, 0);
	buf_init(&exp, 0);
	for (i = 0; i < l->n; i++)
		buf_printf(&got, "%s%s ", l->v[i].path, l->v[i].version);
	cJSON_ArrayForEach(e, want)
		buf_printf(&exp, "%s ", e->valuestring);
	ok = strcmp(got.data != NULL ? got.data : "",
	    exp.data != NULL ? exp.data : "") == 0;
	if (!ok)
		testlib_fail(c, "%s %s (line %d) = %s, want %s",
		    testlib_str(op, "op"), testlib_str(op, "target"),
		    (int)testlib_int(op, "line"), got.data, exp.data);
	buf_free(&got);
	buf_free(&exp);
	return (ok);
}

/* Run one operation of a scenario. */
static int
run_op(const cJSON *c, const cJSON *op, struct reqs_map *r,
    const struct mvs_reqs *reqs)
{
	const char	*name = testlib_str(op, "op"), **base;
	struct mvs_mod	 target, *args, *dl;
	struct mvs_list	 out = { NULL, 0, 0 }, up;
	struct reqs_map	 upr;
	struct mvs_reqs	 upreqs;
	char		*err = NULL;
	size_t		 n, i;
	ssize_t		 t;
	int		 rc, ok;

	target = parse_mod(&r->arena, testlib_str(op, "target"));
	args = mods_of(&r->arena, cJSON_GetObjectItemCaseSensitive(op,
	    "args"), &n);
	if (strcmp(name, "build") == 0)
		rc = mvs_build_list(&target, 1, reqs, &out, &err);
	else if (strcmp(name, "upgrade_all") == 0)
		rc = mvs_upgrade_all(&target, reqs, &out, &err);
	else if (strcmp(name, "upgrade") == 0)
		rc = mvs_upgrade(&target, reqs, args, n, &out, &err);
	else if (strcmp(name, "downgrade") == 0) {
		/* As the Go test: the target is the first to downgrade. */
		dl = arena_alloc(&r->arena, (n + 1) * sizeof *dl);
		dl[0] = target;
		memcpy(dl + 1, args, n * sizeof *dl);
		rc = mvs_downgrade(&target, reqs, dl, n + 1, &out, &err);
	} else if (strcmp(name, "req") == 0) {
		base = arena_alloc(&r->arena, (n + 1) * sizeof *base);
		for (i = 0; i < n; i++)
			base[i] = arena_strdup(&r->arena,
			    cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
			    op, "args"), i)->valuestring);
		rc = mvs_req(&target, base, n, reqs, &out, &err);
	} else {
		/* upgrade_req: Req over the graph with the target's
		 * requirements replaced by the upgraded build list. */
		rc = mvs_upgrade(&target, reqs, args, n, &up, &err);
		if (rc == 0) {
			upr = *r;
			upr.reqs = xcalloc(r->n + 1, sizeof *upr.reqs);
			memcpy(upr.reqs, r->reqs, r->n * sizeof *upr.reqs);
			if ((t = find_mod(r, &target)) != -1)
				upr.reqs[t] = up;
			upreqs = *reqs;
			upreqs.arg = &upr;
			rc = mvs_req(&target, NULL, 0, &upreqs, &out, &err);
			free(upr.reqs);
			mvs_list_free(&up);
		}
	}
	if (rc != 0) {
		ok = testlib_fail(c, "%s %s (line %d) failed: %s", name,
		    testlib_str(op, "target"), (int)testlib_int(op, "line"),
		    err);
		free(err);
		return (ok);
	}
	ok = check_list(c, op, &out);
	mvs_list_free(&out);
	return (ok);
}

/* One scenario: every operation on its graph. */
static int
scenario_case(const cJSON *c, const char *kind, void *unused)
{
	struct reqs_map	 r;
	struct mvs_reqs	 reqs;
	const cJSON	*op;
	int		 ok = 1;

	map_load(&r, cJSON_GetObjectItemCaseSensitive(c, "reqs"));
	reqs.arg = &r;
	reqs.required = map_required;
	reqs.max = map_max;
	reqs.upgrade = map_upgrade;
	reqs.previous = map_previous;
	cJSON_ArrayForEach(op, cJSON_GetObjectItemCaseSensitive(c, "ops"))
		ok &= run_op(c, op, &r, &reqs);
	map_free(&r);
	return (ok);
}

/* Every scenario of mvs.jsonl. */
static void
test_mvs_conformance(void **state)
{
	testlib_run_jsonl("conformance/gocmd/mvs.jsonl", NULL, scenario_case,
	    NULL);
}

/* A missing go.mod is reported with the requirement path to it. */
static void
test_mvs_error_path(void **state)
{
	struct reqs_map	 r;
	struct mvs_reqs	 reqs;
	struct mvs_mod	 target;
	struct mvs_list	 out;
	cJSON		*g;
	char		*err = NULL;

	g = cJSON_Parse("{\"A\": [\"B1\"], \"B1\": [\"C2\"]}");
	map_load(&r, g);
	reqs.arg = &r;
	reqs.required = map_required;
	reqs.max = map_max;
	reqs.upgrade = map_upgrade;
	reqs.previous = map_previous;
	target = parse_mod(&r.arena, "A");
	assert_int_equal(mvs_build_list(&target, 1, &reqs, &out, &err), -1);
	assert_string_equal(err, "B@1 requires\n\tC@2: missing module: C@2");
	free(err);
	map_free(&r);
	cJSON_Delete(g);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_mvs_conformance),
		cmocka_unit_test(test_mvs_error_path),
	};

	testlib_require_shared();
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
