/*
 * base64 as Go's encoding/base64.StdEncoding reads and writes it: the
 * standard alphabet, padding required, '\r' and '\n' skipped wherever they
 * are, and the unused bits of the last quantum not checked. Keys, note
 * signatures and tree hashes are all written this way, and a key or note
 * the go command accepts must be accepted here (and only those).
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/sumdb.h"

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
b64_encode(const void *data, size_t len)
{
	const uint8_t	*p = data;
	char		*out, *o;
	size_t		 i;
	uint32_t	 v;

	out = o = xmalloc((len + 2) / 3 * 4 + 1);
	for (i = 0; i + 3 <= len; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*o++ = b64_alphabet[v >> 18 & 63];
		*o++ = b64_alphabet[v >> 12 & 63];
		*o++ = b64_alphabet[v >> 6 & 63];
		*o++ = b64_alphabet[v & 63];
	}
	if (len - i == 1) {
		v = (uint32_t)p[i] << 16;
		*o++ = b64_alphabet[v >> 18 & 63];
		*o++ = b64_alphabet[v >> 12 & 63];
		*o++ = '=';
		*o++ = '=';
	} else if (len - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		*o++ = b64_alphabet[v >> 18 & 63];
		*o++ = b64_alphabet[v >> 12 & 63];
		*o++ = b64_alphabet[v >> 6 & 63];
		*o++ = '=';
	}
	*o = '\0';
	return (out);
}

static int
b64_value(int c)
{
	if (c >= 'A' && c <= 'Z')
		return (c - 'A');
	if (c >= 'a' && c <= 'z')
		return (c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (c - '0' + 52);
	if (c == '+')
		return (62);
	if (c == '/')
		return (63);
	return (-1);
}

int
b64_decode(const char *s, size_t len, uint8_t **outp, size_t *outlen)
{
	uint8_t	*out;
	size_t	 i = 0, n = 0;
	int	 q[4], k, pad, v, c;

	out = xmalloc(len / 4 * 3 + 3);
	for (;;) {
		/* One quantum of four symbols, newlines skipped. */
		for (k = 0, pad = 0; k < 4; k++) {
			while (i < len && (s[i] == '\r' || s[i] == '\n'))
				i++;
			if (i == len) {
				if (k == 0)
					goto done;
				goto bad;	/* a short quantum: no padding */
			}
			c = (unsigned char)s[i++];
			if (c == '=') {
				/* "xx==" or "xxx=": padding, then nothing. */
				if (k < 2)
					goto bad;
				if (k == 2) {
					while (i < len &&
					    (s[i] == '\r' || s[i] == '\n'))
						i++;
					if (i == len || s[i] != '=')
						goto bad;
					i++;
				}
				while (i < len && (s[i] == '\r' || s[i] == '\n'))
					i++;
				if (i != len)
					goto bad;
				pad = 1;
				break;
			}
			if ((v = b64_value(c)) < 0)
				goto bad;
			q[k] = v;
		}
		/* k symbols carry k - 1 bytes (3 for a full quantum). */
		if (!pad)
			k = 4;
		out[n++] = (uint8_t)(q[0] << 2 | q[1] >> 4);
		if (k > 2)
			out[n++] = (uint8_t)(q[1] << 4 | q[2] >> 2);
		if (k > 3)
			out[n++] = (uint8_t)(q[2] << 6 | q[3]);
		if (pad)
			break;
	}
done:
	*outp = out;
	*outlen = n;
	return (0);
bad:
	free(out);
	return (-1);
}
