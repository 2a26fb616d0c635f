/* Conformance: semantic versions (shared/conformance/semver.jsonl). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "tests/unit/testlib.h"

/* Compare one accessor's result with the expected field. */
static int
check_str(const cJSON *c, const char *field, char *got)
{
	const char	*want = testlib_str(c, field);
	int		 ok = strcmp(got, want) == 0;

	if (!ok)
		testlib_fail(c, "%s(%s) = \"%s\", want \"%s\"", field,
		    testlib_str(c, "in"), got, want);
	free(got);
	return (ok);
}

/* One semver.jsonl case. */
static int
semver_case(const cJSON *c, const char *kind, void *arg)
{
	const char	*in, *a, *b;
	const cJSON	*input, *want;
	char		**list, *got;
	size_t		 n, i;
	int		 ok = 1, cmp;

	if (strcmp(kind, "version") == 0) {
		in = testlib_str(c, "in");
		if (semver_is_valid(in) != testlib_bool(c, "is_valid"))
			return (testlib_fail(c, "is_valid(%s)", in));
		ok &= check_str(c, "canonical", semver_canonical(in));
		ok &= check_str(c, "major", semver_major(in));
		ok &= check_str(c, "prerelease", semver_prerelease(in));
		/* semver_numbers: 1 just for vX.Y.Z as it is canonical
		 * (no prerelease or build), 0 just for invalid versions. */
		{
			uint64_t	 num[3];
			int		 says = semver_numbers(in, num);
			char		*canon = semver_canonical(in);

			if (says != (!semver_is_valid(in) ? 0 :
			    strcmp(canon, in) == 0 && strchr(in, '-') == NULL &&
			    strchr(in, '+') == NULL ? 1 : 2))
				ok = testlib_fail(c, "semver_numbers(%s) = %d",
				    in, says);
			free(canon);
		}
		return (ok);
	}
	if (strcmp(kind, "compare") == 0) {
		a = testlib_str(c, "a");
		b = testlib_str(c, "b");
		cmp = semver_compare(a, b);
		if (cmp != testlib_int(c, "want"))
			return (testlib_fail(c, "compare(%s, %s) = %d", a, b,
			    cmp));
		/* Numbers that differ decide as compare does. */
		{
			uint64_t	 x[3], y[3];

			if (semver_numbers(a, x) && semver_numbers(b, y) &&
			    memcmp(x, y, sizeof x) != 0 &&
			    (x[0] != y[0] ? x[0] < y[0] : x[1] != y[1] ?
			    x[1] < y[1] : x[2] < y[2]) != (cmp < 0))
				return (testlib_fail(c, "the numbers of %s and "
				    "%s disagree with compare", a, b));
		}
		return (1);
	}
	if (strcmp(kind, "max") == 0) {
		/* semver.Max is the canonical form of whichever compares
		 * greater: modvet has no Max (issue 9: nothing used it), and
		 * its vectors test canonical and compare together. */
		char	*ca, *cb;

		a = testlib_str(c, "a");
		b = testlib_str(c, "b");
		ca = semver_canonical(a);
		cb = semver_canonical(b);
		got = semver_compare(ca, cb) > 0 ? ca : cb;
		ok = strcmp(got, testlib_str(c, "want")) == 0;
		if (!ok)
			testlib_fail(c, "max(%s, %s) = %s", a, b, got);
		free(ca);
		free(cb);
		return (ok);
	}
	input = cJSON_GetObjectItemCaseSensitive(c, "input");
	want = cJSON_GetObjectItemCaseSensitive(c, "want");
	n = cJSON_GetArraySize(input);
	list = xcalloc(n, sizeof *list);
	/* Reverse the input: Sort must not depend on the order given. */
	for (i = 0; i < n; i++)
		list[n - 1 - i] = cJSON_GetArrayItem(input, i)->valuestring;
	semver_sort(list, n);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i],
		    cJSON_GetArrayItem(want, i)->valuestring) != 0)
			ok = testlib_fail(c, "sort[%zu] = %s", i, list[i]);
	}
	/* A list in order already stays as it is (the one-pass check). */
	for (i = 0; i < n; i++)
		list[i] = cJSON_GetArrayItem(want, i)->valuestring;
	semver_sort(list, n);
	for (i = 0; i < n; i++) {
		if (strcmp(list[i],
		    cJSON_GetArrayItem(want, i)->valuestring) != 0)
			ok = testlib_fail(c, "sorted again: [%zu] = %s", i,
			    list[i]);
	}
	free(list);
	return (ok);
}

/* Every case of semver.jsonl. */
static void
test_semver_conformance(void **state)
{
	testlib_run_jsonl("conformance/semver.jsonl", NULL, semver_case, NULL);
}

/* +incompatible is recognised only as the whole build suffix. */
static void
test_semver_incompatible(void **state)
{
	assert_true(semver_is_incompatible("v2.0.0+incompatible"));
	assert_false(semver_is_incompatible("v2.0.0"));
	assert_false(semver_is_incompatible("v2.0.0+incompatible.x"));
	assert_false(semver_is_incompatible("2.0.0+incompatible"));
}

/* The numbers of a version, read once by semver_sort and the graph. */
static void
test_semver_numbers(void **state)
{
	uint64_t	num[3];

	assert_int_equal(semver_numbers("v1.2.3", num), 1);
	assert_true(num[0] == 1 && num[1] == 2 && num[2] == 3);
	assert_int_equal(semver_numbers("v1", num), 2);
	assert_true(num[0] == 1 && num[1] == 0 && num[2] == 0);
	assert_int_equal(semver_numbers("v1.5", num), 2);
	assert_true(num[0] == 1 && num[1] == 5 && num[2] == 0);
	assert_int_equal(semver_numbers("v0.0.0-20240102030405-abcdefabcdef",
	    num), 2);
	assert_int_equal(semver_numbers("v2.0.0+incompatible", num), 2);
	assert_true(num[0] == 2);
	assert_int_equal(semver_numbers("v01.2.3", num), 0);
	assert_int_equal(semver_numbers("v1.2.3.", num), 0);
	assert_int_equal(semver_numbers("1.2.3", num), 0);
	assert_int_equal(semver_numbers("", num), 0);
	assert_int_equal(semver_numbers("v123456789012345678.0.0", num), 1);
	assert_true(num[0] == 123456789012345678ULL);
	assert_int_equal(semver_numbers("v1234567890123456789.0.0", num), 0);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_semver_conformance),
		cmocka_unit_test(test_semver_incompatible),
		cmocka_unit_test(test_semver_numbers),
	};

	testlib_require_shared();
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
