/*
 * The Go language's tokens (The Go Programming Language Specification,
 * "Lexical elements"), as go/scanner produces them for a parser: a
 * newline (or a comment holding one) after an identifier, a literal, one
 * of break continue fallthrough return, or one of ++ -- ) ] } ends the
 * statement with an inserted ";".
 *
 * Errors do not stop the scanner: the first is kept (with its place) and
 * the bad bytes come back as GO_ILLEGAL, so a reader can always finish.
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "util/util.h"
#include "gomod/unicode.h"
#include "gosrc/gosrc.h"

static const char *const go_keywords[] = {
	"break", "case", "chan", "const", "continue", "default", "defer",
	"else", "fallthrough", "for", "func", "go", "goto", "if", "import",
	"interface", "map", "package", "range", "return", "select", "struct",
	"switch", "type", "var"
};


void
go_scan_init(struct go_scanner *s, const char *src, size_t len)
{
	memset(s, 0, sizeof *s);
	s->src = src;
	s->len = len;
	s->line = 1;
	/* A byte order mark may begin a file, and only there. */
	if (len >= 3 && memcmp(src, "\xef\xbb\xbf", 3) == 0)
		s->off = s->line_start = 3;
}

static void
scan_error(struct go_scanner *s, size_t at, const char *msg)
{
	if (s->error != NULL)
		return;
	s->error = msg;
	s->err_line = s->line;
	s->err_col = (int)(at - s->line_start) + 1;
}

static uint32_t
peek_rune(const struct go_scanner *s, size_t at, size_t *w)
{
	if (at >= s->len) {
		*w = 0;
		return (0);
	}
	if ((unsigned char)s->src[at] < 0x80) {
		*w = 1;
		return ((unsigned char)s->src[at]);
	}
	return (unicode_decode(s->src + at, s->len - at, w));
}

static int
is_letter(uint32_t r)
{
	if (r < 0x80)
		return (r == '_' || (r >= 'a' && r <= 'z') ||
		    (r >= 'A' && r <= 'Z'));
	return (unicode_is_letter(r));
}

/* An ASCII byte that may continue an identifier. */
static int
is_ascii_word(char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_');
}

/* Whether the identifier p (len bytes) is a keyword: only the keywords
 * with its first letter are compared. */
static int
is_keyword(const char *p, size_t len)
{
	size_t	i;

	if (len < 2 || len > 11 || p[0] < 'b' || p[0] > 'v')
		return (0);
	for (i = 0; i < nitems(go_keywords); i++)
		if (go_keywords[i][0] == p[0] &&
		    strncmp(go_keywords[i], p, len) == 0 &&
		    go_keywords[i][len] == '\0')
			return (1);
	return (0);
}

/* The length of the operator or delimiter at p (n bytes left, n > 0), 0
 * for none; the longest one wins ("Operators and punctuation"):
 *	+ - * / % & | ^ << >> &^ += -= *= /= %= &= |= ^= <<= >>= &^= && || <-
 *	++ -- == < > = ! ~ != <= >= := ... ( ) [ ] { } , ; . :
 */
static size_t
op_len(const char *p, size_t n)
{
	char	c1 = n > 1 ? p[1] : '\0', c2 = n > 2 ? p[2] : '\0';

	switch (p[0]) {
	case '(': case ')': case '[': case ']': case '{': case '}':
	case ',': case ';': case '~':
		return (1);
	case '.':
		return (c1 == '.' && c2 == '.' ? 3 : 1);
	case ':': case '*': case '/': case '%': case '^': case '=': case '!':
		return (c1 == '=' ? 2 : 1);
	case '+': case '-':
		return (c1 == p[0] || c1 == '=' ? 2 : 1);
	case '|':
		return (c1 == '|' || c1 == '=' ? 2 : 1);
	case '&':
		if (c1 == '^')
			return (c2 == '=' ? 3 : 2);
		return (c1 == '&' || c1 == '=' ? 2 : 1);
	case '<':
		if (c1 == '<')
			return (c2 == '=' ? 3 : 2);
		return (c1 == '=' || c1 == '-' ? 2 : 1);
	case '>':
		if (c1 == '>')
			return (c2 == '=' ? 3 : 2);
		return (c1 == '=' ? 2 : 1);
	}
	return (0);
}

static void
newline(struct go_scanner *s, size_t at)
{
	s->line++;
	s->line_start = at + 1;
}

/* Skip a quoted literal's body up to its closing quote q. */
static void
scan_quoted(struct go_scanner *s, char q)
{
	size_t	start = s->off;

	s->off++;	/* the opening quote */
	while (s->off < s->len) {
		char	c = s->src[s->off];

		if (c == q) {
			s->off++;
			return;
		}
		if (c == '\n' && q != '`') {
			scan_error(s, start, q == '"' ? "string literal not "
			    "terminated" : "rune literal not terminated");
			return;
		}
		if (c == '\n')
			newline(s, s->off);
		if (c == '\\' && q != '`' && s->off + 1 < s->len &&
		    s->src[s->off + 1] != '\n')
			s->off++;
		s->off++;
	}
	scan_error(s, start, q == '`' ? "raw string literal not terminated" :
	    q == '"' ? "string literal not terminated" :
	    "rune literal not terminated");
}

/* A number: digits, letters (base prefixes, exponents, the i suffix),
 * underscores, points, and a sign right after an exponent letter. */
