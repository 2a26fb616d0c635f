/*
 * Conformance: module zips and h1 hashes (shared/conformance/dirhash.jsonl,
 * modzip/cases.jsonl, modzip/rules.jsonl). modvet reads zips and never
 * makes or extracts one: x/mod's Create, CreateFromDir, CheckFiles,
 * CheckDir and HashDir went (issue 9), and their cases count as skipped.
 * Unzip's cases are CheckZip's and HashZip's here: Unzip checks a zip as
 * CheckZip does, and the tree it writes hashes as the zip does.
 */

#include "config.h"

#include <sys/stat.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "tests/unit/testlib.h"

/* Read a txtar under shared/conformance. */
static void
read_txtar(const char *rel, struct testlib_txtar *t)
{
	char	*p, *path;

	xasprintf(&p, "conformance/%s", rel);
	path = testlib_shared_path(p);
	free(p);
	if (testlib_txtar_read(path, t) != 0)
		fail_msg("cannot read %s", path);
	free(path);
}

/* Write the txtar files as the entries of a zip. */
static void
txtar_to_zip(const struct testlib_txtar *t, const char *zippath)
{
	struct testlib_zip_entry	*e;
	size_t				 i, n = 0;

	e = xcalloc(t->nfiles + 1, sizeof *e);
	for (i = 0; i < t->nfiles; i++) {
		if (strcmp(t->files[i].name, "want") == 0)
			continue;
		e[n].name = t->files[i].name;
		e[n].data = t->files[i].data;
		e[n].len = t->files[i].len;
		n++;
	}
	testlib_write_zip(zippath, e, n);
	free(e);
}

/*
 * Unzip's case: the archive as a zip, checked (CheckZip, as Unzip checks
 * it first) and hashed (HashZip: the tree Unzip writes hashes the same);
 * on success *hash, else *err. 0, or -1 for Create and CreateFromDir,
 * which modvet has not.
 */
static int
run_zip_op(const char *op, const char *path, const char *version,
    const struct testlib_txtar *t, char **hash, char **err)
{
	struct modzip_check	 cf;
	char			*work, *zippath;

	*hash = *err = NULL;
	if (strcmp(op, "Unzip") != 0)
		return (-1);
	work = testlib_mkdtemp();
	xasprintf(&zippath, "%s/m.zip", work);
	txtar_to_zip(t, zippath);
	modzip_check_init(&cf);
	if (modzip_check_zip(zippath, path, version, &cf, err) == 0 &&
	    dirhash_zip(zippath, hash, err) != 0)
		*hash = NULL;
	modzip_check_free(&cf);
	testlib_rmtree(work);
	free(work);
	free(zippath);
	return (0);
}

/* Compare the hash or error of an operation with the case. */
static int
check_op_result(const cJSON *c, const char *hash, const char *err,
    const char *want_hash, const char *want_err)
{
	if (want_err != NULL) {
		if (err == NULL || strstr(err, want_err) == NULL)
			return (testlib_fail(c, "error \"%s\", want one "
			    "containing \"%s\"", err != NULL ? err : "(none)",
			    want_err));
		return (1);
	}
	if (hash == NULL || strcmp(hash, want_hash) != 0)
		return (testlib_fail(c, "hash %s, want %s (error %s)",
		    hash != NULL ? hash : "(none)", want_hash,
		    err != NULL ? err : "none"));
	return (1);
}

/* cases.jsonl "zip" and dirhash.jsonl "module_zip_content". */
static int
zip_op_case(const cJSON *c, const char *file, const char *path,
    const char *version, const char *op, const char *want_hash,
    const char *want_err)
{
	struct testlib_txtar	 t;
	char			*hash, *err;
	int			 ok;

	read_txtar(file, &t);
	if (run_zip_op(op, path, version, &t, &hash, &err) != 0)
		ok = -1;
	else
		ok = check_op_result(c, hash, err, want_hash, want_err);
	free(hash);
	free(err);
	testlib_txtar_free(&t);
	return (ok);
}

