/*
 * The server side of a checksum database, as the tests run one (tests/
 * unit/test-sumdb.c serves the x/mod client scenarios with it): signing
 * notes and making keys (golang.org/x/mod/sumdb/note's Signer and
 * GenerateKey), the log's stored hashes and record proofs (tlog's
 * StoredHashes, ProveRecord, CheckRecord, ParseHash), the tiles a server
 * publishes (NewTiles, ReadTileData, ParseTilePath) and the texts it
 * writes (FormatTree, FormatRecord). modvet is only ever a client: none
 * of this is in a program (issue 9), and gomod/sumdb-int.h is what it
 * shares with gomod's client side.
 */

#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "util/util.h"
#include "gomod/sumdb.h"
#include "gomod/sumdb-int.h"
#include "gomod/unicode.h"
#include "tests/support/sumdb-server.h"

static EVP_PKEY *
ed25519_private(const uint8_t seed[32])
{
	EVP_PKEY	*pkey;

	pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	if (pkey == NULL)
		fatalx("cannot make an Ed25519 key");
	return (pkey);
}

static void
ed25519_public_of(const uint8_t seed[32], uint8_t pub[32])
{
	EVP_PKEY	*pkey = ed25519_private(seed);
	size_t		 len = 32;

	if (EVP_PKEY_get_raw_public_key(pkey, pub, &len) != 1 || len != 32)
		fatalx("cannot derive an Ed25519 public key");
	EVP_PKEY_free(pkey);
}

static int
note_ed25519_sign(const uint8_t seed[32], const void *msg, size_t len,
    uint8_t sig[64])
{
	EVP_PKEY	*pkey = ed25519_private(seed);
	EVP_MD_CTX	*ctx;
	size_t		 siglen = 64;
	int		 rc = 0;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatalx("out of memory");
	if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, msg, len) != 1 || siglen != 64)
		rc = -1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return (rc);
}

int
note_signer_parse(const char *skey, struct note_signer *s, char **cause)
{
	const char	*rest;
	uint8_t		*key, pubkey[33];
	size_t		 len, plen;

	memset(s, 0, sizeof *s);
	/* "PRIVATE" "+" "KEY" "+", then a key as a verifier's. */
	rest = note_cut_plus(skey, &plen);
	if (plen != 7 || strncmp(skey, "PRIVATE", 7) != 0)
		return (note_fail(cause, "malformed verifier id"));
	skey = rest;
	rest = note_cut_plus(skey, &plen);
	if (plen != 3 || strncmp(skey, "KEY", 3) != 0)
		return (note_fail(cause, "malformed verifier id"));
	if (note_split_key(rest, &s->name, &s->hash, &key, &len) != 0)
		return (note_fail(cause, "malformed verifier id"));
	if (key[0] != NOTE_ALG_ED25519) {
		free(key);
		note_signer_free(s);
		return (note_fail(cause, "unknown verifier algorithm"));
	}
	if (len != 1 + 32) {
		free(key);
		note_signer_free(s);
		return (note_fail(cause, "malformed verifier id"));
	}
	memcpy(s->seed, key + 1, 32);
	free(key);
	ed25519_public_of(s->seed, s->pub);
	pubkey[0] = NOTE_ALG_ED25519;
	memcpy(pubkey + 1, s->pub, 32);
	if (s->hash != note_key_hash(s->name, pubkey, sizeof pubkey)) {
		note_signer_free(s);
		return (note_fail(cause, "invalid verifier hash"));
	}
	return (0);
}

void
note_signer_free(struct note_signer *s)
{
	free(s->name);
	s->name = NULL;
}

static char *
key_string(const char *prefix, const char *name, uint32_t hash,
    const uint8_t key[32])
{
	uint8_t	 raw[33];
	char	*b64, *s;

	raw[0] = NOTE_ALG_ED25519;
	memcpy(raw + 1, key, 32);
	b64 = b64_encode(raw, sizeof raw);
	xasprintf(&s, "%s%s+%08x+%s", prefix, name, hash, b64);
	free(b64);
	return (s);
}

int
note_generate_key(const char *name, const uint8_t seed[32], char **skey,
    char **vkey)
{
	uint8_t		pub[33];
	uint32_t	h;

	ed25519_public_of(seed, pub + 1);
	pub[0] = NOTE_ALG_ED25519;
	h = note_key_hash(name, pub, sizeof pub);
	*skey = key_string("PRIVATE+KEY+", name, h, seed);
	*vkey = key_string("", name, h, pub + 1);
	return (0);
}

