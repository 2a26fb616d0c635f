/*
 * The checksum database's transparency log: a Merkle tree as RFC 6962
 * section 2.1 defines it (record hash SHA-256(0x00 || data), node hash
 * SHA-256(0x01 || left || right)), with every complete subtree's hash
 * stored in one sequence, as golang.org/x/mod/sumdb/tlog lays it out.
 *
 * Stored hash order: when record r is appended, its record hash is
 * stored, then the hash of every subtree it completes, lowest first. So
 * before record r come 2r - popcount(r) hashes (the sum of r >> k over
 * all k), and a log of n records stores 2n - popcount(n).
 *
 * Proofs are generated from RFC 6962 2.1.1 (PATH) and 2.1.2 (SUBPROOF)
 * and checked with the iterative algorithms of RFC 9162 2.1.3.2 and
 * 2.1.4.2. Generation first lists the subtrees a proof needs, reads all
 * their stored hashes in one call (the reader may be fetching tiles),
 * then folds them.
 */

#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "util/util.h"
#include "gomod/sumdb.h"
#include "gomod/sumdb-int.h"

static const char tlog_proof_failed[] = "invalid transparency proof";

void
tlog_hash_string(const struct tlog_hash *h, char out[45])
{
	char	*s;

	s = b64_encode(h->b, TLOG_HASH_SIZE);
	memcpy(out, s, 45);
	free(s);
}

int
tlog_hash_equal(const struct tlog_hash *a, const struct tlog_hash *b)
{
	return (memcmp(a->b, b->b, TLOG_HASH_SIZE) == 0);
}

/*
 * SHA-256 of up to three parts. A proof or a tile check hashes thousands
 * of nodes: the algorithm is fetched once for the process (OpenSSL 3
 * otherwise looks it up on every EVP_DigestInit_ex), and each thread
 * keeps one digest context, freed when the thread ends (a context made
 * and freed per hash cost more than the hashing: allocation, cleansing
 * and reference counting).
 */
static EVP_MD		*tlog_md;
static pthread_key_t	 tlog_ctx_key;
static pthread_once_t	 tlog_md_once = PTHREAD_ONCE_INIT;

static void
tlog_ctx_free(void *ctx)
{
	EVP_MD_CTX_free(ctx);
}

static void
tlog_md_fetch(void)
{
	if ((tlog_md = EVP_MD_fetch(NULL, "SHA256", NULL)) == NULL)
		fatalx("cannot fetch SHA-256");
	if (pthread_key_create(&tlog_ctx_key, tlog_ctx_free) != 0)
		fatalx("pthread_key_create failed");
}

/* This thread's digest context. */
static EVP_MD_CTX *
tlog_ctx(void)
{
	EVP_MD_CTX	*ctx;

	pthread_once(&tlog_md_once, tlog_md_fetch);
	if ((ctx = pthread_getspecific(tlog_ctx_key)) != NULL)
		return (ctx);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatalx("out of memory");
	if (pthread_setspecific(tlog_ctx_key, ctx) != 0)
		fatalx("pthread_setspecific failed");
	return (ctx);
}

static void
tlog_sha256(const void *a, size_t alen, const void *b, size_t blen,
    const void *c, size_t clen, struct tlog_hash *out)
{
	EVP_MD_CTX	*ctx = tlog_ctx();
	unsigned int	 len;

	if (EVP_DigestInit_ex(ctx, tlog_md, NULL) != 1 ||
	    EVP_DigestUpdate(ctx, a, alen) != 1 ||
	    (blen > 0 && EVP_DigestUpdate(ctx, b, blen) != 1) ||
	    (clen > 0 && EVP_DigestUpdate(ctx, c, clen) != 1) ||
	    EVP_DigestFinal_ex(ctx, out->b, &len) != 1)
		fatalx("SHA-256 failed");
}

void
tlog_record_hash(const void *data, size_t len, struct tlog_hash *out)
{
	static const uint8_t	leaf = 0x00;

	tlog_sha256(&leaf, 1, data, len, NULL, 0, out);
}

