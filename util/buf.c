/* Growing byte buffers that never pass their maximum (curl's dynbuf idea:
 * every buffer that grows from outside input has a limit). */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Prepare an empty buffer that may hold at most max bytes (0: no limit). */
void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max == 0 ? SIZE_MAX - 1 : max;
}

/* Free the buffer's memory; it is empty and usable afterwards. */
void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Empty the buffer, keeping its memory. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the NUL; -1 if that passes the maximum. */
static int
buf_grow(struct buf *b, size_t n)
{
	size_t	need, cap;

	if (n > b->max || b->len > b->max - n)
		return (-1);
	need = b->len + n + 1;
	if (need <= b->cap)
		return (0);
	cap = b->cap == 0 ? 64 : b->cap;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->data = xreallocarray(b->data, cap, 1);
	b->cap = cap;
	return (0);
}

/* Append n bytes. */
int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (buf_grow(b, n) != 0)
		return (-1);
	if (n != 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return (0);
}

/* Append one byte. */
int
buf_addc(struct buf *b, int c)
{
	char	ch = c;

	return (buf_add(b, &ch, 1));
}

/* Append a C string. */
int
buf_adds(struct buf *b, const char *s)
{
	return (buf_add(b, s, strlen(s)));
}

/* Append formatted text. */
int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n, rc;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	rc = buf_add(b, s, n);
	free(s);
	return (rc);
}

/* Cut the buffer to its first n bytes. */
void
buf_truncate(struct buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

/* Take the buffer's contents as a C string (never NULL); the caller owns
 * it and the buffer is left empty. */
char *
buf_steal(struct buf *b)
{
	char	*s;

	if (b->data == NULL)
		s = xstrdup("");
	else
		s = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return (s);
}

/* Append s percent-encoded: every byte but ASCII letters, digits and the
 * bytes of keep (RFC 3986's unreserved "-._~" and what the caller's
 * syntax allows, such as '/' in a URI path) becomes %XX. */
int
buf_add_percent(struct buf *b, const char *s, const char *keep)
{
	static const char	hex[] = "0123456789ABCDEF";
	const unsigned char	*p;
	int			 rc = 0;

	for (p = (const unsigned char *)s; *p != '\0' && rc == 0; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr(keep, *p) != NULL)
			rc = buf_addc(b, *p);
		else if ((rc = buf_addc(b, '%')) == 0 &&
		    (rc = buf_addc(b, hex[*p >> 4])) == 0)
			rc = buf_addc(b, hex[*p & 15]);
	}
	return (rc);
}

/*
 * Append s as a JSON string, escaped byte for byte as cJSON prints one
 * ('"', '\\' and \b \f \n \r \t with a backslash, other bytes below 0x20
 * as \u00xx, every other byte as it is), so that what it writes reads
 * back, and hashes, as cJSON's print would. The runs that need no escape
 * are found by a table and copied whole: a check's request is mostly
 * go.sum text, which cJSON walks twice a byte at a time.
 */
int
buf_add_json_string(struct buf *b, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	/* 1: written as it is (all but control bytes, '"' and '\\') */
	static const unsigned char plain[256] = { [0x20 ... 0x21] = 1,
	    [0x23 ... 0x5b] = 1, [0x5d ... 0xff] = 1 };
	const unsigned char	*p = (const unsigned char *)s, *run;
	char			 esc[7];
	int			 rc;

	if ((rc = buf_addc(b, '"')) != 0)
		return (rc);
	for (;;) {
		for (run = p; plain[*p]; p++)
			continue;
		if (p > run && (rc = buf_add(b, run, (size_t)(p - run))) != 0)
			return (rc);
		if (*p == '\0')
			return (buf_addc(b, '"'));
		esc[0] = '\\';
		esc[2] = '\0';
		switch (*p) {
		case '"': case '\\': esc[1] = (char)*p; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[*p >> 4];
			esc[5] = hex[*p & 15];
			esc[6] = '\0';
		}
		if ((rc = buf_adds(b, esc)) != 0)
			return (rc);
		p++;
	}
}