/* Lines of a check result, as the Go test prints them. */
static char *
describe_errv(const struct modzip_errv *ev, const char *work)
{
	struct buf	b;
	size_t		i;
	const char	*p;

	buf_init(&b, 0);
	for (i = 0; i < ev->n; i++) {
		p = ev->v[i].path;
		if (work != NULL && strncmp(p, work, strlen(work)) == 0) {
			buf_adds(&b, "$work");
			p += strlen(work);
		}
		buf_printf(&b, "%s: %s\n", p, ev->v[i].err);
	}
	return (buf_steal(&b));
}

/* The valid list, with the directory replaced by $work. */
static char *
describe_valid(const struct strv *sv, const char *work)
{
	struct buf	b;
	size_t		i;
	const char	*p;

	buf_init(&b, 0);
	for (i = 0; i < sv->n; i++) {
		p = sv->v[i];
		if (work != NULL && strncmp(p, work, strlen(work)) == 0) {
			buf_adds(&b, "$work");
			p += strlen(work);
		}
		buf_printf(&b, "%s\n", p);
	}
	return (buf_steal(&b));
}

/* The expected lines of a list field. */
static char *
want_list(const cJSON *c, const char *field)
{
	const cJSON	*v;
	struct buf	 b;

	buf_init(&b, 0);
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(c, field))
		buf_printf(&b, "%s\n", v->valuestring);
	return (buf_steal(&b));
}

/* Compare one list and free both texts. */
static int
same_list(const cJSON *c, const char *what, char *got, char *want)
{
	int	ok = strcmp(got, want) == 0;

	if (!ok)
		testlib_fail(c, "%s:\n%s--- want\n%s", what, got, want);
	free(got);
	free(want);
	return (ok);
}

/* cases.jsonl "check": CheckZip's (CheckFiles and CheckDir: skipped). */
static int
check_case(const cJSON *c)
{
	struct testlib_txtar	 t;
	struct modzip_check	 cf;
	const char		*op = testlib_str(c, "op"), *dir = NULL;
	char			*work, *err = NULL, *wpath;
	int			 ok = 1, valid;

	if (strcmp(op, "CheckZip") != 0)
		return (-1);
	xasprintf(&wpath, "modzip/%s", testlib_str(c, "file"));
	read_txtar(wpath, &t);
	free(wpath);
	modzip_check_init(&cf);
	work = testlib_mkdtemp();
	xasprintf(&wpath, "%s/m.zip", work);
	txtar_to_zip(&t, wpath);
	valid = modzip_check_zip(wpath, testlib_str(c, "path"),
	    testlib_str(c, "version"), &cf, &err) == 0;
	free(wpath);
	ok &= same_list(c, "valid", describe_valid(&cf.valid, dir),
	    want_list(c, "want_valid"));
	ok &= same_list(c, "omitted", describe_errv(&cf.omitted, dir),
	    want_list(c, "want_omitted"));
	ok &= same_list(c, "invalid", describe_errv(&cf.invalid, dir),
	    want_list(c, "want_invalid"));
	if (valid != testlib_bool(c, "valid_module"))
		ok = testlib_fail(c, "valid %d (error %s)", valid,
		    err != NULL ? err : "none");
	free(err);
	modzip_check_free(&cf);
	testlib_rmtree(work);
	free(work);
	testlib_txtar_free(&t);
	return (ok);
}

/* One cases.jsonl case. */
static int
cases_case(const cJSON *c, const char *kind, void *unused)
{
	char	*path, *file;
	int	 ok;

	if (strcmp(kind, "check") == 0)
		return (check_case(c));
	path = testlib_str_hex(c, "path");
	xasprintf(&file, "modzip/%s", testlib_str(c, "file"));
	ok = zip_op_case(c, file, path,
	    testlib_str(c, "version"), testlib_str(c, "op"),
	    testlib_str_or(c, "want_hash", NULL),
	    testlib_str_or(c, "want_error_contains", NULL));
	free(file);
	free(path);
	return (ok);
}

