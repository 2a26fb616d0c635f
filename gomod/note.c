/*
 * Signed notes (golang.org/x/mod/sumdb/note): a text, a blank line, and
 * signature lines "— NAME BASE64(KEYHASH || SIGNATURE)". Keys are written
 * "NAME+HASH+BASE64(ALG || KEY)" (and "PRIVATE+KEY+..." for signers), HASH
 * being the first four bytes of SHA-256(NAME "\n" ALG || KEY). Only Ed25519
 * (algorithm 1) exists; its arithmetic is OpenSSL's.
 *
 * The checksum database's tree heads are such notes: a note opened here
 * has every signature by a known key checked, and is refused unless at
 * least one was.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "util/util.h"
#include "gomod/sumdb.h"
#include "gomod/unicode.h"

static const char note_sig_prefix[] = "\xe2\x80\x94 ";	/* "— " */

static int
note_fail(char **cause, const char *msg)
{
	if (cause != NULL)
		*cause = xstrdup(msg);
	return (-1);
}

int
note_is_valid_name(const char *name, size_t len)
{
	size_t		i, w;
	uint32_t	r;

	if (len == 0 || !unicode_valid(name, len))
		return (0);
	for (i = 0; i < len; i += w) {
		r = unicode_decode(name + i, len - i, &w);
		if (r == '+' || unicode_is_space(r))
			return (0);
	}
	return (1);
}

uint32_t
note_key_hash(const char *name, const uint8_t *key, size_t len)
{
	EVP_MD_CTX	*ctx;
	uint8_t		 sum[32];
	unsigned int	 n;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatalx("out of memory");
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1 ||
	    EVP_DigestUpdate(ctx, name, strlen(name)) != 1 ||
	    EVP_DigestUpdate(ctx, "\n", 1) != 1 ||
	    EVP_DigestUpdate(ctx, key, len) != 1 ||
	    EVP_DigestFinal_ex(ctx, sum, &n) != 1)
		fatalx("SHA-256 failed");
	EVP_MD_CTX_free(ctx);
	return ((uint32_t)sum[0] << 24 | (uint32_t)sum[1] << 16 |
	    (uint32_t)sum[2] << 8 | sum[3]);
}

/* strconv.ParseUint(s, 16, 32) of exactly eight digits. */
static int
parse_hash16(const char *s, size_t len, uint32_t *out)
{
	uint32_t	v = 0;
	size_t		i;
	int		c;

	if (len != 8)
		return (-1);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return (-1);
		v = v << 4 | (uint32_t)c;
	}
	*out = v;
	return (0);
}

/* strings.Cut(s, "+"): the part before the first "+" and the rest. */
static const char *
cut_plus(const char *s, size_t *len)
{
	const char	*plus = strchr(s, '+');

	if (plus == NULL) {
		*len = strlen(s);
		return (s + *len);
	}
	*len = (size_t)(plus - s);
	return (plus + 1);
}

/* NAME+HASH+KEY64 into its parts; key (caller frees) decoded. */
static int
split_key(const char *s, char **name, uint32_t *hash, uint8_t **key,
    size_t *keylen)
{
	const char	*hash16, *key64;
	size_t		 namelen, hashlen;
	uint32_t	 h = 0;
	int		 bad;

	hash16 = cut_plus(s, &namelen);
	key64 = cut_plus(hash16, &hashlen);
	*key = NULL;
	bad = parse_hash16(hash16, hashlen, &h) != 0;
	if (b64_decode(key64, strlen(key64), key, keylen) != 0) {
		*key = NULL;
		bad = 1;
	}
	if (bad || !note_is_valid_name(s, namelen) || *keylen == 0) {
		free(*key);
		*key = NULL;
		return (-1);
	}
	*name = xstrndup(s, namelen);
	*hash = h;
	return (0);
}

