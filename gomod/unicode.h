/*
 * unicode.c: the few Unicode properties Go's module code depends on, from
 * tables generated with the go command's own unicode package
 * (tools/gen-unicode-tables.go), plus UTF-8 decoding exactly as Go's
 * utf8.DecodeRune does it (an invalid byte decodes as U+FFFD, width 1).
 * Private to gomod/ and gosrc/.
 */
#ifndef GOMOD_UNICODE_H
#define GOMOD_UNICODE_H

#include <stddef.h>
#include <stdint.h>

#define UNICODE_RUNE_ERROR	0xFFFD
#define UNICODE_MAX_RUNE	0x10FFFF

struct unicode_range {
	uint32_t	lo;
	uint32_t	hi;
};
struct unicode_fold {
	uint32_t	r;
	uint32_t	fold;
};

extern const struct unicode_range	unicode_print_ranges[];
extern const size_t			unicode_print_ranges_len;
extern const struct unicode_range	unicode_letter_ranges[];
extern const size_t			unicode_letter_ranges_len;
extern const struct unicode_range	unicode_space_ranges[];
extern const size_t			unicode_space_ranges_len;
extern const struct unicode_range	unicode_upper_ranges[];
extern const size_t			unicode_upper_ranges_len;
extern const struct unicode_range	unicode_digit_ranges[];
extern const size_t			unicode_digit_ranges_len;
extern const struct unicode_fold	unicode_fold_table[];
extern const size_t			unicode_fold_table_len;

/* Decode one rune from s (n > 0 bytes); stores its width in *width. */
uint32_t	unicode_decode(const char *s, size_t n, size_t *width);
/* Encode r as UTF-8 into out (4 bytes room); returns the byte count. */
size_t		unicode_encode(uint32_t r, char *out);
/* Is s[0..n) valid UTF-8 (utf8.ValidString)? */
int		unicode_valid(const char *s, size_t n);
int		unicode_is_print(uint32_t);
int		unicode_is_letter(uint32_t);
int		unicode_is_space(uint32_t);
int		unicode_is_upper(uint32_t);
int		unicode_is_digit(uint32_t);
/* The fold-equivalence representative used by x/mod/zip's strToFold. */
uint32_t	unicode_fold(uint32_t);

#endif
