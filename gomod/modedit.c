/*
 * Edits of go.mod files that keep comments and layout, as the methods of
 * modfile.File do: those fix makes (AddGoStmt, AddRequire,
 * SetRequireSeparateIndirect, Cleanup, SortBlocks; the others went, issue
 * 9: no program made them). Removal only marks a line (its entry's path
 * becomes ""); modedit_cleanup then drops what was marked, and
 * modedit_sort_blocks puts blocks back in canonical order.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

/* A wanted requirement for set_require*, with its place in the request. */
#define MODEDIT_TOKENS(...) ((const char *[]){ __VA_ARGS__ })
#define MODEDIT_NTOKENS(...) \
	(sizeof ((const char *[]){ __VA_ARGS__ }) / sizeof (const char *))
#define MODEDIT_ADD_LINE(f, hint, ...) \
	modsyntax_add_line((f), (hint), MODEDIT_TOKENS(__VA_ARGS__), \
	    MODEDIT_NTOKENS(__VA_ARGS__))
#define MODEDIT_UPDATE_LINE(f, line, ...) \
	modsyntax_update_line((f), (line), MODEDIT_TOKENS(__VA_ARGS__), \
	    MODEDIT_NTOKENS(__VA_ARGS__))

/* A copy of s in the file's arena. */
static const char *
modedit_str(struct modfile *f, const char *s)
{
	return (arena_strdup(&f->arena, s));
}

/* Text of a comment without "//", trimmed. */
static char *
modedit_comment_text(const char *tok)
{
	if (strncmp(tok, "//", 2) == 0)
		tok += 2;
	return (gostr_trim(tok));
}

/* setVersion of a Require: rewrite the version token. */
static void
modedit_set_version(struct modfile *f, struct modfile_require *r,
    const char *v)
{
	struct modfile_expr	*line = r->syntax;

	r->mod.version = v;
	if (line->ntok == 0)
		return;
	if (line->in_block) {
		/* A blank line before the requirement goes (go.dev/issue/33779). */
		if (line->com.before.n == 1 &&
		    *line->com.before.v[0].token == '\0')
			line->com.before.n = 0;
		if (line->ntok >= 2) {
			line->tok[1] = v;
			modsyntax_token_changed(line, 1);
		}
	} else if (line->ntok >= 3) {
		line->tok[2] = v;
		modsyntax_token_changed(line, 2);
	}
}

/* Give a comment a new text (a C string): the kept length of a token
 * that held a NUL no longer applies. */
static void
modedit_set_comment(struct modfile_comment *com, const char *token)
{
	com->token = token;
	com->len = 0;
}

/* setIndirect: add or remove the "// indirect" comment of a Require. */
static void
modedit_set_indirect(struct modfile *f, struct modfile_require *r,
    int indirect)
{
	struct modfile_expr	*line = r->syntax;
	struct modfile_comment	 c, *com;
	char			*text;
	const char		*p;

	r->indirect = indirect;
	if (modfile_is_indirect(line) == indirect)
		return;
	if (indirect) {
		if (line->com.suffix.n == 0) {
			memset(&c, 0, sizeof c);
			c.token = "// indirect";
			c.suffix = 1;
			modsyntax_push_comment(f, &line->com.suffix, &c);
			return;
		}
		com = &line->com.suffix.v[0];
		text = modedit_comment_text(com->token);
		if (*text == '\0')
			modedit_set_comment(com, "// indirect");
		else
			modedit_set_comment(com, arena_printf(&f->arena,
			    "// indirect; %s", text));
		free(text);
		return;
	}
	text = modedit_comment_text(line->com.suffix.v[0].token);
	if (strcmp(text, "indirect") == 0) {
		line->com.suffix.n = 0;
		free(text);
		return;
	}
	free(text);
	com = &line->com.suffix.v[0];
	p = strstr(com->token, "indirect;");
	modedit_set_comment(com, arena_printf(&f->arena, "//%s", p + 9));
}

/* markRemoved of a Require: its line goes, and the entry is cleared. */
static void
modedit_remove_require(struct modfile_require *r)
{
	if (r->syntax != NULL)
		modsyntax_mark_removed(r->syntax);
	memset(r, 0, sizeof *r);
	r->mod.path = r->mod.version = "";
}

