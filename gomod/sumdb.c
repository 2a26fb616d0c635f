/*
 * The checksum database client (golang.org/x/mod/sumdb.Client): look up a
 * module version's go.sum lines and prove them, with the record's
 * inclusion in a signed tree and that tree's consistency with every tree
 * seen before. What it reads and keeps goes through the caller's
 * operations (struct sumdb_ops): the remote (a proxy's /sumdb/NAME/ or
 * the database itself), a small config (the key and the newest verified
 * tree note) and an immutable cache (lookups and tiles).
 *
 * A client is used by one thread at a time. Only tiles that were proven
 * consistent are kept, in memory and through write_cache; an error is
 * never remembered past the call, so a retry fetches again. The one
 * exception is initialisation, whose failure (a bad key, a stored tree
 * the log does not prove) holds for the client's life, as in x/mod.
 */

#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/sumdb.h"

struct sumdb_client {
	struct sumdb_ops		 ops;
	int				 tile_height;
	char				*nosumdb;

	int				 initialized;
	char				*init_error;
	struct note_verifier		 key;
	struct note_verifiers		 keys;

	struct tlog_tree		 latest;
	char				*latest_msg;
	size_t				 latest_len;

	struct strmap			 tiles;		/* path -> struct blob */
	struct tlog_tile_source		 source;
	struct tlog_tree		 proven_tree;	/* the tiles of */
	struct strmap			 proven;	/* were proven against */
	struct strmap			 merged;	/* note -> its tree size */
	int64_t				 last_record;

	/* For the process's memo (sumdb-memo.c): the database's key, the
	 * records this client proved, and whether it saw misbehaviour. */
	char				*vkey_text;
	int64_t				*rec_ids;
	struct tlog_hash		*rec_hashes;
	size_t				 nrec, caprec;
	int				 insecure;
};

struct blob {
	uint8_t	*data;
	size_t	 len;
};

enum when { MSG_PAST, MSG_NOW, MSG_FUTURE };

static int	sumdb_source_read(void *, const struct tlog_tile *, size_t,
		    uint8_t **, size_t *, char **);
static void	sumdb_source_save(void *, const struct tlog_tree *,
		    const struct tlog_tile *, size_t, uint8_t *const *);
static int	sumdb_source_proven(void *, const struct tlog_tree *,
		    const struct tlog_tile *, size_t);

struct sumdb_client *
sumdb_client_new(const struct sumdb_ops *ops)
{
	struct sumdb_client	*c;

	c = xcalloc(1, sizeof *c);
	c->ops = *ops;
	c->tile_height = ops->tile_height;
	strmap_init(&c->tiles);
	strmap_init(&c->proven);
	strmap_init(&c->merged);
	c->source.read = sumdb_source_read;
	c->source.save = sumdb_source_save;
	c->source.proven = sumdb_source_proven;
	c->source.arg = c;
	c->last_record = -1;
	return (c);
}

static void
blob_free(const char *key, void *value, void *arg)
{
	struct blob	*b = value;

	(void)key;
	(void)arg;
	free(b->data);
	free(b);
}

static void
value_free(const char *key, void *value, void *arg)
{
	(void)key;
	(void)arg;
	free(value);
}

void
sumdb_client_free(struct sumdb_client *c)
{
	if (c == NULL)
		return;
	/* What it proved holds for its latest tree: kept for the next. */
	if (c->initialized && c->init_error == NULL && !c->insecure &&
	    c->vkey_text != NULL && c->latest_len > 0)
		sumdb_memo_export(c->vkey_text, c->latest_msg, c->latest_len,
		    &c->merged, c->rec_ids, c->rec_hashes, c->nrec);
	free(c->vkey_text);
	free(c->rec_ids);
	free(c->rec_hashes);
	strmap_each(&c->tiles, blob_free, NULL);
	strmap_free(&c->tiles);
	strmap_free(&c->proven);
	strmap_each(&c->merged, value_free, NULL);
	strmap_free(&c->merged);
	note_verifier_free(&c->key);
	free(c->init_error);
	free(c->latest_msg);
	free(c->nosumdb);
	free(c);
}

void
sumdb_client_set_nosumdb(struct sumdb_client *c, const char *list)
{
	free(c->nosumdb);
	c->nosumdb = list != NULL ? xstrdup(list) : NULL;
}

const struct tlog_tree *
sumdb_client_latest(struct sumdb_client *c, const char **msg, size_t *len)
{
	if (msg != NULL) {
		*msg = c->latest_msg;
		*len = c->latest_len;
	}
	return (&c->latest);
}

