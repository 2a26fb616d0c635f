/*
 * The "h1:" hashes of go.sum (golang.org/x/mod/sumdb/dirhash): SHA-256 of
 * the lines "<hex sha256 of file>  <name>\n" over the file names sorted
 * bytewise, in base64. A go.mod is hashed as one file named "go.mod"; a
 * module zip as its entries named "<module>@<version>/<file>".
 */

#include "config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <zip.h>

#include "util/util.h"
#include "gomod/gomod.h"

/* Start a SHA-256 computation. */
void
dirhash_sha256_init(struct dirhash_sha256 *h)
{
	if ((h->ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1)
		fatalx("EVP_DigestInit_ex failed");
}

/* Feed bytes. */
void
dirhash_sha256_update(struct dirhash_sha256 *h, const void *p, size_t n)
{
	if (n != 0 && EVP_DigestUpdate(h->ctx, p, n) != 1)
		fatalx("EVP_DigestUpdate failed");
}

/* Finish: the 32-byte digest goes to out. */
void
dirhash_sha256_final(struct dirhash_sha256 *h, unsigned char *out)
{
	unsigned int	len;

	if (EVP_DigestFinal_ex(h->ctx, out, &len) != 1 || len != 32)
		fatalx("EVP_DigestFinal_ex failed");
	EVP_MD_CTX_free(h->ctx);
	h->ctx = NULL;
}

/* SHA-256 of a buffer. */
void
dirhash_sha256(const void *p, size_t n, unsigned char *out)
{
	struct dirhash_sha256	h;

	dirhash_sha256_init(&h);
	dirhash_sha256_update(&h, p, n);
	dirhash_sha256_final(&h, out);
}

/* Compare two entries by name, for sorting. */
static int
dirhash_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct dirhash_file *)a)->name,
	    ((const struct dirhash_file *)b)->name));
}

/*
 * Hash1: the h1 hash of files whose names and content digests are given
 * (the array is sorted in place). The caller frees *out.
 */
int
dirhash_hash1(struct dirhash_file *files, size_t n, char **out, char **cause)
{
	static const char	 hex[] = "0123456789abcdef";
	struct dirhash_sha256	 h;
	unsigned char		 sum[32];
	char			 line[65], b64[45];
	size_t			 i, j;

	*out = NULL;
	if (n > 1)
		qsort(files, n, sizeof *files, dirhash_cmp);
	dirhash_sha256_init(&h);
	for (i = 0; i < n; i++) {
		if (strchr(files[i].name, '\n') != NULL) {
			if (cause != NULL)
				*cause = xstrdup("dirhash: filenames with "
				    "newlines are not supported");
			dirhash_sha256_final(&h, sum);
			return (-1);
		}
		for (j = 0; j < 32; j++) {
			line[2 * j] = hex[files[i].sum[j] >> 4];
			line[2 * j + 1] = hex[files[i].sum[j] & 0xF];
		}
		dirhash_sha256_update(&h, line, 64);
		dirhash_sha256_update(&h, "  ", 2);
		dirhash_sha256_update(&h, files[i].name, strlen(files[i].name));
		dirhash_sha256_update(&h, "\n", 1);
	}
	dirhash_sha256_final(&h, sum);
	EVP_EncodeBlock((unsigned char *)b64, sum, 32);
	xasprintf(out, "h1:%s", b64);
	return (0);
}

/* The h1 hash of a go.mod's bytes, as the "/go.mod" lines of go.sum. */
char *
dirhash_gomod(const char *data, size_t len)
{
	struct dirhash_file	 f;
	char			*out;

	f.name = "go.mod";
	dirhash_sha256(data, len, f.sum);
	if (dirhash_hash1(&f, 1, &out, NULL) != 0)
		fatalx("dirhash_gomod");
	return (out);
}

/* A growing list of files to hash. */
struct dirhash_list {
	struct dirhash_file	*v;
	size_t			 n;
	size_t			 cap;
};

/* Add a file to the list (name is taken over). */
static void
dirhash_push(struct dirhash_list *l, char *name)
{
	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n].name = name;
	l->n++;
}

/* Free a list and its names. */
static void
dirhash_list_free(struct dirhash_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free((char *)l->v[i].name);
	free(l->v);
}

/* HashZip: the h1 hash of the entries of a zip file, as go.sum records
 * a module's content. */
int
dirhash_zip(const char *zippath, char **out, char **cause)
{
	struct dirhash_list	 l = { NULL, 0, 0 };
	struct dirhash_sha256	 h;
	zip_t			*za;
	zip_file_t		*zf;
	zip_stat_t		 st;
	zip_int64_t		 i, n, got;
	char			 buf[65536];
	int			 err, rc = -1;

	*out = NULL;
	if ((za = zip_open(zippath, ZIP_RDONLY, &err)) == NULL) {
		xasprintf(cause, "%s: zip: not a valid zip file", zippath);
		return (-1);
	}
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n; i++) {
		if (zip_stat_index(za, i, 0, &st) != 0 ||
		    (zf = zip_fopen_index(za, i, 0)) == NULL) {
			xasprintf(cause, "%s: %s", zippath, zip_strerror(za));
			goto out;
		}
		dirhash_push(&l, xstrdup(st.name));
		dirhash_sha256_init(&h);
		while ((got = zip_fread(zf, buf, sizeof buf)) > 0)
			dirhash_sha256_update(&h, buf, got);
		dirhash_sha256_final(&h, l.v[l.n - 1].sum);
		if (got < 0) {
			xasprintf(cause, "%s: %s: %s", zippath, st.name,
			    zip_file_strerror(zf));
			zip_fclose(zf);
			goto out;
		}
		zip_fclose(zf);
	}
	rc = dirhash_hash1(l.v, l.n, out, cause);
out:
	zip_discard(za);
	dirhash_list_free(&l);
	return (rc);
}
