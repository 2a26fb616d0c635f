/*
 * Conformance: the checksum database's notes, log and client
 * (shared/conformance/sumdb/: note.jsonl, tlog.jsonl, client.jsonl),
 * transcribed from golang.org/x/mod/sumdb's tests.
 */

#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/sumdb.h"
#include "tests/support/sumdb-server.h"
#include "tests/unit/testlib.h"

/* ---- helpers ---- */

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	return (-1);
}

static uint8_t *
unhex(const char *s, size_t *len)
{
	size_t	 n = strlen(s) / 2, i;
	uint8_t	*out = xmalloc(n + 1);

	for (i = 0; i < n; i++)
		out[i] = (uint8_t)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
	out[n] = 0;
	*len = n;
	return (out);
}

static char *
tohex(const uint8_t *p, size_t n)
{
	char	*s = xmalloc(2 * n + 1);
	size_t	 i;

	for (i = 0; i < n; i++)
		snprintf(s + 2 * i, 3, "%02x", p[i]);
	return (s);
}

/* A field given plainly or as NAME_hex, with its length. */
static char *
field_bytes(const cJSON *c, const char *name, size_t *len)
{
	const cJSON	*f;
	char		*hexname;

	f = cJSON_GetObjectItemCaseSensitive(c, name);
	if (cJSON_IsString(f)) {
		*len = strlen(f->valuestring);
		return (xstrdup(f->valuestring));
	}
	xasprintf(&hexname, "%s_hex", name);
	f = cJSON_GetObjectItemCaseSensitive(c, hexname);
	free(hexname);
	if (!cJSON_IsString(f))
		return (NULL);
	return ((char *)unhex(f->valuestring, len));
}

static int
has(const cJSON *c, const char *name)
{
	return (cJSON_GetObjectItemCaseSensitive(c, name) != NULL);
}

static int64_t
int_field(const cJSON *c, const char *name)
{
	return ((int64_t)cJSON_GetObjectItemCaseSensitive(c, name)->valuedouble);
}

static int
want_error(const cJSON *c, const char *got)
{
	const char	*want = testlib_str_or(c, "error", NULL);

	if (want != NULL && (got == NULL || strcmp(got, want) != 0))
		return (testlib_fail(c, "error \"%s\", want \"%s\"",
		    got != NULL ? got : "(none)", want));
	return (1);
}

static void
hash_of(const char *s, struct tlog_hash *h)
{
	if (tlog_parse_hash(s, h, NULL) != 0)
		fail_msg("bad hash in vectors: %s", s);
}

/* ---- note.jsonl ---- */

static char *
vkey_of(const struct note_verifier *v)
{
	char	*s = NULL;

	note_ed25519_vkey(v->name, v->pub, 32, &s, NULL);
	return (s);
}

static int
note_verifier_case(const cJSON *c)
{
	struct note_verifier	 v;
	char			*err = NULL, *hex, hash[9];
	int			 ok;

	if (note_verifier_parse(testlib_str(c, "vkey"), &v, &err) != 0) {
		if (testlib_bool(c, "ok"))
			ok = testlib_fail(c, "refused: %s", err);
		else
			ok = want_error(c, err);
		free(err);
		return (ok);
	}
	if (!testlib_bool(c, "ok")) {
		note_verifier_free(&v);
		return (testlib_fail(c, "accepted"));
	}
	snprintf(hash, sizeof hash, "%08x", v.hash);
	hex = tohex(v.pub, 32);
	ok = strcmp(v.name, testlib_str(c, "name")) == 0 &&
	    strcmp(hash, testlib_str(c, "key_hash")) == 0 &&
	    testlib_int(c, "alg") == NOTE_ALG_ED25519 &&
	    strcmp(hex, testlib_str(c, "public_key_hex")) == 0;
	if (!ok)
		testlib_fail(c, "got %s %s %s", v.name, hash, hex);
	free(hex);
	note_verifier_free(&v);
	return (ok);
}

static int
note_signer_case(const cJSON *c)
{
	struct note_signer	 s;
	char			*err = NULL, *hex, *vkey = NULL, hash[9];
	int			 ok;

	if (note_signer_parse(testlib_str(c, "skey"), &s, &err) != 0) {
		if (testlib_bool(c, "ok"))
			ok = testlib_fail(c, "refused: %s", err);
		else
			ok = want_error(c, err);
		free(err);
		return (ok);
	}
	if (!testlib_bool(c, "ok")) {
		note_signer_free(&s);
		return (testlib_fail(c, "accepted"));
	}
	snprintf(hash, sizeof hash, "%08x", s.hash);
	hex = tohex(s.seed, 32);
	note_ed25519_vkey(s.name, s.pub, 32, &vkey, NULL);
	ok = strcmp(s.name, testlib_str(c, "name")) == 0 &&
	    strcmp(hash, testlib_str(c, "key_hash")) == 0 &&
	    strcmp(hex, testlib_str(c, "seed_hex")) == 0 &&
	    strcmp(vkey, testlib_str(c, "vkey")) == 0;
	if (!ok)
		testlib_fail(c, "got %s %s %s %s", s.name, hash, hex, vkey);
	free(hex);
	free(vkey);
	note_signer_free(&s);
	return (ok);
}

static int
note_generate_case(const cJSON *c)
{
	uint8_t	*seed;
	size_t	 len;
	char	*skey, *vkey;
	int	 ok;

	seed = unhex(testlib_str(c, "rand_hex"), &len);
	note_generate_key(testlib_str(c, "name"), seed, &skey, &vkey);
	ok = strcmp(skey, testlib_str(c, "skey")) == 0 &&
	    strcmp(vkey, testlib_str(c, "vkey")) == 0;
	if (!ok)
		testlib_fail(c, "got %s %s", skey, vkey);
	free(seed);
	free(skey);
	free(vkey);
	return (ok);
}

static int
note_ed25519_case(const cJSON *c)
{
	uint8_t	*pub;
	size_t	 len;
	char	*vkey = NULL, *err = NULL;
	int	 ok;

	pub = unhex(testlib_str(c, "public_key_hex"), &len);
	if (note_ed25519_vkey(testlib_str(c, "name"), pub, len, &vkey,
	    &err) != 0)
		ok = testlib_bool(c, "ok") ? testlib_fail(c, "refused: %s", err)
		    : want_error(c, err);
	else
		ok = testlib_bool(c, "ok") &&
		    strcmp(vkey, testlib_str(c, "vkey")) == 0 ? 1 :
		    testlib_fail(c, "got %s", vkey);
	free(pub);
	free(vkey);
	free(err);
	return (ok);
}