/* Index of the first statement that is not a comment block. */
static size_t
modedit_first_non_comment(struct modfile *f)
{
	size_t	i;

	for (i = 0; i < f->syntax->stmt.n; i++) {
		if (f->syntax->stmt.v[i]->kind != MODFILE_COMMENT_BLOCK)
			break;
	}
	return (i);
}

/* A new top-level line inserted at index i (go.work placement). */
static struct modfile_expr *
modedit_insert_line(struct modfile *f, size_t i, const char *verb,
    const char *arg)
{
	struct modfile_expr	*x;

	x = modsyntax_new(f, MODFILE_LINE);
	x->tok = arena_alloc(&f->arena, 2 * sizeof *x->tok);
	x->tok[0] = verb;
	x->tok[1] = arg;
	x->ntok = 2;
	modsyntax_insert_stmt(f, i, x);
	return (x);
}

/* AddGoStmt: set the go line, adding it after the module line if new. */
int
modedit_add_go(struct modfile *f, const char *version, char **cause)
{
	struct modfile_expr	*hint = NULL;
	const char		*v;
	char			*q;

	if (!modfile_go_version_ok(version)) {
		if (cause != NULL) {
			q = strquote_quote(version);
			xasprintf(cause, "invalid language version %s", q);
			free(q);
		}
		return (-1);
	}
	v = modedit_str(f, version);
	if (f->go != NULL) {
		f->go->version = v;
		MODEDIT_UPDATE_LINE(f, f->go->syntax, "go", v);
		return (0);
	}
	f->go = arena_alloc(&f->arena, sizeof *f->go);
	f->go->version = v;
	if (f->kind == MODFILE_GOWORK) {
		f->go->syntax = modedit_insert_line(f,
		    modedit_first_non_comment(f), "go", v);
		return (0);
	}
	if (f->module != NULL && f->module->syntax != NULL)
		hint = f->module->syntax;
	f->go->syntax = MODEDIT_ADD_LINE(f, hint, "go", v);
	return (0);
}

/* AddNewRequire: a new line at the end of the last require block. */
void
modedit_add_new_require(struct modfile *f, const char *path,
    const char *vers, int indirect)
{
	struct modfile_require	*r;
	const char		*v = modedit_str(f, vers);

	r = arena_alloc(&f->arena, sizeof *r);
	r->mod.path = modedit_str(f, path);
	r->mod.version = v;
	r->syntax = MODEDIT_ADD_LINE(f, NULL, "require",
	    modfile_auto_quote(f, path), v);
	modedit_set_indirect(f, r, indirect);
	ARENA_PUSH(&f->arena, &f->require, r);
}

/* AddRequire: set the first requirement on path, removing the others. */
void
modedit_add_require(struct modfile *f, const char *path, const char *vers)
{
	struct modfile_require	*r;
	const char		*v = modedit_str(f, vers);
	size_t			 i;
	int			 need = 1;

	for (i = 0; i < f->require.n; i++) {
		r = f->require.v[i];
		if (strcmp(r->mod.path, path) != 0)
			continue;
		if (need) {
			r->mod.version = v;
			MODEDIT_UPDATE_LINE(f, r->syntax, "require",
			    modfile_auto_quote(f, path), v);
			need = 0;
		} else
			modedit_remove_require(r);
	}
	if (need)
		modedit_add_new_require(f, path, vers, 0);
}

/* The wanted entry for path (the last one given), or NULL. */
static const struct modedit_req *
modedit_find_req(const struct modedit_req *req, size_t n, const char *path)
{
	size_t	i;

	for (i = n; i > 0; i--) {
		if (strcmp(req[i - 1].path, path) == 0)
			return (&req[i - 1]);
	}
	return (NULL);
}

/* Is req[i] the entry modedit_find_req would return for its path? */
static int
modedit_is_last_req(const struct modedit_req *req, size_t n, size_t i)
{
	return (modedit_find_req(req, n, req[i].path) == &req[i]);
}