/* Hash1 over named contents given as a JSON object. */
static char *
hash_files(const cJSON *files, char **err)
{
	struct dirhash_file	*v;
	const cJSON		*f;
	char			*out = NULL;
	size_t			 n = 0;

	v = xcalloc(cJSON_GetArraySize(files) + 1, sizeof *v);
	cJSON_ArrayForEach(f, files) {
		v[n].name = f->string;
		dirhash_sha256(f->valuestring, strlen(f->valuestring),
		    v[n].sum);
		n++;
	}
	if (dirhash_hash1(v, n, &out, err) != 0)
		out = NULL;
	free(v);
	return (out);
}

/* One dirhash.jsonl case. */
static int
dirhash_case(const cJSON *c, const char *kind, void *unused)
{
	const cJSON	*e;
	struct testlib_zip_entry *ents;
	char		*work, *p, *hash = NULL, *err = NULL;
	size_t		 n = 0;
	int		 ok;

	if (strcmp(kind, "module_zip_content") == 0)
		return (zip_op_case(c, testlib_str(c, "txtar"),
		    testlib_str(c, "module_path"), testlib_str(c, "version"),
		    testlib_str(c, "op"), testlib_str(c, "want"), NULL));
	/* CreateFromDir and HashDir went (modvet makes no zips and
	 * hashes no trees): counted as skipped. */
	if (strcmp(kind, "create_from_dir_special") == 0 ||
	    strcmp(kind, "hash_dir") == 0)
		return (-1);
	if (strcmp(kind, "known_module_hash") == 0) {
		/* Real modules from the network: tests/known-hashes.sh. */
		printf("skip %s@%s: needs the module proxy "
		    "(tests/known-hashes.sh checks it)\n",
		    testlib_str(c, "module_path"), testlib_str(c, "version"));
		return (-1);
	}
	if (strcmp(kind, "hash1") == 0 || strcmp(kind, "empty_hash") == 0) {
		e = cJSON_GetObjectItemCaseSensitive(c, "files");
		hash = hash_files(e, &err);
		if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c,
		    "want_error"))) {
			ok = hash == NULL && err != NULL;
			if (!ok)
				testlib_fail(c, "hash of a name with a newline "
				    "succeeded");
			free(hash);
			free(err);
			return (ok);
		}
	} else {
		work = testlib_mkdtemp();
		e = cJSON_GetObjectItemCaseSensitive(c, "zip_entries");
		ents = xcalloc(cJSON_GetArraySize(e) + 1, sizeof *ents);
		cJSON_ArrayForEach(e, e) {
			ents[n].name = cJSON_GetArrayItem(e, 0)->valuestring;
			ents[n].data = cJSON_GetArrayItem(e, 1)->valuestring;
			ents[n].len = strlen(ents[n].data);
			n++;
		}
		xasprintf(&p, "%s/h.zip", work);
		testlib_write_zip(p, ents, n);
		if (dirhash_zip(p, &hash, &err) != 0)
			hash = NULL;
		free(p);
		free(ents);
		testlib_rmtree(work);
		free(work);
	}
	ok = check_op_result(c, hash, err, testlib_str(c, "want"), NULL);
	free(hash);
	free(err);
	return (ok);
}

/* A zip source producing n zero bytes. */
struct zeros {
	uint64_t	n;
	uint64_t	done;
};

/* libzip callback of the zero source. */
static zip_int64_t
zeros_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct zeros	*z = ud;
	zip_uint64_t	 k;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		z->done = 0;
		return (0);
	case ZIP_SOURCE_READ:
		k = z->n - z->done < len ? z->n - z->done : len;
		memset(data, 0, k);
		z->done += k;
		return (k);
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return (0);
	case ZIP_SOURCE_STAT:
		zip_stat_init(data);
		return (sizeof (zip_stat_t));
	case ZIP_SOURCE_SUPPORTS:
		return (zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_FREE, -1));
	default:
		return (-1);
	}
}