static int
note_signature_case(const cJSON *c)
{
	struct note_verifier	 v;
	uint8_t			*sig;
	char			*msg;
	size_t			 siglen, msglen;
	int			 valid;

	if (note_verifier_parse(testlib_str(c, "vkey"), &v, NULL) != 0)
		return (testlib_fail(c, "bad key"));
	msg = field_bytes(c, "msg", &msglen);
	sig = unhex(testlib_str(c, "sig_hex"), &siglen);
	valid = note_ed25519_verify(v.pub, msg, msglen, sig, siglen);
	free(msg);
	free(sig);
	note_verifier_free(&v);
	if (valid != testlib_bool(c, "valid"))
		return (testlib_fail(c, "verify gave %d", valid));
	return (1);
}

/* The verifiers of a case; the caller frees with verifiers_free. */
static struct note_verifier *
verifiers_of(const cJSON *c, size_t *n)
{
	const cJSON		*list, *e;
	struct note_verifier	*v;

	list = cJSON_GetObjectItemCaseSensitive(c, "verifiers");
	v = xcalloc(cJSON_GetArraySize(list) + 1, sizeof *v);
	*n = 0;
	cJSON_ArrayForEach(e, list) {
		if (note_verifier_parse(e->valuestring, &v[*n], NULL) != 0)
			fail_msg("bad verifier %s", e->valuestring);
		(*n)++;
	}
	return (v);
}

static void
verifiers_free(struct note_verifier *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		note_verifier_free(&v[i]);
	free(v);
}

static int
note_list_case(const cJSON *c)
{
	struct note_verifiers		 list = { 0 };
	struct note_verifier		*v;
	const struct note_verifier	*found;
	enum note_error			 kind;
	char				*err = NULL, *vkey;
	uint32_t			 hash;
	size_t				 n;
	int				 ok;

	v = verifiers_of(c, &n);
	list.v = v;
	list.n = n;
	hash = (uint32_t)strtoul(testlib_str(c, "key_hash"), NULL, 16);
	if (note_verifiers_find(&list, testlib_str(c, "name"), hash, &found,
	    &kind, &err) != 0)
		ok = testlib_bool(c, "ok") ? testlib_fail(c, "%s", err) :
		    want_error(c, err);
	else {
		vkey = vkey_of(found);
		ok = testlib_bool(c, "ok") &&
		    strcmp(vkey, testlib_str(c, "vkey")) == 0 ? 1 :
		    testlib_fail(c, "found %s", vkey);
		free(vkey);
	}
	free(err);
	verifiers_free(v, n);
	return (ok);
}

static struct note_sig *
sigs_of(const cJSON *c, const char *name, size_t *n)
{
	const cJSON	*list, *e;
	struct note_sig	*v;

	list = cJSON_GetObjectItemCaseSensitive(c, name);
	v = xcalloc(cJSON_GetArraySize(list) + 1, sizeof *v);
	*n = 0;
	cJSON_ArrayForEach(e, list) {
		v[*n].name = xstrdup(testlib_str(e, "name"));
		v[*n].hash = (uint32_t)strtoul(testlib_str(e, "hash"), NULL,
		    16);
		v[*n].b64 = xstrdup(testlib_str(e, "base64"));
		(*n)++;
	}
	return (v);
}

/* Do two signature lists agree, in order? */
static int
sigs_equal(const cJSON *c, const char *name, const struct note_sig *got,
    size_t ngot)
{
	struct note_sig	*want;
	size_t		 n, i;
	int		 ok;

	want = sigs_of(c, name, &n);
	ok = n == ngot;
	for (i = 0; ok && i < n; i++) {
		ok = strcmp(want[i].name, got[i].name) == 0 &&
		    want[i].hash == got[i].hash &&
		    strcmp(want[i].b64, got[i].b64) == 0;
	}
	for (i = 0; i < n; i++) {
		free(want[i].name);
		free(want[i].b64);
	}
	free(want);
	return (ok);
}

static int
failing_signer(void *arg, const void *msg, size_t len, uint8_t sig[64],
    char **cause)
{
	(void)arg;
	(void)msg;
	(void)len;
	(void)sig;
	*cause = xstrdup("errSigner");
	return (-1);
}

static int
note_sign_case(const cJSON *c)
{
	struct note		 n = { 0 };
	struct note_signer	*s;
	const cJSON		*list, *e;
	size_t			 ns = 0, i;
	char			*msg = NULL, *err = NULL;
	const char		*override;
	int			 ok;

	n.text = xstrdup(testlib_str(c, "text"));
	n.sigs = sigs_of(c, "sigs", &n.nsigs);
	n.unverified = sigs_of(c, "unverified_sigs", &n.nunverified);
	list = cJSON_GetObjectItemCaseSensitive(c, "signers");
	s = xcalloc(cJSON_GetArraySize(list) + 1, sizeof *s);
	override = testlib_str_or(c, "signer_name_override", NULL);
	cJSON_ArrayForEach(e, list) {
		if (note_signer_parse(e->valuestring, &s[ns], NULL) != 0)
			fail_msg("bad signer %s", e->valuestring);
		if (override != NULL) {
			free(s[ns].name);
			s[ns].name = xstrdup(override);
		}
		if (has(c, "signer_fails"))
			s[ns].sign = failing_signer;
		ns++;
	}
	if (note_sign(&n, s, ns, &msg, &err) != 0) {
		if (testlib_bool(c, "ok"))
			ok = testlib_fail(c, "refused: %s", err);
		else if (has(c, "error_from_signer"))
			ok = strcmp(err, "errSigner") == 0 ? 1 :
			    testlib_fail(c, "error %s, not the signer's", err);
		else
			ok = want_error(c, err);
	} else
		ok = testlib_bool(c, "ok") &&
		    strcmp(msg, testlib_str(c, "msg")) == 0 ? 1 :
		    testlib_fail(c, "signed:\n%s", msg);
	for (i = 0; i < ns; i++)
		note_signer_free(&s[i]);
	free(s);
	free(msg);
	free(err);
	note_free(&n);
	return (ok);
}

static const char *
note_error_name(enum note_error k)
{
	switch (k) {
	case NOTE_MALFORMED:
		return ("malformed_note");
	case NOTE_UNVERIFIED:
		return ("unverified_note");
	case NOTE_UNKNOWN_KEY:
		return ("unknown_key");
	case NOTE_AMBIGUOUS_KEY:
		return ("ambiguous_key");
	case NOTE_BAD_SIGNATURE:
		return ("invalid_signature");
	case NOTE_MISMATCHED_VERIFIER:
		return ("mismatched_verifier");
	default:
		return ("ok");
	}
}