int64_t
sumdb_client_last_record(struct sumdb_client *c)
{
	return (c->last_record);
}

/* "NAME/" + a tile's path: where a tile is cached. */
static char *
tile_file(struct sumdb_client *c, const struct tlog_tile *t)
{
	char	*path, *file;

	path = tlog_tile_path(t);
	xasprintf(&file, "%s/%s", c->key.name, path);
	free(path);
	return (file);
}

/* One tile: proven ones in memory, then the cache, then the remote; a
 * partial tile may be cut from its full tile. */
static int
read_tile(struct sumdb_client *c, const struct tlog_tile *t, uint8_t **out,
    size_t *outlen, char **cause)
{
	struct tlog_tile	 full = *t;
	struct blob		*b;
	char			*file, *path, *data, *first_err = NULL;
	size_t			 len, want = (size_t)t->w * TLOG_HASH_SIZE;
	int			 found, pass, rc;

	full.w = 1 << t->h;
	file = tile_file(c, t);
	b = strmap_get(&c->tiles, file, &found);
	free(file);
	if (found) {
		*out = xmemdup(b->data, b->len);
		*outlen = b->len;
		return (0);
	}
	for (pass = 0; pass < 2; pass++) {
		const struct tlog_tile	*which = pass == 0 ? t : &full;

		if (pass == 1 && full.w == t->w)
			break;
		file = tile_file(c, which);
		rc = c->ops.read_cache(c->ops.arg, file, &data, &len);
		free(file);
		if (rc == 0)
			goto got;
	}
	for (pass = 0; pass < 2; pass++) {
		const struct tlog_tile	*which = pass == 0 ? t : &full;
		char			*err = NULL;

		if (pass == 1 && full.w == t->w)
			break;
		path = tlog_tile_path(which);
		xasprintf(&file, "/%s", path);
		free(path);
		rc = c->ops.read_remote(c->ops.arg, file, &data, &len, &err);
		free(file);
		if (rc == 0) {
			free(first_err);
			free(err);
			goto got;
		}
		/* The first failure is the one to report. */
		if (first_err == NULL)
			first_err = err;
		else
			free(err);
	}
	if (cause != NULL)
		*cause = first_err;
	else
		free(first_err);
	return (-1);
got:
	/* A full tile stands in for its partial prefix. */
	if (len > want && len == (size_t)full.w * TLOG_HASH_SIZE)
		len = want;
	*out = (uint8_t *)data;
	*outlen = len;
	return (0);
}

static int
sumdb_source_read(void *arg, const struct tlog_tile *tiles, size_t n,
    uint8_t **data, size_t *lens, char **cause)
{
	struct sumdb_client	*c = arg;
	size_t			 i;

	for (i = 0; i < n; i++) {
		if (read_tile(c, &tiles[i], &data[i], &lens[i], cause) != 0) {
			while (i-- > 0) {
				free(data[i]);
				data[i] = NULL;
			}
			return (-1);
		}
	}
	return (0);
}

/* Are two trees the same (size and hash)? */
static int
same_tree(const struct tlog_tree *a, const struct tlog_tree *b)
{
	return (a->n == b->n && tlog_hash_equal(&a->hash, &b->hash));
}

/*
 * Keep tiles proven against tree, and remember that they were: a later
 * read of the same tiles for the same tree need not prove them again
 * (sumdb_source_proven). Only a tile whose kept bytes are the proven ones
 * is remembered (a tile kept earlier is never replaced).
 */
static void
sumdb_source_save(void *arg, const struct tlog_tree *tree,
    const struct tlog_tile *tiles, size_t n, uint8_t *const *data)
{
	struct sumdb_client	*c = arg;
	struct blob		*b;
	char			*file;
	size_t			 i, len;
	int			 found;

	if (!same_tree(&c->proven_tree, tree)) {
		strmap_free(&c->proven);
		strmap_init(&c->proven);
		c->proven_tree = *tree;
	}
	for (i = 0; i < n; i++) {
		len = (size_t)tiles[i].w * TLOG_HASH_SIZE;
		file = tile_file(c, &tiles[i]);
		b = strmap_get(&c->tiles, file, &found);
		if (!found) {
			c->ops.write_cache(c->ops.arg, file,
			    (const char *)data[i], len);
			b = xmalloc(sizeof *b);
			b->data = xmemdup(data[i], len);
			b->len = len;
			strmap_set(&c->tiles, file, b);
		}
		if (b->len == len && memcmp(b->data, data[i], len) == 0)
			strmap_set(&c->proven, file, c);
		free(file);
	}
}