/* Write a deflated zip of files made of zeros. */
static void
write_zeros_zip(const char *zippath, const char *prefix, const char **names,
    const uint64_t *sizes, size_t n)
{
	struct zeros	*z;
	zip_t		*za;
	zip_source_t	*src;
	char		*name;
	size_t		 i;
	int		 err;

	za = zip_open(zippath, ZIP_CREATE | ZIP_TRUNCATE, &err);
	assert_non_null(za);
	z = xcalloc(n, sizeof *z);
	for (i = 0; i < n; i++) {
		z[i].n = sizes[i];
		src = zip_source_function(za, zeros_cb, &z[i]);
		xasprintf(&name, "%s%s", prefix, names[i]);
		assert_true(zip_file_add(za, name, src, 0) >= 0);
		free(name);
	}
	assert_int_equal(zip_close(za), 0);
	free(z);
}

/* A declared size from JSON: 2^63 stands for the negative int64. */
static int64_t
json_size(const cJSON *v)
{
	if (v->valuedouble >= 9223372036854775807.0)
		return (INT64_MIN);
	return ((int64_t)v->valuedouble);
}

/* Does err match the wanted error ("" = success)? */
static int
want_error(const cJSON *c, const char *what, int rc, const char *err,
    const char *want)
{
	if (*want == '\0' && rc != 0)
		return (testlib_fail(c, "%s failed: %s", what, err));
	if (*want != '\0' && (rc == 0 || strstr(err, want) == NULL))
		return (testlib_fail(c, "%s: error \"%s\", want \"%s\"", what,
		    rc == 0 ? "(none)" : err, want));
	return (1);
}

/* The size limits, through CheckZip (CheckFiles, Create and Unzip went;
 * a case for those alone counts as skipped). */
static int
size_limit_case(const cJSON *c)
{
	const cJSON		*files = cJSON_GetObjectItemCaseSensitive(c,
				    "files"), *f;
	const char		*path = testlib_str(c, "module_path");
	const char		*vers = testlib_str(c, "version");
	struct modzip_check	 cf;
	const char		**names;
	uint64_t		*sizes;
	char			*work, *zippath, *prefix, *err = NULL;
	size_t			 n = 0;
	int			 ok, rc;

	if (cJSON_GetObjectItemCaseSensitive(c, "only") != NULL)
		return (-1);
	names = xcalloc(cJSON_GetArraySize(files) + 1, sizeof *names);
	sizes = xcalloc(cJSON_GetArraySize(files) + 1, sizeof *sizes);
	cJSON_ArrayForEach(f, files) {
		int64_t size = json_size(cJSON_GetObjectItemCaseSensitive(f,
		    "size"));

		names[n] = testlib_str(f, "name");
		sizes[n] = size < 0 ? 0 : (uint64_t)size;
		n++;
	}
	work = testlib_mkdtemp();
	xasprintf(&zippath, "%s/m.zip", work);
	xasprintf(&prefix, "%s@%s/", path, vers);
	write_zeros_zip(zippath, prefix, names, sizes, n);
	free(prefix);
	modzip_check_init(&cf);
	rc = modzip_check_zip(zippath, path, vers, &cf, &err);
	ok = want_error(c, "CheckZip", rc, err,
	    testlib_str(c, "want_check_zip_error"));
	modzip_check_free(&cf);
	free(err);
	testlib_rmtree(work);
	free(work);
	free(zippath);
	free(names);
	free(sizes);
	return (ok);
}

/* unzip_size_special: a zip too large is refused before it is read, by
 * CheckZip as by Unzip; a zip lying about a size is found only while
 * extracting it, which modvet does not (skipped). */
