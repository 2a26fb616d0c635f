/*
 * The few Go "strings" functions whose exact Unicode behaviour go.mod
 * handling depends on (TrimSpace, Fields), shared by the gomod files.
 */

#include "config.h"

#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"

/* strings.TrimSpace of s[0..*n): returns the new start, updates *n. */
const char *
gostr_trim_space(const char *s, size_t *n)
{
	size_t		w, i;
	uint32_t	c;

	while (*n > 0) {
		c = unicode_decode(s, *n, &w);
		if (!unicode_is_space(c))
			break;
		s += w;
		*n -= w;
	}
	while (*n > 0) {
		/* Step back over one UTF-8 sequence. */
		for (i = *n - 1; i > 0 && *n - i < 4 &&
		    ((unsigned char)s[i] & 0xC0) == 0x80; i--)
			;
		c = unicode_decode(s + i, *n - i, &w);
		if (i + w != *n)
			c = UNICODE_RUNE_ERROR;
		if (!unicode_is_space(c))
			break;
		*n = i;
	}
	return (s);
}

/* strings.TrimSpace into a new string. */
char *
gostr_trim(const char *s)
{
	size_t		 n = strlen(s);
	const char	*p;

	p = gostr_trim_space(s, &n);
	return (xstrndup(p, n));
}

/*
 * strings.Fields, one at a time: the field starting at or after *s is
 * returned with its length in *n, and *s moves past it. NULL when no
 * fields remain.
 */
const char *
gostr_next_field(const char **s, size_t *n)
{
	const char	*p = *s, *start;
	size_t		 len = strlen(p), w;
	uint32_t	 c;

	while (len > 0) {
		c = unicode_decode(p, len, &w);
		if (!unicode_is_space(c))
			break;
		p += w;
		len -= w;
	}
	if (len == 0) {
		*s = p;
		return (NULL);
	}
	start = p;
	while (len > 0) {
		c = unicode_decode(p, len, &w);
		if (unicode_is_space(c))
			break;
		p += w;
		len -= w;
	}
	*n = p - start;
	*s = p;
	return (start);
}

/* Length of a decimal number without a leading zero at s ("0" alone is
 * fine), or 0: the number syntax of both semantic and Go versions. */
size_t
gostr_decimal_len(const char *s)
{
	size_t	i = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == 0 || (s[0] == '0' && i != 1))
		return (0);
	return (i);
}