int
note_verifier_parse(const char *vkey, struct note_verifier *v, char **cause)
{
	uint8_t	*key;
	size_t	 len;

	memset(v, 0, sizeof *v);
	if (split_key(vkey, &v->name, &v->hash, &key, &len) != 0)
		return (note_fail(cause, "malformed verifier id"));
	if (v->hash != note_key_hash(v->name, key, len)) {
		free(key);
		note_verifier_free(v);
		return (note_fail(cause, "invalid verifier hash"));
	}
	if (key[0] != NOTE_ALG_ED25519) {
		free(key);
		note_verifier_free(v);
		return (note_fail(cause, "unknown verifier algorithm"));
	}
	if (len != 1 + 32) {
		free(key);
		note_verifier_free(v);
		return (note_fail(cause, "malformed verifier id"));
	}
	memcpy(v->pub, key + 1, 32);
	free(key);
	return (0);
}

void
note_verifier_free(struct note_verifier *v)
{
	free(v->name);
	v->name = NULL;
}

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
note_ed25519_verify(const uint8_t pub[32], const void *msg, size_t len,
    const uint8_t *sig, size_t siglen)
{
	EVP_PKEY	*pkey;
	EVP_MD_CTX	*ctx;
	int		 ok;

	if (siglen != 64)
		return (0);
	pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
	if (pkey == NULL)
		return (0);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		fatalx("out of memory");
	ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) == 1 &&
	    EVP_DigestVerify(ctx, sig, siglen, msg, len) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return (ok);
}

int
note_signer_parse(const char *skey, struct note_signer *s, char **cause)
{
	const char	*rest;
	uint8_t		*key, pubkey[33];
	size_t		 len, plen;

	memset(s, 0, sizeof *s);
	/* "PRIVATE" "+" "KEY" "+", then a key as a verifier's. */
	rest = cut_plus(skey, &plen);
	if (plen != 7 || strncmp(skey, "PRIVATE", 7) != 0)
		return (note_fail(cause, "malformed verifier id"));
	skey = rest;
	rest = cut_plus(skey, &plen);
	if (plen != 3 || strncmp(skey, "KEY", 3) != 0)
		return (note_fail(cause, "malformed verifier id"));
	if (split_key(rest, &s->name, &s->hash, &key, &len) != 0)
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
note_verifiers_find(const struct note_verifiers *list, const char *name,
    uint32_t hash, const struct note_verifier **out, enum note_error *kind,
    char **cause)
{
	size_t	i, found = 0;

	if (list->fixed && list->n > 0) {
		*out = &list->v[0];
		return (0);
	}
	for (i = 0; i < list->n; i++) {
		if (list->v[i].hash == hash &&
		    strcmp(list->v[i].name, name) == 0) {
			if (found++ == 0)
				*out = &list->v[i];
		}
	}
	if (found == 1)
		return (0);
	*kind = found == 0 ? NOTE_UNKNOWN_KEY : NOTE_AMBIGUOUS_KEY;
	if (cause != NULL)
		xasprintf(cause, "%s key %s+%08x", found == 0 ? "unknown" :
		    "ambiguous", name, hash);
	return (-1);
}

static void
sigs_add(struct note_sig **v, size_t *n, const char *name, size_t namelen,
    uint32_t hash, const char *b64, size_t b64len)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[*n].name = xstrndup(name, namelen);
	(*v)[*n].hash = hash;
	(*v)[*n].b64 = xstrndup(b64, b64len);
	(*n)++;
}

/* Is the signature line (after "— ") already in the list? */
static int
sigs_have(const struct note_sig *v, size_t n, const char *name,
    size_t namelen, uint32_t hash, const char *b64, size_t b64len)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strlen(v[i].name) == namelen &&
		    memcmp(v[i].name, name, namelen) == 0 &&
		    (b64 == NULL ? v[i].hash == hash :
		    (strlen(v[i].b64) == b64len &&
		    memcmp(v[i].b64, b64, b64len) == 0)))
			return (1);
	}
	return (0);
}

int
note_open(const char *msg, size_t len, const struct note_verifiers *known,
    struct note *n, enum note_error *kind, char **cause)
{
	const struct note_verifier	*v;
	const char			*sigs, *end, *line, *nl, *name, *b64;
	size_t				 i, w, namelen, b64len, rawlen, count = 0;
	size_t				 textlen;
	uint8_t				*raw;
	uint32_t			 r, hash;
	enum note_error			 k = NOTE_MALFORMED;

