/*
 * The go.mod lexer and parser (modfile/read.go). Tokens are identifiers,
 * quoted strings, punctuation, newlines and // comments; statements are
 * lines of tokens or factored blocks "verb ( lines )". A syntax error
 * stops the parse at once, as in Go, with the position of the error.
 * Comments are attached afterwards to the syntax they belong to, so the
 * printer can put every one of them back.
 */

#include "config.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"

enum modread_kind {
	TOK_EOF = -1,
	TOK_EOLCOMMENT = -2,
	TOK_IDENT = -3,
	TOK_STRING = -4,
	TOK_COMMENT = -5
	/* newlines and punctuation are their ASCII codes */
};

struct modread_token {
	int			 kind;
	struct modfile_pos	 pos;
	struct modfile_pos	 end;
	const char		*text;
	size_t			 len;
};

struct modread {
	struct modfile		*f;
	struct modfile_errors	*errs;
	const char		*filename;
	const char		*data;
	size_t			 len;
	size_t			 off;		/* start of remaining input */
	size_t			 tokstart;
	struct modread_token	 tok;
	struct modfile_pos	 pos;
	struct modfile_comment_vec comments;	/* suffix comments */
	jmp_buf			 fail;
};

static void	modread_error(struct modread *, const char *, ...)
		    __attribute__((noreturn, format(printf, 2, 3)));
static uint32_t	modread_peek_rune(struct modread *);
static int	modread_peek_prefix(struct modread *, const char *);
static uint32_t	modread_read_rune(struct modread *);
static int	modread_is_ident(uint32_t);
static void	modread_read_token(struct modread *);
static struct modread_token modread_lex(struct modread *);
static void	modread_parse_file(struct modread *);
static void	modread_parse_stmt(struct modread *);
struct modread_toks;
static struct modfile_expr *modread_parse_block(struct modread *,
		    struct modfile_pos, struct modread_toks *,
		    struct modread_token *);
static struct modfile_expr *modread_parse_line(struct modread *);
static void	modread_assign_comments(struct modread *);

/* Is the token kind a line terminator? */
static int
modread_is_eol(int kind)
{
	return (kind == TOK_EOF || kind == TOK_EOLCOMMENT || kind == '\n');
}

/* Record a syntax error at the current position and abandon the parse. */
static void
modread_error(struct modread *r, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	modfile_errors_add(r->errs, r->pos.line, r->pos.line_rune, "%s", msg);
	free(msg);
	longjmp(r->fail, 1);
}

/* The next rune, without consuming it (0 at end of input). */
static uint32_t
modread_peek_rune(struct modread *r)
{
	size_t	w;

	if (r->off >= r->len)
		return (0);
	return (unicode_decode(r->data + r->off, r->len - r->off, &w));
}

/* Does the remaining input start with prefix? */
static int
modread_peek_prefix(struct modread *r, const char *prefix)
{
	size_t	n = strlen(prefix);

	return (r->len - r->off >= n &&
	    memcmp(r->data + r->off, prefix, n) == 0);
}

/* Consume one rune, keeping the position up to date. */
static uint32_t
modread_read_rune(struct modread *r)
{
	uint32_t	c;
	size_t		w;

	if (r->off >= r->len)
		modread_error(r, "internal lexer error: readRune at EOF");
	c = unicode_decode(r->data + r->off, r->len - r->off, &w);
	r->off += w;
	if (c == '\n') {
		r->pos.line++;
		r->pos.line_rune = 1;
	} else
		r->pos.line_rune++;
	r->pos.byte += w;
	return (c);
}

/* Most printable runes make up identifiers. */
static int
modread_is_ident(uint32_t c)
{
	switch (c) {
	case ' ': case '(': case ')': case '[': case ']':
	case '{': case '}': case ',':
		return (0);
	}
	return (!unicode_is_space(c) && unicode_is_print(c));
}

/* Begin a token at the current position. */
static void
modread_start_token(struct modread *r)
{
	r->tokstart = r->off;
	r->tok.text = "";
	r->tok.pos = r->pos;
}

