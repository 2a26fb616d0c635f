/*
 * Tiles: the log's stored hashes served in blocks (golang.org/x/mod/
 * sumdb/tlog's tile.go). A tile of height H at level L holds up to 2^H
 * consecutive hashes of stored level L*H; its number N counts from the
 * left; a tile of width W < 2^H is a partial tile at the log's right
 * edge. Every stored hash at levels L*H .. L*H+H-1 is computed from one
 * tile, and a full tile's own root is one entry of the tile above it.
 *
 * tlog_tile_read_hashes is what makes tiles safe to take from a server:
 * it reads the tiles holding the tree's own root subtrees and chains of
 * full tiles up to them, proves the lot against the tree's signed hash,
 * and only then answers.
 */

#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/sumdb.h"
#include "gomod/sumdb-int.h"


/* The tile holding stored hash index, as wide as that hash needs; the
 * entries that hash covers are [*start, *end) within the tile. */
static struct tlog_tile
tile_for_index(int h, int64_t index, int64_t *start, int64_t *end)
{
	struct tlog_tile	t;
	int64_t			n, in_tile;
	int			level, within;

	tlog_split_stored_hash_index(index, &level, &n);
	t.h = h;
	t.l = level / h;
	within = level - t.l * h;	/* levels above the tile's base */
	t.n = (n << within) >> h;
	in_tile = n - ((t.n << h) >> within);
	t.w = (int)((in_tile + 1) << within);
	if (start != NULL) {
		*start = in_tile << within;
		*end = (in_tile + 1) << within;
	}
	return (t);
}

struct tlog_tile
tlog_tile_for_index(int h, int64_t index)
{
	return (tile_for_index(h, index, NULL, NULL));
}

static int
tlog_tile_equal(const struct tlog_tile *a, const struct tlog_tile *b)
{
	return (a->h == b->h && a->l == b->l && a->n == b->n && a->w == b->w);
}

/* The hash of entries [0, n) of a tile, n a power of two. */
static void
entries_hash(const uint8_t *data, int64_t n, struct tlog_hash *out)
{
	struct tlog_hash	l, r;

	if (n == 1) {
		memcpy(out->b, data, TLOG_HASH_SIZE);
		return;
	}
	entries_hash(data, n / 2, &l);
	entries_hash(data + n / 2 * TLOG_HASH_SIZE, n / 2, &r);
	tlog_node_hash(&l, &r, out);
}

static int
tile_valid(const struct tlog_tile *t)
{
	return (t->h >= 1 && t->h <= 30 && t->l >= 0 && t->l < 64 &&
	    t->w >= 1 && t->w <= 1 << t->h);
}

int
tlog_hash_from_tile(const struct tlog_tile *t, const uint8_t *data,
    size_t len, int64_t index, struct tlog_hash *out, char **cause)
{
	struct tlog_tile	 at;
	int64_t			 start, end;
	char			*p1, *p2;

	if (!tile_valid(t)) {
		p1 = tlog_tile_path(t);
		if (cause != NULL)
			xasprintf(cause, "invalid tile %s", p1);
		free(p1);
		return (-1);
	}
	if (len < (size_t)t->w * TLOG_HASH_SIZE) {
		p1 = tlog_tile_path(t);
		if (cause != NULL)
			xasprintf(cause, "data len %zu too short for tile %s",
			    len, p1);
		free(p1);
		return (-1);
	}
	at = tile_for_index(t->h, index, &start, &end);
	if (t->l != at.l || t->n != at.n || t->w < at.w) {
		p1 = tlog_tile_path(&at);
		p2 = tlog_tile_path(t);
		if (cause != NULL)
			xasprintf(cause, "index %" PRId64 " is in %s not %s",
			    index, p1, p2);
		free(p1);
		free(p2);
		return (-1);
	}
	entries_hash(data + start * TLOG_HASH_SIZE, end - start, out);
	return (0);
}

char *
tlog_tile_path(const struct tlog_tile *t)
{
	struct buf	b;
	char		group[32], *s;
	int64_t		n = t->n, div = 1;

	buf_init(&b, 0);
	buf_printf(&b, "tile/%d/", t->h);
	if (t->l == -1)
		buf_adds(&b, "data/");
	else
		buf_printf(&b, "%d/", t->l);
	/* Groups of three digits, all but the last marked with "x". */
	while (n / div >= TLOG_TILE_PATH_BASE)
		div *= TLOG_TILE_PATH_BASE;
	for (; div > 1; div /= TLOG_TILE_PATH_BASE) {
		snprintf(group, sizeof group, "x%03" PRId64 "/",
		    n / div % TLOG_TILE_PATH_BASE);
		buf_adds(&b, group);
	}
	buf_printf(&b, "%03" PRId64, n % TLOG_TILE_PATH_BASE);
	if (t->w != 1 << t->h)
		buf_printf(&b, ".p/%d", t->w);
	s = buf_steal(&b);
	return (s);
}

