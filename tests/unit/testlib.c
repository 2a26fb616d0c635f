/* Helpers for the conformance unit tests (see testlib.h). */

#include "config.h"

#include <sys/stat.h>

#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* Skip the whole test program (exit 77, automake's SKIP) with one clear
 * reason when the shared conformance vectors are not there, as in a clone
 * of the repository alone. */
void
testlib_require_shared(void)
{
	struct stat	 st;
	char		*p;

	p = testlib_shared_path("conformance");
	if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("SKIP: %s not found: the conformance vectors live in "
		    "../shared beside the source tree (or configure "
		    "--with-shared=DIR, or set MV_SHARED)\n", p);
		free(p);
		exit(77);
	}
	free(p);
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

/* Split a txtar file into its comment and files. */
int
testlib_txtar_read(const char *path, struct testlib_txtar *t)
{
	char		*data, *p, *line_end, *name_end;
	size_t		 len, n;
	struct testlib_txtar_file *f = NULL;

	memset(t, 0, sizeof *t);
	if ((data = testlib_read_file(path, &len)) == NULL)
		return (-1);
	p = data;
	for (;;) {
		/* A marker is a whole line "-- name --". */
		line_end = strchr(p, '\n');
		n = line_end != NULL ? (size_t)(line_end - p) : strlen(p);
		if (n >= 6 && strncmp(p, "-- ", 3) == 0 &&
		    strncmp(p + n - 3, " --", 3) == 0) {
			if (f == NULL)
				t->comment = xstrndup(data, p - data);
			else
				f->len = p - f->data;
			t->files = xreallocarray(t->files, t->nfiles + 1,
			    sizeof *t->files);
			f = &t->files[t->nfiles++];
			name_end = p + n - 3;
			f->name = xstrndup(p + 3, name_end - (p + 3));
			p = line_end != NULL ? line_end + 1 : p + n;
			f->data = p;
			continue;
		}
		if (line_end == NULL)
			break;
		p = line_end + 1;
	}
	if (f == NULL)
		t->comment = xstrdup(data);
	else
		f->len = strlen(f->data);
	/* Copy contents out of the shared buffer. */
	for (n = 0; n < t->nfiles; n++)
		t->files[n].data = xmemdup(t->files[n].data, t->files[n].len);
	free(data);
	return (0);
}

/* Free a txtar archive. */
void
testlib_txtar_free(struct testlib_txtar *t)
{
	size_t	i;

	for (i = 0; i < t->nfiles; i++) {
		free(t->files[i].name);
		free(t->files[i].data);
	}
	free(t->files);
	free(t->comment);
	memset(t, 0, sizeof *t);
}

/* A "key=value" line of the comment. */
char *
testlib_txtar_param(const struct testlib_txtar *t, const char *key)
{
	const char	*p = t->comment;
	size_t		 k = strlen(key), n;

	while (p != NULL && *p != '\0') {
		n = strcspn(p, "\n");
		if (n > k && strncmp(p, key, k) == 0 && p[k] == '=')
			return (xstrndup(p + k + 1, n - k - 1));
		p += n;
		if (*p == '\n')
			p++;
	}
	return (NULL);
}

/* A new temporary directory. */
char *
testlib_mkdtemp(void)
{
	const char	*tmp = getenv("TMPDIR");
	char		*p;

	xasprintf(&p, "%s/modvet-test.XXXXXX", tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(p) == NULL)
		fail_msg("mkdtemp %s failed", p);
	return (p);
}

/* Remove a tree (nftw callback). */
static int
testlib_rm_one(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	chmod(path, 0700);
	return (remove(path));
}