/* End a token; comments lose one trailing newline (LF or CRLF). */
static void
modread_end_token(struct modread *r, int kind)
{
	size_t	n = r->off - r->tokstart;

	r->tok.kind = kind;
	if (kind == TOK_COMMENT || kind == TOK_EOLCOMMENT) {
		if (n >= 2 && r->data[r->tokstart + n - 2] == '\r' &&
		    r->data[r->tokstart + n - 1] == '\n')
			n -= 2;
		else if (n >= 1 && r->data[r->tokstart + n - 1] == '\n')
			n--;
	}
	r->tok.text = arena_strndup(&r->f->arena, r->data + r->tokstart, n);
	r->tok.len = n;
	r->tok.end = r->pos;
}

/* A token's length to keep: its byte count if it holds a NUL, else 0. */
static size_t
modread_nul_len(const struct modread_token *t)
{
	return (memchr(t->text, '\0', t->len) != NULL ? t->len : 0);
}

/* Is there anything but white space on this line before offset off? */
static int
modread_text_before(struct modread *r, size_t off)
{
	size_t		start = off, i, w;
	uint32_t	c;

	while (start > 0 && r->data[start - 1] != '\n')
		start--;
	for (i = start; i < off; i += w) {
		c = unicode_decode(r->data + i, off - i, &w);
		if (!unicode_is_space(c))
			return (1);
	}
	return (0);
}

/* Lex a // comment: a whole-line comment goes to the parser, a suffix
 * comment is kept for later attachment. */
static void
modread_read_comment(struct modread *r)
{
	struct modfile_comment	c;
	int			suffix;

	modread_start_token(r);
	suffix = modread_text_before(r, r->off);
	modread_read_rune(r);
	modread_read_rune(r);
	while (r->off < r->len && modread_read_rune(r) != '\n')
		;
	if (!suffix) {
		modread_end_token(r, TOK_COMMENT);
		return;
	}
	modread_end_token(r, TOK_EOLCOMMENT);
	memset(&c, 0, sizeof c);
	c.start = r->tok.pos;
	c.token = r->tok.text;
	c.len = modread_nul_len(&r->tok);
	c.suffix = 1;
	ARENA_PUSH(&r->f->arena, &r->comments, c);
}

/* Lex a quoted string. */
static void
modread_read_string(struct modread *r)
{
	uint32_t	quote, c;

	quote = modread_read_rune(r);
	for (;;) {
		if (r->off >= r->len) {
			r->pos = r->tok.pos;
			modread_error(r, "unexpected EOF in string");
		}
		if (modread_peek_rune(r) == '\n')
			modread_error(r, "unexpected newline in string");
		c = modread_read_rune(r);
		if (c == quote)
			break;
		if (c == '\\' && quote != '`') {
			if (r->off >= r->len) {
				r->pos = r->tok.pos;
				modread_error(r, "unexpected EOF in string");
			}
			modread_read_rune(r);
		}
	}
	modread_end_token(r, TOK_STRING);
}

/* readToken: lex the next token into r->tok. */
static void
modread_read_token(struct modread *r)
{
	uint32_t	 c;
	char		*q, *msg;

	while (r->off < r->len) {
		c = modread_peek_rune(r);
		if (c == ' ' || c == '\t' || c == '\r') {
			modread_read_rune(r);
			continue;
		}
		if (modread_peek_prefix(r, "//")) {
			modread_read_comment(r);
			return;
		}
		if (modread_peek_prefix(r, "/*"))
			modread_error(r, "mod files must use // comments (not "
			    "/* */ comments)");
		break;
	}
	modread_start_token(r);
	if (r->off >= r->len) {
		modread_end_token(r, TOK_EOF);
		return;
	}
	c = modread_peek_rune(r);
	switch (c) {
	case '\n': case '(': case ')': case '[': case ']':
	case '{': case '}': case ',':
		modread_read_rune(r);
		modread_end_token(r, c);
		return;
	case '"':
	case '`':
		modread_read_string(r);
		return;
	}
	if (!modread_is_ident(c)) {
		q = strquote_quote_rune(c);
		msg = arena_strdup(&r->f->arena, q);
		free(q);
		modread_error(r, "unexpected input character %s", msg);
	}
	while (modread_is_ident(modread_peek_rune(r))) {
		if (modread_peek_prefix(r, "//"))
			break;
		if (modread_peek_prefix(r, "/*"))
			modread_error(r, "mod files must use // comments (not "
			    "/* */ comments)");
		modread_read_rune(r);
	}
	modread_end_token(r, TOK_IDENT);
}

