/*
 * The server side of a checksum database, for the tests
 * (tests/support/sumdb-server.c): what modvet, a client, never does.
 */
#ifndef TESTS_SUPPORT_SUMDB_SERVER_H
#define TESTS_SUPPORT_SUMDB_SERVER_H

#include "gomod/sumdb.h"

/* Signing notes (note.Signer). */
struct note_signer {
	char		*name;
	uint32_t	 hash;
	uint8_t		 seed[32];
	uint8_t		 pub[32];
	/* A signer outside this process (an HSM, a test): used instead of
	 * the seed when set; 0, or -1 with *cause, which note_sign returns. */
	int		(*sign)(void *, const void *, size_t, uint8_t[64],
			    char **);
	void		*arg;
};
int	 note_signer_parse(const char *, struct note_signer *, char **);
void	 note_signer_free(struct note_signer *);
/* GenerateKey from a 32-byte seed: new "PRIVATE+KEY+..." and vkey. */
int	 note_generate_key(const char *, const uint8_t[32], char **, char **);
/* NewEd25519VerifierKey. */
int	 note_ed25519_vkey(const char *, const uint8_t *, size_t, char **,
	    char **);
/* Sign: the note's text and kept signatures, with new ones appended. */
int	 note_sign(const struct note *, const struct note_signer *, size_t,
	    char **, char **);

/* The log's stored hashes and record proofs (tlog). */
/* "malformed hash" unless s is the base64 of 32 bytes. */
int	 tlog_parse_hash(const char *, struct tlog_hash *, char **);
/* How many hashes are stored for a log of n records. */
int64_t	 tlog_stored_hash_count(int64_t);
/* The hashes to store, from index StoredHashIndex(0, n) on, when record
 * n (data) is added; *out (caller frees) gets *nout hashes. */
int	 tlog_stored_hashes(int64_t, const void *, size_t,
	    const struct tlog_reader *, struct tlog_hash **, size_t *,
	    char **);
/* A record's proof, leaf to root; *proof (caller frees). */
int	 tlog_prove_record(int64_t, int64_t, const struct tlog_reader *,
	    struct tlog_hash **, size_t *, char **);
int	 tlog_check_record(const struct tlog_hash *, size_t, int64_t,
	    const struct tlog_hash *, int64_t, const struct tlog_hash *,
	    char **);

/* The texts a server writes: a tree note's text and a record. */
char	*tlog_format_tree(const struct tlog_tree *);
/* "ID\nTEXT\n"; *msg (caller frees) of *msglen bytes. */
int	 tlog_format_record(int64_t, const char *, size_t, char **, size_t *,
	    char **);

/* The tiles a server publishes, and their paths. */
/* The tiles a log growing from old to new records publishes. */
size_t	 tlog_new_tiles(int, int64_t, int64_t, struct tlog_tile **);
int	 tlog_read_tile_data(const struct tlog_tile *,
	    const struct tlog_reader *, uint8_t **, size_t *, char **);
int	 tlog_parse_tile_path(const char *, struct tlog_tile *, char **);

#endif