/* Does a line or block carry comments other than "// indirect"? */
static int
modedit_has_comments(const struct modfile_comments *c)
{
	char	*text;
	int	 other;

	if (c->before.n > 0 || c->after.n > 0 || c->suffix.n > 1)
		return (1);
	if (c->suffix.n == 0)
		return (0);
	text = modedit_comment_text(c->suffix.v[0].token);
	other = strcmp(text, "indirect") != 0;
	free(text);
	return (other);
}

/* moveReq: put r's line (or a new one) into block. */
static void
modedit_move_req(struct modfile *f, struct modfile_require *r,
    struct modfile_expr *block)
{
	struct modfile_expr	*line;

	line = modsyntax_new(f, MODFILE_LINE);
	if (r->syntax == NULL) {
		line->tok = arena_alloc(&f->arena, 2 * sizeof *line->tok);
		line->tok[0] = modfile_auto_quote(f, r->mod.path);
		line->tok[1] = r->mod.version;
		line->ntok = 2;
		r->syntax = line;
		if (r->indirect)
			modedit_set_indirect(f, r, 1);
	} else {
		*line = *r->syntax;
		if (!line->in_block && line->ntok > 0 &&
		    strcmp(line->tok[0], "require") == 0) {
			line->tok++;
			line->ntok--;
			if (line->toklen != NULL)
				line->toklen++;
		}
		r->syntax->tok = NULL;
		r->syntax->ntok = 0;
		r->syntax = line;
	}
	line->in_block = 1;
	ARENA_PUSH(&f->arena, &block->lines, line);
}

/* insertBlock: a new empty require block at statement index i. */
static struct modfile_expr *
modedit_insert_block(struct modfile *f, size_t i)
{
	struct modfile_expr	*block;

	block = modsyntax_new(f, MODFILE_BLOCK);
	block->tok = arena_alloc(&f->arena, sizeof *block->tok);
	block->tok[0] = "require";
	block->ntok = 1;
	modsyntax_insert_stmt(f, i, block);
	return (block);
}

/* ensureBlock: statement i as a require block (a line becomes one). */
static struct modfile_expr *
modedit_ensure_block(struct modfile *f, size_t i)
{
	struct modfile_expr	*stmt = f->syntax->stmt.v[i], *block;

	if (stmt->kind == MODFILE_BLOCK)
		return (stmt);
	block = modsyntax_new(f, MODFILE_BLOCK);
	block->tok = arena_alloc(&f->arena, sizeof *block->tok);
	block->tok[0] = "require";
	block->ntok = 1;
	ARENA_PUSH(&f->arena, &block->lines, stmt);
	stmt->tok++;
	stmt->ntok--;
	if (stmt->toklen != NULL)
		stmt->toklen++;
	stmt->in_block = 1;
	f->syntax->stmt.v[i] = block;
	return (block);
}

/* What SetRequireSeparateIndirect learns from the existing statements. */
struct modedit_scan {
	ssize_t				 last_direct;
	ssize_t				 last_indirect;
	ssize_t				 last_require;
	int				 count;
	/* With simplify, the comments of blocks that will merge: */
	const struct modedit_req	*req;
	size_t				 nreq;
	int				 simplify;
	struct modfile_comment_vec	 direct_comments;
	struct modfile_comment_vec	 indirect_comments;
};

/* Is any line of block a requirement that is wanted direct? */
static int
modedit_block_has_direct(struct modfile *f, struct modedit_scan *s,
    struct modfile_expr *block)
{
	const struct modedit_req	*e;
	size_t				 j, k;

	for (j = 0; j < block->lines.n; j++) {
		for (k = 0; k < f->require.n; k++) {
			if (f->require.v[k]->syntax != block->lines.v[j])
				continue;
			e = modedit_find_req(s->req, s->nreq,
			    f->require.v[k]->mod.path);
			if (e != NULL && !e->indirect)
				return (1);
		}
	}
	return (0);
}

/* SetRequireAtMostTwo: a block's own comments move to the direct or the
 * indirect block the requirements will be merged into ("//" between the
 * comments of different blocks). */
static void
modedit_take_block_comments(struct modfile *f, struct modedit_scan *s,
    struct modfile_expr *block)
{
	struct modfile_comment_vec	*target = &s->direct_comments;
	struct modfile_comment		 sep;
	size_t				 i;

