/*
 * The go.mod syntax tree (modfile/read.go's FileSyntax, Line, LineBlock)
 * and the primitives edits are built from: add a line where it belongs,
 * replace a line's tokens, mark a line removed, and clean up afterwards.
 * All memory comes from the file's arena.
 */

#include "config.h"

#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

/* Tokens of a line that is present but empty (never NULL like removed). */
static const char	*modsyntax_no_tokens[1];

/* A new node of the given kind; blocks get their parentheses. */
struct modfile_expr *
modsyntax_new(struct modfile *f, enum modfile_expr_kind kind)
{
	struct modfile_expr	*x;

	x = arena_alloc(&f->arena, sizeof *x);
	x->kind = kind;
	if (kind == MODFILE_BLOCK) {
		x->lparen = arena_alloc(&f->arena, sizeof *x->lparen);
		x->lparen->kind = MODFILE_LPAREN;
		x->rparen = arena_alloc(&f->arena, sizeof *x->rparen);
		x->rparen->kind = MODFILE_RPAREN;
	}
	return (x);
}

/* The length of token i (its bytes up to a NUL, unless lengths kept). */
size_t
modsyntax_toklen(const struct modfile_expr *x, size_t i)
{
	if (x->toklen != NULL)
		return (x->toklen[i]);
	return (strlen(x->tok[i]));
}

/* The length of a comment's token. */
size_t
modsyntax_comment_len(const struct modfile_comment *c)
{
	return (c->len != 0 ? c->len : strlen(c->token));
}

/* After tok[i] was replaced by a C string, its kept length is stale. */
void
modsyntax_token_changed(struct modfile_expr *x, size_t i)
{
	if (x->toklen != NULL)
		x->toklen[i] = strlen(x->tok[i]);
}

/* Copy n token lengths (NULL when none are kept). */
static size_t *
modsyntax_copy_lengths(struct modfile *f, const size_t *len, size_t n)
{
	size_t	*v;

	if (len == NULL || n == 0)
		return (NULL);
	v = arena_alloc(&f->arena, n * sizeof *v);
	memcpy(v, len, n * sizeof *v);
	return (v);
}

/* Set a node's tokens to a copy of tok[0..n) (with their lengths, when
 * len is not NULL). */
static void
modsyntax_set_tokens(struct modfile *f, struct modfile_expr *x,
    const char **tok, const size_t *len, size_t n)
{
	x->toklen = modsyntax_copy_lengths(f, len, n);
	if (n == 0) {
		x->tok = modsyntax_no_tokens;
		x->ntok = 0;
		return;
	}
	x->tok = arena_alloc(&f->arena, n * sizeof *x->tok);
	memcpy(x->tok, tok, n * sizeof *x->tok);
	x->ntok = n;
}

/* Append a comment to a comment list. */
void
modsyntax_push_comment(struct modfile *f, struct modfile_comment_vec *cv,
    const struct modfile_comment *c)
{
	ARENA_PUSH(&f->arena, cv, *c);
}

/* Insert a statement at index i of the file. */
void
modsyntax_insert_stmt(struct modfile *f, size_t i, struct modfile_expr *x)
{
	struct modfile_syntax	*s = f->syntax;

	ARENA_PUSH(&f->arena, &s->stmt, NULL);
	memmove(s->stmt.v + i + 1, s->stmt.v + i,
	    (s->stmt.n - 1 - i) * sizeof *s->stmt.v);
	s->stmt.v[i] = x;
}

/* Insert a new top-level line with tok after statement i. */
static struct modfile_expr *
modsyntax_new_line_after(struct modfile *f, size_t i, const char **tok,
    size_t n)
{
	struct modfile_expr	*x;

	x = modsyntax_new(f, MODFILE_LINE);
	modsyntax_set_tokens(f, x, tok, NULL, n);
	if (i == f->syntax->stmt.n)
		ARENA_PUSH(&f->arena, &f->syntax->stmt, x);
	else
		modsyntax_insert_stmt(f, i + 1, x);
	return (x);
}

/* Find the last statement whose verb is tok0, for a hint. */
static struct modfile_expr *
modsyntax_find_last(struct modfile *f, const char *tok0)
{
	struct modfile_expr	*x;
	size_t			 i;

	for (i = f->syntax->stmt.n; i > 0; i--) {
		x = f->syntax->stmt.v[i - 1];
		if (x->kind == MODFILE_LINE && x->tok != NULL &&
		    x->ntok > 0 && strcmp(x->tok[0], tok0) == 0)
			return (x);
		if (x->kind == MODFILE_BLOCK && strcmp(x->tok[0], tok0) == 0)
			return (x);
	}
	return (NULL);
}

/* Add a line inside block after index j (or at the end when j is the
 * number of lines). */
static struct modfile_expr *
modsyntax_block_add(struct modfile *f, struct modfile_expr *block, size_t j,
    const char **tok, size_t n)
{
	struct modfile_expr	*x;

	x = modsyntax_new(f, MODFILE_LINE);
	modsyntax_set_tokens(f, x, tok + 1, NULL, n - 1);
	x->in_block = 1;
	ARENA_PUSH(&f->arena, &block->lines, x);
	if (j < block->lines.n - 1) {
		memmove(block->lines.v + j + 1, block->lines.v + j,
		    (block->lines.n - 1 - j) * sizeof *block->lines.v);
		block->lines.v[j] = x;
	}
	return (x);
}

/*
 * addLine: add a line of tokens to the file. With a hint whose verb
 * matches, the line joins the hint's block (turning a lone line into a
 * block); with a hint of another verb it goes right after the hint; with
 * no hint it joins the last statement of the same verb, or ends the file.
 */
