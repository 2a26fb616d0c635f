/*
 * A unified diff of two small texts (go.mod files), from the longest
 * common subsequence of their lines, with three lines of context.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "verify/verify.h"

#define DIFF_CONTEXT	3
#define DIFF_MAX_LINES	20000	/* beyond: one hunk replacing all */

struct diff_lines {
	const char	**s;
	size_t		 *len;
	size_t		  n;
};

/* Split text into lines (without their newlines). */
static void
diff_split(const char *text, size_t len, struct diff_lines *l)
{
	size_t	i, start = 0;

	l->s = xcalloc(len + 1, sizeof *l->s);
	l->len = xcalloc(len + 1, sizeof *l->len);
	l->n = 0;
	for (i = 0; i <= len; i++) {
		if (i == len && start == len)
			break;
		if (i == len || text[i] == '\n') {
			l->s[l->n] = text + start;
			l->len[l->n++] = i - start;
			start = i + 1;
		}
	}
}

/* Are line i of a and line j of b equal? */
static int
diff_eq(const struct diff_lines *a, size_t i, const struct diff_lines *b,
    size_t j)
{
	return (a->len[i] == b->len[j] &&
	    memcmp(a->s[i], b->s[j], a->len[i]) == 0);
}

/* The edit script: ops[k] is '=' (both), '-' (a only) or '+' (b only). */
static char *
diff_script(const struct diff_lines *a, const struct diff_lines *b,
    size_t *nops)
{
	unsigned int	*t;
	char		*ops;
	size_t		 i, j, w = b->n + 1, k = 0;

	ops = xmalloc(a->n + b->n + 1);
	if (a->n > DIFF_MAX_LINES || b->n > DIFF_MAX_LINES) {
		memset(ops, '-', a->n);
		memset(ops + a->n, '+', b->n);
		*nops = a->n + b->n;
		return (ops);
	}
	/* t[i][j]: LCS length of a[i..] and b[j..]. */
	t = xcalloc((a->n + 1) * w, sizeof *t);
	for (i = a->n; i-- > 0;)
		for (j = b->n; j-- > 0;)
			t[i * w + j] = diff_eq(a, i, b, j) ?
			    t[(i + 1) * w + j + 1] + 1 :
			    t[(i + 1) * w + j] > t[i * w + j + 1] ?
			    t[(i + 1) * w + j] : t[i * w + j + 1];
	for (i = 0, j = 0; i < a->n || j < b->n;) {
		if (i < a->n && j < b->n && diff_eq(a, i, b, j)) {
			ops[k++] = '=';
			i++, j++;
		} else if (i < a->n && (j == b->n ||
		    t[(i + 1) * w + j] >= t[i * w + j + 1])) {
			ops[k++] = '-';		/* removals first, as diff -u */
			i++;
		} else {
			ops[k++] = '+';
			j++;
		}
	}
	free(t);
	*nops = k;
	return (ops);
}

/* Print one hunk: ops[from..to) starting at lines ai, bi. */
static void
diff_hunk(struct buf *out, const char *ops, size_t from, size_t to,
    const struct diff_lines *a, size_t ai, const struct diff_lines *b,
    size_t bi)
{
	size_t	k, na = 0, nb = 0;

	for (k = from; k < to; k++) {
		na += ops[k] != '+';
		nb += ops[k] != '-';
	}
	buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n", na > 0 ? ai + 1 : ai, na,
	    nb > 0 ? bi + 1 : bi, nb);
	for (k = from; k < to; k++) {
		if (ops[k] == '+') {
			buf_addc(out, '+');
			buf_add(out, b->s[bi], b->len[bi]);
			bi++;
		} else {
			buf_addc(out, ops[k] == '-' ? '-' : ' ');
			buf_add(out, a->s[ai], a->len[ai]);
			ai++;
			bi += ops[k] == '=';
		}
		buf_addc(out, '\n');
	}
}

/* The unified diff from a (named aname) to b (named bname). */
char *
diff_unified(const char *aname, const char *a, size_t alen,
    const char *bname, const char *b, size_t blen)
{
	struct diff_lines	 la, lb;
	struct buf		 out;
	char			*ops;
	size_t			 nops, k, start, end, ai = 0, bi = 0, x;

	diff_split(a, alen, &la);
	diff_split(b, blen, &lb);
	ops = diff_script(&la, &lb, &nops);
	buf_init(&out, 0);
	for (k = 0; k < nops;) {
		if (ops[k] == '=') {
			ai++, bi++, k++;
			continue;
		}
		if (out.len == 0)
			buf_printf(&out, "--- %s\n+++ %s\n", aname, bname);
		/* Extend the hunk while changes are close together. */
		start = k >= DIFF_CONTEXT ? k - DIFF_CONTEXT : 0;
		for (end = k; end < nops; end++) {
			for (x = end; x < nops && ops[x] == '='; x++)
				;
			if (x == nops || x - end > 2 * DIFF_CONTEXT) {
				end = x - end > DIFF_CONTEXT ?
				    end + DIFF_CONTEXT : x;
				break;
			}
			end = x;
		}
		/* Back up ai/bi to the hunk's start. */
		diff_hunk(&out, ops, start, end, &la, ai - (k - start),
		    &lb, bi - (k - start));
		for (x = k; x < end; x++) {
			ai += ops[x] != '+';
			bi += ops[x] != '-';
		}
		k = end;
	}
	free(ops);
	free(la.s);
	free(la.len);
	free(lb.s);
	free(lb.len);
	return (buf_steal(&out));
}