	if (!modedit_block_has_direct(f, s, block) && block->lines.n > 0)
		target = &s->indirect_comments;
	if (target->n > 0 && block->com.before.n > 0) {
		memset(&sep, 0, sizeof sep);
		sep.token = "//";
		modsyntax_push_comment(f, target, &sep);
	}
	for (i = 0; i < block->com.before.n; i++)
		modsyntax_push_comment(f, target, &block->com.before.v[i]);
	block->com.before.n = 0;
}

/* Find the last uncommented direct-only and indirect-only require lines
 * or blocks, and the block each requirement line sits in. */
static void
modedit_scan_requires(struct modfile *f, struct modedit_scan *s,
    struct modfile_expr **line_block)
{
	struct modfile_expr	*stmt, *line;
	size_t			 i, j, k;
	int			 all_direct, all_indirect;

	memset(&s->direct_comments, 0, sizeof s->direct_comments);
	memset(&s->indirect_comments, 0, sizeof s->indirect_comments);

	s->last_direct = s->last_indirect = s->last_require = -1;
	s->count = 0;
	for (i = 0; i < f->syntax->stmt.n; i++) {
		stmt = f->syntax->stmt.v[i];
		if ((stmt->kind != MODFILE_LINE &&
		    stmt->kind != MODFILE_BLOCK) || stmt->tok == NULL ||
		    stmt->ntok == 0 || strcmp(stmt->tok[0], "require") != 0)
			continue;
		s->last_require = i;
		s->count++;
		if (stmt->kind == MODFILE_LINE) {
			if (!modedit_has_comments(&stmt->com)) {
				if (modfile_is_indirect(stmt))
					s->last_indirect = i;
				else
					s->last_direct = i;
			}
			continue;
		}
		all_direct = all_indirect = stmt->lines.n > 0 &&
		    !modedit_has_comments(&stmt->com);
		for (j = 0; j < stmt->lines.n; j++) {
			line = stmt->lines.v[j];
			for (k = 0; k < f->require.n; k++) {
				if (f->require.v[k]->syntax == line)
					line_block[k] = stmt;
			}
			if (modedit_has_comments(&line->com))
				all_direct = all_indirect = 0;
			else if (modfile_is_indirect(line))
				all_direct = 0;
			else
				all_indirect = 0;
		}
		if (all_direct)
			s->last_direct = i;
		if (all_indirect)
			s->last_indirect = i;
		if (s->simplify)
			modedit_take_block_comments(f, s, stmt);
	}
}

/* Append a comment list to a block's comments before it. */
static void
modedit_add_before(struct modfile *f, struct modfile_expr *block,
    const struct modfile_comment_vec *cv)
{
	size_t	i;

	for (i = 0; i < cv->n; i++)
		modsyntax_push_comment(f, &block->com.before, &cv->v[i]);
}

/*
 * setRequireSeparateIndirect: like set_require, but direct and indirect
 * requirements go to separate blocks (go 1.17 and later files). With
 * simplify, every requirement is consolidated into those two blocks.
 */