void
tlog_node_hash(const struct tlog_hash *left, const struct tlog_hash *right,
    struct tlog_hash *out)
{
	static const uint8_t	node = 0x01;
	struct tlog_hash	l = *left, r = *right;	/* out may alias */

	tlog_sha256(&node, 1, l.b, TLOG_HASH_SIZE, r.b, TLOG_HASH_SIZE, out);
}

/* The tree of no records: SHA-256 of nothing (RFC 6962 2.1). */
void
tlog_empty_hash(struct tlog_hash *out)
{
	tlog_sha256("", 0, NULL, 0, NULL, 0, out);
}

/* Hashes stored before record r's own: 2r - popcount(r). */
static int64_t
tlog_leaf_index(int64_t r)
{
	return (2 * r - __builtin_popcountll((unsigned long long)r));
}

/*
 * The subtree (level, n) covers records [n << level, (n + 1) << level);
 * its hash is stored right after its last record's, `level` places on.
 */
int64_t
tlog_stored_hash_index(int level, int64_t n)
{
	int64_t	last = ((n + 1) << level) - 1;

	return (tlog_leaf_index(last) + level);
}

void
tlog_split_stored_hash_index(int64_t index, int *level, int64_t *n)
{
	int64_t	r = index / 2;

	/* tlog_leaf_index(index / 2) <= index, and each record adds at least
	 * one stored hash: walk to the last record stored at or before. */
	while (tlog_leaf_index(r + 1) <= index)
		r++;
	*level = (int)(index - tlog_leaf_index(r));
	*n = r >> *level;
}

/* Largest power of two strictly below n (n >= 2), and at most n. */
int64_t
tlog_pow2_below(int64_t n)
{
	int64_t	k = 1;

	while (k * 2 < n)
		k *= 2;
	return (k);
}

static int64_t
pow2_at_most(int64_t n)
{
	return (tlog_pow2_below(n + 1));
}

static int
log2_of(int64_t k)
{
	return (__builtin_ctzll((unsigned long long)k));
}

void
tlog_spans_add(struct tlog_spans *s, int64_t lo, int64_t hi)
{
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 16 : s->cap * 2;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n].lo = lo;
	s->v[s->n].hi = hi;
	s->n++;
}

/* How many complete subtrees [lo, hi) splits into, leftmost largest. */
static size_t
span_parts(int64_t lo, int64_t hi)
{
	size_t	n = 0;

	while (lo < hi) {
		lo += pow2_at_most(hi - lo);
		n++;
	}
	return (n);
}

/*
 * Read the stored hashes of every span's complete subtrees in one call
 * and fold each span into its hash: out[i] is the hash of span i.
 */
static int
spans_hash(const struct tlog_spans *s, const struct tlog_reader *r,
    struct tlog_hash *out, char **cause)
{
	int64_t			*idx, lo, hi, k;
	struct tlog_hash	*h;
	size_t			 total = 0, i, j, at, parts;
	int			 rc = 0;

	for (i = 0; i < s->n; i++)
		total += span_parts(s->v[i].lo, s->v[i].hi);
	if (total == 0)
		return (0);
	idx = xcalloc(total, sizeof *idx);
	h = xcalloc(total, sizeof *h);
	for (i = 0, at = 0; i < s->n; i++) {
		for (lo = s->v[i].lo, hi = s->v[i].hi; lo < hi; lo += k) {
			k = pow2_at_most(hi - lo);
			idx[at++] = tlog_stored_hash_index(log2_of(k),
			    lo >> log2_of(k));
		}
	}
	if (r->read(r->arg, idx, total, h, cause) != 0) {
		rc = -1;
		goto out;
	}
	/* A span's hash: its parts combined from the right. */
	for (i = 0, at = 0; i < s->n; i++) {
		parts = span_parts(s->v[i].lo, s->v[i].hi);
		out[i] = h[at + parts - 1];
		for (j = parts - 1; j-- > 0;)
			tlog_node_hash(&h[at + j], &out[i], &out[i]);
		at += parts;
	}
out:
	free(idx);
	free(h);
	return (rc);
}

