/* Conformance: go.mod and go.work parsing, printing and editing
 * (shared/conformance/modfile/{format,parse,edit}.jsonl). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "tests/unit/testlib.h"

/* Parse text in the mode the case asks for; NULL on error (the errors
 * joined go to *errtext when it is not NULL). */
static struct modfile *
parse_mode(const char *name, const char *text, enum modfile_mode mode,
    modfile_fixer fix, char **errtext)
{
	struct modfile_errors	 errs;
	struct modfile		*f;

	modfile_errors_init(&errs, name);
	f = modfile_parse(name, text, strlen(text), mode, fix, NULL, &errs);
	if (f == NULL && errtext != NULL)
		*errtext = modfile_errors_string(&errs);
	modfile_errors_free(&errs);
	return (f);
}

/* The mode of a case: go.work files, or strict/lax go.mod files. */
static enum modfile_mode
case_mode(const cJSON *c)
{
	const cJSON	*strict = cJSON_GetObjectItemCaseSensitive(c, "strict");

	if (strcmp(testlib_str_or(c, "file_kind", "go.mod"), "go.work") == 0)
		return (MODFILE_WORK);
	if (cJSON_IsFalse(strict))
		return (MODFILE_LAX);
	return (MODFILE_STRICT);
}

/* Parse only the syntax (no directive checks), as read.go's parse. */
static struct modfile *
parse_syntax(const char *name, const char *text, enum modfile_kind kind)
{
	struct modfile_errors	 errs;
	struct modfile		*f;

	modfile_errors_init(&errs, name);
	f = modfile_new(kind);
	if (modread_parse(f, name, text, strlen(text), &errs) != 0) {
		modfile_free(f);
		f = NULL;
	}
	modfile_errors_free(&errs);
	return (f);
}

/* Format a file as the Go tests do: after a strict parse when the file
 * passes one (which canonicalises tokens), else after a syntax parse. */
static char *
format_file(const char *path, const char *data, int work, int *strict_ok)
{
	struct modfile	*f;
	char		*out;

	f = parse_mode(path, data, work ? MODFILE_WORK : MODFILE_STRICT, NULL,
	    NULL);
	*strict_ok = f != NULL;
	if (f == NULL)
		f = parse_syntax(path, data, work ? MODFILE_GOWORK :
		    MODFILE_GOMOD);
	if (f == NULL)
		return (NULL);
	out = modprint_format(f->syntax, NULL);
	modfile_free(f);
	return (out);
}

/* format.jsonl: TestPrintGolden (a golden file formats to itself) and
 * TestPrintParse (an .in file formats to its golden file). */
static int
format_case(const cJSON *c, const char *kind, void *unused)
{
	const cJSON	*in = cJSON_GetObjectItemCaseSensitive(c, "in");
	char		*rel, *inpath, *goldpath, *data, *golden, *out;
	struct modfile	*f;
	int		 ok = 1, work, strict_ok;

	work = strcmp(testlib_str(c, "file_kind"), "go.work") == 0;
	xasprintf(&rel, "conformance/modfile/%s", testlib_str(c, "golden"));
	goldpath = testlib_shared_path(rel);
	free(rel);
	golden = testlib_read_file(goldpath, NULL);
	assert_non_null(golden);
	f = parse_syntax(goldpath, golden, work ? MODFILE_GOWORK :
	    MODFILE_GOMOD);
	assert_non_null(f);
	out = modprint_format(f->syntax, NULL);
	if (strcmp(out, golden) != 0)
		ok = testlib_fail(c, "golden does not format to itself:\n%s",
		    out);
	free(out);
	modfile_free(f);
	if (cJSON_IsString(in)) {
		xasprintf(&rel, "conformance/modfile/%s", in->valuestring);
		inpath = testlib_shared_path(rel);
		free(rel);
	} else
		inpath = xstrdup(goldpath);
	data = testlib_read_file(inpath, NULL);
	assert_non_null(data);
	out = format_file(inpath, data, work, &strict_ok);
	if (out == NULL || strcmp(out, golden) != 0)
		ok = testlib_fail(c, "format mismatch:\n%s\n---want\n%s",
		    out != NULL ? out : "(parse failed)", golden);
	free(out);
	/* As in the Go tests, a false flag only tolerates a failed strict
	 * parse; whether go rejects those files is checked against the go
	 * command itself by tests/diff-gomod.sh. */
	if (!strict_ok && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c,
	    cJSON_IsString(in) ? "in_strict_parse_ok" :
	    "golden_strict_parse_ok")))
		ok = testlib_fail(c, "strict parse of %s failed", inpath);
	free(data);
	free(golden);
	free(inpath);
	free(goldpath);
	return (ok);
}