static void
modedit_set_require_blocks(struct modfile *f, const struct modedit_req *req,
    size_t n, int simplify)
{
	struct modedit_scan		  s;
	struct modfile_expr		**line_block, *direct, *indirect;
	struct modfile_require		 *r;
	const struct modedit_req	 *e;
	size_t				  i, j, nreq = f->require.n;
	int				  flat, seen;

	line_block = xcalloc(nreq + 1, sizeof *line_block);
	s.req = req;
	s.nreq = n;
	s.simplify = simplify;
	modedit_scan_requires(f, &s, line_block);
	flat = s.count == 1 &&
	    !modedit_has_comments(&f->syntax->stmt.v[s.last_require]->com);
	if (s.last_direct < 0) {
		if (s.last_indirect >= 0) {
			s.last_direct = s.last_indirect;
			s.last_indirect++;
		} else if (s.last_require >= 0)
			s.last_direct = s.last_require + 1;
		else
			s.last_direct = f->syntax->stmt.n;
		direct = modedit_insert_block(f, s.last_direct);
	} else
		direct = modedit_ensure_block(f, s.last_direct);
	if (s.last_indirect < 0) {
		s.last_indirect = s.last_direct + 1;
		indirect = modedit_insert_block(f, s.last_indirect);
	} else
		indirect = modedit_ensure_block(f, s.last_indirect);
	if (simplify) {
		modedit_add_before(f, direct, &s.direct_comments);
		modedit_add_before(f, indirect, &s.indirect_comments);
	}

	for (i = 0; i < nreq; i++) {
		r = f->require.v[i];
		for (seen = 0, j = 0; j < i; j++)
			seen |= strcmp(f->require.v[j]->mod.path,
			    r->mod.path) == 0 && *r->mod.path != '\0';
		e = modedit_find_req(req, n, r->mod.path);
		if (e == NULL || seen) {
			modedit_remove_require(r);
			continue;
		}
		modedit_set_version(f, r, modedit_str(f, e->version));
		modedit_set_indirect(f, r, e->indirect);
		if (e->indirect && (simplify || flat ||
		    line_block[i] == direct))
			modedit_move_req(f, r, indirect);
		else if (!e->indirect && (simplify || flat ||
		    line_block[i] == indirect))
			modedit_move_req(f, r, direct);
	}
	for (i = 0; i < n; i++) {
		if (!modedit_is_last_req(req, n, i))
			continue;
		for (seen = 0, j = 0; j < nreq && !seen; j++)
			seen = strcmp(f->require.v[j]->mod.path,
			    req[i].path) == 0;
		if (seen)
			continue;
		r = arena_alloc(&f->arena, sizeof *r);
		r->mod.path = modedit_str(f, req[i].path);
		r->mod.version = modedit_str(f, req[i].version);
		r->indirect = req[i].indirect;
		modedit_move_req(f, r, req[i].indirect ? indirect : direct);
		ARENA_PUSH(&f->arena, &f->require, r);
	}
	free(line_block);
	modedit_sort_blocks(f);
}

/* SetRequireSeparateIndirect. */
void
modedit_set_require_separate_indirect(struct modfile *f,
    const struct modedit_req *req, size_t n)
{
	modedit_set_require_blocks(f, req, n, 0);
}

/* Compact a vector of entries, keeping those keep() accepts. */
#define MODEDIT_COMPACT(vec, keep) do {					\
	size_t	ci_, cw_;						\
	for (ci_ = 0, cw_ = 0; ci_ < (vec)->n; ci_++) {			\
		if (keep((vec)->v[ci_]))				\
			(vec)->v[cw_++] = (vec)->v[ci_];		\
	}								\
	(vec)->n = cw_;							\
} while (0)

#define MODEDIT_KEEP_GODEBUG(g)	(*(g)->key != '\0')
#define MODEDIT_KEEP_MOD(x)	(*(x)->mod.path != '\0')
#define MODEDIT_KEEP_REPLACE(r)	(*(r)->old.path != '\0')
#define MODEDIT_KEEP_RETRACT(r)	(*(r)->low != '\0' || *(r)->high != '\0')
#define MODEDIT_KEEP_PATH(p)	(*(p)->path != '\0')

/* File.Cleanup / WorkFile.Cleanup: drop cleared entries and removed
 * lines. (As in Go, a go.mod's tool and ignore lists and a go.work's
 * godebug list are not compacted.) */
void
modedit_cleanup(struct modfile *f)
{
	if (f->kind == MODFILE_GOWORK) {
		MODEDIT_COMPACT(&f->use, MODEDIT_KEEP_PATH);
		MODEDIT_COMPACT(&f->replace, MODEDIT_KEEP_REPLACE);
	} else {
		MODEDIT_COMPACT(&f->godebug, MODEDIT_KEEP_GODEBUG);
		MODEDIT_COMPACT(&f->require, MODEDIT_KEEP_MOD);
		MODEDIT_COMPACT(&f->exclude, MODEDIT_KEEP_MOD);
		MODEDIT_COMPACT(&f->replace, MODEDIT_KEEP_REPLACE);
		MODEDIT_COMPACT(&f->retract, MODEDIT_KEEP_RETRACT);
	}
	modsyntax_cleanup(f);
}

