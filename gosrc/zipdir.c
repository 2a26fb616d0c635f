/*
 * A zip's central directory read from its last bytes, with no I/O: where
 * each entry's bytes lie, so that a reader holding only byte ranges of a
 * remote zip (HTTP Range) can ask for the entries it needs and nothing
 * else. The layout is PKWARE's APPNOTE 6.3 (sections 4.3.12, 4.3.14-16),
 * ZIP64 included, as Go's archive/zip writes module zips. libzip reads
 * the entries themselves; it has no call that says where an entry lies.
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gosrc/gosrc.h"

#define EOCD_SIG	0x06054b50u
#define EOCD_LEN	22
#define EOCD64_LOC_SIG	0x07064b50u
#define EOCD64_LOC_LEN	20
#define EOCD64_SIG	0x06064b50u
#define EOCD64_LEN	56
#define CDENT_SIG	0x02014b50u
#define CDENT_LEN	46
#define ZIP64_EXTRA	0x0001

static uint16_t
le16(const unsigned char *p)
{
	return ((uint16_t)(p[0] | p[1] << 8));
}

static uint32_t
le32(const unsigned char *p)
{
	return ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24);
}

static uint64_t
le64(const unsigned char *p)
{
	return ((uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32);
}

int
zipdir_locate(const char *tail, size_t tlen, uint64_t size,
    struct zipdir *zd, char **cause)
{
	const unsigned char	*t = (const unsigned char *)tail, *e = NULL;
	const unsigned char	*loc, *e64;
	uint64_t		 tail_off, off64;
	size_t			 i;

	memset(zd, 0, sizeof *zd);
	if (tlen > size || tlen < EOCD_LEN) {
		xasprintf(cause, "the zip's last %zu bytes hold no end of "
		    "central directory", tlen);
		return (-1);
	}
	tail_off = size - tlen;
	/* The record is last but for its comment (at most 65,535 bytes):
	 * the last signature whose comment length reaches the end. */
	for (i = tlen - EOCD_LEN + 1; i-- > 0;) {
		if (le32(t + i) == EOCD_SIG &&
		    i + EOCD_LEN + le16(t + i + 20) == tlen) {
			e = t + i;
			break;
		}
	}
	if (e == NULL) {
		xasprintf(cause, "no end of central directory in the zip's "
		    "last %zu bytes", tlen);
		return (-1);
	}
	if (le16(e + 4) != 0 || le16(e + 6) != 0) {
		xasprintf(cause, "a zip split across disks");
		return (-1);
	}
	zd->count = le16(e + 10);
	zd->cd_size = le32(e + 12);
	zd->cd_offset = le32(e + 16);
	if (zd->count == 0xffff || zd->cd_size == 0xffffffffu ||
	    zd->cd_offset == 0xffffffffu) {
		/* ZIP64: the locator is just before, and names the
		 * record, which the writer puts just before it. */
		if (e - t < EOCD64_LOC_LEN ||
		    le32((loc = e - EOCD64_LOC_LEN)) != EOCD64_LOC_SIG) {
			xasprintf(cause, "a ZIP64 zip with no ZIP64 locator");
			return (-1);
		}
		off64 = le64(loc + 8);
		if (off64 < tail_off || off64 - tail_off + EOCD64_LEN >
		    (uint64_t)(loc - t) ||
		    le32((e64 = t + (off64 - tail_off))) != EOCD64_SIG) {
			xasprintf(cause, "the ZIP64 end of central directory "
			    "is not where its locator says");
			return (-1);
		}
		zd->count = le64(e64 + 32);
		zd->cd_size = le64(e64 + 40);
		zd->cd_offset = le64(e64 + 48);
	}
	if (zd->cd_offset > size || zd->cd_size > size - zd->cd_offset ||
	    zd->count > zd->cd_size / CDENT_LEN) {
		xasprintf(cause, "a central directory of %llu entries at "
		    "%llu+%llu does not fit in a zip of %llu bytes",
		    (unsigned long long)zd->count,
		    (unsigned long long)zd->cd_offset,
		    (unsigned long long)zd->cd_size, (unsigned long long)size);
		return (-1);
	}
	zd->size = size;
	return (0);
}

