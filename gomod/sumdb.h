/*
 * sumdb: the checksum database's data, with no I/O of its own, as
 * golang.org/x/mod/sumdb defines it: signed notes (note.c), the
 * transparency log's hashes and proofs as RFC 6962 defines them (tlog.c),
 * tiles (tile.c), tree notes and records (tlogtext.c), and the client's
 * logic over caller-supplied operations (sumdb.c). Base64 is Go's
 * StdEncoding (b64.c), because keys, signatures and hashes are compared
 * as Go writes them.
 *
 * Conventions as in gomod.h: 0 or -1, with a message in *cause worded as
 * x/mod words it.
 */
#ifndef GOMOD_SUMDB_H
#define GOMOD_SUMDB_H

#include <stddef.h>
#include <stdint.h>

/* b64.c: base64.StdEncoding (padded; '\r' and '\n' are skipped). */
char	*b64_encode(const void *, size_t);
/* Decode s[0..len); *out (caller frees) gets the bytes. -1 if invalid. */
int	 b64_decode(const char *, size_t, uint8_t **, size_t *);

/* note.c: signed notes (golang.org/x/mod/sumdb/note). */
#define NOTE_ALG_ED25519	1
#define NOTE_MAX_SIGS		100

struct note_verifier {
	char		*name;
	uint32_t	 hash;
	uint8_t		 pub[32];
};
struct note_sig {
	char		*name;
	uint32_t	 hash;
	char		*b64;		/* key hash and signature, as written */
};
struct note {
	char		*text;		/* ends in "\n" */
	struct note_sig	*sigs;		/* verified, in the note's order */
	size_t		 nsigs;
	struct note_sig	*unverified;	/* by keys not known */
	size_t		 nunverified;
};

/* What note_open refused, for callers that act on the kind. */
enum note_error {
	NOTE_OK,
	NOTE_MALFORMED,
	NOTE_UNVERIFIED,	/* the note is filled with what it carries */
	NOTE_UNKNOWN_KEY,
	NOTE_AMBIGUOUS_KEY,
	NOTE_BAD_SIGNATURE,
	NOTE_MISMATCHED_VERIFIER
};

/* A list of known keys: note.VerifierList. */
struct note_verifiers {
	const struct note_verifier	*v;
	size_t				 n;
	/* The test's fixedVerifier: every name and hash gives v[0]. */
	int				 fixed;
};

int	 note_is_valid_name(const char *, size_t);
uint32_t note_key_hash(const char *, const uint8_t *, size_t);
int	 note_verifier_parse(const char *, struct note_verifier *, char **);
void	 note_verifier_free(struct note_verifier *);
int	 note_ed25519_verify(const uint8_t[32], const void *, size_t,
	    const uint8_t *, size_t);
/* Find the key for (name, hash) in a list, as VerifierList does. */
int	 note_verifiers_find(const struct note_verifiers *, const char *,
	    uint32_t, const struct note_verifier **, enum note_error *,
	    char **);
/* Open: verify msg[0..len) and split it into text and signatures. */
int	 note_open(const char *, size_t, const struct note_verifiers *,
	    struct note *, enum note_error *, char **);
void	 note_free(struct note *);

/* tlog.c: the log's hashes and proofs (golang.org/x/mod/sumdb/tlog). */
#define TLOG_HASH_SIZE	32

struct tlog_hash {
	uint8_t	b[TLOG_HASH_SIZE];
};
struct tlog_tree {
	int64_t			n;
	struct tlog_hash	hash;
};

/*
 * A source of stored hashes: fill out[i] with the hash stored at
 * indexes[i]. Returns 0, or -1 with *cause.
 */
struct tlog_reader {
	int	(*read)(void *, const int64_t *, size_t, struct tlog_hash *,
		    char **);
	void	*arg;
};

/* Base64 into out (45 bytes with the NUL). */
void	 tlog_hash_string(const struct tlog_hash *, char[45]);
int	 tlog_hash_equal(const struct tlog_hash *, const struct tlog_hash *);
void	 tlog_record_hash(const void *, size_t, struct tlog_hash *);
void	 tlog_node_hash(const struct tlog_hash *, const struct tlog_hash *,
	    struct tlog_hash *);
void	 tlog_empty_hash(struct tlog_hash *);
/* Where the hash of the subtree (level, n) is stored, and back. */
int64_t	 tlog_stored_hash_index(int, int64_t);
void	 tlog_split_stored_hash_index(int64_t, int *, int64_t *);
int	 tlog_tree_hash(int64_t, const struct tlog_reader *,
	    struct tlog_hash *, char **);
/* Consistency proofs, old tree to new root; *proof (caller frees). */
int	 tlog_prove_tree(int64_t, int64_t, const struct tlog_reader *,
	    struct tlog_hash **, size_t *, char **);
int	 tlog_check_tree(const struct tlog_hash *, size_t, int64_t,
	    const struct tlog_hash *, int64_t, const struct tlog_hash *,
	    char **);

/* tlogtext.c: tree notes and records. */
int	 tlog_parse_tree(const char *, size_t, struct tlog_tree *, char **);
/* Split msg into its id, text (ends in "\n") and the rest (the signed
 * tree note of a lookup); text and rest point into msg. */
int	 tlog_parse_record(const char *, size_t, int64_t *, const char **,
	    size_t *, const char **, size_t *, char **);

