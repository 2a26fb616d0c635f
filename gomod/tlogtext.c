/*
 * The checksum database's texts: the tree note a server signs
 * ("go.sum database tree\nN\nHASH\n") and the record a lookup returns
 * ("ID\nTEXT\n" followed by the signed tree note), as
 * golang.org/x/mod/sumdb/tlog's note.go reads and writes them.
 */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/sumdb.h"
#include "gomod/sumdb-int.h"
#include "gomod/unicode.h"

const char tlog_tree_prefix[] = "go.sum database tree\n";

/*
 * strconv.ParseInt(s, 10, 64): an optional sign, then decimal digits
 * that fit. With canonical set, only what FormatInt writes back the same
 * (no sign, no leading zero) is accepted.
 */
static int
parse_int64(const char *s, size_t len, int canonical, int64_t *out)
{
	uint64_t	v = 0, limit = INT64_MAX;
	size_t		i = 0;
	int		neg = 0;

	if (i < len && (s[i] == '+' || s[i] == '-')) {
		if (canonical)
			return (-1);
		neg = s[i] == '-';
		if (neg)
			limit = (uint64_t)INT64_MAX + 1;
		i++;
	}
	if (i == len)
		return (-1);
	if (canonical && s[i] == '0' && len - i > 1)
		return (-1);
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		if (v > (limit - (uint64_t)(s[i] - '0')) / 10)
			return (-1);
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return (0);
}

int
tlog_parse_tree(const char *text, size_t len, struct tlog_tree *t,
    char **cause)
{
	const char	*line[3], *end[3], *p, *nl;
	uint8_t		*raw = NULL;
	size_t		 rawlen, i, newlines = 0;
	int64_t		 n;

	for (i = 0; i < len; i++)
		newlines += text[i] == '\n';
	if (len > 1000000 || len < sizeof tlog_tree_prefix - 1 ||
	    memcmp(text, tlog_tree_prefix, sizeof tlog_tree_prefix - 1) != 0 ||
	    newlines < 3)
		goto bad;
	/* The prefix, the size, the hash; what follows is not read. */
	p = text;
	for (i = 0; i < 3; i++) {
		nl = memchr(p, '\n', len - (size_t)(p - text));
		line[i] = p;
		end[i] = nl;
		p = nl + 1;
	}
	if (parse_int64(line[1], (size_t)(end[1] - line[1]), 1, &n) != 0)
		goto bad;
	if (b64_decode(line[2], (size_t)(end[2] - line[2]), &raw,
	    &rawlen) != 0)
		goto bad;
	if (rawlen != TLOG_HASH_SIZE)
		goto bad;
	t->n = n;
	memcpy(t->hash.b, raw, TLOG_HASH_SIZE);
	free(raw);
	return (0);
bad:
	free(raw);
	if (cause != NULL)
		*cause = xstrdup("malformed tree note");
	return (-1);
}

/* Lines of printable UTF-8, each ending in "\n", none of them empty. */
int
tlog_valid_record_text(const char *s, size_t len)
{
	size_t		i, w;
	uint32_t	r, last = 0;

	for (i = 0; i < len; i += w) {
		r = unicode_decode(s + i, len - i, &w);
		if ((r < 0x20 && r != '\n') ||
		    (r == UNICODE_RUNE_ERROR && w == 1) ||
		    (last == '\n' && r == '\n'))
			return (0);
		last = r;
	}
	return (last == '\n');
}

int
tlog_parse_record(const char *msg, size_t len, int64_t *id,
    const char **text, size_t *textlen, const char **rest, size_t *restlen,
    char **cause)
{
	const char	*nl, *body, *p;
	size_t		 blen, i;

	if ((nl = memchr(msg, '\n', len)) == NULL ||
	    parse_int64(msg, (size_t)(nl - msg), 0, id) != 0)
		goto bad;
	body = nl + 1;
	blen = len - (size_t)(body - msg);
	for (i = 0, p = NULL; i + 1 < blen; i++) {
		if (body[i] == '\n' && body[i + 1] == '\n') {
			p = body + i;
			break;
		}
	}
	if (p == NULL || !tlog_valid_record_text(body, (size_t)(p - body) + 1))
		goto bad;
	*text = body;
	*textlen = (size_t)(p - body) + 1;
	*rest = p + 2;
	*restlen = blen - *textlen - 1;
	return (0);
bad:
	if (cause != NULL)
		*cause = xstrdup("malformed record data");
	return (-1);
}