/* The ZIP64 extra field of an entry: the 64-bit values of the fields
 * whose 32-bit ones are all ones, in their order. */
static int
zip64_extra(const unsigned char *x, size_t len, uint64_t *usize,
    uint64_t *csize, uint64_t *offset)
{
	uint64_t	*want[3] = { usize, csize, offset };
	size_t		 at, k, dlen;

	for (at = 0; at + 4 <= len; at += 4 + dlen) {
		dlen = le16(x + at + 2);
		if (at + 4 + dlen > len)
			return (-1);
		if (le16(x + at) != ZIP64_EXTRA)
			continue;
		for (k = 0, at += 4; k < nitems(want); k++) {
			if (*want[k] != 0xffffffffu)
				continue;
			if (dlen < 8)
				return (-1);
			*want[k] = le64(x + at);
			at += 8;
			dlen -= 8;
		}
		return (0);
	}
	return (-1);
}

int
zipdir_parse(struct zipdir *zd, const char *cd, size_t len, char **cause)
{
	const unsigned char	*p = (const unsigned char *)cd;
	struct zipdir_entry	*en;
	size_t			 at = 0, nlen, xlen, clen;
	uint64_t		 k;

	if (len != zd->cd_size) {
		xasprintf(cause, "the central directory is %llu bytes, not "
		    "%zu", (unsigned long long)zd->cd_size, len);
		return (-1);
	}
	zd->v = xcalloc(zd->count + 1, sizeof *zd->v);
	for (k = 0; k < zd->count; k++) {
		if (at + CDENT_LEN > len || le32(p + at) != CDENT_SIG)
			goto bad;
		nlen = le16(p + at + 28);
		xlen = le16(p + at + 30);
		clen = le16(p + at + 32);
		if (at + CDENT_LEN + nlen + xlen + clen > len)
			goto bad;
		en = &zd->v[zd->n++];
		en->name = xstrndup(cd + at + CDENT_LEN, nlen);
		en->method = le16(p + at + 10);
		en->crc = le32(p + at + 16);
		en->csize = le32(p + at + 20);
		en->usize = le32(p + at + 24);
		en->offset = le32(p + at + 42);
		if ((en->csize == 0xffffffffu || en->usize == 0xffffffffu ||
		    en->offset == 0xffffffffu) && zip64_extra(p + at +
		    CDENT_LEN + nlen, xlen, &en->usize, &en->csize,
		    &en->offset) != 0)
			goto bad;
		if (en->offset >= zd->cd_offset ||
		    en->csize > zd->cd_offset - en->offset)
			goto bad;
		at += CDENT_LEN + nlen + xlen + clen;
	}
	zipdir_spans(zd);
	return (0);
bad:
	xasprintf(cause, "entry %llu of the central directory (at byte %zu) "
	    "is malformed", (unsigned long long)k, at);
	zipdir_free(zd);
	return (-1);
}

int
zipdir_cmp_offset(const void *a, const void *b)
{
	const struct zipdir_entry *x = *(const struct zipdir_entry *const *)a;
	const struct zipdir_entry *y = *(const struct zipdir_entry *const *)b;

	return (x->offset < y->offset ? -1 : x->offset > y->offset);
}

/* Each entry's end: the next entry's start (or the directory's), which
 * covers its local header, data and any data descriptor exactly. */
void
zipdir_spans(struct zipdir *zd)
{
	struct zipdir_entry	**by;
	size_t			  i;

	if (zd->n == 0)
		return;
	by = xcalloc(zd->n, sizeof *by);
	for (i = 0; i < zd->n; i++)
		by[i] = &zd->v[i];
	qsort(by, zd->n, sizeof *by, zipdir_cmp_offset);
	for (i = 0; i < zd->n; i++)
		by[i]->end = i + 1 < zd->n ? by[i + 1]->offset : zd->cd_offset;
	free(by);
}

void
zipdir_free(struct zipdir *zd)
{
	size_t	i;

	for (i = 0; i < zd->n; i++)
		free(zd->v[i].name);
	free(zd->v);
	zd->v = NULL;
	zd->n = 0;
}
