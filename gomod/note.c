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
#include "gomod/sumdb-int.h"
#include "gomod/unicode.h"

const char note_sig_prefix[] = "\xe2\x80\x94 ";	/* "— " */

int
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
const char *
note_cut_plus(const char *s, size_t *len)
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
int
note_split_key(const char *s, char **name, uint32_t *hash, uint8_t **key,
    size_t *keylen)
{
	const char	*hash16, *key64;
	size_t		 namelen, hashlen;
	uint32_t	 h = 0;
	int		 bad;

	hash16 = note_cut_plus(s, &namelen);
	key64 = note_cut_plus(hash16, &hashlen);
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
	if (note_split_key(vkey, &v->name, &v->hash, &key, &len) != 0)
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