static int
note_open_case(const cJSON *c)
{
	struct note_verifiers	 list = { 0 };
	struct note_verifier	*v;
	struct note		 n;
	enum note_error		 kind;
	size_t			 nv, len;
	char			*msg, *err = NULL;
	int			 ok;

	v = verifiers_of(c, &nv);
	list.v = v;
	list.n = nv;
	list.fixed = strcmp(testlib_str_or(c, "verifiers_mode", ""),
	    "fixed") == 0;
	msg = field_bytes(c, "msg", &len);
	if (note_open(msg, len, &list, &n, &kind, &err) == 0) {
		ok = testlib_bool(c, "ok") &&
		    strcmp(n.text, testlib_str(c, "text")) == 0 &&
		    sigs_equal(c, "sigs", n.sigs, n.nsigs) &&
		    sigs_equal(c, "unverified_sigs", n.unverified,
		    n.nunverified) ? 1 : testlib_fail(c, "opened differently");
	} else if (testlib_bool(c, "ok"))
		ok = testlib_fail(c, "refused: %s", err);
	else if (strcmp(note_error_name(kind),
	    testlib_str(c, "error_kind")) != 0)
		ok = testlib_fail(c, "kind %s", note_error_name(kind));
	else if (kind == NOTE_UNVERIFIED &&
	    (strcmp(n.text, testlib_str(c, "text")) != 0 ||
	    !sigs_equal(c, "unverified_sigs", n.unverified, n.nunverified)))
		ok = testlib_fail(c, "the unverified note differs");
	else
		ok = want_error(c, err);
	note_free(&n);
	free(err);
	free(msg);
	verifiers_free(v, nv);
	return (ok);
}

static int
note_case(const cJSON *c, const char *kind, void *arg)
{
	(void)arg;
	if (strcmp(kind, "verifier_key") == 0)
		return (note_verifier_case(c));
	if (strcmp(kind, "signer_key") == 0)
		return (note_signer_case(c));
	if (strcmp(kind, "generate_key") == 0)
		return (note_generate_case(c));
	if (strcmp(kind, "ed25519_verifier_key") == 0)
		return (note_ed25519_case(c));
	if (strcmp(kind, "signature") == 0)
		return (note_signature_case(c));
	if (strcmp(kind, "verifier_list") == 0)
		return (note_list_case(c));
	if (strcmp(kind, "sign") == 0)
		return (note_sign_case(c));
	if (strcmp(kind, "open") == 0)
		return (note_open_case(c));
	return (testlib_fail(c, "unknown kind %s", kind));
}

static void
test_sumdb_note(void **state)
{
	(void)state;
	testlib_run_jsonl("conformance/sumdb/note.jsonl", NULL, note_case,
	    NULL);
}

/* ---- tlog.jsonl ---- */

/* The "leaf" log: every stored hash of TestTree's 100 records. */
struct memlog {
	struct tlog_hash	*h;
	int64_t			 n;		/* stored hashes */
	int64_t			 records;
	int			 reads;
};

static int
memlog_read(void *arg, const int64_t *idx, size_t n, struct tlog_hash *out,
    char **cause)
{
	struct memlog	*m = arg;
	size_t		 i;

	m->reads++;
	for (i = 0; i < n; i++) {
		if (idx[i] < 0 || idx[i] >= m->n) {
			if (cause != NULL)
				xasprintf(cause, "no stored hash %" PRId64,
				    idx[i]);
			return (-1);
		}
		out[i] = m->h[idx[i]];
	}
	return (0);
}

static struct memlog leaflog;

static void
memlog_append(struct memlog *m, const char *data)
{
	struct tlog_reader	 r = { memlog_read, m };
	struct tlog_hash	*h;
	size_t			 nh, i;

	if (tlog_stored_hashes(m->records, data, strlen(data), &r, &h, &nh,
	    NULL) != 0)
		fail_msg("stored hashes of record %" PRId64, m->records);
	m->h = xreallocarray(m->h, m->n + nh, sizeof *m->h);
	for (i = 0; i < nh; i++)
		m->h[m->n + i] = h[i];
	m->n += nh;
	m->records++;
	free(h);
}

static void
leaflog_build(void)
{
	char	rec[32];
	int	i;

	if (leaflog.records > 0)
		return;
	for (i = 0; i < 100; i++) {
		snprintf(rec, sizeof rec, "leaf %d", i);
		memlog_append(&leaflog, rec);
	}
}

static int
hash_is(const cJSON *c, const char *name, const struct tlog_hash *got)
{
	char	s[45];

	tlog_hash_string(got, s);
	if (strcmp(s, testlib_str(c, name)) != 0)
		return (testlib_fail(c, "%s %s", name, s));
	return (1);
}

static struct tlog_hash *
hashes_of(const cJSON *c, const char *name, size_t *n)
{
	const cJSON		*list, *e;
	struct tlog_hash	*v;

	list = cJSON_GetObjectItemCaseSensitive(c, name);
	v = xcalloc(cJSON_GetArraySize(list) + 1, sizeof *v);
	*n = 0;
	cJSON_ArrayForEach(e, list)
		hash_of(e->valuestring, &v[(*n)++]);
	return (v);
}

/* A proof checks, and fails with bit 0 of any one hash flipped. */
static int
proof_case(const cJSON *c, int tree)
{
	struct tlog_reader	 r = { memlog_read, &leaflog };
	struct tlog_hash	*want, *got = NULL, th, h;
	size_t			 nwant, ngot, i;
	int64_t			 t = int_field(c, "tree_n"), n = int_field(c, "n");
	int			 ok = 1, rc;

	want = hashes_of(c, "proof", &nwant);
	hash_of(testlib_str(c, "tree_hash"), &th);
	hash_of(testlib_str(c, tree ? "old_hash" : "leaf_hash"), &h);
	rc = tree ? tlog_prove_tree(t, n, &r, &got, &ngot, NULL) :
	    tlog_prove_record(t, n, &r, &got, &ngot, NULL);
	if (rc != 0 || ngot != nwant ||
	    (ngot > 0 && memcmp(got, want, ngot * sizeof *got) != 0))
		ok = testlib_fail(c, "proof differs");
	rc = tree ? tlog_check_tree(want, nwant, t, &th, n, &h, NULL) :
	    tlog_check_record(want, nwant, t, &th, n, &h, NULL);
	if (rc != 0)
		ok = testlib_fail(c, "the proof does not check");
	for (i = 0; i < nwant; i++) {
		want[i].b[0] ^= 1;
		rc = tree ? tlog_check_tree(want, nwant, t, &th, n, &h, NULL) :
		    tlog_check_record(want, nwant, t, &th, n, &h, NULL);
		want[i].b[0] ^= 1;
		if (rc == 0)
			ok = testlib_fail(c, "checks with hash %zu flipped", i);
	}
	free(want);
	free(got);
	return (ok);
}