/* lex: return the current token and read the next. */
static struct modread_token
modread_lex(struct modread *r)
{
	struct modread_token	t = r->tok;

	modread_read_token(r);
	return (t);
}

/* Append a statement to the file. */
static void
modread_push_stmt(struct modread *r, struct modfile_expr *x)
{
	ARENA_PUSH(&r->f->arena, &r->f->syntax->stmt, x);
}

/* Copy a token vector into the arena. */
static const char **
modread_tokens(struct modread *r, const char **tok, size_t n)
{
	const char	**t;

	t = arena_alloc(&r->f->arena, (n == 0 ? 1 : n) * sizeof *t);
	memcpy(t, tok, n * sizeof *t);
	return (t);
}

/* A growing token list used while a statement is read. */
struct modread_toks {
	const char	**v;
	size_t		  n;
	size_t		  cap;
	struct {
		size_t	*v;
		size_t	 n;
		size_t	 cap;
	}		  len;
	int		  nul;	/* some token holds a NUL byte */
};

/* Add a token to a list. */
static void
modread_push_tok(struct modread *r, struct modread_toks *toks,
    const struct modread_token *t)
{
	ARENA_PUSH(&r->f->arena, toks, t->text);
	ARENA_PUSH(&r->f->arena, &toks->len, t->len);
	toks->nul |= modread_nul_len(t) != 0;
}

/* Give x the tokens of a list (and their lengths if any holds a NUL). */
static void
modread_set_tokens(struct modread *r, struct modfile_expr *x,
    struct modread_toks *toks)
{
	x->tok = modread_tokens(r, toks->v, toks->n);
	x->ntok = toks->n;
	if (toks->nul)
		x->toklen = toks->len.v;
}

/* parseFile: statements, with runs of whole-line comments becoming comment
 * blocks, or the comments of the statement that follows them. */
static void
modread_parse_file(struct modread *r)
{
	struct modfile_expr	*cb = NULL, *last;
	struct modread_token	 t;
	struct modfile_comment	 c;

	for (;;) {
		switch (r->tok.kind) {
		case '\n':
			modread_lex(r);
			if (cb != NULL) {
				modread_push_stmt(r, cb);
				cb = NULL;
			}
			break;
		case TOK_COMMENT:
			t = modread_lex(r);
			if (cb == NULL) {
				cb = modsyntax_new(r->f, MODFILE_COMMENT_BLOCK);
				cb->start = t.pos;
			}
			memset(&c, 0, sizeof c);
			c.start = t.pos;
			c.token = t.text;
			c.len = modread_nul_len(&t);
			ARENA_PUSH(&r->f->arena, &cb->com.before, c);
			break;
		case TOK_EOF:
			if (cb != NULL)
				modread_push_stmt(r, cb);
			return;
		default:
			modread_parse_stmt(r);
			if (cb != NULL) {
				last = r->f->syntax->stmt.v[
				    r->f->syntax->stmt.n - 1];
				last->com.before = cb->com.before;
				cb = NULL;
			}
			break;
		}
	}
}