/*
 * The tile k tile-levels above t that holds t's root, as wide as the tree
 * of n records fills it; w is 0 when the tree does not reach it.
 */
static struct tlog_tile
tile_parent(struct tlog_tile t, int k, int64_t n)
{
	int64_t	count, first;

	t.l += k;
	t.n = k * t.h < 63 ? t.n >> (k * t.h) : 0;
	/* Hashes the tree has at this level. */
	count = t.l * t.h < 63 ? n >> (t.l * t.h) : 0;
	first = t.n << t.h;
	if (first >= count)
		t.w = 0;
	else if (count - first >= (int64_t)1 << t.h)
		t.w = 1 << t.h;
	else
		t.w = (int)(count - first);
	return (t);
}

struct tile_set {
	struct tlog_tile	*v;
	size_t			 n, cap;
};

static size_t
tile_set_find(const struct tile_set *s, const struct tlog_tile *t)
{
	size_t	i;

	for (i = 0; i < s->n; i++) {
		if (tlog_tile_equal(&s->v[i], t))
			return (i);
	}
	return (SIZE_MAX);
}

static size_t
tile_set_add(struct tile_set *s, const struct tlog_tile *t)
{
	size_t	i;

	if ((i = tile_set_find(s, t)) != SIZE_MAX)
		return (i);
	if (s->n == s->cap) {
		s->cap = s->cap == 0 ? 8 : s->cap * 2;
		s->v = xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n] = *t;
	return (s->n++);
}

/*
 * The tiles a read of indexes in tree n needs: first those holding the
 * tree's own root subtrees (*nroot of them), then for each index the full
 * tiles up to one already listed. where[i] (when not NULL) gets the tile
 * holding indexes[i]. 0, or -1 with *cause.
 */
static int
plan_tiles(int64_t n, int H, const int64_t *indexes, size_t nindex,
    struct tile_set *set, size_t *nroot, int64_t *roots, size_t *nroots,
    size_t *where, char **cause)
{
	struct tlog_tile	t, p;
	int64_t			lo, k;
	size_t			i;
	int			up;

	*nroots = 0;
	for (lo = 0; lo < n; lo += k) {
		k = 1;
		while (k * 2 <= n - lo)
			k *= 2;
		roots[(*nroots)++] = tlog_stored_hash_index(
		    __builtin_ctzll((unsigned long long)k),
		    lo >> __builtin_ctzll((unsigned long long)k));
	}
	for (i = 0; i < *nroots; i++) {
		t = tile_parent(tlog_tile_for_index(H, roots[i]), 0, n);
		tile_set_add(set, &t);
	}
	*nroot = set->n;
	for (i = 0; i < nindex; i++) {
		if (indexes[i] < 0 ||
		    indexes[i] >= tlog_stored_hash_index(0, n)) {
			if (cause != NULL)
				*cause = xstrdup("indexes not in tree");
			return (-1);
		}
		t = tlog_tile_for_index(H, indexes[i]);
		for (up = 0;; up++) {
			p = tile_parent(t, up, n);
			if (p.w == 0) {
				if (cause != NULL)
					*cause = xstrdup("tile reader: index "
					    "has no root tile");
				return (-1);
			}
			if (tile_set_find(set, &p) != SIZE_MAX)
				break;
		}
		while (up-- > 0) {
			p = tile_parent(t, up, n);
			if (p.w != 1 << H) {
				if (cause != NULL)
					*cause = xstrdup("tile reader: partial "
					    "tile inside the tree");
				return (-1);
			}
			tile_set_add(set, &p);
		}
		if (where != NULL) {
			p = tile_parent(t, 0, n);
			where[i] = tile_set_find(set, &p);
		}
	}
	return (0);
}