static int
proof_check_case(const cJSON *c, int tree)
{
	struct tlog_hash	*p, th, h;
	size_t			 np;
	char			*err = NULL;
	int			 rc, ok;

	p = hashes_of(c, "proof", &np);
	hash_of(testlib_str(c, "tree_hash"), &th);
	hash_of(testlib_str(c, tree ? "old_hash" : "leaf_hash"), &h);
	rc = tree ? tlog_check_tree(p, np, int_field(c, "tree_n"), &th,
	    int_field(c, "n"), &h, &err) : tlog_check_record(p, np,
	    int_field(c, "tree_n"), &th, int_field(c, "n"), &h, &err);
	if (rc == 0)
		ok = testlib_bool(c, "ok") ? 1 : testlib_fail(c, "checks");
	else if (testlib_bool(c, "ok"))
		ok = testlib_fail(c, "refused: %s", err);
	else
		ok = want_error(c, err);
	free(err);
	free(p);
	return (ok);
}

static int
tile_is(const cJSON *c, const cJSON *t, const struct tlog_tile *got)
{
	if (got->h != (int)int_field(t, "H") || got->l != (int)int_field(t,
	    "L") || got->n != int_field(t, "N") || got->w != (int)int_field(t,
	    "W"))
		return (testlib_fail(c, "tile %d/%d/%" PRId64 "/%d", got->h,
		    got->l, got->n, got->w));
	return (1);
}

static int
tile_data_of(const char *path, uint8_t **data, size_t *len)
{
	struct tlog_reader	r = { memlog_read, &leaflog };
	struct tlog_tile	t;

	if (tlog_parse_tile_path(path, &t, NULL) != 0)
		return (-1);
	return (tlog_read_tile_data(&t, &r, data, len, NULL));
}

/* Tiles served from the leaf log, as x/mod's test server publishes them;
 * count the tiles asked for. */
struct tiles_from_log {
	int	reads;
};

static int
leaf_tiles_read(void *arg, const struct tlog_tile *tiles, size_t n,
    uint8_t **data, size_t *lens, char **cause)
{
	struct tiles_from_log	*tl = arg;
	struct tlog_reader	 r = { memlog_read, &leaflog };
	size_t			 i;

	for (i = 0; i < n; i++) {
		tl->reads++;
		if (tlog_read_tile_data(&tiles[i], &r, &data[i], &lens[i],
		    cause) != 0)
			return (-1);
	}
	return (0);
}