/* parseStmt: a line, or the start of a block. */
static void
modread_parse_stmt(struct modread *r)
{
	struct modread_token	 t, rp;
	struct modread_toks	 toks;
	struct modfile_pos	 start, end;
	struct modfile_expr	*x;

	memset(&toks, 0, sizeof toks);
	t = modread_lex(r);
	start = t.pos;
	end = t.end;
	modread_push_tok(r, &toks, &t);
	for (;;) {
		t = modread_lex(r);
		if (modread_is_eol(t.kind)) {
			x = modsyntax_new(r->f, MODFILE_LINE);
			x->start = start;
			x->end = end;
			modread_set_tokens(r, x, &toks);
			modread_push_stmt(r, x);
			return;
		}
		if (t.kind != '(') {
			modread_push_tok(r, &toks, &t);
			end = t.end;
			continue;
		}
		if (modread_is_eol(r->tok.kind)) {
			modread_push_stmt(r, modread_parse_block(r, start,
			    &toks, &t));
			return;
		}
		if (r->tok.kind == ')') {
			rp = modread_lex(r);
			if (modread_is_eol(r->tok.kind)) {
				/* An empty block. */
				modread_lex(r);
				x = modsyntax_new(r->f, MODFILE_BLOCK);
				x->start = start;
				modread_set_tokens(r, x, &toks);
				x->lparen->start = t.pos;
				x->rparen->start = rp.pos;
				modread_push_stmt(r, x);
				return;
			}
			/* "( )" in the middle of a line. */
			modread_push_tok(r, &toks, &t);
			modread_push_tok(r, &toks, &rp);
		} else
			modread_push_tok(r, &toks, &t);
	}
}

/* parseLineBlock: the lines of a block up to its ")". */
static struct modfile_expr *
modread_parse_block(struct modread *r, struct modfile_pos start,
    struct modread_toks *toks, struct modread_token *lparen)
{
	struct modfile_expr		*x, *l;
	struct modfile_comment_vec	 comments = { NULL, 0, 0 };
	struct modfile_comment		 c;
	struct modread_token		 t;

	x = modsyntax_new(r->f, MODFILE_BLOCK);
	x->start = start;
	modread_set_tokens(r, x, toks);
	x->lparen->start = lparen->pos;
	for (;;) {
		switch (r->tok.kind) {
		case TOK_EOLCOMMENT:
			modread_lex(r);
			break;
		case '\n':
			/* A blank line: an empty comment keeps it. */
			modread_lex(r);
			if ((comments.n == 0 && x->lines.n > 0) ||
			    (comments.n > 0 &&
			    *comments.v[comments.n - 1].token != '\0')) {
				memset(&c, 0, sizeof c);
				c.token = "";
				ARENA_PUSH(&r->f->arena, &comments, c);
			}
			break;
		case TOK_COMMENT:
			t = modread_lex(r);
			memset(&c, 0, sizeof c);
			c.start = t.pos;
			c.token = t.text;
			c.len = modread_nul_len(&t);
			ARENA_PUSH(&r->f->arena, &comments, c);
			break;
		case TOK_EOF:
			modread_error(r, "syntax error (unterminated block "
			    "started at %s:%d:%d)", r->filename, x->start.line,
			    x->start.line_rune);
		case ')':
			t = modread_lex(r);
			/* A lone blank line before ")" is not kept. */
			if (comments.n == 1 && *comments.v[0].token == '\0' &&
			    comments.v[0].start.line == 0 &&
			    comments.v[0].start.byte == 0)
				comments.n = 0;
			x->rparen->com.before = comments;
			x->rparen->start = t.pos;
			if (!modread_is_eol(r->tok.kind))
				modread_error(r, "syntax error (expected newline "
				    "after closing paren)");
			modread_lex(r);
			return (x);
		default:
			l = modread_parse_line(r);
			ARENA_PUSH(&r->f->arena, &x->lines, l);
			l->com.before = comments;
			memset(&comments, 0, sizeof comments);
			break;
		}
	}
}

/* parseLine: one line inside a block. */
static struct modfile_expr *
modread_parse_line(struct modread *r)
{
	struct modread_token	 t;
	struct modread_toks	 toks;
	struct modfile_expr	*x;

	memset(&toks, 0, sizeof toks);
	t = modread_lex(r);
	if (modread_is_eol(t.kind))
		modread_error(r, "internal parse error: parseLine at end of "
		    "line");
	x = modsyntax_new(r->f, MODFILE_LINE);
	x->in_block = 1;
	x->start = t.pos;
	x->end = t.end;
	modread_push_tok(r, &toks, &t);
	for (;;) {
		t = modread_lex(r);
		if (modread_is_eol(t.kind))
			break;
		modread_push_tok(r, &toks, &t);
		x->end = t.end;
	}
	modread_set_tokens(r, x, &toks);
	return (x);
}

