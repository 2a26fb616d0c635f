/* UTF-8 decoding as Go's unicode/utf8 does it, and lookups in the
 * generated property tables. */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "gomod/unicode.h"

/* Decode one rune: invalid or truncated sequences, overlong forms,
 * surrogates and values past U+10FFFF give U+FFFD with width 1. */
uint32_t
unicode_decode(const char *sp, size_t n, size_t *width)
{
	const unsigned char	*s = (const unsigned char *)sp;
	uint32_t		 r, min;
	size_t			 need, i;

	*width = 1;
	if (s[0] < 0x80)
		return (s[0]);
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		need = 2;
		r = s[0] & 0x1F;
		min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		need = 3;
		r = s[0] & 0x0F;
		min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		need = 4;
		r = s[0] & 0x07;
		min = 0x10000;
	} else
		return (UNICODE_RUNE_ERROR);
	if (n < need)
		return (UNICODE_RUNE_ERROR);
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return (UNICODE_RUNE_ERROR);
		r = (r << 6) | (s[i] & 0x3F);
	}
	if (r < min || r > UNICODE_MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF))
		return (UNICODE_RUNE_ERROR);
	*width = need;
	return (r);
}

/* Encode a rune as UTF-8; invalid runes are written as U+FFFD. */
size_t
unicode_encode(uint32_t r, char *out)
{
	unsigned char	*o = (unsigned char *)out;

	if (r > UNICODE_MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF))
		r = UNICODE_RUNE_ERROR;
	if (r < 0x80) {
		o[0] = r;
		return (1);
	}
	if (r < 0x800) {
		o[0] = 0xC0 | (r >> 6);
		o[1] = 0x80 | (r & 0x3F);
		return (2);
	}
	if (r < 0x10000) {
		o[0] = 0xE0 | (r >> 12);
		o[1] = 0x80 | ((r >> 6) & 0x3F);
		o[2] = 0x80 | (r & 0x3F);
		return (3);
	}
	o[0] = 0xF0 | (r >> 18);
	o[1] = 0x80 | ((r >> 12) & 0x3F);
	o[2] = 0x80 | ((r >> 6) & 0x3F);
	o[3] = 0x80 | (r & 0x3F);
	return (4);
}

/* Is every byte part of a valid UTF-8 sequence? */
int
unicode_valid(const char *s, size_t n)
{
	size_t		i, w;
	uint32_t	r;

	for (i = 0; i < n; i += w) {
		r = unicode_decode(s + i, n - i, &w);
		if (r == UNICODE_RUNE_ERROR && w == 1)
			return (0);
	}
	return (1);
}

/* Binary search a sorted range table. */
static int
unicode_in(const struct unicode_range *t, size_t n, uint32_t r)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r < t[mid].lo)
			hi = mid;
		else if (r > t[mid].hi)
			lo = mid + 1;
		else
			return (1);
	}
	return (0);
}

/* unicode.IsPrint: letters, marks, numbers, punctuation, symbols, ' '. */
int
unicode_is_print(uint32_t r)
{
	if (r < 0x80)
		return (r >= 0x20 && r < 0x7F);
	return (unicode_in(unicode_print_ranges, unicode_print_ranges_len, r));
}

/* unicode.IsLetter. */
int
unicode_is_letter(uint32_t r)
{
	if (r < 0x80)
		return ((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'));
	return (unicode_in(unicode_letter_ranges, unicode_letter_ranges_len,
	    r));
}

/* unicode.IsSpace. */
int
unicode_is_space(uint32_t r)
{
	if (r < 0x80)
		return (r == ' ' || (r >= '\t' && r <= '\r'));
	return (unicode_in(unicode_space_ranges, unicode_space_ranges_len, r));
}

/* unicode.IsUpper. */
int
unicode_is_upper(uint32_t r)
{
	if (r < 0x80)
		return (r >= 'A' && r <= 'Z');
	return (unicode_in(unicode_upper_ranges, unicode_upper_ranges_len, r));
}

/* unicode.IsDigit. */
int
unicode_is_digit(uint32_t r)
{
	if (r < 0x80)
		return (r >= '0' && r <= '9');
	return (unicode_in(unicode_digit_ranges, unicode_digit_ranges_len, r));
}

/* The smallest rune of r's simple case-folding orbit, with A-Z mapped to
 * a-z, as x/mod/zip's strToFold computes it. */
uint32_t
unicode_fold(uint32_t r)
{
	size_t	lo = 0, hi = unicode_fold_table_len, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r < unicode_fold_table[mid].r)
			hi = mid;
		else if (r > unicode_fold_table[mid].r)
			lo = mid + 1;
		else
			return (unicode_fold_table[mid].fold);
	}
	return (r);
}