/* Were all these tiles proven against tree, and kept as proven? */
static int
sumdb_source_proven(void *arg, const struct tlog_tree *tree,
    const struct tlog_tile *tiles, size_t n)
{
	struct sumdb_client	*c = arg;
	char			*file;
	size_t			 i;
	int			 found = 1;

	if (!same_tree(&c->proven_tree, tree))
		return (0);
	for (i = 0; i < n && found; i++) {
		file = tile_file(c, &tiles[i]);
		strmap_get(&c->proven, file, &found);
		free(file);
	}
	return (found);
}

/* Prefix each line after the first with a tab, as the report does. */
static void
indent(struct buf *b, const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++) {
		buf_addc(b, s[i]);
		if (s[i] == '\n')
			buf_addc(b, '\t');
	}
}

/*
 * Is the older tree a prefix of the newer one? The newer tree's tiles
 * give the hash of its first older.n records; anything but the older
 * tree's hash is a fork, reported with both signed notes and the proof.
 */
static enum sumdb_status
check_trees(struct sumdb_client *c, const struct tlog_tree *older,
    const char *older_msg, size_t older_len, const struct tlog_tree *newer,
    const char *newer_msg, size_t newer_len, char **cause)
{
	struct tlog_tile_reader	 thr = { *newer, &c->source };
	struct tlog_reader	 r = { tlog_tile_read_hashes, &thr };
	struct tlog_hash	 h, *proof = NULL;
	struct buf		 rep;
	char			*err = NULL, hs[45];
	size_t			 np, i;

	c->source.height = c->tile_height;
	if (tlog_tree_hash(older->n, &r, &h, &err) != 0) {
		if (older->n == newer->n)
			xasprintf(cause, "checking tree#%" PRId64 ": %s",
			    older->n, err);
		else
			xasprintf(cause, "checking tree#%" PRId64 " against "
			    "tree#%" PRId64 ": %s", older->n, newer->n, err);
		free(err);
		return (SUMDB_FAILED);
	}
	if (tlog_hash_equal(&h, &older->hash))
		return (SUMDB_OK);

	buf_init(&rep, 0);
	buf_adds(&rep, "SECURITY ERROR\n"
	    "go.sum database server misbehavior detected!\n\n");
	buf_adds(&rep, "old database:\n\t");
	indent(&rep, older_msg, older_len);
	buf_adds(&rep, "\nnew database:\n\t");
	indent(&rep, newer_msg, newer_len);
	tlog_hash_string(&h, hs);
	buf_printf(&rep, "\nproof of misbehavior:\n\t%s", hs);
	if (tlog_prove_tree(newer->n, older->n, &r, &proof, &np, &err) != 0) {
		buf_printf(&rep, "\tinternal error: %s\n", err);
		free(err);
	} else if (tlog_check_tree(proof, np, newer->n, &newer->hash, older->n,
	    &h, NULL) != 0)
		buf_adds(&rep, "\tinternal error: generated inconsistent "
		    "proof\n");
	else {
		for (i = 0; i < np; i++) {
			tlog_hash_string(&proof[i], hs);
			buf_printf(&rep, "\n\t%s", hs);
		}
	}
	free(proof);
	c->ops.security_error(c->ops.arg, rep.data != NULL ? rep.data : "");
	buf_free(&rep);
	c->insecure = 1;	/* nothing it proved is kept */
	*cause = xstrdup("security error: misbehaving server");
	return (SUMDB_SECURITY);
}

/* Remember a note merged and proven on the latest tree's timeline. */
static void
merged_add(struct sumdb_client *c, const char *msg, size_t len, int64_t n)
{
	char	*key;

	if (memchr(msg, '\0', len) != NULL)
		return;
	key = xstrndup(msg, len);
	free(strmap_set(&c->merged, key, xmemdup(&n, sizeof n)));
	free(key);
}

/* Take a signed tree note into memory if it is newer, proving either way
 * that it and the newest tree known agree. */
/*
 * The tree of a note that a client of this process verified as the
 * latest before (sumdb-memo.c: the same database, byte for byte the same
 * note): each check's client starts from the stored latest note, and
 * verifying its signature again cost a millisecond a check. Its text is
 * what precedes the blank line before the signatures. 1 with the tree in
 * *t, else 0 (the note is opened and verified as any other).
 */