/* A set of lines to delete (pointer identity). */
struct modedit_kill {
	struct modfile_expr	**v;
	size_t			  n;
	size_t			  cap;
	int			  nil;	/* entries without a line die too */
};

/* Add a duplicate's line to the kill set. Go keys the set by the line
 * pointer, so a duplicate with no line kills every entry with no line. */
static void
modedit_kill_line(struct modfile *f, struct modedit_kill *k,
    struct modfile_expr *line)
{
	if (line == NULL)
		k->nil = 1;
	else
		ARENA_PUSH(&f->arena, k, line);
}

/* Is line in the kill set? */
static int
modedit_killed(const struct modedit_kill *k, const struct modfile_expr *line)
{
	size_t	i;

	if (line == NULL)
		return (k->nil);
	for (i = 0; i < k->n; i++) {
		if (k->v[i] == line)
			return (1);
	}
	return (0);
}

/* Mark duplicates (same path) in a tool/ignore list, earlier first. */
static void
modedit_dedup_paths(struct modfile *f, struct modfile_pathline_vec *vec,
    struct modedit_kill *kill)
{
	size_t	i, j;

	for (i = 0; i < vec->n; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(vec->v[j]->path, vec->v[i]->path) == 0)
				break;
		}
		if (j < i)
			modedit_kill_line(f, kill, vec->v[i]->syntax);
	}
}

/* Remove from vec the entries whose line is killed. */
#define MODEDIT_DROP_KILLED(vec, kill) do {				\
	size_t	di_, dw_;						\
	for (di_ = 0, dw_ = 0; di_ < (vec)->n; di_++) {			\
		if (!modedit_killed((kill), (vec)->v[di_]->syntax))	\
			(vec)->v[dw_++] = (vec)->v[di_];		\
	}								\
	(vec)->n = dw_;							\
} while (0)

/* removeDups: duplicate exclude, tool and ignore lines (the first wins)
 * and replace lines (the last wins) are deleted. */
static void
modedit_remove_dups(struct modfile *f)
{
	struct modedit_kill	 kill = { NULL, 0, 0, 0 };
	struct modfile_syntax	*s = f->syntax;
	struct modfile_expr	*stmt;
	size_t			 i, j, w, ww;

	for (i = 0; f->kind == MODFILE_GOMOD && i < f->exclude.n; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(f->exclude.v[j]->mod.path,
			    f->exclude.v[i]->mod.path) == 0 &&
			    strcmp(f->exclude.v[j]->mod.version,
			    f->exclude.v[i]->mod.version) == 0)
				break;
		}
		if (j < i)
			modedit_kill_line(f, &kill, f->exclude.v[i]->syntax);
	}
	for (i = f->replace.n; i > 0; i--) {
		for (j = i; j < f->replace.n; j++) {
			if (strcmp(f->replace.v[j]->old.path,
			    f->replace.v[i - 1]->old.path) == 0 &&
			    strcmp(f->replace.v[j]->old.version,
			    f->replace.v[i - 1]->old.version) == 0)
				break;
		}
		if (j < f->replace.n)
			modedit_kill_line(f, &kill,
			    f->replace.v[i - 1]->syntax);
	}
	if (f->kind == MODFILE_GOMOD) {
		modedit_dedup_paths(f, &f->tool, &kill);
		modedit_dedup_paths(f, &f->ignore, &kill);
		MODEDIT_DROP_KILLED(&f->exclude, &kill);
		MODEDIT_DROP_KILLED(&f->tool, &kill);
		MODEDIT_DROP_KILLED(&f->ignore, &kill);
	}
	MODEDIT_DROP_KILLED(&f->replace, &kill);
	if (kill.n == 0)
		return;	/* (lines are never NULL in the tree) */
	for (i = 0, w = 0; i < s->stmt.n; i++) {
		stmt = s->stmt.v[i];
		if (stmt->kind == MODFILE_LINE && modedit_killed(&kill, stmt))
			continue;
		if (stmt->kind == MODFILE_BLOCK) {
			for (j = 0, ww = 0; j < stmt->lines.n; j++) {
				if (!modedit_killed(&kill, stmt->lines.v[j]))
					stmt->lines.v[ww++] = stmt->lines.v[j];
			}
			stmt->lines.n = ww;
			if (ww == 0)
				continue;
		}
		s->stmt.v[w++] = stmt;
	}
	s->stmt.n = w;
}

