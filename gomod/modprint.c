/*
 * The go.mod printer (modfile/print.go): statements separated by blank
 * lines, blocks indented with tabs, comments where they were. Its output
 * is what "go mod edit -fmt" writes and "go mod edit -print" prints.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

struct modprint {
	struct buf			 out;
	struct modfile_comment		*pending;	/* end-of-line comments */
	size_t				 npending;
	size_t				 cappending;
	int				 margin;	/* in tabs */
};

static void	modprint_expr(struct modprint *, const struct modfile_expr *);

/* Append a comment's token with surrounding white space removed. */
static void
modprint_comment(struct modprint *p, const struct modfile_comment *c)
{
	size_t		 n = modsyntax_comment_len(c);
	const char	*s;

	s = gostr_trim_space(c->token, &n);
	buf_add(&p->out, s, n);
}

/* Remove trailing spaces and tabs from the current line. */
static void
modprint_trim(struct modprint *p)
{
	size_t	n = p->out.len;

	while (n > 0 && (p->out.data[n - 1] == '\t' ||
	    p->out.data[n - 1] == ' '))
		n--;
	buf_truncate(&p->out, n);
}

/* The column of the end of the output, in bytes. */
static size_t
modprint_indent(struct modprint *p)
{
	size_t	n = 0;

	while (n < p->out.len && p->out.data[p->out.len - 1 - n] != '\n')
		n++;
	return (n);
}

/* Indent to the margin. */
static void
modprint_margin(struct modprint *p)
{
	int	i;

	for (i = 0; i < p->margin; i++)
		buf_addc(&p->out, '\t');
}

/* End the line, flushing pending end-of-line comments; never two blank
 * lines in a row, nor one at the top. */
static void
modprint_newline(struct modprint *p)
{
	size_t	i, n;

	if (p->npending > 0) {
		buf_addc(&p->out, ' ');
		for (i = 0; i < p->npending; i++) {
			if (i > 0) {
				modprint_trim(p);
				buf_addc(&p->out, '\n');
				modprint_margin(p);
			}
			modprint_comment(p, &p->pending[i]);
		}
		p->npending = 0;
	}
	modprint_trim(p);
	n = p->out.len;
	if (!(n == 0 || (n >= 2 && p->out.data[n - 1] == '\n' &&
	    p->out.data[n - 2] == '\n')))
		buf_addc(&p->out, '\n');
	modprint_margin(p);
}

/* Print tokens with single spaces, none inside brackets or before
 * commas and closing brackets. */
static void
modprint_tokens(struct modprint *p, const struct modfile_expr *x)
{
	const char	*sep = "", **tok = x->tok;
	size_t		 i, n = x->ntok;

	for (i = 0; i < n; i++) {
		if (strcmp(tok[i], ",") == 0 || strcmp(tok[i], ")") == 0 ||
		    strcmp(tok[i], "]") == 0 || strcmp(tok[i], "}") == 0)
			sep = "";
		buf_adds(&p->out, sep);
		buf_add(&p->out, tok[i], modsyntax_toklen(x, i));
		sep = " ";
		if (strcmp(tok[i], "(") == 0 || strcmp(tok[i], "[") == 0 ||
		    strcmp(tok[i], "{") == 0)
			sep = "";
	}
}

/* Queue a node's suffix comments for the end of the line. */
static void
modprint_queue(struct modprint *p, const struct modfile_comment_vec *cv)
{
	size_t	i;

	for (i = 0; i < cv->n; i++) {
		if (p->npending == p->cappending) {
			p->cappending = p->cappending == 0 ? 4 :
			    p->cappending * 2;
			p->pending = xreallocarray(p->pending, p->cappending,
			    sizeof *p->pending);
		}
		p->pending[p->npending++] = cv->v[i];
	}
}

/* Print one node with its comments. */
static void
modprint_expr(struct modprint *p, const struct modfile_expr *x)
{
	size_t	i;

	if (x->com.before.n > 0) {
		modprint_trim(p);
		if (modprint_indent(p) > 0)
			buf_addc(&p->out, '\n');
		modprint_margin(p);
		for (i = 0; i < x->com.before.n; i++) {
			modprint_comment(p, &x->com.before.v[i]);
			modprint_newline(p);
		}
	}
	switch (x->kind) {
	case MODFILE_COMMENT_BLOCK:
		break;
	case MODFILE_LPAREN:
		buf_addc(&p->out, '(');
		break;
	case MODFILE_RPAREN:
		buf_addc(&p->out, ')');
		break;
	case MODFILE_LINE:
		modprint_tokens(p, x);
		break;
	case MODFILE_BLOCK:
		modprint_tokens(p, x);
		buf_addc(&p->out, ' ');
		modprint_expr(p, x->lparen);
		p->margin++;
		for (i = 0; i < x->lines.n; i++) {
			modprint_newline(p);
			modprint_expr(p, x->lines.v[i]);
		}
		p->margin--;
		modprint_newline(p);
		modprint_expr(p, x->rparen);
		break;
	}
	modprint_queue(p, &x->com.suffix);
}

/* Format: print a syntax tree; the caller frees the result, whose length
 * goes to *len when len is not NULL. */
char *
modprint_format(const struct modfile_syntax *s, size_t *len)
{
	struct modprint			 p;
	const struct modfile_expr	*x;
	size_t				 i, j;

	memset(&p, 0, sizeof p);
	buf_init(&p.out, 0);
	for (i = 0; i < s->com.before.n; i++) {
		modprint_comment(&p, &s->com.before.v[i]);
		modprint_newline(&p);
	}
	for (i = 0; i < s->stmt.n; i++) {
		x = s->stmt.v[i];
		modprint_expr(&p, x);
		if (x->kind != MODFILE_COMMENT_BLOCK)
			modprint_newline(&p);
		for (j = 0; j < x->com.after.n; j++) {
			modprint_comment(&p, &x->com.after.v[j]);
			modprint_newline(&p);
		}
		if (i + 1 < s->stmt.n)
			modprint_newline(&p);
	}
	/* Remove trailing blank lines. */
	while (p.out.len > 0 && p.out.data[p.out.len - 1] == '\n' &&
	    (p.out.len == 1 || p.out.data[p.out.len - 2] == '\n'))
		buf_truncate(&p.out, p.out.len - 1);
	free(p.pending);
	if (len != NULL)
		*len = p.out.len;
	return (buf_steal(&p.out));
}

/* What "go mod edit -print" prints: the file after SortBlocks and
 * Cleanup, formatted. */
char *
modprint_edit_print(struct modfile *f, size_t *len)
{
	modedit_sort_blocks(f);
	modedit_cleanup(f);
	return (modprint_format(f->syntax, len));
}