static int
tlog_case(const cJSON *c, const char *kind, void *arg)
{
	struct tlog_reader	 r = { memlog_read, &leaflog };
	struct tlog_hash	 h, h2;
	struct tlog_tree	 tree;
	struct tlog_tile	 t, *tiles;
	const cJSON		*e;
	char			*s = NULL, *err = NULL, *msg, *b64;
	const char		*text, *rest;
	uint8_t			*data;
	size_t			 len, n, i, tlen, rlen;
	int64_t			 id;
	int			 level, rc, ok = 1;

	(void)arg;
	leaflog_build();
	if (strcmp(kind, "record_sequence") == 0) {
		i = 0;
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(c,
		    "records")) {
			tlog_record_hash(e->valuestring, strlen(e->valuestring),
			    &h);
			if (!tlog_hash_equal(&h, &leaflog.h[
			    tlog_stored_hash_index(0, (int64_t)i)]))
				ok = testlib_fail(c, "record %zu", i);
			i++;
		}
		return (ok && i == 100);
	}
	if (strcmp(kind, "record_hash") == 0) {
		tlog_record_hash(testlib_str(c, "data"),
		    strlen(testlib_str(c, "data")), &h);
		return (hash_is(c, "hash", &h));
	}
	if (strcmp(kind, "node_hash") == 0) {
		hash_of(testlib_str(c, "left"), &h);
		hash_of(testlib_str(c, "right"), &h2);
		tlog_node_hash(&h, &h2, &h);
		return (hash_is(c, "hash", &h));
	}
	if (strcmp(kind, "tree_hash") == 0) {
		if (tlog_tree_hash(int_field(c, "n"), &r, &h, NULL) != 0)
			return (testlib_fail(c, "no hash"));
		return (hash_is(c, "hash", &h));
	}
	if (strcmp(kind, "stored_hash_index") == 0) {
		if (tlog_stored_hash_index((int)int_field(c, "level"),
		    int_field(c, "n")) != int_field(c, "index"))
			return (testlib_fail(c, "index"));
		tlog_split_stored_hash_index(int_field(c, "index"), &level,
		    &id);
		if (level != int_field(c, "level") || id != int_field(c, "n"))
			return (testlib_fail(c, "split %d %" PRId64, level, id));
		return (1);
	}
	if (strcmp(kind, "stored_hash_count") == 0)
		return (tlog_stored_hash_count(int_field(c, "n")) ==
		    int_field(c, "count") ? 1 : testlib_fail(c, "count"));
	if (strcmp(kind, "stored_hashes") == 0) {
		struct tlog_hash	*got, *want;
		size_t			 ngot, nwant;

		if (tlog_stored_hash_index(0, int_field(c, "n")) !=
		    int_field(c, "index"))
			return (testlib_fail(c, "index"));
		if (tlog_stored_hashes(int_field(c, "n"), testlib_str(c,
		    "data"), strlen(testlib_str(c, "data")), &r, &got, &ngot,
		    NULL) != 0)
			return (testlib_fail(c, "failed"));
		want = hashes_of(c, "hashes", &nwant);
		ok = ngot == nwant && memcmp(got, want, ngot * sizeof *got) ==
		    0 ? 1 : testlib_fail(c, "hashes differ");
		free(got);
		free(want);
		return (ok);
	}
	if (strcmp(kind, "tile_path") == 0) {
		if (tlog_parse_tile_path(testlib_str(c, "path"), &t,
		    &err) != 0) {
			free(err);
			return (testlib_bool(c, "ok") ? testlib_fail(c,
			    "refused") : 1);
		}
		if (!testlib_bool(c, "ok"))
			return (testlib_fail(c, "accepted"));
		ok = tile_is(c, cJSON_GetObjectItemCaseSensitive(c, "tile"), &t);
		s = tlog_tile_path(&t);
		if (strcmp(s, testlib_str(c, "path")) != 0)
			ok = testlib_fail(c, "path back %s", s);
		free(s);
		return (ok);
	}
	if (strcmp(kind, "new_tiles") == 0) {
		n = tlog_new_tiles((int)int_field(c, "height"),
		    int_field(c, "old"), int_field(c, "new"), &tiles);
		e = cJSON_GetObjectItemCaseSensitive(c, "tiles");
		if ((int)n != cJSON_GetArraySize(e) || (has(c, "want_count") &&
		    (int64_t)n != int_field(c, "want_count")))
			ok = testlib_fail(c, "%zu tiles", n);
		for (i = 0; ok && i < n; i++) {
			s = tlog_tile_path(&tiles[i]);
			if (strcmp(s, cJSON_GetArrayItem(e,
			    (int)i)->valuestring) != 0)
				ok = testlib_fail(c, "tile %zu: %s", i, s);
			free(s);
		}
		free(tiles);
		return (ok);
	}
	if (strcmp(kind, "tile_data") == 0) {
		if (tile_data_of(testlib_str(c, "tile"), &data, &len) != 0)
			return (testlib_fail(c, "no data"));
		b64 = b64_encode(data, len);
		ok = strcmp(b64, testlib_str(c, "data_b64")) == 0 ? 1 :
		    testlib_fail(c, "data %s", b64);
		free(b64);
		free(data);
		return (ok);
	}
	if (strcmp(kind, "hash_from_tile") == 0) {
		t = tlog_tile_for_index((int)int_field(c, "height"),
		    int_field(c, "index"));
		s = tlog_tile_path(&t);
		if (strcmp(s, testlib_str(c, "tile")) != 0)
			ok = testlib_fail(c, "tile %s", s);
		free(s);
		if (tile_data_of(testlib_str(c, "tile"), &data, &len) != 0)
			return (testlib_fail(c, "no data"));
		if (tlog_hash_from_tile(&t, data, len, int_field(c, "index"),
		    &h, &err) != 0)
			ok = testlib_fail(c, "%s", err);
		else if (!hash_is(c, "hash", &h))
			ok = 0;
		free(err);
		free(data);
		return (ok);
	}
	if (strcmp(kind, "tile_reader_bad_index") == 0) {
		struct tiles_from_log		tl = { 0 };
		struct tlog_tile_source		src = { 2, leaf_tiles_read,
						    NULL, &tl, NULL };
		struct tlog_tile_reader		thr;

		thr.tree.n = int_field(c, "tree_n");
		hash_of(testlib_str(c, "tree_hash"), &thr.tree.hash);
		thr.src = &src;
		id = int_field(c, "index");
		if (tlog_stored_hash_index(0, thr.tree.n) !=
		    int_field(c, "first_index_outside"))
			return (testlib_fail(c, "first index outside"));
		if (tlog_tile_read_hashes(&thr, &id, 1, &h, &err) == 0)
			return (testlib_fail(c, "read an index not in the "
			    "tree"));
		free(err);
		return (1);
	}
	if (strcmp(kind, "record_proof") == 0)
		return (proof_case(c, 0));
	if (strcmp(kind, "tree_proof") == 0)
		return (proof_case(c, 1));
	if (strcmp(kind, "record_proof_check") == 0)
		return (proof_check_case(c, 0));
	if (strcmp(kind, "tree_proof_check") == 0)
		return (proof_check_case(c, 1));
	if (strcmp(kind, "tree_format") == 0) {
		tree.n = int_field(c, "n");
		hash_of(testlib_str(c, "hash"), &tree.hash);
		s = tlog_format_tree(&tree);
		ok = strcmp(s, testlib_str(c, "text")) == 0 ? 1 :
		    testlib_fail(c, "text %s", s);
		free(s);
		return (ok);
	}
	if (strcmp(kind, "tree_parse") == 0) {
		text = testlib_str(c, "text");
		if (tlog_parse_tree(text, strlen(text), &tree, &err) != 0) {
			ok = testlib_bool(c, "ok") ? testlib_fail(c, "refused")
			    : want_error(c, err);
			free(err);
			return (ok);
		}
		if (!testlib_bool(c, "ok"))
			return (testlib_fail(c, "accepted"));
		if (has(c, "n_decimal"))
			id = strtoll(testlib_str(c, "n_decimal"), NULL, 10);
		else
			id = int_field(c, "n");
		if (tree.n != id)
			return (testlib_fail(c, "n %" PRId64, tree.n));
		return (hash_is(c, "hash", &tree.hash));
	}
	if (strcmp(kind, "record_format") == 0) {
		char	*in = field_bytes(c, "text", &tlen);

		rc = tlog_format_record(int_field(c, "id"), in, tlen, &msg,
		    &len, &err);
		free(in);
		if (rc != 0) {
			ok = testlib_bool(c, "ok") ? testlib_fail(c, "refused")
			    : want_error(c, err);
			free(err);
			return (ok);
		}
		ok = testlib_bool(c, "ok") && len == strlen(testlib_str(c,
		    "msg")) && memcmp(msg, testlib_str(c, "msg"), len) == 0 ?
		    1 : testlib_fail(c, "formatted %s", msg);
		free(msg);
		return (ok);
	}
	if (strcmp(kind, "record_parse") == 0) {
		char	*want_rest;
		size_t	 want_rlen = 0;

		msg = field_bytes(c, "msg", &len);
		if (tlog_parse_record(msg, len, &id, &text, &tlen, &rest, &rlen,
		    &err) != 0) {
			ok = testlib_bool(c, "ok") ? testlib_fail(c, "refused")
			    : want_error(c, err);
			free(err);
			free(msg);
			return (ok);
		}
		want_rest = field_bytes(c, "rest", &want_rlen);
		ok = testlib_bool(c, "ok") && id == int_field(c, "id") &&
		    tlen == strlen(testlib_str(c, "text")) &&
		    memcmp(text, testlib_str(c, "text"), tlen) == 0 &&
		    (want_rest == NULL ? rlen == 0 : (rlen == want_rlen &&
		    memcmp(rest, want_rest, rlen) == 0)) ? 1 :
		    testlib_fail(c, "parsed differently");
		free(want_rest);
		free(msg);
		return (ok);
	}
	if (strcmp(kind, "parse_hash") == 0) {
		if (tlog_parse_hash(testlib_str(c, "text"), &h, &err) != 0) {
			ok = testlib_bool(c, "ok") ? testlib_fail(c, "refused")
			    : want_error(c, err);
			free(err);
			return (ok);
		}
		s = tohex(h.b, 32);
		ok = testlib_bool(c, "ok") && strcmp(s, testlib_str(c,
		    "hash_hex")) == 0 ? 1 : testlib_fail(c, "hash %s", s);
		free(s);
		return (ok);
	}
	if (strcmp(kind, "ct_fact") == 0) {
		/* Only the published root survives offline: it must read as
		 * a hash, and the leaf must be inside the tree. */
		if (tlog_parse_hash(testlib_str(c, "tree_hash"), &h, NULL) != 0)
			return (testlib_fail(c, "tree hash"));
		return (int_field(c, "leaf_index") < int_field(c,
		    "tree_size") ? 1 : testlib_fail(c, "leaf outside"));
	}
	return (testlib_fail(c, "unknown kind %s", kind));
}

static void
test_sumdb_tlog(void **state)
{
	(void)state;
	testlib_run_jsonl("conformance/sumdb/tlog.jsonl", NULL, tlog_case,
	    NULL);
}

/*
 * TestTree's reads through tiles: for every tree size, every record hash
 * and every older tree's hash, read through a tile reader over the tiles
 * that log publishes, equal the log's own.
 */