	memset(n, 0, sizeof *n);
	*kind = NOTE_OK;
	/* UTF-8 with no control character but newline. */
	for (i = 0; i < len; i += w) {
		r = unicode_decode(msg + i, len - i, &w);
		if ((r < 0x20 && r != '\n') ||
		    (r == UNICODE_RUNE_ERROR && w == 1))
			goto malformed;
	}
	/* The text, then after the last blank line the signatures. */
	for (i = len, sigs = NULL; i >= 2; i--) {
		if (msg[i - 2] == '\n' && msg[i - 1] == '\n') {
			sigs = msg + i;
			break;
		}
	}
	end = msg + len;
	if (sigs == NULL || sigs == end || end[-1] != '\n')
		goto malformed;
	textlen = (size_t)(sigs - msg) - 1;
	n->text = xstrndup(msg, textlen);

	for (line = sigs; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if ((size_t)(nl - line) < sizeof note_sig_prefix - 1 ||
		    memcmp(line, note_sig_prefix,
		    sizeof note_sig_prefix - 1) != 0)
			goto malformed;
		name = line + sizeof note_sig_prefix - 1;
		b64 = memchr(name, ' ', (size_t)(nl - name));
		if (b64 == NULL) {
			namelen = (size_t)(nl - name);
			b64 = nl;
		} else {
			namelen = (size_t)(b64 - name);
			b64++;
		}
		b64len = (size_t)(nl - b64);
		if (b64_decode(b64, b64len, &raw, &rawlen) != 0)
			goto malformed;
		if (!note_is_valid_name(name, namelen) || b64len == 0 ||
		    rawlen < 5) {
			free(raw);
			goto malformed;
		}
		hash = (uint32_t)raw[0] << 24 | (uint32_t)raw[1] << 16 |
		    (uint32_t)raw[2] << 8 | raw[3];
		if (++count > NOTE_MAX_SIGS) {
			free(raw);
			goto malformed;
		}
		{
			char	*nm = xstrndup(name, namelen), *err = NULL;
			int	 rc;

			rc = note_verifiers_find(known, nm, hash, &v, &k, &err);
			free(nm);
			if (rc != 0 && k == NOTE_UNKNOWN_KEY) {
				/* Kept once per identical line, unchecked. */
				free(err);
				free(raw);
				if (!sigs_have(n->unverified, n->nunverified,
				    name, namelen, hash, b64, b64len))
					sigs_add(&n->unverified,
					    &n->nunverified, name, namelen,
					    hash, b64, b64len);
				continue;
			}
			if (rc != 0) {
				free(raw);
				*kind = k;
				note_free(n);
				if (cause != NULL)
					*cause = err;
				else
					free(err);
				return (-1);
			}
		}
		if (strlen(v->name) != namelen ||
		    memcmp(v->name, name, namelen) != 0 || v->hash != hash) {
			free(raw);
			note_free(n);
			*kind = NOTE_MISMATCHED_VERIFIER;
			return (note_fail(cause, "verifier name or hash doesn't "
			    "match signature"));
		}
		/* One check per key, whatever it signed again. */
		if (sigs_have(n->sigs, n->nsigs, name, namelen, hash, NULL, 0)) {
			free(raw);
			continue;
		}
		if (!note_ed25519_verify(v->pub, msg, textlen, raw + 4,
		    rawlen - 4)) {
			free(raw);
			note_free(n);
			*kind = NOTE_BAD_SIGNATURE;
			if (cause != NULL)
				xasprintf(cause, "invalid signature for key "
				    "%s+%08x", v->name, hash);
			return (-1);
		}
		free(raw);
		sigs_add(&n->sigs, &n->nsigs, name, namelen, hash, b64, b64len);
	}
	if (n->nsigs == 0) {
		*kind = NOTE_UNVERIFIED;
		return (note_fail(cause, "note has no verifiable signatures"));
	}
	return (0);
malformed:
	note_free(n);
	*kind = NOTE_MALFORMED;
	return (note_fail(cause, "malformed note"));
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

static void
sigs_free(struct note_sig *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].b64);
	}
	free(v);
}

void
note_free(struct note *n)
{
	free(n->text);
	sigs_free(n->sigs, n->nsigs);
	sigs_free(n->unverified, n->nunverified);
	memset(n, 0, sizeof *n);
}