int
note_ed25519_vkey(const char *name, const uint8_t *key, size_t len,
    char **vkey, char **cause)
{
	uint8_t	pub[33];

	if (len != 32) {
		if (cause != NULL)
			xasprintf(cause, "invalid public key size %zu, "
			    "expected 32", len);
		return (-1);
	}
	pub[0] = NOTE_ALG_ED25519;
	memcpy(pub + 1, key, 32);
	*vkey = key_string("", name, note_key_hash(name, pub, sizeof pub),
	    key);
	return (0);
}

int
note_sign(const struct note *n, const struct note_signer *signers,
    size_t nsigners, char **msgp, char **cause)
{
	struct buf		 out, fresh;
	const struct note_sig	*list[2], *s;
	size_t			 count[2], i, j, k, len, rawlen;
	uint8_t			 raw[4 + 64], *dec;
	char			*b64;
	int			 replaced;

	len = strlen(n->text);
	if (len == 0 || n->text[len - 1] != '\n')
		return (note_fail(cause, "malformed note"));
	buf_init(&fresh, 0);
	for (i = 0; i < nsigners; i++) {
		s = NULL;
		if (!note_is_valid_name(signers[i].name,
		    strlen(signers[i].name))) {
			buf_free(&fresh);
			return (note_fail(cause, "invalid signer"));
		}
		raw[0] = signers[i].hash >> 24;
		raw[1] = signers[i].hash >> 16;
		raw[2] = signers[i].hash >> 8;
		raw[3] = signers[i].hash;
		if (signers[i].sign != NULL) {
			if (signers[i].sign(signers[i].arg, n->text, len,
			    raw + 4, cause) != 0) {
				buf_free(&fresh);
				return (-1);
			}
		} else if (note_ed25519_sign(signers[i].seed, n->text, len,
		    raw + 4) != 0) {
			buf_free(&fresh);
			return (note_fail(cause, "Ed25519 signing failed"));
		}
		b64 = b64_encode(raw, sizeof raw);
		buf_printf(&fresh, "%s%s %s\n", note_sig_prefix,
		    signers[i].name, b64);
		free(b64);
	}

	buf_init(&out, 0);
	buf_add(&out, n->text, len);
	buf_addc(&out, '\n');
	/* Signatures the note had, but for the keys that signed anew. */
	list[0] = n->sigs;
	count[0] = n->nsigs;
	list[1] = n->unverified;
	count[1] = n->nunverified;
	for (k = 0; k < 2; k++) {
		for (j = 0; j < count[k]; j++) {
			s = &list[k][j];
			if (!note_is_valid_name(s->name, strlen(s->name)))
				goto malformed;
			for (i = 0, replaced = 0; i < nsigners; i++) {
				if (signers[i].hash == s->hash &&
				    strcmp(signers[i].name, s->name) == 0)
					replaced = 1;
			}
			if (replaced)
				continue;
			if (b64_decode(s->b64, strlen(s->b64), &dec,
			    &rawlen) != 0)
				goto malformed;
			if (rawlen < 4 || ((uint32_t)dec[0] << 24 |
			    (uint32_t)dec[1] << 16 | (uint32_t)dec[2] << 8 |
			    dec[3]) != s->hash) {
				free(dec);
				goto malformed;
			}
			free(dec);
			buf_printf(&out, "%s%s %s\n", note_sig_prefix, s->name,
			    s->b64);
		}
	}
	buf_add(&out, fresh.data, fresh.len);
	buf_free(&fresh);
	*msgp = buf_steal(&out);
	return (0);
malformed:
	buf_free(&fresh);
	buf_free(&out);
	return (note_fail(cause, "malformed note"));
}

int
tlog_parse_hash(const char *s, struct tlog_hash *h, char **cause)
{
	uint8_t	*raw;
	size_t	 len;

	if (b64_decode(s, strlen(s), &raw, &len) != 0) {
		if (cause != NULL)
			*cause = xstrdup("malformed hash");
		return (-1);
	}
	if (len != TLOG_HASH_SIZE) {
		free(raw);
		if (cause != NULL)
			*cause = xstrdup("malformed hash");
		return (-1);
	}
	memcpy(h->b, raw, TLOG_HASH_SIZE);
	free(raw);
	return (0);
}

int64_t
tlog_stored_hash_count(int64_t n)
{
	return (2 * n - __builtin_popcountll((unsigned long long)n));
}

