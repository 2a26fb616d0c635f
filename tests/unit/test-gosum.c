/* go.sum reading and writing. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "tests/unit/testlib.h"

/* Lines in the order go writes them (module.Sort, then hash). */
static const char *sorted =
    "github.com/pulumi/pulumi/sdk/v3 v3.100.0 "
    "h1:2XY5+mNxn/cpVEVx06N+gO7Ub9wDoOP0WxLvune4DJo=\n"
    "github.com/pulumi/pulumi/sdk/v3 v3.100.0/go.mod "
    "h1:SB8P0BEGBRaONBxwoTjUFhGPLU5P3+MHF6/tGitlHOM=\n"
    "github.com/pulumi/pulumi/sdk/v3 v3.143.0 "
    "h1:z1m8Fc6l723eU2J/bP7UHE5t6WbBu4iIDAl1WaalQk4=\n"
    "gopkg.in/yaml.v3 v3.0.0-20200313102051-9f266ea9e77c/go.mod "
    "h1:K4uyk7z7BCEPqu6E+C64Yfv1cQ7kz7rIZviUmN+EgEM=\n"
    "gopkg.in/yaml.v3 v3.0.1 h1:fxVm/GzAzEWqLHuvctI91KS9hhNmmWOoWu0XTYJS7CA=\n";

/* Parse and format give go's order back from any order. */
static void
test_gosum_roundtrip(void **state)
{
	struct modfile_errors	 errs;
	struct gosum		 s;
	char			*shuffled, *out;
	const char		*lines[5], *p;
	size_t			 i, n;
	struct buf		 b;

	/* Reverse the lines and duplicate one. */
	for (p = sorted, n = 0; *p != '\0'; p = strchr(p, '\n') + 1)
		lines[n++] = p;
	buf_init(&b, 0);
	for (i = n; i > 0; i--)
		buf_add(&b, lines[i - 1], strcspn(lines[i - 1], "\n") + 1);
	buf_add(&b, lines[0], strcspn(lines[0], "\n") + 1);
	buf_adds(&b, "\n   \n");
	shuffled = buf_steal(&b);
	gosum_init(&s);
	modfile_errors_init(&errs, "go.sum");
	assert_int_equal(gosum_parse(shuffled, strlen(shuffled), &s, &errs), 0);
	assert_int_equal(errs.n, 0);
	out = gosum_format(&s);
	assert_string_equal(out, sorted);
	assert_non_null(gosum_lookup(&s, "github.com/pulumi/pulumi/sdk/v3",
	    "v3.100.0/go.mod"));
	assert_null(gosum_lookup(&s, "github.com/pulumi/pulumi/sdk/v3",
	    "v3.101.0"));
	free(out);
	free(shuffled);
	gosum_free(&s);
	modfile_errors_free(&errs);
}

/* Bad lines are errors at their line; good lines are kept. */
static void
test_gosum_errors(void **state)
{
	static const char	*bad =
	    "example.com/a v1.0.0 h1:2XY5+mNxn/cpVEVx06N+gO7Ub9wDoOP0WxLvune4DJo=\n"
	    "example.com/b v1.0.0\n"
	    "example.com/c v1.0 h1:2XY5+mNxn/cpVEVx06N+gO7Ub9wDoOP0WxLvune4DJo=\n"
	    "example.com/d v1.0.0 h1:short=\n"
	    "Example/e v1.0.0 h1:2XY5+mNxn/cpVEVx06N+gO7Ub9wDoOP0WxLvune4DJo=\n"
	    "example.com/f v1.0.0/go.mod "
	    "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=\n";
	struct modfile_errors	 errs;
	struct gosum		 s;
	char			*msg;

	gosum_init(&s);
	modfile_errors_init(&errs, "go.sum");
	assert_int_equal(gosum_parse(bad, strlen(bad), &s, &errs), -1);
	msg = modfile_errors_string(&errs);
	/* Only the field count is an error, as in the go command's
	 * readGoSum; three fields naming nothing real are kept aside. */
	assert_string_equal(msg, "go.sum:2: wrong number of fields 2");
	assert_int_equal(s.ignored.n, 3);
	assert_string_equal(s.ignored.v[0], "3: invalid version \"v1.0\"");
	assert_string_equal(s.ignored.v[1], "4: malformed hash \"h1:short=\"");
	assert_string_equal(s.ignored.v[2], "5: malformed module path "
	    "\"Example/e\": missing dot in first path element");
	/* The old empty-go.mod hash is dropped, as go drops it. */
	assert_int_equal(s.n, 1);
	assert_string_equal(s.v[0].path, "example.com/a");
	assert_int_equal(s.v[0].line, 1);
	free(msg);
	gosum_free(&s);
	modfile_errors_free(&errs);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_gosum_roundtrip),
		cmocka_unit_test(test_gosum_errors),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