struct modfile_expr *
modsyntax_add_line(struct modfile *f, struct modfile_expr *hint,
    const char **tok, size_t n)
{
	struct modfile_expr	*stmt, *block;
	size_t			 i, j;

	if (hint == NULL)
		hint = modsyntax_find_last(f, tok[0]);
	for (i = 0; hint != NULL && i < f->syntax->stmt.n; i++) {
		stmt = f->syntax->stmt.v[i];
		if (stmt->kind == MODFILE_LINE && stmt == hint) {
			if (stmt->tok == NULL || stmt->ntok == 0 ||
			    strcmp(stmt->tok[0], tok[0]) != 0)
				return (modsyntax_new_line_after(f, i, tok, n));
			/* Convert the line into a block. */
			block = modsyntax_new(f, MODFILE_BLOCK);
			modsyntax_set_tokens(f, block, stmt->tok, stmt->toklen,
			    1);
			stmt->in_block = 1;
			stmt->tok++;
			stmt->ntok--;
			if (stmt->toklen != NULL)
				stmt->toklen++;
			ARENA_PUSH(&f->arena, &block->lines, stmt);
			f->syntax->stmt.v[i] = block;
			return (modsyntax_block_add(f, block, 1, tok, n));
		}
		if (stmt->kind != MODFILE_BLOCK)
			continue;
		if (stmt == hint) {
			if (strcmp(stmt->tok[0], tok[0]) != 0)
				return (modsyntax_new_line_after(f, i, tok, n));
			return (modsyntax_block_add(f, stmt, stmt->lines.n, tok,
			    n));
		}
		for (j = 0; j < stmt->lines.n; j++) {
			if (stmt->lines.v[j] != hint)
				continue;
			if (strcmp(stmt->tok[0], tok[0]) != 0)
				return (modsyntax_new_line_after(f, i, tok, n));
			return (modsyntax_block_add(f, stmt, j + 1, tok, n));
		}
	}
	return (modsyntax_new_line_after(f, f->syntax->stmt.n, tok, n));
}

/* updateLine: replace a line's tokens (dropping the verb inside a block). */
void
modsyntax_update_line(struct modfile *f, struct modfile_expr *line,
    const char **tok, size_t n)
{
	if (line->in_block) {
		tok++;
		n--;
	}
	modsyntax_set_tokens(f, line, tok, NULL, n);
}

/* markRemoved: the line and its end-of-line comments go at cleanup. */
void
modsyntax_mark_removed(struct modfile_expr *line)
{
	line->tok = NULL;
	line->ntok = 0;
	line->com.suffix.n = 0;
}

/* Concatenate two comment lists into a new one. */
static struct modfile_comment_vec
modsyntax_comments_add(struct modfile *f, const struct modfile_comment_vec *x,
    const struct modfile_comment_vec *y)
{
	struct modfile_comment_vec	r = { NULL, 0, 0 };
	size_t				i;

	for (i = 0; i < x->n; i++)
		ARENA_PUSH(&f->arena, &r, x->v[i]);
	for (i = 0; i < y->n; i++)
		ARENA_PUSH(&f->arena, &r, y->v[i]);
	return (r);
}

/* Collapse a block holding one line into that line, which keeps its
 * identity (the File's directives point at it). */
static struct modfile_expr *
modsyntax_collapse(struct modfile *f, struct modfile_expr *block)
{
	struct modfile_expr	*line = block->lines.v[0];
	struct modfile_comments	 com;
	const char		**tok;
	size_t			 n, i, *len;

	com.before = modsyntax_comments_add(f, &block->com.before,
	    &line->com.before);
	com.suffix = modsyntax_comments_add(f, &line->com.suffix,
	    &block->com.suffix);
	com.after = modsyntax_comments_add(f, &line->com.after,
	    &block->com.after);
	n = block->ntok + line->ntok;
	tok = arena_alloc(&f->arena, n * sizeof *tok);
	memcpy(tok, block->tok, block->ntok * sizeof *tok);
	memcpy(tok + block->ntok, line->tok, line->ntok * sizeof *tok);
	len = NULL;
	if (block->toklen != NULL || line->toklen != NULL) {
		len = arena_alloc(&f->arena, n * sizeof *len);
		for (i = 0; i < block->ntok; i++)
			len[i] = modsyntax_toklen(block, i);
		for (i = 0; i < line->ntok; i++)
			len[block->ntok + i] = modsyntax_toklen(line, i);
	}
	memset(line, 0, sizeof *line);
	line->kind = MODFILE_LINE;
	line->com = com;
	line->tok = tok;
	line->toklen = len;
	line->ntok = n;
	return (line);
}

/* FileSyntax.Cleanup: drop removed lines and empty blocks, and turn blocks
 * of one line (without comments before their ")") into lines. */
void
modsyntax_cleanup(struct modfile *f)
{
	struct modfile_syntax	*s = f->syntax;
	struct modfile_expr	*stmt;
	size_t			 i, j, w, ww;

	for (i = 0, w = 0; i < s->stmt.n; i++) {
		stmt = s->stmt.v[i];
		if (stmt->kind == MODFILE_LINE && stmt->tok == NULL)
			continue;
		if (stmt->kind == MODFILE_BLOCK) {
			for (j = 0, ww = 0; j < stmt->lines.n; j++) {
				if (stmt->lines.v[j]->tok != NULL)
					stmt->lines.v[ww++] = stmt->lines.v[j];
			}
			if (ww == 0)
				continue;
			stmt->lines.n = ww;
			if (ww == 1 && stmt->rparen->com.before.n == 0)
				stmt = modsyntax_collapse(f, stmt);
		}
		s->stmt.v[w++] = stmt;
	}
	s->stmt.n = w;
}