/* Position p advanced past a one-byte parenthesis. */
static struct modfile_pos
modread_paren_end(struct modfile_pos p)
{
	p.byte++;
	p.line_rune++;
	return (p);
}

/* The span of a node, as Span() in read.go. */
static void
modread_span(const struct modfile_expr *x, struct modfile_pos *start,
    struct modfile_pos *end)
{
	switch (x->kind) {
	case MODFILE_COMMENT_BLOCK:
		*start = *end = x->start;
		break;
	case MODFILE_LINE:
		*start = x->start;
		*end = x->end;
		break;
	case MODFILE_BLOCK:
		*start = x->start;
		*end = modread_paren_end(x->rparen->start);
		break;
	case MODFILE_LPAREN:
	case MODFILE_RPAREN:
		*start = x->start;
		*end = modread_paren_end(x->start);
		break;
	}
}

/* Reverse a comment list in place. */
static void
modread_reverse(struct modfile_comment_vec *cv)
{
	struct modfile_comment	t;
	size_t			i, j;

	for (i = 0, j = cv->n; cv->n > 1 && i + 1 < j; i++, j--) {
		t = cv->v[i];
		cv->v[i] = cv->v[j - 1];
		cv->v[j - 1] = t;
	}
}

/* Attach suffix comments to the expression ending just before them, as
 * assignComments does (whole-line comments were placed by the parser). */
static void
modread_assign_comments(struct modread *r)
{
	struct modfile_syntax	 *s = r->f->syntax;
	struct {
		struct modfile_expr	**v;
		size_t			  n;
		size_t			  cap;
	}			  post = { NULL, 0, 0 };
	struct modfile_expr	 *x;
	struct modfile_pos	  start, end;
	struct modfile_comment_vec *suffix = &r->comments;
	size_t			  i, j, k;

	/* Postorder: children, then the block itself. */
	for (i = 0; i < s->stmt.n; i++) {
		x = s->stmt.v[i];
		if (x->kind == MODFILE_BLOCK) {
			ARENA_PUSH(&r->f->arena, &post, x->lparen);
			for (j = 0; j < x->lines.n; j++)
				ARENA_PUSH(&r->f->arena, &post, x->lines.v[j]);
			ARENA_PUSH(&r->f->arena, &post, x->rparen);
		}
		ARENA_PUSH(&r->f->arena, &post, x);
	}
	for (k = post.n; k > 0; k--) {
		x = post.v[k - 1];
		modread_span(x, &start, &end);
		if (start.line != end.line)
			continue;
		while (suffix->n > 0 &&
		    end.byte <= suffix->v[suffix->n - 1].start.byte) {
			ARENA_PUSH(&r->f->arena, &x->com.suffix,
			    suffix->v[suffix->n - 1]);
			suffix->n--;
		}
	}
	for (k = 0; k < post.n; k++)
		modread_reverse(&post.v[k]->com.suffix);
	/* Whatever is left goes to the start of the file. */
	for (i = 0; i < suffix->n; i++)
		ARENA_PUSH(&r->f->arena, &s->com.before, suffix->v[i]);
}

/*
 * Parse data into f's syntax tree. Returns 0, or -1 with the (single)
 * syntax error added to errs.
 */
int
modread_parse(struct modfile *f, const char *filename, const char *data,
    size_t len, struct modfile_errors *errs)
{
	struct modread	*r;
	int		 rc = 0;

	r = xcalloc(1, sizeof *r);
	r->f = f;
	r->errs = errs;
	r->filename = filename;
	r->data = data;
	r->len = len;
	r->pos.line = 1;
	r->pos.line_rune = 1;
	f->syntax = arena_alloc(&f->arena, sizeof *f->syntax);
	f->syntax->name = arena_strdup(&f->arena, filename);
	if (setjmp(r->fail) != 0) {
		rc = -1;
		goto out;
	}
	modread_read_token(r);
	modread_parse_file(r);
	modread_assign_comments(r);
out:
	free(r);
	return (rc);
}
