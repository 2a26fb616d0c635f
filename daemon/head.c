/*
 * The request-head judge: do the bytes a new connection has sent so far
 * hold a whole, well-formed HTTP/1.x request head, and if they cannot,
 * what should it be told? No I/O: the gate (gate.c) peeks at the socket
 * and asks.
 *
 * Why this exists: libmicrohttpd answers the heads it cannot parse
 * itself, with short HTML bodies (400, 414, 431, 505) and no way for
 * its user to change them, while every error of modvetd's API is JSON.
 * So a connection's first head is judged here, by RFC 9112's grammar,
 * and one that is refused never reaches libmicrohttpd. What passes here
 * libmicrohttpd parses: the rules are never looser than its own, and are
 * stricter only where RFC 9112 tells a server to refuse (a folded line,
 * whitespace before a colon, a Content-Length that is not a number, a
 * transfer coding other than chunked). The chunks of a chunked body that
 * came with the head are judged too (libmicrohttpd would answer a bad
 * chunk size in HTML as well).
 */

#include "config.h"

#include <sys/types.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <microhttpd.h>

#include "daemon/head.h"

/* RFC 9110, 5.6.2: the characters of a token (a method, a field name). */
static int
head_tchar(unsigned char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' && strchr("!#$%&'*+-.^_`|~",
	    c) != NULL));
}

/* A hexadecimal digit's value, or -1. */
static int
head_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return ((c | 0x20) - 'a' + 10);
	return (-1);
}

/* A field value's byte: visible, space, tab, or obs-text; never another
 * control byte (a NUL would end the value early in C). */
static int
head_value_char(unsigned char c)
{
	return (c == '\t' || (c >= ' ' && c != 0x7f));
}

static enum head_verdict
head_refuse(struct head_refusal *why, int status, const char *code,
    const char *fmt, ...)
{
	va_list	ap;

	why->status = status;
	why->code = code;
	va_start(ap, fmt);
	vsnprintf(why->message, sizeof why->message, fmt, ap);
	va_end(ap);
	return (HEAD_REFUSE);
}

/* The next line from *p: its text (without CR LF or LF) and length; -1
 * when no line end has arrived yet. */
static ssize_t
head_line(const char **p, const char *end, const char **line)
{
	const char	*nl;
	size_t		 n;

	if ((nl = memchr(*p, '\n', (size_t)(end - *p))) == NULL)
		return (-1);
	*line = *p;
	n = (size_t)(nl - *p);
	if (n > 0 && (*p)[n - 1] == '\r')
		n--;
	*p = nl + 1;
	return ((ssize_t)n);
}

/* "METHOD SP TARGET SP HTTP/D.D", with only HTTP/1.0 and 1.1 served. */
static enum head_verdict
head_request_line(const char *s, size_t n, struct head_refusal *why)
{
	size_t	i = 0, t;

	while (i < n && head_tchar((unsigned char)s[i]))
		i++;
	if (i == 0 || i == n || s[i] != ' ')
		goto bad;
	t = ++i;
	while (i < n && (unsigned char)s[i] > ' ' && s[i] != 0x7f)
		i++;
	if (i == t || i == n || s[i] != ' ')
		goto bad;
	i++;
	if (n - i != 8 || strncmp(s + i, "HTTP/", 5) != 0 ||
	    s[i + 5] < '0' || s[i + 5] > '9' || s[i + 6] != '.' ||
	    s[i + 7] < '0' || s[i + 7] > '9')
		goto bad;
	if (s[i + 5] != '1' || (s[i + 7] != '0' && s[i + 7] != '1'))
		return (head_refuse(why, MHD_HTTP_HTTP_VERSION_NOT_SUPPORTED,
		    "http-version", "%.8s is not served: HTTP/1.0 and "
		    "HTTP/1.1 are", s + i));
	return (HEAD_OK);
bad:
	return (head_refuse(why, MHD_HTTP_BAD_REQUEST, "bad-request-line",
	    "the request line is not \"METHOD TARGET HTTP/1.1\" (one space "
	    "between each, no control bytes)"));
}

/* The value of a field line, without the whitespace around it. */
static void
head_value(const char *s, size_t n, const char **v, size_t *vn)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*v = s;
	*vn = n;
}

/* What a head's fields say of its body. */
#define HEAD_CHUNKED	0x1	/* Transfer-Encoding: chunked */
#define HEAD_EXPECT	0x2	/* Expect: the client waits for 100 first */

/* One field line: "NAME: VALUE", and the fields that decide how the
 * body comes (*body gets HEAD_CHUNKED, HEAD_EXPECT). */
static enum head_verdict
head_field(const char *s, size_t n, size_t lineno, int *body,
    struct head_refusal *why)
{
	const char	*v;
	size_t		 i, name, vn;

	if (s[0] == ' ' || s[0] == '\t')
		return (head_refuse(why, MHD_HTTP_BAD_REQUEST, "bad-header",
		    "header line %zu continues the line before it (obsolete "
		    "line folding is refused, RFC 9112 5.2)", lineno));
	for (name = 0; name < n && head_tchar((unsigned char)s[name]); name++)
		;
	if (name == 0 || name == n || s[name] != ':')
		return (head_refuse(why, MHD_HTTP_BAD_REQUEST, "bad-header",
		    "header line %zu is not \"Name: value\"", lineno));
	for (i = name + 1; i < n; i++)
		if (!head_value_char((unsigned char)s[i]))
			return (head_refuse(why, MHD_HTTP_BAD_REQUEST,
			    "bad-header", "header line %zu has a control "
			    "byte (0x%02x) in its value", lineno,
			    (unsigned char)s[i]));
	head_value(s + name + 1, n - name - 1, &v, &vn);
	if (name == 14 && strncasecmp(s, "Content-Length", name) == 0) {
		if (vn == 0 || vn > 18 || strspn(v, "0123456789") < vn)
			return (head_refuse(why, MHD_HTTP_BAD_REQUEST,
			    "bad-length", "Content-Length must be a decimal "
			    "number of bytes (at most 18 digits)"));
	} else if (name == 17 && strncasecmp(s, "Transfer-Encoding", name) == 0) {
		if (vn != 7 || strncasecmp(v, "chunked", 7) != 0)
			return (head_refuse(why, MHD_HTTP_NOT_IMPLEMENTED,
			    "transfer-coding", "Transfer-Encoding \"%.*s\" is "
			    "not served: only chunked is", (int)(vn > 64 ? 64 :
			    vn), v));
		*body |= HEAD_CHUNKED;
	} else if (name == 6 && strncasecmp(s, "Expect", name) == 0)
		*body |= HEAD_EXPECT;
	return (HEAD_OK);
}

/* The chunks of a chunked body that arrived with the head (RFC 9112,
 * 7.1): each size line must be hex, with its data followed by CR LF,
 * and the sizes must stay under max_body. Waits for the first size
 * line; what lies beyond the bytes peeked is libmicrohttpd's to read. */
static enum head_verdict
head_chunks(const char *p, const char *end, int full, size_t max_body,
    struct head_refusal *why)
{
	const char	*line;
	ssize_t		 n;
	size_t		 i, size, total = 0, seen = 0;
	int		 digit;

	for (;;) {
		if ((n = head_line(&p, end, &line)) == -1) {
			if (end - p > HEAD_MAX_CHUNK_LINE)
				goto bad;
			return (seen == 0 && !full ? HEAD_MORE : HEAD_OK);
		}
		seen++;
		for (i = 0, size = 0; i < (size_t)n &&
		    (digit = head_hex((unsigned char)line[i])) != -1; i++) {
			if (i == 15)
				goto too_big;
			size = size * 16 + (size_t)digit;
		}
		if (i == 0 || (i < (size_t)n && line[i] != ';' &&
		    line[i] != ' ' && line[i] != '\t'))
			goto bad;
		for (; i < (size_t)n; i++)
			if (!head_value_char((unsigned char)line[i]))
				goto bad;
		if (size == 0)
			return (HEAD_OK);	/* the last chunk */
		if (size > max_body || (total += size) > max_body)
			goto too_big;
		if ((size_t)(end - p) < size + 2)
			return (HEAD_OK);	/* read on by libmicrohttpd */
		p += size;
		if (p[0] == '\n')
			p++;
		else if (p[0] == '\r' && p[1] == '\n')
			p += 2;
		else
			return (head_refuse(why, MHD_HTTP_BAD_REQUEST,
			    "bad-chunk", "a chunk's data is not followed by "
			    "CR LF (its size line says %zu bytes)", size));
	}
bad:
	return (head_refuse(why, MHD_HTTP_BAD_REQUEST, "bad-chunk",
	    "a chunk size line is not hexadecimal digits (with optional "
	    ";extensions) ending in CR LF"));
too_big:
	return (head_refuse(why, MHD_HTTP_CONTENT_TOO_LARGE, "body-too-large",
	    "request body larger than %zu bytes (max-body)", max_body));
}

enum head_verdict
head_judge(const char *buf, size_t len, size_t max_body,
    struct head_refusal *why)
{
	const char	*p = buf, *end = buf + len, *line;
	ssize_t		 n;
	size_t		 fields = 0, lineno = 1;
	int		 body = 0;

	/* RFC 9112, 2.2: empty lines before the request line are ignored. */
	while (p < end && (*p == '\r' || *p == '\n') && p - buf < 4)
		p++;
	if ((n = head_line(&p, end, &line)) == -1) {
		if (len > HEAD_MAX_LINE)
			return (head_refuse(why, MHD_HTTP_URI_TOO_LONG,
			    "uri-too-long", "the request line is longer than "
			    "%d bytes", HEAD_MAX_LINE));
		/* Bytes that cannot begin a method (a TLS hello, say) need
		 * not wait for a line end that may never come. */
		for (line = p; line < end && head_tchar((unsigned char)*line);
		    line++)
			;
		if (line < end && *line != ' ')
			return (head_refuse(why, MHD_HTTP_BAD_REQUEST,
			    "bad-request-line", "the request does not begin "
			    "with a method (is this TLS to a plain HTTP "
			    "port?)"));
		return (HEAD_MORE);
	}
	if (n > HEAD_MAX_LINE)
		return (head_refuse(why, MHD_HTTP_URI_TOO_LONG, "uri-too-long",
		    "the request line is longer than %d bytes", HEAD_MAX_LINE));
	if (memchr(line, '\r', (size_t)n) != NULL)
		return (head_refuse(why, MHD_HTTP_BAD_REQUEST,
		    "bad-request-line", "the request line has a bare CR"));
	if (head_request_line(line, (size_t)n, why) != HEAD_OK)
		return (HEAD_REFUSE);
	for (;;) {
		if ((n = head_line(&p, end, &line)) == -1)
			break;
		if (p - buf > HEAD_MAX)
			break;
		lineno++;
		/* Chunks that came with the head are judged; a client that
		 * waits for "100 Continue" sends none until it has it. */
		if (n == 0)
			return (body == HEAD_CHUNKED ? head_chunks(p, end,
			    len > HEAD_MAX, max_body, why) : HEAD_OK);
		if (memchr(line, '\r', (size_t)n) != NULL)
			return (head_refuse(why, MHD_HTTP_BAD_REQUEST,
			    "bad-header", "header line %zu has a bare CR",
			    lineno - 1));
		if (++fields > HEAD_MAX_FIELDS)
			return (head_refuse(why,
			    MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
			    "head-too-large", "more than %d header fields",
			    HEAD_MAX_FIELDS));
		if (head_field(line, (size_t)n, lineno - 1, &body,
		    why) != HEAD_OK)
			return (HEAD_REFUSE);
	}
	if (len > HEAD_MAX)
		return (head_refuse(why, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
		    "head-too-large", "the request head is longer than %d "
		    "bytes", HEAD_MAX));
	return (HEAD_MORE);
}