/* Every statement's tokens, blocks with their parentheses. */
static char *
all_tokens(const struct modfile *f)
{
	const struct modfile_expr	*x;
	struct buf			 b;
	size_t				 i, j, k;

	buf_init(&b, 0);
	for (i = 0; i < f->syntax->stmt.n; i++) {
		x = f->syntax->stmt.v[i];
		for (k = 0; x->kind != MODFILE_COMMENT_BLOCK && k < x->ntok; k++)
			buf_printf(&b, "%s|", x->tok[k]);
		if (x->kind != MODFILE_BLOCK)
			continue;
		buf_adds(&b, "(|");
		for (j = 0; j < x->lines.n; j++) {
			for (k = 0; k < x->lines.v[j]->ntok; k++)
				buf_printf(&b, "%s|", x->lines.v[j]->tok[k]);
		}
		buf_adds(&b, ")|");
	}
	return (buf_steal(&b));
}

/* The expected tokens, joined the same way. */
static char *
want_tokens(const cJSON *c, const char *field)
{
	const cJSON	*t;
	struct buf	 b;

	buf_init(&b, 0);
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(c, field))
		buf_printf(&b, "%s|", t->valuestring);
	return (buf_steal(&b));
}

/* Describe a comment list as TestComments does. */
static void
describe_comments(struct buf *b, const char *where,
    const struct modfile_comments *com)
{
	const struct modfile_comment_vec	*v[3] = {
		&com->before, &com->suffix, &com->after
	};
	static const char			*names[3] = {
		"before", "suffix", "after"
	};
	char					*q;
	size_t					 g, i;

	for (g = 0; g < 3; g++) {
		for (i = 0; i < v[g]->n; i++) {
			q = strquote_quote(v[g]->v[i].token);
			buf_printf(b, "%s %s %s\n", where, names[g], q);
			free(q);
		}
	}
}

/* The comment attachment of a whole file. */
static char *
describe_file(const struct modfile *f)
{
	const struct modfile_expr	*x;
	struct buf			 b;
	size_t				 i, j;

	buf_init(&b, 0);
	for (i = 0; i < f->syntax->stmt.n; i++) {
		x = f->syntax->stmt.v[i];
		switch (x->kind) {
		case MODFILE_COMMENT_BLOCK:
			describe_comments(&b, "comments", &x->com);
			break;
		case MODFILE_LINE:
			describe_comments(&b, "line", &x->com);
			break;
		default:
			describe_comments(&b, "block", &x->com);
			describe_comments(&b, "lparen", &x->lparen->com);
			for (j = 0; j < x->lines.n; j++)
				describe_comments(&b, "blockline",
				    &x->lines.v[j]->com);
			describe_comments(&b, "rparen", &x->rparen->com);
			break;
		}
	}
	return (buf_steal(&b));
}

/* Lines of a "want" list, each followed by a newline. */
static char *
want_lines(const cJSON *c)
{
	const cJSON	*t;
	struct buf	 b;

	buf_init(&b, 0);
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(c, "want"))
		buf_printf(&b, "%s\n", t->valuestring);
	return (buf_steal(&b));
}

/* Compare two strings and free both. */
static int
same(const cJSON *c, char *got, char *want)
{
	int	ok = strcmp(got, want) == 0;

	if (!ok)
		testlib_fail(c, "got:\n%s\nwant:\n%s", got, want);
	free(got);
	free(want);
	return (ok);
}