/* Remove a directory tree. */
void
testlib_rmtree(const char *dir)
{
	nftw(dir, testlib_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write data to dir/rel, creating directories on the way. */
void
testlib_write_file(const char *dir, const char *rel, const char *data,
    size_t len)
{
	char	*path, *s;
	FILE	*fp;

	xasprintf(&path, "%s/%s", dir, rel);
	for (s = path + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		mkdir(path, 0755);
		*s = '/';
	}
	if ((fp = fopen(path, "wb")) == NULL)
		fail_msg("cannot create %s", path);
	if (len > 0 && fwrite(data, 1, len, fp) != len)
		fail_msg("cannot write %s", path);
	fclose(fp);
	free(path);
}

/* CRC-32 (IEEE) of a buffer, as zip needs it. */
static uint32_t
testlib_crc32(const char *p, size_t n)
{
	uint32_t	c = 0xFFFFFFFF;
	size_t		i;
	int		k;

	for (i = 0; i < n; i++) {
		c ^= (unsigned char)p[i];
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320 & -(c & 1));
	}
	return (c ^ 0xFFFFFFFF);
}

/* Little-endian writers. */
static void
testlib_le16(struct buf *b, unsigned v)
{
	buf_addc(b, v & 0xFF);
	buf_addc(b, (v >> 8) & 0xFF);
}

static void
testlib_le32(struct buf *b, uint32_t v)
{
	testlib_le16(b, v & 0xFFFF);
	testlib_le16(b, v >> 16);
}

/* Write a zip of stored (uncompressed) entries, exactly as given. */
void
testlib_write_zip(const char *path, const struct testlib_zip_entry *e,
    size_t n)
{
	struct buf	 out, cd;
	uint32_t	*offsets, crc;
	size_t		 i, nl;
	FILE		*fp;

	buf_init(&out, 0);
	buf_init(&cd, 0);
	offsets = xcalloc(n + 1, sizeof *offsets);
	for (i = 0; i < n; i++) {
		offsets[i] = out.len;
		crc = testlib_crc32(e[i].data, e[i].len);
		nl = strlen(e[i].name);
		testlib_le32(&out, 0x04034b50);
		testlib_le16(&out, 20);		/* version needed */
		testlib_le16(&out, 0x0800);	/* UTF-8 names */
		testlib_le16(&out, 0);		/* stored */
		testlib_le16(&out, 0);		/* time */
		testlib_le16(&out, 0x21);	/* date: 1980-01-01 */
		testlib_le32(&out, crc);
		testlib_le32(&out, e[i].len);
		testlib_le32(&out, e[i].len);
		testlib_le16(&out, nl);
		testlib_le16(&out, 0);
		buf_add(&out, e[i].name, nl);
		buf_add(&out, e[i].data, e[i].len);
		testlib_le32(&cd, 0x02014b50);
		testlib_le16(&cd, 20);
		testlib_le16(&cd, 20);
		testlib_le16(&cd, 0x0800);
		testlib_le16(&cd, 0);
		testlib_le16(&cd, 0);
		testlib_le16(&cd, 0x21);
		testlib_le32(&cd, crc);
		testlib_le32(&cd, e[i].len);
		testlib_le32(&cd, e[i].len);
		testlib_le16(&cd, nl);
		testlib_le16(&cd, 0);		/* extra */
		testlib_le16(&cd, 0);		/* comment */
		testlib_le16(&cd, 0);		/* disk */
		testlib_le16(&cd, 0);		/* internal attributes */
		testlib_le32(&cd, 0);		/* external attributes */
		testlib_le32(&cd, offsets[i]);
		buf_add(&cd, e[i].name, nl);
	}
	i = out.len;
	buf_add(&out, cd.data != NULL ? cd.data : "", cd.len);
	testlib_le32(&out, 0x06054b50);
	testlib_le16(&out, 0);
	testlib_le16(&out, 0);
	testlib_le16(&out, n);
	testlib_le16(&out, n);
	testlib_le32(&out, cd.len);
	testlib_le32(&out, i);
	testlib_le16(&out, 0);
	if ((fp = fopen(path, "wb")) == NULL ||
	    fwrite(out.data, 1, out.len, fp) != out.len || fclose(fp) != 0)
		fail_msg("cannot write zip %s", path);
	free(offsets);
	buf_free(&out);
	buf_free(&cd);
}