int
tlog_tree_hash(int64_t n, const struct tlog_reader *r, struct tlog_hash *out,
    char **cause)
{
	struct tlog_spans	s = { 0 };
	int			rc;

	if (n == 0) {
		tlog_empty_hash(out);
		return (0);
	}
	tlog_spans_add(&s, 0, n);
	rc = spans_hash(&s, r, out, cause);
	free(s.v);
	return (rc);
}

/* RFC 6962 2.1.2 SUBPROOF(m, D[lo:hi], whole), old tree to new root. */
static void
tree_proof_spans(int64_t lo, int64_t hi, int64_t m, int whole,
    struct tlog_spans *s)
{
	int64_t	k;

	if (m == hi) {
		if (!whole)
			tlog_spans_add(s, lo, hi);
		return;
	}
	k = tlog_pow2_below(hi - lo);
	if (m <= lo + k) {
		tree_proof_spans(lo, lo + k, m, whole, s);
		tlog_spans_add(s, lo + k, hi);
	} else {
		tree_proof_spans(lo + k, hi, m, 0, s);
		tlog_spans_add(s, lo, lo + k);
	}
}

int
tlog_spans_prove(struct tlog_spans *s, const struct tlog_reader *r,
    struct tlog_hash **proof, size_t *np, char **cause)
{
	struct tlog_hash	*p;

	p = xcalloc(s->n + 1, sizeof *p);
	if (spans_hash(s, r, p, cause) != 0) {
		free(p);
		free(s->v);
		return (-1);
	}
	*proof = p;
	*np = s->n;
	free(s->v);
	return (0);
}

int
tlog_prove_tree(int64_t t, int64_t n, const struct tlog_reader *r,
    struct tlog_hash **proof, size_t *np, char **cause)
{
	struct tlog_spans	s = { 0 };

	if (t < 1 || n < 1 || n > t) {
		if (cause != NULL)
			*cause = xstrdup("tlog: invalid inputs in ProveTree");
		return (-1);
	}
	tree_proof_spans(0, t, n, 1, &s);
	return (tlog_spans_prove(&s, r, proof, np, cause));
}

int
tlog_proof_fail(char **cause)
{
	if (cause != NULL)
		*cause = xstrdup(tlog_proof_failed);
	return (-1);
}

/* RFC 9162 2.1.4.2: verify a consistency proof from tree n to tree t. */
int
tlog_check_tree(const struct tlog_hash *p, size_t np, int64_t t,
    const struct tlog_hash *th, int64_t n, const struct tlog_hash *h,
    char **cause)
{
	struct tlog_hash	fr, sr;
	const struct tlog_hash	*c;
	uint64_t		fn, sn;
	size_t			i;

	if (t < 1 || n < 1 || n > t) {
		if (cause != NULL)
			*cause = xstrdup("tlog: invalid inputs in CheckTree");
		return (-1);
	}
	if (n == t) {
		if (np != 0 || !tlog_hash_equal(h, th))
			return (tlog_proof_fail(cause));
		return (0);
	}
	/* When the old tree is a complete subtree, its hash starts the path. */
	if ((n & (n - 1)) == 0) {
		fr = sr = *h;
		i = 0;
	} else {
		if (np == 0)
			return (tlog_proof_fail(cause));
		fr = sr = p[0];
		i = 1;
	}
	fn = (uint64_t)n - 1;
	sn = (uint64_t)t - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < np; i++) {
		c = &p[i];
		if (sn == 0)
			return (tlog_proof_fail(cause));
		if ((fn & 1) || fn == sn) {
			tlog_node_hash(c, &fr, &fr);
			tlog_node_hash(c, &sr, &sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else
			tlog_node_hash(&sr, c, &sr);
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || !tlog_hash_equal(&fr, h) || !tlog_hash_equal(&sr, th))
		return (tlog_proof_fail(cause));
	return (0);
}