int
tlog_stored_hashes(int64_t n, const void *data, size_t len,
    const struct tlog_reader *r, struct tlog_hash **outp, size_t *nout,
    char **cause)
{
	struct tlog_hash	*out, *left;
	int64_t			*idx;
	int			 m, i;

	/* Record n completes one subtree per trailing one bit of n. */
	m = __builtin_ctzll((unsigned long long)(n + 1));
	out = xcalloc(m + 1, sizeof *out);
	tlog_record_hash(data, len, &out[0]);
	if (m > 0) {
		idx = xcalloc(m, sizeof *idx);
		left = xcalloc(m, sizeof *left);
		for (i = 0; i < m; i++)
			idx[i] = tlog_stored_hash_index(i, (n >> i) - 1);
		if (r->read(r->arg, idx, m, left, cause) != 0) {
			free(idx);
			free(left);
			free(out);
			return (-1);
		}
		for (i = 0; i < m; i++)
			tlog_node_hash(&left[i], &out[i], &out[i + 1]);
		free(idx);
		free(left);
	}
	*outp = out;
	*nout = m + 1;
	return (0);
}

/* RFC 6962 2.1.1 PATH(m, D[lo:hi]), leaf to root. */
static void
record_proof_spans(int64_t lo, int64_t hi, int64_t m, struct tlog_spans *s)
{
	int64_t	k;

	if (hi - lo <= 1)
		return;
	k = tlog_pow2_below(hi - lo);
	if (m < lo + k) {
		record_proof_spans(lo, lo + k, m, s);
		tlog_spans_add(s, lo + k, hi);
	} else {
		record_proof_spans(lo + k, hi, m, s);
		tlog_spans_add(s, lo, lo + k);
	}
}

int
tlog_prove_record(int64_t t, int64_t n, const struct tlog_reader *r,
    struct tlog_hash **proof, size_t *np, char **cause)
{
	struct tlog_spans	s = { 0 };

	if (t < 0 || n < 0 || n >= t) {
		if (cause != NULL)
			*cause = xstrdup("tlog: invalid inputs in ProveRecord");
		return (-1);
	}
	record_proof_spans(0, t, n, &s);
	return (tlog_spans_prove(&s, r, proof, np, cause));
}