static void
test_sumdb_tile_reader(void **state)
{
	struct tiles_from_log		tl = { 0 };
	struct tlog_tile_source		src = { 2, leaf_tiles_read, NULL, &tl,
		    NULL };
	struct tlog_tile_reader		thr;
	struct tlog_reader		 r = { tlog_tile_read_hashes, &thr };
	struct tlog_reader		 direct = { memlog_read, &leaflog };
	struct tlog_hash		 h, want;
	int64_t				 t, i, idx;
	char				*err = NULL;

	(void)state;
	leaflog_build();
	thr.src = &src;
	for (t = 1; t <= 100; t++) {
		thr.tree.n = t;
		if (tlog_tree_hash(t, &direct, &thr.tree.hash, NULL) != 0)
			fail_msg("tree hash %" PRId64, t);
		for (i = 0; i < t; i++) {
			idx = tlog_stored_hash_index(0, i);
			if (tlog_tile_read_hashes(&thr, &idx, 1, &h, &err) != 0)
				fail_msg("tree %" PRId64 " record %" PRId64
				    ": %s", t, i, err);
			if (!tlog_hash_equal(&h, &leaflog.h[idx]))
				fail_msg("tree %" PRId64 " record %" PRId64, t,
				    i);
			if (tlog_tree_hash(i + 1, &r, &h, &err) != 0)
				fail_msg("tree %" PRId64 " old %" PRId64 ": %s",
				    t, i + 1, err);
			tlog_tree_hash(i + 1, &direct, &want, NULL);
			if (!tlog_hash_equal(&h, &want))
				fail_msg("tree %" PRId64 " old %" PRId64, t,
				    i + 1);
		}
		/* A wrong tree hash is caught, whatever is read. */
		thr.tree.hash.b[5] ^= 0x40;
		idx = 0;
		if (tlog_tile_read_hashes(&thr, &idx, 1, &h, &err) == 0)
			fail_msg("tree %" PRId64 ": a wrong hash passed", t);
		assert_string_equal(err, "downloaded inconsistent tile");
		free(err);
		err = NULL;
	}
	printf("tile reader: 100 trees, 5050 records and 5050 older trees "
	    "read through %d tiles\n", tl.reads);
}

/* ---- client.jsonl ---- */

struct blobv {
	char	*data;
	size_t	 len;
};

static void
blobv_free(const char *k, void *v, void *a)
{
	struct blobv	*b = v;

	(void)k;
	(void)a;
	free(b->data);
	free(b);
}

static void
blobv_put(struct strmap *m, const char *key, const char *data, size_t len)
{
	struct blobv	*b, *old;
	int		 found;

	old = strmap_get(m, key, &found);
	if (found)
		blobv_free(key, old, NULL);
	b = xmalloc(sizeof *b);
	b->data = xmemdup(data, len + 1);
	b->data[len] = '\0';
	b->len = len;
	strmap_set(m, key, b);
}

static void
blobv_copy_each(const char *k, void *v, void *arg)
{
	struct blobv	*b = v;

	blobv_put(arg, k, b->data, b->len);
}

/* A server, a config and a cache, as the x/mod test client has them. */
struct scen {
	char			*name;
	struct strmap		 config, cache, remote;
	int			 remote_ok, remote_tile_ok;
	struct buf		 security;
	struct sumdb_client	*client;
	int			 tile_height;
};

static int
scen_read_remote(void *arg, const char *path, char **data, size_t *len,
    char **cause)
{
	struct scen	*s = arg;
	struct blobv	*b;
	int		 found;

	if (!s->remote_ok ||
	    (!s->remote_tile_ok && strncmp(path, "/tile/", 6) == 0)) {
		xasprintf(cause, "remote disabled reading %s", path);
		return (-1);
	}
	b = strmap_get(&s->remote, path, &found);
	if (!found) {
		xasprintf(cause, "no remote path %s", path);
		return (-1);
	}
	*data = xmemdup(b->data, b->len + 1);
	*len = b->len;
	return (0);
}

static int
scen_read_config(void *arg, const char *file, char **data, size_t *len,
    char **cause)
{
	struct scen	*s = arg;
	struct blobv	*b;
	int		 found;

	b = strmap_get(&s->config, file, &found);
	if (!found) {
		if (strcmp(file, "key") == 0) {
			*cause = xstrdup("no key");
			return (-1);
		}
		*data = xstrdup("");
		*len = 0;
		return (0);
	}
	*data = xmemdup(b->data, b->len + 1);
	*len = b->len;
	return (0);
}

static int
scen_write_config(void *arg, const char *file, const char *old,
    size_t oldlen, const char *new, size_t newlen, char **cause)
{
	struct scen	*s = arg;
	struct blobv	*b;
	int		 found;

	(void)cause;
	b = strmap_get(&s->config, file, &found);
	if ((found ? b->len : 0) != oldlen ||
	    (found && memcmp(b->data, old, oldlen) != 0))
		return (1);
	blobv_put(&s->config, file, new, newlen);
	return (0);
}

static int
scen_read_cache(void *arg, const char *file, char **data, size_t *len)
{
	struct scen	*s = arg;
	struct blobv	*b;
	int		 found;

	b = strmap_get(&s->cache, file, &found);
	if (!found)
		return (-1);
	*data = xmemdup(b->data, b->len + 1);
	*len = b->len;
	return (0);
}

static void
scen_write_cache(void *arg, const char *file, const char *data, size_t len)
{
	struct scen	*s = arg;

	blobv_put(&s->cache, file, data, len);
}

static void
scen_security(void *arg, const char *msg)
{
	struct scen	*s = arg;

	buf_adds(&s->security, msg);
}

static void
scen_new_client(struct scen *s)
{
	struct sumdb_ops	ops = {
		scen_read_remote, scen_read_config, scen_write_config,
		scen_read_cache, scen_write_cache, scen_security, s, 0
	};

	ops.tile_height = s->tile_height;
	sumdb_client_free(s->client);
	s->client = sumdb_client_new(&ops);
}

static void
scen_remote_put(struct scen *s, const cJSON *entries)
{
	const cJSON	*e;
	uint8_t		*raw;
	size_t		 len;

	cJSON_ArrayForEach(e, entries) {
		if (has(e, "text"))
			blobv_put(&s->remote, testlib_str(e, "path"),
			    testlib_str(e, "text"),
			    strlen(testlib_str(e, "text")));
		else {
			if (b64_decode(testlib_str(e, "b64"),
			    strlen(testlib_str(e, "b64")), &raw, &len) != 0)
				fail_msg("bad b64");
			blobv_put(&s->remote, testlib_str(e, "path"),
			    (char *)raw, len);
			free(raw);
		}
	}
}

static void
scen_free(struct scen *s)
{
	sumdb_client_free(s->client);
	strmap_each(&s->config, blobv_free, NULL);
	strmap_each(&s->cache, blobv_free, NULL);
	strmap_each(&s->remote, blobv_free, NULL);
	strmap_free(&s->config);
	strmap_free(&s->cache);
	strmap_free(&s->remote);
	buf_free(&s->security);
	free(s->name);
	free(s);
}