/* Build the syntax tree a cleanup case describes. */
static struct modfile *
build_tree(const cJSON *input)
{
	struct modfile		*f = modfile_new(MODFILE_GOMOD);
	struct modfile_expr	*x, *l;
	const cJSON		*s, *toks, *line, *t;
	size_t			 n;

	cJSON_ArrayForEach(s, input) {
		if ((toks = cJSON_GetObjectItemCaseSensitive(s, "line")) !=
		    NULL) {
			x = modsyntax_new(f, MODFILE_LINE);
		} else {
			x = modsyntax_new(f, MODFILE_BLOCK);
			toks = cJSON_GetObjectItemCaseSensitive(s, "block");
			cJSON_ArrayForEach(line,
			    cJSON_GetObjectItemCaseSensitive(s, "lines")) {
				l = modsyntax_new(f, MODFILE_LINE);
				l->in_block = 1;
				if (!cJSON_IsNull(line)) {
					n = cJSON_GetArraySize(line);
					l->tok = arena_alloc(&f->arena,
					    (n + 1) * sizeof *l->tok);
					cJSON_ArrayForEach(t, line)
						l->tok[l->ntok++] = arena_strdup(
						    &f->arena, t->valuestring);
				}
				ARENA_PUSH(&f->arena, &x->lines, l);
			}
		}
		if (!cJSON_IsNull(toks)) {
			n = cJSON_GetArraySize(toks);
			x->tok = arena_alloc(&f->arena, (n + 1) *
			    sizeof *x->tok);
			cJSON_ArrayForEach(t, toks)
				x->tok[x->ntok++] = arena_strdup(&f->arena,
				    t->valuestring);
		}
		ARENA_PUSH(&f->arena, &f->syntax->stmt, x);
	}
	return (f);
}

/* Describe a tree as the cleanup cases want it. */
static char *
describe_tree(const struct modfile *f)
{
	const struct modfile_expr	*x;
	struct buf			 b;
	size_t				 i, j, k;

	buf_init(&b, 0);
	for (i = 0; i < f->syntax->stmt.n; i++) {
		x = f->syntax->stmt.v[i];
		buf_adds(&b, x->kind == MODFILE_BLOCK ? "block:" : "line:");
		for (k = 0; k < x->ntok; k++)
			buf_printf(&b, " %s", x->tok[k]);
		buf_addc(&b, '\n');
		for (j = 0; x->kind == MODFILE_BLOCK && j < x->lines.n; j++) {
			buf_adds(&b, "blockline:");
			for (k = 0; k < x->lines.v[j]->ntok; k++)
				buf_printf(&b, " %s", x->lines.v[j]->tok[k]);
			buf_addc(&b, '\n');
		}
	}
	return (buf_steal(&b));
}

/* The fixer of the fix_version cases: only example.com/m, add a "v". */
static int
fix_v(void *arg, const char *path, const char *vers, const char **out,
    char **cause)
{
	static char	buf[256];

	if (strcmp(path, "example.com/m") != 0) {
		xasprintf(cause, "non-lax module path %s", path);
		return (-1);
	}
	snprintf(buf, sizeof buf, "v%s", vers);
	*out = buf;
	return (0);
}

/* Format text after parsing it in mode (for comparing edit results). */
static char *
reformat(const char *text, enum modfile_mode mode, modfile_fixer fix)
{
	struct modfile	*f;
	char		*out, *err = NULL;

	if ((f = parse_mode("want", text, mode, fix, &err)) == NULL) {
		fprintf(stderr, "cannot parse want: %s\n", err);
		free(err);
		return (xstrdup("(unparsable)"));
	}
	out = modprint_format(f->syntax, NULL);
	modfile_free(f);
	return (out);
}

/* fix_version: Parse with a fixer. */
static int
fix_version_case(const cJSON *c)
{
	struct modfile	*f;
	const char	*want_err;
	char		*err = NULL, *out;
	int		 ok = 1;

	f = parse_mode("in", testlib_str(c, "input"), MODFILE_STRICT, fix_v,
	    &err);
	want_err = testlib_str_or(c, "want_error_contains", NULL);
	if (want_err != NULL) {
		if (f != NULL || strstr(err, want_err) == NULL)
			ok = testlib_fail(c, "error %s, want %s", err, want_err);
	} else if (f == NULL)
		ok = testlib_fail(c, "parse failed: %s", err);
	else {
		out = modprint_format(f->syntax, NULL);
		ok = same(c, out, reformat(testlib_str(c, "want"),
		    MODFILE_STRICT, NULL));
	}
	modfile_free(f);
	free(err);
	return (ok);
}