size_t
tlog_tiles_needed(const struct tlog_tree *tree, int height,
    const int64_t *indexes, size_t n, struct tlog_tile **out)
{
	struct tile_set	set = { 0 };
	int64_t		roots[64];
	size_t		nroot, nroots;

	*out = NULL;
	if (tree->n == 0 || plan_tiles(tree->n, height, indexes, n, &set,
	    &nroot, roots, &nroots, NULL, NULL) != 0) {
		free(set.v);
		return (0);
	}
	*out = set.v;
	return (set.n);
}

/* Was tile t proven against tree by an earlier read from src? */
static int
tile_proven(const struct tlog_tile_source *src, const struct tlog_tree *tree,
    const struct tlog_tile *t)
{
	return (src->proven != NULL && src->proven(src->arg, tree, t, 1));
}

int
tlog_tile_read_hashes(void *arg, const int64_t *indexes, size_t nindex,
    struct tlog_hash *out, char **cause)
{
	struct tlog_tile_reader		*r = arg;
	const struct tlog_tile_source	*src = r->src;
	struct tile_set			 set = { 0 };
	struct tlog_tile		 t, p;
	struct tlog_hash		 h, root;
	int64_t				 roots[64], n = r->tree.n;
	size_t				 nroots = 0, *where = NULL, nroot_tiles;
	size_t				*lens = NULL, i, j;
	uint8_t				**data = NULL;
	int				 H = src->height, rc = -1;

	if (n == 0) {
		if (cause != NULL)
			*cause = xstrdup("indexes not in tree");
		return (-1);
	}
	where = xcalloc(nindex + 1, sizeof *where);
	if (plan_tiles(n, H, indexes, nindex, &set, &nroot_tiles, roots,
	    &nroots, where, cause) != 0)
		goto out;

	data = xcalloc(set.n, sizeof *data);
	lens = xcalloc(set.n, sizeof *lens);
	if (src->read(src->arg, set.v, set.n, data, lens, cause) != 0)
		goto out;
	for (i = 0; i < set.n; i++) {
		if (lens[i] != (size_t)set.v[i].w * TLOG_HASH_SIZE) {
			char	*path = tlog_tile_path(&set.v[i]);

			if (cause != NULL)
				xasprintf(cause, "tile %s has %zu bytes, want "
				    "%zu", path, lens[i],
				    (size_t)set.v[i].w * TLOG_HASH_SIZE);
			free(path);
			goto out;
		}
	}

	/* The root tiles must give the tree's hash (unless each was proven
	 * against this very tree before)... */
	for (i = 0; i < nroot_tiles; i++)
		if (!tile_proven(src, &r->tree, &set.v[i]))
			break;
	if (i < nroot_tiles) {
		for (i = nroots; i-- > 0;) {
			t = tile_parent(tlog_tile_for_index(H, roots[i]), 0,
			    n);
			j = tile_set_find(&set, &t);
			if (tlog_hash_from_tile(&set.v[j], data[j], lens[j],
			    roots[i], &h, cause) != 0)
				goto out;
			if (i == nroots - 1)
				root = h;
			else
				tlog_node_hash(&h, &root, &root);
		}
		if (!tlog_hash_equal(&root, &r->tree.hash))
			goto inconsistent;
	}
	/* ...and every other tile the entry its parent holds for it (the
	 * parent proven before, or in this loop: all or nothing). */
	for (i = nroot_tiles; i < set.n; i++) {
		if (tile_proven(src, &r->tree, &set.v[i]))
			continue;
		p = tile_parent(set.v[i], 1, n);
		j = tile_set_find(&set, &p);
		if (j == SIZE_MAX)
			goto inconsistent;
		if (tlog_hash_from_tile(&p, data[j], lens[j],
		    tlog_stored_hash_index(p.l * H, set.v[i].n), &h,
		    cause) != 0)
			goto out;
		entries_hash(data[i], (int64_t)1 << H, &root);
		if (!tlog_hash_equal(&h, &root))
			goto inconsistent;
	}
	if (src->save != NULL)
		src->save(src->arg, &r->tree, set.v, set.n, data);
	for (i = 0; i < nindex; i++) {
		j = where[i];
		if (tlog_hash_from_tile(&set.v[j], data[j], lens[j], indexes[i],
		    &out[i], cause) != 0)
			goto out;
	}
	rc = 0;
	goto out;
inconsistent:
	if (cause != NULL)
		*cause = xstrdup("downloaded inconsistent tile");
out:
	if (data != NULL) {
		for (i = 0; i < set.n; i++)
			free(data[i]);
	}
	free(data);
	free(lens);
	free(where);
	free(set.v);
	return (rc);
}