/* compareLine: token by token, then by length. */
static int
modedit_compare_line(const struct modfile_expr *a,
    const struct modfile_expr *b)
{
	size_t	k;
	int	c;

	for (k = 0; k < a->ntok && k < b->ntok; k++) {
		if ((c = strcmp(a->tok[k], b->tok[k])) != 0)
			return (c < 0 ? -1 : 1);
	}
	return (a->ntok < b->ntok ? -1 : a->ntok > b->ntok);
}

/* compareLineExclude: path by string, version by semver (go >= 1.21). */
static int
modedit_compare_exclude(const struct modfile_expr *a,
    const struct modfile_expr *b)
{
	int	c;

	if (a->ntok != 2 || b->ntok != 2)
		return (modedit_compare_line(a, b));
	if ((c = strcmp(a->tok[0], b->tok[0])) != 0)
		return (c < 0 ? -1 : 1);
	return (semver_compare(a->tok[1], b->tok[1]));
}

/* A retract line's interval ("" bounds for an unknown shape). */
static void
modedit_retract_interval(const struct modfile_expr *l, const char **low,
    const char **high)
{
	*low = *high = "";
	if (l->ntok == 1)
		*low = *high = l->tok[0];
	else if (l->ntok == 5 && strcmp(l->tok[0], "[") == 0 &&
	    strcmp(l->tok[2], ",") == 0 && strcmp(l->tok[4], "]") == 0) {
		*low = l->tok[1];
		*high = l->tok[3];
	}
}

/* compareLineRetract: intervals in descending order. */
static int
modedit_compare_retract(const struct modfile_expr *a,
    const struct modfile_expr *b)
{
	const char	*al, *ah, *bl, *bh;
	int		 c;

	modedit_retract_interval(a, &al, &ah);
	modedit_retract_interval(b, &bl, &bh);
	if ((c = semver_compare(al, bl)) != 0)
		return (-c);
	return (-semver_compare(ah, bh));
}

typedef int (*modedit_cmp)(const struct modfile_expr *,
    const struct modfile_expr *);

/* Stable merge sort of a block's lines. */
static void
modedit_stable_sort(struct modfile_expr **v, size_t n, modedit_cmp cmp,
    struct modfile_expr **tmp)
{
	size_t	mid = n / 2, i = 0, j, k = 0;

	if (n < 2)
		return;
	modedit_stable_sort(v, mid, cmp, tmp);
	modedit_stable_sort(v + mid, n - mid, cmp, tmp);
	for (j = mid; i < mid && j < n;)
		tmp[k++] = cmp(v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

/* SortBlocks: remove duplicates, then sort the lines of every block. */
void
modedit_sort_blocks(struct modfile *f)
{
	struct modfile_expr	 *block, **tmp;
	modedit_cmp		  cmp;
	char			 *gv;
	size_t			  i;
	int			  semantic = 0;

	modedit_remove_dups(f);
	if (f->kind == MODFILE_GOMOD && f->go != NULL) {
		xasprintf(&gv, "v%s", f->go->version);
		semantic = semver_compare(gv, "v1.21") >= 0;
		free(gv);
	}
	for (i = 0; i < f->syntax->stmt.n; i++) {
		block = f->syntax->stmt.v[i];
		if (block->kind != MODFILE_BLOCK)
			continue;
		cmp = modedit_compare_line;
		if (f->kind == MODFILE_GOMOD &&
		    strcmp(block->tok[0], "exclude") == 0 && semantic)
			cmp = modedit_compare_exclude;
		else if (f->kind == MODFILE_GOMOD &&
		    strcmp(block->tok[0], "retract") == 0)
			cmp = modedit_compare_retract;
		tmp = xcalloc(block->lines.n + 1, sizeof *tmp);
		modedit_stable_sort(block->lines.v, block->lines.n, cmp, tmp);
		free(tmp);
	}
}
