/*
 * libFuzzer target for what the checksum database sends: signed notes,
 * tree notes, lookup records, tile paths and tile data. The first byte
 * picks the parser. No crash, no leak; a tile path read is the one
 * written back; a note opened with the test key is never opened unless
 * its signature verifies (the key's seed is not in the input).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/sumdb.h"
#include "tests/support/sumdb-server.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* x/mod's client test key (public half only). */
static const char fuzz_vkey[] =
    "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6";

struct fuzz_tiles {
	const uint8_t	*data;
	size_t		 len;
};

/* Every tile asked for is cut from the input, so a tile reader sees
 * hostile tiles of any length. */
static int
fuzz_tiles_read(void *arg, const struct tlog_tile *t, size_t n,
    uint8_t **data, size_t *lens, char **cause)
{
	struct fuzz_tiles	*ft = arg;
	size_t			 i, want;

	(void)cause;
	for (i = 0; i < n; i++) {
		want = (size_t)t[i].w * TLOG_HASH_SIZE;
		if (want > ft->len)
			want = ft->len;
		data[i] = xmalloc(want + 1);
		memcpy(data[i], ft->data, want);
		lens[i] = want;
	}
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct note_verifier	 v;
	struct note_verifiers	 keys;
	struct note		 n;
	struct tlog_tree	 tree;
	struct tlog_tile	 tile;
	enum note_error		 kind;
	const char		*text, *rest;
	char			*cause = NULL, *s, *path;
	size_t			 tlen, rlen;
	int64_t			 id;
	int			 which;

	if (size == 0)
		return (0);
	which = data[0] % 5;
	data++;
	size--;
	switch (which) {
	case 0:
		if (note_verifier_parse(fuzz_vkey, &v, NULL) != 0)
			abort();
		keys.v = &v;
		keys.n = 1;
		keys.fixed = 0;
		if (note_open((const char *)data, size, &keys, &n, &kind,
		    &cause) == 0 && n.nsigs == 0)
			abort();	/* opened with no verified signature */
		note_free(&n);
		note_verifier_free(&v);
		break;
	case 1:
		if (tlog_parse_tree((const char *)data, size, &tree,
		    &cause) == 0) {
			s = tlog_format_tree(&tree);
			free(s);
		}
		break;
	case 2:
		tlog_parse_record((const char *)data, size, &id, &text, &tlen,
		    &rest, &rlen, &cause);
		break;
	case 3:
		path = xstrndup((const char *)data, size);
		if (tlog_parse_tile_path(path, &tile, &cause) == 0) {
			s = tlog_tile_path(&tile);
			if (strcmp(s, path) != 0)
				abort();
			free(s);
		}
		free(path);
		break;
	case 4: {
		struct fuzz_tiles	 ft;
		struct tlog_tile_source	 src = { 2, fuzz_tiles_read, NULL,
					    NULL, NULL };
		struct tlog_tile_reader	 thr;
		struct tlog_hash	 out;
		int64_t			 idx;

		if (size < 40)
			break;
		memcpy(&thr.tree.n, data, 8);
		thr.tree.n &= 0xffffff;		/* up to 16M records */
		memcpy(thr.tree.hash.b, data + 8, 32);
		ft.data = data + 40;
		ft.len = size - 40;
		src.arg = &ft;
		thr.src = &src;
		idx = thr.tree.n > 0 ? (int64_t)(data[8] % thr.tree.n) : 0;
		idx = tlog_stored_hash_index(0, idx);
		tlog_tile_read_hashes(&thr, &idx, 1, &out, &cause);
		break;
	}
	}
	free(cause);
	return (0);
}