/* parse.jsonl cases. */
static int
parse_case(const cJSON *c, const char *kind, void *unused)
{
	struct modfile	*f, *lax;
	const char	*in = testlib_str_or(c, "input", "");
	const cJSON	*rp, *t;
	char		*got, *want;
	size_t		 i;
	int		 ok = 1;

	if (strcmp(kind, "parse_punctuation") == 0) {
		f = parse_syntax("in", in, MODFILE_GOMOD);
		assert_non_null(f);
		ok = same(c, all_tokens(f), want_tokens(c, "tokens"));
		modfile_free(f);
		return (ok);
	}
	/* Not ported: modfile.ModulePath (modvet parses the whole file);
	 * counted as skipped. */
	if (strcmp(kind, "module_path") == 0)
		return (-1);
	if (strcmp(kind, "parse_versions") == 0) {
		/* TestParseVersions: strict parsing must agree with "ok"; a
		 * lax parse must succeed when ok, and may succeed only when
		 * ok or laxOK (laxOK permits, it does not require). */
		f = parse_mode("go.mod", in, MODFILE_STRICT, NULL, NULL);
		lax = parse_mode("go.mod", in, MODFILE_LAX, NULL, NULL);
		if ((f != NULL) != testlib_bool(c, "strict_ok"))
			ok = testlib_fail(c, "strict parse %s",
			    f != NULL ? "accepted" : "rejected");
		if ((lax == NULL && testlib_bool(c, "strict_ok")) ||
		    (lax != NULL && !testlib_bool(c, "strict_ok") &&
		    !testlib_bool(c, "lax_ok")))
			ok = testlib_fail(c, "lax parse %s",
			    lax != NULL ? "accepted" : "rejected");
		modfile_free(f);
		modfile_free(lax);
		return (ok);
	}
	if (strcmp(kind, "parse_lax") == 0) {
		f = parse_mode("in", in, MODFILE_LAX, NULL, NULL);
		if (f == NULL)
			return (testlib_fail(c, "ParseLax failed"));
		if (strcmp(f->module->mod.path,
		    testlib_str(c, "module_path")) != 0)
			ok = testlib_fail(c, "module %s", f->module->mod.path);
		rp = cJSON_GetObjectItemCaseSensitive(c, "require_paths");
		if ((size_t)cJSON_GetArraySize(rp) != f->require.n)
			ok = testlib_fail(c, "%zu requirements", f->require.n);
		i = 0;
		cJSON_ArrayForEach(t, rp) {
			if (i < f->require.n && strcmp(t->valuestring,
			    f->require.v[i]->mod.path) != 0)
				ok = testlib_fail(c, "require %s", t->valuestring);
			i++;
		}
		modfile_free(f);
		return (ok);
	}
	if (strcmp(kind, "comments") == 0) {
		f = parse_mode("in", in, MODFILE_LAX, NULL, NULL);
		assert_non_null(f);
		ok = same(c, describe_file(f), want_lines(c));
		modfile_free(f);
		return (ok);
	}
	if (strcmp(kind, "cleanup") == 0) {
		f = build_tree(cJSON_GetObjectItemCaseSensitive(c, "input"));
		modsyntax_cleanup(f);
		ok = same(c, describe_tree(f), want_lines(c));
		modfile_free(f);
		return (ok);
	}
	if (strcmp(kind, "retract_rationale") == 0 ||
	    strcmp(kind, "module_deprecated") == 0) {
		f = parse_mode("in", in, MODFILE_STRICT, NULL, NULL);
		if (f == NULL)
			return (testlib_fail(c, "parse failed"));
		if (strcmp(kind, "module_deprecated") == 0)
			got = xstrdup(f->module->deprecated);
		else if (f->retract.n != 1)
			got = xstrdup("(not one retract)");
		else
			got = xstrdup(f->retract.v[0]->rationale);
		want = xstrdup(testlib_str(c, "want"));
		modfile_free(f);
		return (same(c, got, want));
	}
	if (strcmp(kind, "fix_version") == 0)
		return (fix_version_case(c));
	/* Not ported: AddRetract and AddExclude (their validation
	 * errors) went with the other edits no program makes (issue 9);
	 * counted as skipped. */
	if (strcmp(kind, "add_retract_validate") == 0 ||
	    strcmp(kind, "add_exclude_validate") == 0)
		return (-1);
	return (testlib_fail(c, "unknown kind %s", kind));
}

/* The wanted requirements of a set_require* case. */
static struct modedit_req *
case_reqs(const cJSON *args, size_t *n)
{
	const cJSON		*mods, *m;
	struct modedit_req	*req;

	mods = cJSON_GetObjectItemCaseSensitive(args, "mods");
	*n = cJSON_GetArraySize(mods);
	req = xcalloc(*n + 1, sizeof *req);
	*n = 0;
	cJSON_ArrayForEach(m, mods) {
		req[*n].path = testlib_str(m, "path");
		req[*n].version = testlib_str(m, "version");
		req[*n].indirect = testlib_bool(m, "indirect");
		(*n)++;
	}
	return (req);
}

/* Apply one edit.jsonl operation: 1, or 0 for an edit no program
 * makes, whose port went (issue 9; the case counts as skipped). */