/* A server, config and cache from a scenario's "initial" object (or
 * empty ones), with a client on them. */
static struct scen *
scen_new(const char *name, int height, const cJSON *init)
{
	struct scen	*s;
	const cJSON	*e;

	s = xcalloc(1, sizeof *s);
	s->name = xstrdup(name);
	strmap_init(&s->config);
	strmap_init(&s->cache);
	strmap_init(&s->remote);
	buf_init(&s->security, 0);
	s->remote_ok = s->remote_tile_ok = 1;
	s->tile_height = height;
	if (init != NULL) {
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(init,
		    "config"))
			blobv_put(&s->config, e->string, e->valuestring,
			    strlen(e->valuestring));
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(init,
		    "cache"))
			blobv_put(&s->cache, e->string, e->valuestring,
			    strlen(e->valuestring));
		scen_remote_put(s, cJSON_GetObjectItemCaseSensitive(init,
		    "remote"));
	}
	scen_new_client(s);
	return (s);
}

static struct scen *
scen_find(struct scen **v, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i]->name, name) == 0)
			return (v[i]);
	}
	fail_msg("no client %s", name);
	return (NULL);
}

static void
flip_each(const char *k, void *v, void *arg)
{
	struct blobv	*b = v;
	size_t		 i;

	(void)arg;
	if (strncmp(k, "/tile/", 6) != 0)
		return;
	for (i = 0; i < b->len; i++)
		b->data[i] ^= 0x80;
}

/*
 * A fork: the report is the go command's, word for word (both signed
 * notes, the newer log's hash at the older size, the consistency proof),
 * and the tree the client had verified is still the one kept.
 */
static int
fork_evidence(const cJSON *c, struct scen *s, const cJSON *d)
{
	const char	*want = testlib_str(d, "report");
	const char	*got = s->security.data != NULL ? s->security.data : "";
	char		*latest = NULL, *cause = NULL;
	size_t		 len, wlen = strlen(want);
	int		 ok = 1;

	/* The report is written as a message, with no final newline. */
	if (wlen > 0 && want[wlen - 1] == '\n')
		wlen--;
	if (strlen(got) != wlen || memcmp(got, want, wlen) != 0)
		ok = testlib_fail(c, "security report:\n%s", got);
	if (scen_read_config(s, "localhost.localdev/sumdb/latest", &latest,
	    &len, &cause) != 0 || strcmp(latest, testlib_str(
	    cJSON_GetObjectItemCaseSensitive(d, "new_tree"), "note")) != 0)
		ok = testlib_fail(c, "the verified tree was replaced: %s",
		    latest != NULL ? latest : cause);
	free(latest);
	free(cause);
	return (ok);
}

static int
scenario_step(const cJSON *c, const cJSON *step, struct scen ***all,
    size_t *nall, int height)
{
	struct scen	*s, *t;
	struct strv	 lines;
	const char	*op = testlib_str(step, "op");
	const cJSON	*e, *want;
	char		*err = NULL, *data = NULL, *cause = NULL;
	size_t		 len, i;
	int		 ok = 1, st;
	struct tlog_tree tree;

	s = scen_find(*all, *nall, testlib_str_or(step, "client", "tc"));
	if (strcmp(op, "lookup") == 0) {
		strv_init(&lines);
		st = sumdb_lookup(s->client, testlib_str(step, "path"),
		    testlib_str(step, "version"), 0, &lines, &err);
		if ((want = cJSON_GetObjectItemCaseSensitive(step,
		    "want_lines")) != NULL) {
			if (st != SUMDB_OK)
				ok = testlib_fail(c, "line %d: %s",
				    (int)int_field(step, "line"), err);
			else if ((int)lines.n != cJSON_GetArraySize(want))
				ok = testlib_fail(c, "line %d: %zu lines",
				    (int)int_field(step, "line"), lines.n);
			for (i = 0; ok && i < lines.n; i++) {
				if (strcmp(lines.v[i], cJSON_GetArrayItem(want,
				    (int)i)->valuestring) != 0)
					ok = testlib_fail(c, "line %d: got %s",
					    (int)int_field(step, "line"),
					    lines.v[i]);
			}
		} else {
			if (st == SUMDB_OK || strstr(err, testlib_str(step,
			    "want_error_contains")) == NULL)
				ok = testlib_fail(c, "line %d: error %s",
				    (int)int_field(step, "line"),
				    err != NULL ? err : "(none)");
			cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(
			    step, "want_security_contains")) {
				if (s->security.data == NULL ||
				    strstr(s->security.data,
				    e->valuestring) == NULL)
					ok = testlib_fail(c, "line %d: the "
					    "report lacks %s",
					    (int)int_field(step, "line"),
					    e->valuestring);
			}
			if ((want = cJSON_GetObjectItemCaseSensitive(step,
			    "derived_security")) != NULL &&
			    !fork_evidence(c, s, want))
				ok = 0;
		}
		strv_free(&lines);
		free(err);
	} else if (strcmp(op, "expect_latest") == 0) {
		if (scen_read_config(s, "localhost.localdev/sumdb/latest",
		    &data, &len, &cause) != 0 ||
		    tlog_parse_tree(data, len, &tree, NULL) != 0 ||
		    tree.n != int_field(step, "n"))
			ok = testlib_fail(c, "line %d: latest is not %d",
			    (int)int_field(step, "line"),
			    (int)int_field(step, "n"));
		free(data);
	} else if (strcmp(op, "set") == 0) {
		if (strcmp(testlib_str(step, "field"), "remote_ok") == 0)
			s->remote_ok = testlib_bool(step, "value");
		else
			s->remote_tile_ok = testlib_bool(step, "value");
	} else if (strcmp(op, "flip_tile_bits") == 0)
		strmap_each(&s->remote, flip_each, NULL);
	else if (strcmp(op, "new_client") == 0)
		scen_new_client(s);
	else if (strcmp(op, "set_config") == 0)
		blobv_put(&s->config, testlib_str(step, "file"),
		    testlib_str(step, "text"), strlen(testlib_str(step, "text")));
	else if (strcmp(op, "fork") == 0) {
		s = scen_find(*all, *nall, testlib_str(step, "from"));
		t = scen_new(testlib_str(step, "to"), height, NULL);
		strmap_each(&s->config, blobv_copy_each, &t->config);
		strmap_each(&s->cache, blobv_copy_each, &t->cache);
		strmap_each(&s->remote, blobv_copy_each, &t->remote);
		t->remote_ok = s->remote_ok;
		t->remote_tile_ok = s->remote_tile_ok;
		*all = xreallocarray(*all, *nall + 1, sizeof **all);
		(*all)[(*nall)++] = t;
	} else if (strcmp(op, "remote_put") == 0)
		scen_remote_put(s, cJSON_GetObjectItemCaseSensitive(step,
		    "entries"));
	else
		ok = testlib_fail(c, "unknown step %s", op);
	free(cause);
	return (ok);
}

