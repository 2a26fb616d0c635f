/*
 * Go string quoting: strconv.Quote, QuoteRune and Unquote, byte for byte.
 * go.mod files quote paths with these rules, and the go command's error
 * messages use them (%q), so modvet's must too.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"

static const char	lowerhex[] = "0123456789abcdef";

static void	strquote_escape(struct buf *, uint32_t, int);
static int	strquote_char(const char **, const char *, int, struct buf *);

/* Append rune r to b escaped as strconv does inside quote characters q. */
static void
strquote_escape(struct buf *b, uint32_t r, int q)
{
	char	u[4];
	int	s;

	if (r == (uint32_t)q || r == '\\') {
		buf_addc(b, '\\');
		buf_addc(b, r);
		return;
	}
	if (unicode_is_print(r)) {
		buf_add(b, u, unicode_encode(r, u));
		return;
	}
	switch (r) {
	case '\a': buf_adds(b, "\\a"); return;
	case '\b': buf_adds(b, "\\b"); return;
	case '\f': buf_adds(b, "\\f"); return;
	case '\n': buf_adds(b, "\\n"); return;
	case '\r': buf_adds(b, "\\r"); return;
	case '\t': buf_adds(b, "\\t"); return;
	case '\v': buf_adds(b, "\\v"); return;
	}
	if (r < ' ' || r == 0x7f) {
		buf_adds(b, "\\x");
		buf_addc(b, lowerhex[(r >> 4) & 0xF]);
		buf_addc(b, lowerhex[r & 0xF]);
	} else if (r < 0x10000) {
		buf_adds(b, "\\u");
		for (s = 12; s >= 0; s -= 4)
			buf_addc(b, lowerhex[(r >> s) & 0xF]);
	} else {
		buf_adds(b, "\\U");
		for (s = 28; s >= 0; s -= 4)
			buf_addc(b, lowerhex[(r >> s) & 0xF]);
	}
}

/* Append strconv.Quote(s[0..n)) to b. */
void
strquote_append(struct buf *b, const char *s, size_t n)
{
	size_t		i, w;
	uint32_t	r;

	buf_addc(b, '"');
	for (i = 0; i < n; i += w) {
		r = unicode_decode(s + i, n - i, &w);
		if (r == UNICODE_RUNE_ERROR && w == 1) {
			buf_adds(b, "\\x");
			buf_addc(b, lowerhex[((unsigned char)s[i]) >> 4]);
			buf_addc(b, lowerhex[((unsigned char)s[i]) & 0xF]);
			continue;
		}
		strquote_escape(b, r, '"');
	}
	buf_addc(b, '"');
}

/* strconv.Quote of a C string; the caller frees the result. */
char *
strquote_quote(const char *s)
{
	struct buf	b;

	buf_init(&b, 0);
	strquote_append(&b, s, strlen(s));
	return (buf_steal(&b));
}

/* strconv.QuoteRune; the caller frees the result. */
char *
strquote_quote_rune(uint32_t r)
{
	struct buf	b;

	buf_init(&b, 0);
	if (r > UNICODE_MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF))
		r = UNICODE_RUNE_ERROR;
	buf_addc(&b, '\'');
	strquote_escape(&b, r, '\'');
	buf_addc(&b, '\'');
	return (buf_steal(&b));
}

/* Value of a hexadecimal digit, or -1. */
int
strquote_unhex(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

/* strconv.UnquoteChar: decode one (possibly escaped) character at *sp,
 * appending its bytes to out; -1 on a syntax error. */
static int
strquote_char(const char **sp, const char *end, int q, struct buf *out)
{
	const char	*s = *sp;
	char		 u[4];
	uint32_t	 v;
	size_t		 w;
	int		 c, n, j, x;

	if (s >= end || *s == q)
		return (-1);
	if ((unsigned char)*s >= 0x80) {
		v = unicode_decode(s, end - s, &w);
		buf_add(out, u, unicode_encode(v, u));
		*sp = s + w;
		return (0);
	}
	if (*s != '\\') {
		buf_addc(out, *s);
		*sp = s + 1;
		return (0);
	}
	if (end - s < 2)
		return (-1);
	c = s[1];
	s += 2;
	switch (c) {
	case 'a': buf_addc(out, '\a'); break;
	case 'b': buf_addc(out, '\b'); break;
	case 'f': buf_addc(out, '\f'); break;
	case 'n': buf_addc(out, '\n'); break;
	case 'r': buf_addc(out, '\r'); break;
	case 't': buf_addc(out, '\t'); break;
	case 'v': buf_addc(out, '\v'); break;
	case '\\': buf_addc(out, '\\'); break;
	case 'x':
	case 'u':
	case 'U':
		n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
		if (end - s < n)
			return (-1);
		for (v = 0, j = 0; j < n; j++) {
			if ((x = strquote_unhex((unsigned char)s[j])) == -1)
				return (-1);
			v = v << 4 | x;
		}
		s += n;
		if (c == 'x') {
			buf_addc(out, v);
			break;
		}
		if (v > UNICODE_MAX_RUNE || (v >= 0xD800 && v <= 0xDFFF))
			return (-1);
		buf_add(out, u, unicode_encode(v, u));
		break;
	case '0': case '1': case '2': case '3':
	case '4': case '5': case '6': case '7':
		v = c - '0';
		if (end - s < 2)
			return (-1);
		for (j = 0; j < 2; j++) {
			if (s[j] < '0' || s[j] > '7')
				return (-1);
			v = (v << 3) | (s[j] - '0');
		}
		s += 2;
		if (v > 255)
			return (-1);
		buf_addc(out, v);
		break;
	case '\'':
	case '"':
		if (c != q)
			return (-1);
		buf_addc(out, c);
		break;
	default:
		return (-1);
	}
	*sp = s;
	return (0);
}

/*
 * strconv.Unquote of s[0..n), a "double-quoted" or `raw` string. On
 * success stores the value (NUL-terminated; it may hold NULs, so its length
 * goes to *outlen when outlen is not NULL) in *out, which the caller frees.
 * Returns -1 on a syntax error.
 */
int
strquote_unquote(const char *s, size_t n, char **out, size_t *outlen)
{
	struct buf	 b;
	const char	*p, *end = s + n;
	size_t		 i;

	*out = NULL;
	if (n < 2 || (s[0] != '"' && s[0] != '`') || s[n - 1] != s[0])
		return (-1);
	buf_init(&b, 0);
	if (s[0] == '`') {
		for (i = 1; i < n - 1; i++) {
			if (s[i] == '`')
				goto fail;
			if (s[i] != '\r')
				buf_addc(&b, s[i]);
		}
		goto done;
	}
	p = s + 1;
	while (p < end && *p != '"') {
		if (*p == '\n' || strquote_char(&p, end, '"', &b) != 0)
			goto fail;
	}
	if (p != end - 1)
		goto fail;
done:
	if (outlen != NULL)
		*outlen = b.len;
	*out = buf_steal(&b);
	return (0);
fail:
	buf_free(&b);
	return (-1);
}
