/* The table of go.mod summaries (engine/modsum.c): a summary holds what
 * the go.mod says (declared path and deprecation, go line, requirements
 * in order, retractions, the go.sum hash of its text), a text that does
 * not parse gives the parser's errors, and the table keeps summaries
 * within its bound in bytes: past it, it starts again empty, and a
 * summary larger than the whole bound is not kept (the caller keeps it). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "engine/engine.h"
#include "tests/unit/testlib.h"

static const char gomod[] =
    "// Deprecated: use example.com/m/v2\n"
    "module example.com/m\n"
    "\n"
    "go 1.21\n"
    "\n"
    "require (\n"
    "\texample.com/a v1.2.3\n"
    "\texample.com/b v0.1.0 // indirect\n"
    ")\n"
    "\n"
    "retract [v1.0.0, v1.0.5] // broken\n"
    "retract v1.1.0\n";

static void
test_modsum_fields(void **state)
{
	struct modsum	*s;
	char		*why, *h1;

	s = modsum_parse("m.mod", gomod, strlen(gomod), 1, &why);
	assert_non_null(s);
	assert_null(why);
	assert_string_equal(s->module, "example.com/m");
	assert_string_equal(s->deprecated, "use example.com/m/v2");
	assert_string_equal(s->go, "1.21");
	assert_int_equal(s->nreq, 2);
	assert_string_equal(s->req[0].path, "example.com/a");
	assert_string_equal(s->req[0].version, "v1.2.3");
	assert_string_equal(s->req[1].path, "example.com/b");
	assert_string_equal(s->req[1].version, "v0.1.0");
	assert_int_equal(s->nretract, 2);
	assert_string_equal(s->retract[0].low, "v1.0.0");
	assert_string_equal(s->retract[0].high, "v1.0.5");
	assert_string_equal(s->retract[0].rationale, "broken");
	assert_string_equal(s->retract[1].low, "v1.1.0");
	assert_string_equal(s->retract[1].high, "v1.1.0");
	assert_string_equal(s->retract[1].rationale, "");
	h1 = dirhash_gomod(gomod, strlen(gomod));
	assert_string_equal(s->h1, h1);
	free(h1);
	free(s);
	/* Without the hash (a local directory's go.mod), and no go line. */
	s = modsum_parse("x", "module x\n", 9, 0, &why);
	assert_non_null(s);
	assert_string_equal(s->h1, "");
	assert_null(s->go);
	assert_null(s->deprecated);
	assert_int_equal(s->nreq + s->nretract, 0);
	free(s);
}

static void
test_modsum_invalid(void **state)
{
	char	*why;

	assert_null(modsum_parse("bad.mod", "module m\nrequire (\n", 19, 1,
	    &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "bad.mod:"));
	free(why);
}

static void
test_modsums_bound(void **state)
{
	struct modsums		 t;
	struct modsum		*a, *b, *c;
	const struct modsum	*got;
	char			*why;

	a = modsum_parse("a", gomod, strlen(gomod), 1, &why);
	b = modsum_parse("b", gomod, strlen(gomod), 1, &why);
	/* Room for one summary, not two. */
	modsums_init(&t, a->size + a->size / 2);
	assert_ptr_equal(modsums_put(&t, "example.com/m", "v1.0.0", a), a);
	got = modsums_get(&t, "example.com/m", "v1.0.0");
	assert_ptr_equal(got, a);
	assert_null(modsums_get(&t, "example.com/m", "v1.0.1"));
	assert_int_equal(t.hits, 1);
	assert_int_equal(t.misses, 1);
	/* The second does not fit beside the first: the table starts again. */
	assert_ptr_equal(modsums_put(&t, "example.com/m", "v1.0.1", b), b);
	assert_null(modsums_get(&t, "example.com/m", "v1.0.0"));
	assert_ptr_equal(modsums_get(&t, "example.com/m", "v1.0.1"), b);
	assert_int_equal(t.bytes, b->size);
	/* The same key again replaces it. */
	c = modsum_parse("c", "module example.com/m\n", 21, 1, &why);
	assert_ptr_equal(modsums_put(&t, "example.com/m", "v1.0.1", c), c);
	assert_ptr_equal(modsums_get(&t, "example.com/m", "v1.0.1"), c);
	assert_int_equal(t.bytes, c->size);
	modsums_free(&t);
	/* Larger than the whole table: not kept, still the caller's. */
	a = modsum_parse("a", gomod, strlen(gomod), 1, &why);
	modsums_init(&t, a->size - 1);
	assert_null(modsums_put(&t, "example.com/m", "v1.0.0", a));
	assert_null(modsums_get(&t, "example.com/m", "v1.0.0"));
	free(a);
	modsums_free(&t);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_modsum_fields),
		cmocka_unit_test(test_modsum_invalid),
		cmocka_unit_test(test_modsums_bound),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
