/* The rule table and findings through JSON, the form the daemon sends:
 * every rule survives the round trip, a code this modvet does not know
 * (a newer daemon's) is kept instead of failing the answer, and a
 * malformed code is refused. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/util.h"
#include "engine/engine.h"
#include "tests/unit/testlib.h"

/* Every row: a unique code, a summary and help. */
static void
test_rules_table(void **state)
{
	const struct rule	*all;
	size_t			 n, i, j;

	all = rule_all(&n);
	assert_true(n >= 12);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(rule_find(all[i].code), &all[i]);
		assert_true(strlen(all[i].summary) > 10);
		assert_true(strlen(all[i].help) > 40);
		for (j = 0; j < i; j++)
			assert_string_not_equal(all[i].code, all[j].code);
	}
	assert_null(rule_find("no-such-rule"));
}

/* Every rule's finding comes back as it went. */
static void
test_rules_roundtrip(void **state)
{
	struct findings		 in, out;
	const struct rule	*all;
	struct finding		*f;
	cJSON			*doc;
	size_t			 n, i;

	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	all = rule_all(&n);
	for (i = 0; i < n; i++) {
		f = findings_add(&in, all[i].code, all[i].severity,
		    "example.com/m", "v1.0.0", (int)i + 1, "message %zu", i);
		finding_evidence(f, "evidence %zu", i);
	}
	doc = findings_to_json(&in, "go.mod");
	assert_int_equal(findings_from_json(doc, &out), 0);
	assert_int_equal(out.n, n);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(out.v[i].code, all[i].code);
		assert_int_equal(out.v[i].severity, all[i].severity);
		assert_int_equal(out.v[i].line, (int)i + 1);
		assert_string_equal(out.v[i].evidence.v[0], in.v[i].evidence.v[0]);
	}
	cJSON_Delete(doc);
	findings_free(&in);
	findings_free(&out);
}

/* A newer daemon's rule is shown, not a reason to fail. */
static void
test_rules_unknown_code(void **state)
{
	struct findings	 out;
	cJSON		*doc;

	memset(&out, 0, sizeof out);
	doc = cJSON_Parse("{\"findings\": [{\"code\": \"future-rule\", "
	    "\"severity\": \"error\", \"line\": 3, \"message\": \"m\"}]}");
	assert_int_equal(findings_from_json(doc, &out), 0);
	assert_int_equal(out.n, 1);
	assert_string_equal(out.v[0].code, "future-rule");
	assert_int_equal(out.v[0].severity, FINDING_ERROR);
	cJSON_Delete(doc);
	findings_free(&out);
	doc = cJSON_Parse("{\"findings\": [{\"code\": \"Bad\\u001bCode\", "
	    "\"severity\": \"error\", \"message\": \"m\"}]}");
	assert_int_equal(findings_from_json(doc, &out), -1);
	cJSON_Delete(doc);
	findings_free(&out);
}

/*
 * buf_add_json_string writes what cJSON's print writes, byte for byte
 * (the client sends go.mod and go.sum with it, the rest with cJSON, and
 * the daemon's memo keys on the bytes): every byte value 1..255 alone,
 * between others and in runs, and a go.sum-like text; and it reads back.
 */
static void
test_json_string_as_cjson(void **state)
{
	static const char	*texts[] = { "", "plain", "tab\there \"q\" \\",
	    "line\nbreak\r\n\b\f\x01\x1f\x7f\xc3\xa9\xff end",
	    "golang.org/x/mod v0.20.0 h1:abc+/=\ngolang.org/x/mod v0.20.0/go.mod "
	    "h1:def=\n" };
	char			 s[8];
	struct buf		 b;
	cJSON			*str, *back;
	char			*want;
	int			 c;

	for (c = 1; c < 256 + (int)nitems(texts); c++) {
		const char *text = s;

		if (c < 256)
			snprintf(s, sizeof s, "a%cb%c%c", c, c, c);
		else
			text = texts[c - 256];
		buf_init(&b, 0);
		assert_int_equal(buf_add_json_string(&b, text), 0);
		buf_addc(&b, '\0');
		str = cJSON_CreateString(text);
		want = cJSON_PrintUnformatted(str);
		assert_string_equal(b.data, want);
		back = cJSON_Parse(b.data);
		assert_non_null(back);
		assert_string_equal(cJSON_GetStringValue(back), text);
		cJSON_Delete(back);
		cJSON_free(want);
		cJSON_Delete(str);
		buf_free(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_rules_table),
		cmocka_unit_test(test_rules_roundtrip),
		cmocka_unit_test(test_rules_unknown_code),
		cmocka_unit_test(test_json_string_as_cjson),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