static int
client_scenario(const cJSON *c)
{
	struct scen	**all, *s;
	const cJSON	*e;
	size_t		 nall = 1, i;
	int		 ok = 1, height = (int)int_field(c, "tile_height");

	s = scen_new("tc", height, cJSON_GetObjectItemCaseSensitive(c,
	    "initial"));
	all = xcalloc(1, sizeof *all);
	all[0] = s;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(c, "steps")) {
		if (!scenario_step(c, e, &all, &nall, height))
			ok = 0;
	}
	for (i = 0; i < nall; i++)
		scen_free(all[i]);
	free(all);
	return (ok);
}

static int
gonosumdb_case(const cJSON *c)
{
	struct sumdb_ops	 ops = {
		scen_read_remote, scen_read_config, scen_write_config,
		scen_read_cache, scen_write_cache, scen_security, NULL, 0
	};
	struct scen		 s = { 0 };
	struct sumdb_client	*client;
	struct strv		 lines;
	char			*err = NULL;
	int			 st, ok;

	strmap_init(&s.config);
	strmap_init(&s.cache);
	strmap_init(&s.remote);
	ops.arg = &s;
	client = sumdb_client_new(&ops);
	sumdb_client_set_nosumdb(client, testlib_str(c, "patterns"));
	strv_init(&lines);
	st = sumdb_lookup(client, testlib_str(c, "path"),
	    testlib_str(c, "version"), 0, &lines, &err);
	if (testlib_bool(c, "skip"))
		ok = st == SUMDB_SKIPPED ? want_error(c, err) :
		    testlib_fail(c, "not skipped: %s", err);
	else
		ok = st != SUMDB_SKIPPED ? 1 : testlib_fail(c, "skipped");
	free(err);
	strv_free(&lines);
	sumdb_client_free(client);
	strmap_free(&s.config);
	strmap_free(&s.cache);
	strmap_free(&s.remote);
	return (ok);
}

static int
client_case(const cJSON *c, const char *kind, void *arg)
{
	(void)arg;
	if (strcmp(kind, "client_scenario") == 0)
		return (client_scenario(c));
	if (strcmp(kind, "gonosumdb") == 0)
		return (gonosumdb_case(c));
	return (testlib_fail(c, "unknown kind %s", kind));
}

static void
test_sumdb_client(void **state)
{
	(void)state;
	testlib_run_jsonl("conformance/sumdb/client.jsonl", NULL, client_case,
	    NULL);
}

/* The first client scenario's server and client state. */
static struct scen *
hostile_setup(void)
{
	struct scen	*s = NULL;
	char		*path, *text;
	cJSON		*c;
	size_t		 len;

	path = testlib_shared_path("conformance/sumdb/client.jsonl");
	text = testlib_read_file(path, &len);
	assert_non_null(text);
	*strchr(text, '\n') = '\0';
	c = cJSON_Parse(text);
	assert_non_null(c);
	s = scen_new("tc", 2, cJSON_GetObjectItemCaseSensitive(c,
	    "initial"));
	cJSON_Delete(c);
	free(text);
	free(path);
	return (s);
}

static enum sumdb_status
hostile_lookup(struct scen *s, const char *path, const char *vers,
    char **err, size_t *nlines)
{
	struct strv		lines;
	enum sumdb_status	st;

	strv_init(&lines);
	*err = NULL;
	st = sumdb_lookup(s->client, path, vers, 0, &lines, err);
	*nlines = lines.n;
	strv_free(&lines);
	return (st);
}

/*
 * Hostile answers are refused with a clear error and never trusted: a
 * truncated tile, a record whose text was changed, a tree note with 101
 * signatures, a lookup answered with another module's record.
 */
static void
test_sumdb_hostile(void **state)
{
	struct scen	*s;
	struct blobv	*b;
	struct buf	 note;
	char		*err;
	size_t		 n, i;
	int		 found;

	(void)state;
	/* A truncated tile. */
	s = hostile_setup();
	b = strmap_get(&s->remote, "/tile/2/0/000.p/3", &found);
	assert_true(found);
	b->len -= 5;
	assert_int_not_equal(hostile_lookup(s, "rsc.io/sampler", "v1.3.0",
	    &err, &n), SUMDB_OK);
	assert_non_null(strstr(err, "has 91 bytes, want 96"));
	free(err);
	scen_free(s);

	/* A record changed by one byte. */
	s = hostile_setup();
	b = strmap_get(&s->remote, "/lookup/rsc.io/sampler@v1.3.0", &found);
	b->data[strlen("1\nrsc.io/sampler v1.3.0 h1:")] ^= 1;
	assert_int_not_equal(hostile_lookup(s, "rsc.io/sampler", "v1.3.0",
	    &err, &n), SUMDB_OK);
	assert_non_null(strstr(err, "cannot authenticate record data"));
	free(err);
	scen_free(s);

	/* A tree note with 101 signatures (the key's own, repeated). */
	s = hostile_setup();
	b = strmap_get(&s->remote, "/lookup/rsc.io/sampler@v1.3.0", &found);
	buf_init(&note, 0);
	buf_add(&note, b->data, b->len);
	{
		const char *sig = strstr(b->data, "\xe2\x80\x94 ");

		for (i = 0; i < 100; i++)
			buf_adds(&note, sig);
	}
	blobv_put(&s->remote, "/lookup/rsc.io/sampler@v1.3.0", note.data,
	    note.len);
	buf_free(&note);
	assert_int_not_equal(hostile_lookup(s, "rsc.io/sampler", "v1.3.0",
	    &err, &n), SUMDB_OK);
	assert_non_null(strstr(err, "malformed note"));
	free(err);
	scen_free(s);

	/* Another module's record: proven, but it holds no line for the
	 * module asked about (checksumdb_lookup_all refuses it). */
	s = hostile_setup();
	b = strmap_get(&s->remote, "/lookup/rsc.io/quote@v1.5.2", &found);
	blobv_put(&s->remote, "/lookup/rsc.io/sampler@v1.3.0", b->data,
	    b->len);
	assert_int_equal(hostile_lookup(s, "rsc.io/sampler", "v1.3.0", &err,
	    &n), SUMDB_OK);
	assert_int_equal(n, 0);
	free(err);
	scen_free(s);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_sumdb_note),
		cmocka_unit_test(test_sumdb_tlog),
		cmocka_unit_test(test_sumdb_tile_reader),
		cmocka_unit_test(test_sumdb_client),
		cmocka_unit_test(test_sumdb_hostile),
	};

	testlib_require_shared();
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