static int
merge_known_latest(struct sumdb_client *c, const char *msg, size_t len,
    struct tlog_tree *t)
{
	const char	*sep;
	char		*text;
	int		 ok;

	if (c->vkey_text == NULL ||
	    !sumdb_memo_is_latest(c->vkey_text, msg, len) ||
	    (sep = memmem(msg, len, "\n\n", 2)) == NULL)
		return (0);
	text = xstrndup(msg, (size_t)(sep - msg) + 1);
	ok = tlog_parse_tree(text, strlen(text), t, NULL) == 0;
	free(text);
	return (ok);
}

static enum sumdb_status
merge_in_memory(struct sumdb_client *c, const char *msg, size_t len,
    enum when *when, char **cause)
{
	struct note		n;
	struct tlog_tree	t;
	enum note_error		kind;
	enum sumdb_status	st;
	char			*err = NULL;
	int			 found;

	if (len == 0) {
		*when = c->latest.n == 0 ? MSG_NOW : MSG_PAST;
		return (SUMDB_OK);
	}
	/*
	 * A note merged before, byte for byte, is known good: its signature
	 * was verified and its tree proven a prefix of the latest then,
	 * hence of every later latest (each was proven to extend the one
	 * before). Lookups answered from the cache all carry a few such
	 * notes; proving each again cost most of a warm check.
	 */
	if (memchr(msg, '\0', len) == NULL) {
		char	*key = xstrndup(msg, len);
		int64_t	*size = strmap_get(&c->merged, key, &found);

		free(key);
		if (found) {
			*when = *size < c->latest.n ? MSG_PAST : MSG_NOW;
			return (SUMDB_OK);
		}
	}
	if (merge_known_latest(c, msg, len, &t)) {
		/* Its tree read without verifying its signature again. */
	} else if (note_open(msg, len, &c->keys, &n, &kind, &err) != 0) {
		xasprintf(cause, "reading tree note: %s\nnote:\n%.*s", err,
		    (int)len, msg);
		free(err);
		note_free(&n);
		return (SUMDB_FAILED);
	} else if (tlog_parse_tree(n.text, strlen(n.text), &t, &err) != 0) {
		xasprintf(cause, "reading tree: %s\ntree:\n%s", err, n.text);
		free(err);
		note_free(&n);
		return (SUMDB_FAILED);
	} else
		note_free(&n);
	if (t.n <= c->latest.n) {
		st = check_trees(c, &t, msg, len, &c->latest, c->latest_msg,
		    c->latest_len, cause);
		if (st != SUMDB_OK)
			return (st);
		merged_add(c, msg, len, t.n);
		*when = t.n < c->latest.n ? MSG_PAST : MSG_NOW;
		return (SUMDB_OK);
	}
	st = check_trees(c, &c->latest, c->latest_msg, c->latest_len, &t, msg,
	    len, cause);
	if (st != SUMDB_OK)
		return (st);
	/* Over an empty tree nothing was read: merged again, the note's
	 * tiles are still to be checked (as the go command does). */
	if (c->latest.n > 0)
		merged_add(c, msg, len, t.n);
	c->latest = t;
	free(c->latest_msg);
	c->latest_msg = xstrndup(msg, len);
	c->latest_len = len;
	*when = MSG_FUTURE;
	return (SUMDB_OK);
}

/* Merge a tree note, and store it when it is the newest known. */
static enum sumdb_status
merge_latest(struct sumdb_client *c, const char *msg, size_t len,
    char **cause)
{
	enum sumdb_status	 st;
	enum when		 when;
	char			*file, *stored, *err = NULL;
	size_t			 slen;
	int			 rc;

	if ((st = merge_in_memory(c, msg, len, &when, cause)) != SUMDB_OK ||
	    when != MSG_FUTURE)
		return (st);
	xasprintf(&file, "%s/latest", c->key.name);
	for (;;) {
		/* What another client stored must agree too. */
		if (c->ops.read_config(c->ops.arg, file, &stored, &slen,
		    cause) != 0) {
			st = SUMDB_FAILED;
			break;
		}
		st = merge_in_memory(c, stored, slen, &when, cause);
		if (st != SUMDB_OK || when != MSG_PAST) {
			free(stored);
			break;
		}
		rc = c->ops.write_config(c->ops.arg, file, stored, slen,
		    c->latest_msg, c->latest_len, &err);
		free(stored);
		if (rc == 1)
			continue;	/* written meanwhile: merge that */
		if (rc != 0) {
			*cause = err;
			st = SUMDB_FAILED;
		}
		break;
	}
	free(file);
	return (st);
}