/* tile.c: tiles of stored hashes (tlog.Tile). */
struct tlog_tile {
	int	h;	/* height, 1..30 */
	int	l;	/* level of tiles; -1 is a data tile */
	int64_t	n;	/* number within the level */
	int	w;	/* width, 1..2^h; 2^h is a full tile */
};

struct tlog_tile tlog_tile_for_index(int, int64_t);
int	 tlog_hash_from_tile(const struct tlog_tile *, const uint8_t *, size_t,
	    int64_t, struct tlog_hash *, char **);
char	*tlog_tile_path(const struct tlog_tile *);

/*
 * Where tiles come from: read fills data[i] (caller frees each) and its
 * length lens[i], which must be tiles[i].w hashes; save is told the tiles
 * that were proven consistent with the tree, to keep them. proven
 * (optional) says whether all these tiles were proven against this very
 * tree by an earlier save, and that read gives the bytes that were
 * proven: the proof (hundreds of SHA-256 per tile) is then not done
 * again.
 */
struct tlog_tile_source {
	int	  height;
	int	(*read)(void *, const struct tlog_tile *, size_t, uint8_t **,
		    size_t *, char **);
	void	(*save)(void *, const struct tlog_tree *,
		    const struct tlog_tile *, size_t, uint8_t *const *);
	void	 *arg;
	int	(*proven)(void *, const struct tlog_tree *,
		    const struct tlog_tile *, size_t);
};
/*
 * Stored hashes of a tree proven by the tiles they come from: every tile
 * read is checked against the tree's hash before any hash is returned
 * ("downloaded inconsistent tile" otherwise).
 */
struct tlog_tile_reader {
	struct tlog_tree		 tree;
	const struct tlog_tile_source	*src;
};
int	 tlog_tile_read_hashes(void *, const int64_t *, size_t,
	    struct tlog_hash *, char **);
/* The tiles tlog_tile_read_hashes would read for these indexes (*out,
 * caller frees): to fetch them all at once beforehand. */
size_t	 tlog_tiles_needed(const struct tlog_tree *, int, const int64_t *,
	    size_t, struct tlog_tile **);

/* sumdb.c: the client (golang.org/x/mod/sumdb.Client) over operations
 * the caller supplies: HTTP, storage and reporting are theirs. */
enum sumdb_status {
	SUMDB_OK,
	SUMDB_FAILED,		/* could not be checked: *cause says why */
	SUMDB_SKIPPED,		/* listed in GONOSUMDB */
	SUMDB_SECURITY		/* the server misbehaved: see the report */
};

struct sumdb_ops {
	/* GET path ("/lookup/...", "/tile/..."): 0, or -1 with *cause. */
	int	(*read_remote)(void *, const char *, char **, size_t *,
		    char **);
	/* "key" and "<name>/latest"; an absent latest reads as "". */
	int	(*read_config)(void *, const char *, char **, size_t *, char **);
	/* Replace old by new; 1 when the stored value is no longer old. */
	int	(*write_config)(void *, const char *, const char *, size_t,
		    const char *, size_t, char **);
	/* Immutable files ("<name>/lookup/...", "<name>/tile/..."). */
	int	(*read_cache)(void *, const char *, char **, size_t *);
	void	(*write_cache)(void *, const char *, const char *, size_t);
	/* The evidence of a fork of the log, in the go command's words. */
	void	(*security_error)(void *, const char *);
	void	 *arg;
	int	  tile_height;	/* 0: 8, as the go command's client */
};

struct sumdb_client;

/* sumdb-memo.c: what the process proved, kept across clients for one
 * database (its verifier key) and one latest tree note. */
void	 sumdb_memo_import(const char *, const char *, size_t,
	    struct strmap *);
int	 sumdb_memo_has_record(const char *, const char *, size_t, int64_t,
	    const struct tlog_hash *);
int	 sumdb_memo_is_latest(const char *, const char *, size_t);
void	 sumdb_memo_export(const char *, const char *, size_t,
	    const struct strmap *, const int64_t *, const struct tlog_hash *,
	    size_t);

struct sumdb_client *sumdb_client_new(const struct sumdb_ops *);
/* Has this process proven the record (its number and text) in the tree
 * the client starts from? Then a lookup needs no tile for it. */
int	 sumdb_client_knows(struct sumdb_client *, int64_t, const char *,
	    size_t);
void	 sumdb_client_free(struct sumdb_client *);
/* Before the first lookup: GONOSUMDB. */
void	 sumdb_client_set_nosumdb(struct sumdb_client *, const char *);
/*
 * The lines "path version hash" the database holds for path@version
 * (version may end in "/go.mod"; with both, the lines of the version and
 * of its go.mod, from one record), proven to be in the log: *lines (strv)
 * gets them. Errors are worded "path@version: ...".
 */
struct strv;
enum sumdb_status sumdb_lookup(struct sumdb_client *, const char *,
	    const char *, int, struct strv *, char **);
/* Merge a signed tree note (proving it consistent with the newest tree
 * known), as a lookup merges the note its answer carries. */
enum sumdb_status sumdb_client_merge(struct sumdb_client *, const char *,
	    size_t, char **);
int	 sumdb_client_tile_height(struct sumdb_client *);
/* The newest tree verified so far and its signed note (borrowed). */
const struct tlog_tree *sumdb_client_latest(struct sumdb_client *,
	    const char **, size_t *);
/* The record number of the last successful lookup's answer. */
int64_t	 sumdb_client_last_record(struct sumdb_client *);

#endif