static enum go_tok
scan_number(struct go_scanner *s)
{
	enum go_tok	kind = GO_INT;
	int		hex = 0;
	char		c, prev = 0;

	if (s->src[s->off] == '0' && s->off + 1 < s->len &&
	    (s->src[s->off + 1] == 'x' || s->src[s->off + 1] == 'X'))
		hex = 1;
	while (s->off < s->len) {
		c = s->src[s->off];
		if ((c == '+' || c == '-') && (hex ? (prev == 'p' ||
		    prev == 'P') : (prev == 'e' || prev == 'E')))
			kind = GO_FLOAT;
		else if (c == '.') {
			/* "1..2" does not occur; "x.(T)" is not a number. */
			kind = GO_FLOAT;
		} else if (!(c >= '0' && c <= '9') && !(c >= 'a' &&
		    c <= 'z') && !(c >= 'A' && c <= 'Z') && c != '_')
			break;
		if (!hex && (c == 'e' || c == 'E'))
			kind = GO_FLOAT;
		if (hex && (c == 'p' || c == 'P'))
			kind = GO_FLOAT;
		prev = c;
		s->off++;
	}
	if (prev == 'i')
		kind = GO_IMAG;
	return (kind);
}

/* The ";" a newline ends a statement with (at t's place). */
static void
inserted_semi(struct go_scanner *s, struct go_token *t)
{
	t->kind = GO_SEMI;
	t->p = "\n";
	t->len = 1;
	s->semi = 0;
}

void
go_scan(struct go_scanner *s, struct go_token *t)
{
	uint32_t	r;
	size_t		w, n, start;
	int		semi;

	/* Blanks; a newline ends a statement that may end here. */
	while (s->off < s->len) {
		char	c = s->src[s->off];

		if (c == '\n') {
			if (s->semi) {
				t->line = s->line;
				t->col = (int)(s->off - s->line_start) + 1;
				inserted_semi(s, t);
				return;
			}
			newline(s, s->off);
		} else if (c != ' ' && c != '\t' && c != '\r')
			break;
		s->off++;
	}
	t->line = s->line;
	t->col = (int)(s->off - s->line_start) + 1;
	t->p = s->src + s->off;
	start = s->off;
	if (s->off >= s->len) {
		if (s->semi) {
			inserted_semi(s, t);
			return;
		}
		t->kind = GO_EOF;
		t->len = 0;
		return;
	}
	semi = 0;
	r = peek_rune(s, s->off, &w);
	if (is_letter(r)) {
		while (s->off < s->len) {
			if (is_ascii_word(s->src[s->off])) {
				s->off++;
				continue;
			}
			r = peek_rune(s, s->off, &w);
			if (!is_letter(r) && !unicode_is_digit(r))
				break;
			s->off += w;
		}
		t->len = s->off - start;
		t->kind = is_keyword(t->p, t->len) ? GO_KEYWORD : GO_IDENT;
		semi = t->kind == GO_IDENT || go_tok_is(t, "break") ||
		    go_tok_is(t, "continue") || go_tok_is(t, "fallthrough") ||
		    go_tok_is(t, "return");
	} else if ((r >= '0' && r <= '9') || (r == '.' && s->off + 1 < s->len &&
	    s->src[s->off + 1] >= '0' && s->src[s->off + 1] <= '9')) {
		t->kind = scan_number(s);
		t->len = s->off - start;
		semi = 1;
	} else if (r == '"' || r == '\'' || r == '`') {
		scan_quoted(s, (char)r);
		t->kind = r == '\'' ? GO_CHAR : GO_STRING;
		t->len = s->off - start;
		semi = 1;
	} else if (r == '/' && s->off + 1 < s->len && (s->src[s->off + 1] ==
	    '/' || s->src[s->off + 1] == '*')) {
		if (s->src[s->off + 1] == '/') {
			while (s->off < s->len && s->src[s->off] != '\n')
				s->off++;
			/* The newline stays: it may insert the ";". */
		} else {
			int	had_newline = 0;

			for (s->off += 2;; s->off++) {
				if (s->off + 1 >= s->len) {
					scan_error(s, start, "comment not "
					    "terminated");
					s->off = s->len;
					break;
				}
				if (s->src[s->off] == '*' &&
				    s->src[s->off + 1] == '/') {
					s->off += 2;
					break;
				}
				if (s->src[s->off] == '\n') {
					newline(s, s->off);
					had_newline = 1;
				}
			}
			/* A comment holding a newline acts as one. */
			if (had_newline && s->semi) {
				inserted_semi(s, t);
				return;
			}
		}
		t->kind = GO_COMMENT;
		t->len = s->off - start;
		/* Comments are not statements: keep the pending ";". */
		return;
	} else {
		t->kind = GO_ILLEGAL;
		t->len = w > 0 ? w : 1;
		if ((n = op_len(s->src + s->off, s->len - s->off)) > 0) {
			t->kind = GO_OP;
			t->len = n;
		}
		if (t->kind == GO_ILLEGAL)
			scan_error(s, s->off, "invalid character");
		s->off += t->len;
		if (t->kind == GO_OP && t->len == 1 && *t->p == ';')
			t->kind = GO_SEMI;
		semi = go_tok_is(t, ")") || go_tok_is(t, "]") ||
		    go_tok_is(t, "}") || go_tok_is(t, "++") ||
		    go_tok_is(t, "--");
	}
	s->semi = semi;
}
