/*
 * What gomod's checksum database client shares with the server side the
 * tests run (tests/support/sumdb-server.c), which modvet, a client, does
 * not hold: not for other callers.
 */
#ifndef GOMOD_SUMDB_INT_H
#define GOMOD_SUMDB_INT_H

#include <stddef.h>
#include <stdint.h>

#include "gomod/sumdb.h"

/* note.c: the signature line's prefix ("\u2014 "); -1 with *cause = msg;
 * a key's "NAME+" cut (its length in *len, the rest returned), and the
 * parts of "NAME+HASH+BASE64(KEY)". */
extern const char note_sig_prefix[];
int		 note_fail(char **, const char *);
const char	*note_cut_plus(const char *, size_t *);
int		 note_split_key(const char *, char **, uint32_t *, uint8_t **,
		    size_t *);

/* tlog.c: the subtrees [lo, hi) whose hashes a proof needs, in order;
 * the largest power of two below n; a proof of spans read and folded
 * (frees the spans); -1 with *cause "invalid transparency proof". */
struct tlog_spans {
	struct {
		int64_t	lo, hi;
	}	*v;
	size_t	 n, cap;
};

void		 tlog_spans_add(struct tlog_spans *, int64_t, int64_t);
int64_t		 tlog_pow2_below(int64_t);
int		 tlog_spans_prove(struct tlog_spans *,
		    const struct tlog_reader *, struct tlog_hash **, size_t *,
		    char **);
int		 tlog_proof_fail(char **);

/* tile.c: a tile path's numbers are written in groups of three digits. */
#define TLOG_TILE_PATH_BASE	1000

/* tlogtext.c: a tree note's first line; is a record's text lines of
 * printable UTF-8? */
extern const char tlog_tree_prefix[];
int		 tlog_valid_record_text(const char *, size_t);

#endif