static int
apply_edit(struct modfile *f, const char *kind, const cJSON *a)
{
	struct modedit_req	*req;
	size_t			 n;

#define S(name) testlib_str(a, name)
	if (strncmp(kind, "work_", 5) == 0)
		kind += 5;
	if (strcmp(kind, "add_require") == 0)
		modedit_add_require(f, S("path"), S("version"));
	else if (strcmp(kind, "set_require_separate_indirect") == 0) {
		req = case_reqs(a, &n);
		modedit_set_require_separate_indirect(f, req, n);
		free(req);
	} else if (strcmp(kind, "add_go") == 0 ||
	    strcmp(kind, "add_go_on_empty_file") == 0)
		assert_int_equal(modedit_add_go(f, S("version"), NULL), 0);
	else if (strcmp(kind, "sort_blocks") == 0)
		modedit_sort_blocks(f);
	else
		return (0);
#undef S
	return (1);
}

/* edit.jsonl cases. */
static int
edit_case(const cJSON *c, const char *kind, void *unused)
{
	const cJSON		*in = cJSON_GetObjectItemCaseSensitive(c, "input");
	const cJSON		*count;
	enum modfile_mode	 mode = case_mode(c);
	struct modfile		*f;
	char			*err = NULL;
	int			 ok;

	if (cJSON_IsNull(in))
		f = modfile_new(MODFILE_GOMOD);
	else if ((f = parse_mode("in", in->valuestring, mode, NULL,
	    &err)) == NULL) {
		ok = testlib_fail(c, "cannot parse input: %s", err);
		free(err);
		return (ok);
	}
	if (!apply_edit(f, kind, cJSON_GetObjectItemCaseSensitive(c,
	    "args"))) {
		modfile_free(f);
		return (-1);
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "cleanup")))
		modedit_cleanup(f);
	ok = same(c, modprint_format(f->syntax, NULL),
	    reformat(testlib_str(c, "want"), mode, NULL));
	count = cJSON_GetObjectItemCaseSensitive(c, "want_require_count");
	if (count != NULL && f->require.n != (size_t)count->valuedouble)
		ok = testlib_fail(c, "%zu requirements, want %d",
		    f->require.n, (int)count->valuedouble);
	modfile_free(f);
	return (ok);
}

/* Every case of format.jsonl. */
static void
test_modfile_format(void **state)
{
	testlib_run_jsonl("conformance/modfile/format.jsonl", NULL,
	    format_case, NULL);
}

/* Every case of parse.jsonl. */
static void
test_modfile_parse(void **state)
{
	testlib_run_jsonl("conformance/modfile/parse.jsonl", NULL, parse_case,
	    NULL);
}

/* Every case of edit.jsonl. */
static void
test_modfile_edit(void **state)
{
	testlib_run_jsonl("conformance/modfile/edit.jsonl", NULL, edit_case,
	    NULL);
}

/* Errors name the file, line and column, and read as Go's. */
static void
test_modfile_errors(void **state)
{
	char	*err = NULL;

	assert_null(parse_mode("go.mod", "module m\nrequire (\n\tx.y/z v1.2\n"
	    "\tx.y/w 1.0.0\n)\n", MODFILE_STRICT, NULL, &err));
	assert_string_equal(err, "go.mod:4:2: require x.y/w: version "
	    "\"1.0.0\" invalid: must be of the form v1.2.3");
	free(err);
	assert_null(parse_mode("go.mod", "module m\nrequire x.y/z/v6 v5.1.0\n",
	    MODFILE_STRICT, NULL, &err));
	assert_string_equal(err, "go.mod:2: require x.y/z/v6: version "
	    "\"v5.1.0\" invalid: should be v6, not v5");
	free(err);
	assert_null(parse_mode("go.mod", "module m /* x */\n", MODFILE_STRICT,
	    NULL, &err));
	assert_string_equal(err, "go.mod:1:10: mod files must use // comments "
	    "(not /* */ comments)");
	free(err);
	assert_null(parse_mode("go.mod", "module m\nrequire (\n", MODFILE_STRICT,
	    NULL, &err));
	assert_string_equal(err, "go.mod:3: syntax error (unterminated block "
	    "started at go.mod:2:1)");
	free(err);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_modfile_format),
		cmocka_unit_test(test_modfile_parse),
		cmocka_unit_test(test_modfile_edit),
		cmocka_unit_test(test_modfile_errors),
	};

	testlib_require_shared();
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