static int
unzip_special_case(const cJSON *c)
{
	const char		*desc = testlib_str(c, "desc");
	const cJSON		*w;
	struct modzip_check	 cf;
	char			*work, *zippath, *err = NULL;
	FILE			*fp;
	int			 ok = 0, rc;

	if (strcmp(desc, "size_is_a_lie") == 0)
		return (-1);
	work = testlib_mkdtemp();
	xasprintf(&zippath, "%s/m.zip", work);
	assert_non_null(fp = fopen(zippath, "wb"));
	assert_int_equal(ftruncate(fileno(fp), MODZIP_MAX_ZIP +
	    (strcmp(desc, "too_large_zip") == 0)), 0);
	fclose(fp);
	modzip_check_init(&cf);
	rc = modzip_check_zip(zippath, testlib_str(c, "module_path"),
	    testlib_str(c, "version"), &cf, &err);
	modzip_check_free(&cf);
	cJSON_ArrayForEach(w, cJSON_GetObjectItemCaseSensitive(c,
	    "want_error_contains_any")) {
		if (rc != 0 && strstr(err, w->valuestring) != NULL)
			ok = 1;
	}
	if (!ok)
		testlib_fail(c, "error \"%s\"", rc != 0 ? err : "(none)");
	free(err);
	testlib_rmtree(work);
	free(work);
	free(zippath);
	return (ok);
}

/* One rules.jsonl case. */
static int
rules_case(const cJSON *c, const char *kind, void *unused)
{
	const char	*name;
	long		 want;

	if (strcmp(kind, "limit") == 0) {
		name = testlib_str(c, "name");
		want = testlib_int(c, "value");
		if ((strcmp(name, "MaxZipFile") == 0 && want != MODZIP_MAX_ZIP) ||
		    (strcmp(name, "MaxGoMod") == 0 && want != MODZIP_MAX_GOMOD) ||
		    (strcmp(name, "MaxLICENSE") == 0 &&
		    want != MODZIP_MAX_LICENSE))
			return (testlib_fail(c, "limit %s", name));
		return (1);
	}
	if (strcmp(kind, "size_limit") == 0)
		return (size_limit_case(c));
	if (strcmp(kind, "unzip_size_special") == 0)
		return (unzip_special_case(c));
	/* isVendoredPackage decides what Create leaves out of a zip; modvet
	 * makes none (skipped). */
	return (-1);
}

/* Every case of dirhash.jsonl. */
static void
test_dirhash_conformance(void **state)
{
	testlib_run_jsonl("conformance/dirhash.jsonl", NULL, dirhash_case,
	    NULL);
}

/* Every case of modzip/cases.jsonl. */
static void
test_modzip_cases(void **state)
{
	testlib_run_jsonl("conformance/modzip/cases.jsonl", NULL, cases_case,
	    NULL);
}

/* Every case of modzip/rules.jsonl. */
static void
test_modzip_rules(void **state)
{
	testlib_run_jsonl("conformance/modzip/rules.jsonl", NULL, rules_case,
	    NULL);
}

/* The go.mod hash as go.sum records it (pulumi sdk/v3 v3.100.0). */
static void
test_dirhash_gomod(void **state)
{
	char	*p, *data, *h;
	size_t	 len;

	p = testlib_shared_path("fixtures/goproxy-pulumi/github.com/pulumi/"
	    "pulumi/sdk/v3/@v/v3.100.0.mod");
	data = testlib_read_file(p, &len);
	assert_non_null(data);
	h = dirhash_gomod(data, len);
	assert_string_equal(h, "h1:SB8P0BEGBRaONBxwoTjUFhGPLU5P3+MHF6/tGitlHOM=");
	free(h);
	free(data);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_dirhash_conformance),
		cmocka_unit_test(test_dirhash_gomod),
		cmocka_unit_test(test_modzip_cases),
		cmocka_unit_test(test_modzip_rules),
	};

	testlib_require_shared();
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