/* RFC 9162 2.1.3.2: verify an inclusion proof. */
int
tlog_check_record(const struct tlog_hash *p, size_t np, int64_t t,
    const struct tlog_hash *th, int64_t n, const struct tlog_hash *h,
    char **cause)
{
	struct tlog_hash	r = *h;
	uint64_t		fn, sn;
	size_t			i;

	if (t < 0 || n < 0 || n >= t) {
		if (cause != NULL)
			*cause = xstrdup("tlog: invalid inputs in CheckRecord");
		return (-1);
	}
	fn = (uint64_t)n;
	sn = (uint64_t)t - 1;
	for (i = 0; i < np; i++) {
		if (sn == 0)
			return (tlog_proof_fail(cause));
		if ((fn & 1) || fn == sn) {
			tlog_node_hash(&p[i], &r, &r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else
			tlog_node_hash(&r, &p[i], &r);
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || !tlog_hash_equal(&r, th))
		return (tlog_proof_fail(cause));
	return (0);
}

size_t
tlog_new_tiles(int h, int64_t old, int64_t new, struct tlog_tile **out)
{
	struct tlog_tile	*v = NULL;
	size_t			 n = 0, cap = 0;
	int64_t			 oldn, newn, i, w;
	int			 level;

	for (level = 0; level * h < 63 && (new >> (level * h)) > 0; level++) {
		oldn = old >> (level * h);
		newn = new >> (level * h);
		if (oldn == newn)
			continue;
		/* Full tiles completed, then the new partial tile if any. */
		for (i = oldn >> h; i <= newn >> h; i++) {
			w = i < newn >> h ? (int64_t)1 << h : newn - (i << h);
			if (w == 0)
				break;
			if (n == cap) {
				cap = cap == 0 ? 8 : cap * 2;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[n].h = h;
			v[n].l = level;
			v[n].n = i;
			v[n].w = (int)w;
			n++;
		}
	}
	*out = v;
	return (n);
}

int
tlog_read_tile_data(const struct tlog_tile *t, const struct tlog_reader *r,
    uint8_t **data, size_t *len, char **cause)
{
	struct tlog_hash	*h;
	int64_t			*idx, first;
	int			 i, w;

	w = t->w == 0 ? 1 << t->h : t->w;
	first = t->n << t->h;
	idx = xcalloc(w, sizeof *idx);
	h = xcalloc(w, sizeof *h);
	for (i = 0; i < w; i++)
		idx[i] = tlog_stored_hash_index(t->h * t->l, first + i);
	if (r->read(r->arg, idx, (size_t)w, h, cause) != 0) {
		free(idx);
		free(h);
		return (-1);
	}
	free(idx);
	*data = (uint8_t *)h;
	*len = (size_t)w * TLOG_HASH_SIZE;
	return (0);
}

/* strconv.Atoi for the small numbers of a tile path. */
static int
path_atoi(const char *s, size_t len, int64_t *out)
{
	int64_t	v = 0;
	size_t	i = 0;
	int	neg = 0;

	if (len > 0 && (s[0] == '+' || s[0] == '-')) {
		neg = s[0] == '-';
		i++;
	}
	if (i == len || len > 18)
		return (-1);
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		v = v * 10 + (s[i] - '0');
	}
	*out = neg ? -v : v;
	return (0);
}

int
tlog_parse_tile_path(const char *path, struct tlog_tile *t, char **cause)
{
	struct strv	 f;
	const char	*p, *slash, *last;
	char		*back = NULL;
	size_t		 nf, i, n2;
	int64_t		 h, l, w, nn, n = 0;
	int		 data = 0;

	strv_init(&f);
	for (p = path;; p = slash + 1) {
		slash = strchr(p, '/');
		if (slash == NULL) {
			strv_push(&f, p);
			break;
		}
		strv_push_owned(&f, xstrndup(p, (size_t)(slash - p)));
	}
	nf = f.n;
	if (nf < 4 || strcmp(f.v[0], "tile") != 0)
		goto bad;
	if (strcmp(f.v[2], "data") == 0) {
		data = 1;
		l = 0;
	} else if (path_atoi(f.v[2], strlen(f.v[2]), &l) != 0)
		goto bad;
	if (path_atoi(f.v[1], strlen(f.v[1]), &h) != 0 || h < 1 || h > 30 ||
	    l < 0 || l > INT_MAX)
		goto bad;
	w = (int64_t)1 << h;
	n2 = strlen(f.v[nf - 2]);
	if (n2 >= 2 && strcmp(f.v[nf - 2] + n2 - 2, ".p") == 0) {
		last = f.v[nf - 1];
		if (path_atoi(last, strlen(last), &nn) != 0 || nn <= 0 ||
		    nn >= w)
			goto bad;
		w = nn;
		f.v[nf - 2][n2 - 2] = '\0';
		nf--;
	}
	for (i = 3; i < nf; i++) {
		p = f.v[i];
		if (*p == 'x')
			p++;
		if (path_atoi(p, strlen(p), &nn) != 0 || nn < 0 ||
		    nn >= TLOG_TILE_PATH_BASE || n > (INT64_MAX - nn) /
		    TLOG_TILE_PATH_BASE)
			goto bad;
		n = n * TLOG_TILE_PATH_BASE + nn;
	}
	t->h = (int)h;
	t->l = data ? -1 : (int)l;
	t->n = n;
	t->w = (int)w;
	/* Only the one spelling Path writes is a tile's path. */
	back = tlog_tile_path(t);
	if (strcmp(back, path) != 0)
		goto bad;
	free(back);
	strv_free(&f);
	return (0);
bad:
	free(back);
	strv_free(&f);
	if (cause != NULL)
		xasprintf(cause, "malformed tile path \"%s\"", path);
	return (-1);
}

char *
tlog_format_tree(const struct tlog_tree *t)
{
	char	 hash[45], *s;

	tlog_hash_string(&t->hash, hash);
	xasprintf(&s, "%s%" PRId64 "\n%s\n", tlog_tree_prefix, t->n, hash);
	return (s);
}

int
tlog_format_record(int64_t id, const char *text, size_t len, char **msg,
    size_t *msglen, char **cause)
{
	struct buf	b;

	if (!tlog_valid_record_text(text, len)) {
		if (cause != NULL)
			*cause = xstrdup("malformed record data");
		return (-1);
	}
	buf_init(&b, 0);
	buf_printf(&b, "%" PRId64 "\n", id);
	buf_add(&b, text, len);
	buf_addc(&b, '\n');
	*msglen = b.len;
	*msg = buf_steal(&b);
	return (0);
}