static enum sumdb_status
client_init(struct sumdb_client *c, char **cause)
{
	enum sumdb_status	 st = SUMDB_OK;
	char			*vkey = NULL, *latest = NULL, *err = NULL;
	char			*start, *end;
	size_t			 len;

	if (c->initialized) {
		if (c->init_error != NULL) {
			*cause = xstrdup(c->init_error);
			return (SUMDB_FAILED);
		}
		return (SUMDB_OK);
	}
	c->initialized = 1;
	if (c->tile_height == 0)
		c->tile_height = 8;
	tlog_empty_hash(&c->latest.hash);
	if (c->ops.read_config(c->ops.arg, "key", &vkey, &len, &err) != 0) {
		st = SUMDB_FAILED;
		goto out;
	}
	/* strings.TrimSpace of the key file. */
	for (start = vkey; *start == ' ' || *start == '\t' ||
	    *start == '\n' || *start == '\r'; start++)
		;
	for (end = start + strlen(start); end > start && (end[-1] == ' ' ||
	    end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'); end--)
		;
	*end = '\0';
	if (note_verifier_parse(start, &c->key, &err) != 0) {
		st = SUMDB_FAILED;
		goto out;
	}
	c->vkey_text = xstrdup(start);
	c->keys.v = &c->key;
	c->keys.n = 1;
	xasprintf(&latest, "%s/latest", c->key.name);
	free(vkey);
	vkey = NULL;
	if (c->ops.read_config(c->ops.arg, latest, &vkey, &len, &err) != 0) {
		st = SUMDB_FAILED;
		goto out;
	}
	st = merge_latest(c, vkey, len, &err);
	/* What this process proved before from the same latest tree. */
	if (st == SUMDB_OK && c->latest_len > 0)
		sumdb_memo_import(c->vkey_text, c->latest_msg, c->latest_len,
		    &c->merged);
out:
	if (st != SUMDB_OK) {
		xasprintf(&c->init_error, "initializing sumdb.Client: %s",
		    err != NULL ? err : "failed");
		*cause = xstrdup(c->init_error);
	}
	free(err);
	free(vkey);
	free(latest);
	return (st);
}

int
sumdb_client_knows(struct sumdb_client *c, int64_t id, const char *text,
    size_t len)
{
	struct tlog_hash	h;
	char			*cause = NULL;

	if (client_init(c, &cause) != SUMDB_OK) {
		free(cause);
		return (0);
	}
	tlog_record_hash(text, len, &h);
	return (c->vkey_text != NULL && c->latest_len > 0 &&
	    sumdb_memo_has_record(c->vkey_text, c->latest_msg, c->latest_len,
	    id, &h));
}

/* Is record id's text the one the newest tree holds? */
static enum sumdb_status
check_record(struct sumdb_client *c, int64_t id, const char *text,
    size_t len, char **cause)
{
	struct tlog_tile_reader	thr = { c->latest, &c->source };
	struct tlog_hash	stored, h;
	int64_t			index;

	if (id < 0 || id >= c->latest.n) {
		xasprintf(cause, "cannot validate record %" PRId64 " in tree "
		    "of size %" PRId64, id, c->latest.n);
		return (SUMDB_FAILED);
	}
	tlog_record_hash(text, len, &h);
	if (c->vkey_text != NULL && c->latest_len > 0 &&
	    sumdb_memo_has_record(c->vkey_text, c->latest_msg, c->latest_len,
	    id, &h))
		return (SUMDB_OK);	/* proven in this tree before */
	c->source.height = c->tile_height;
	index = tlog_stored_hash_index(0, id);
	if (tlog_tile_read_hashes(&thr, &index, 1, &stored, cause) != 0)
		return (SUMDB_FAILED);
	if (!tlog_hash_equal(&h, &stored)) {
		*cause = xstrdup("cannot authenticate record data in server "
		    "response");
		return (SUMDB_FAILED);
	}
	if (c->nrec == c->caprec) {
		c->caprec = c->caprec > 0 ? c->caprec * 2 : 64;
		c->rec_ids = xreallocarray(c->rec_ids, c->caprec,
		    sizeof *c->rec_ids);
		c->rec_hashes = xreallocarray(c->rec_hashes, c->caprec,
		    sizeof *c->rec_hashes);
	}
	c->rec_ids[c->nrec] = id;
	c->rec_hashes[c->nrec++] = h;
	return (SUMDB_OK);
}

static enum sumdb_status
lookup(struct sumdb_client *c, const char *path, const char *vers, int both,
    struct strv *lines, char **cause)
{
	enum sumdb_status	 st;
	char			*epath = NULL, *evers = NULL, *bare, *remote;
	char			*file, *data = NULL, *prefix, *gomod, *line, *nl;
	const char		*text, *rest;
	size_t			 len, textlen, restlen, vlen, plen, glen;
	int64_t			 id;
	int			 fresh = 0;

	if ((st = client_init(c, cause)) != SUMDB_OK)
		return (st);
	vlen = strlen(vers);
	if (vlen >= 7 && strcmp(vers + vlen - 7, "/go.mod") == 0)
		bare = xstrndup(vers, vlen - 7);
	else
		bare = xstrdup(vers);
	if (modpath_escape(path, &epath, cause) != 0 ||
	    modpath_escape_version(bare, &evers, cause) != 0) {
		free(bare);
		free(epath);
		free(evers);
		return (SUMDB_FAILED);
	}
	free(bare);
	xasprintf(&remote, "/lookup/%s@%s", epath, evers);
	xasprintf(&file, "%s%s", c->key.name, remote);
	free(epath);
	free(evers);

	st = SUMDB_FAILED;
	if (c->ops.read_cache(c->ops.arg, file, &data, &len) != 0) {
		if (c->ops.read_remote(c->ops.arg, remote, &data, &len,
		    cause) != 0)
			goto out;
		fresh = 1;
	}
	if (tlog_parse_record(data, len, &id, &text, &textlen, &rest,
	    &restlen, cause) != 0)
		goto out;
	if ((st = merge_latest(c, rest, restlen, cause)) != SUMDB_OK)
		goto out;
	if ((st = check_record(c, id, text, textlen, cause)) != SUMDB_OK)
		goto out;
	if (fresh)
		c->ops.write_cache(c->ops.arg, file, data, len);
	c->last_record = id;

	/* The lines for this version (and only this one, or its go.mod;
	 * with both, the version's and its go.mod's). */
	xasprintf(&prefix, "%s %s ", path, vers);
	xasprintf(&gomod, "%s %s/go.mod ", path, vers);
	plen = strlen(prefix);
	glen = strlen(gomod);
	for (line = data; line < data + len; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(data + len - line));
		if (nl == NULL)
			nl = data + len;
		if (((size_t)(nl - line) >= plen &&
		    memcmp(line, prefix, plen) == 0) || (both &&
		    (size_t)(nl - line) >= glen &&
		    memcmp(line, gomod, glen) == 0))
			strv_push_owned(lines, xstrndup(line,
			    (size_t)(nl - line)));
	}
	free(prefix);
	free(gomod);
out:
	free(data);
	free(remote);
	free(file);
	return (st);
}

enum sumdb_status
sumdb_client_merge(struct sumdb_client *c, const char *msg, size_t len,
    char **cause)
{
	enum sumdb_status	 st;
	char			*err = NULL;

	if ((st = client_init(c, cause)) != SUMDB_OK)
		return (st);
	if ((st = merge_latest(c, msg, len, &err)) != SUMDB_OK) {
		*cause = err != NULL ? err : xstrdup("failed");
		return (st);
	}
	return (SUMDB_OK);
}

int
sumdb_client_tile_height(struct sumdb_client *c)
{
	return (c->tile_height != 0 ? c->tile_height : 8);
}

static enum sumdb_status
lookup_lines(struct sumdb_client *c, const char *path, const char *vers,
    int both, struct strv *lines, char **cause)
{
	enum sumdb_status	 st;
	char			*err = NULL;

	if (c->nosumdb != NULL &&
	    glob_match_prefix_patterns(c->nosumdb, path)) {
		*cause = xstrdup("skipped (listed in GONOSUMDB)");
		return (SUMDB_SKIPPED);
	}
	st = lookup(c, path, vers, both, lines, &err);
	if (st != SUMDB_OK) {
		xasprintf(cause, "%s@%s: %s", path, vers,
		    err != NULL ? err : "failed");
		free(err);
	}
	return (st);
}

enum sumdb_status
sumdb_lookup(struct sumdb_client *c, const char *path, const char *vers,
    int both, struct strv *lines, char **cause)
{
	return (lookup_lines(c, path, vers, both, lines, cause));
}
