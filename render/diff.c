/*
 * A unified diff of two texts (go.mod and go.sum files), with three lines
 * of context. libgit2's diff (Myers, linear memory) does the work; we
 * write the "---"/"+++" header with our own names and copy its hunks.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "util/util.h"
#include "engine/engine.h"
#include "render/render.h"

#define DIFF_CONTEXT	3

/* Copy one line of the patch: hunk headers as they are, body lines with
 * their origin character in front. */
static int
diff_line_cb(const git_diff_delta *delta, const git_diff_hunk *hunk,
    const git_diff_line *line, void *arg)
{
	struct buf	*out = arg;

	switch (line->origin) {
	case GIT_DIFF_LINE_HUNK_HDR:
		buf_add(out, line->content, line->content_len);
		break;
	case GIT_DIFF_LINE_CONTEXT:
	case GIT_DIFF_LINE_ADDITION:
	case GIT_DIFF_LINE_DELETION:
		buf_addc(out, line->origin);
		buf_add(out, line->content, line->content_len);
		if (line->content_len == 0 ||
		    line->content[line->content_len - 1] != '\n')
			buf_addc(out, '\n');
		break;
	case GIT_DIFF_LINE_CONTEXT_EOFNL:
	case GIT_DIFF_LINE_ADD_EOFNL:
	case GIT_DIFF_LINE_DEL_EOFNL:
		buf_adds(out, "\\ No newline at end of file\n");
		break;
	default:		/* file headers: ours are written instead */
		break;
	}
	return (0);
}

/* The unified diff from a (named aname) to b (named bname); "" when they
 * are equal (caller frees). */
char *
diff_unified(const char *aname, const char *a, size_t alen,
    const char *bname, const char *b, size_t blen)
{
	git_diff_options	 opts;
	git_patch		*patch = NULL;
	struct buf		 out;

	buf_init(&out, 0);
	if (alen == blen && memcmp(a, b, alen) == 0)
		return (buf_steal(&out));
	git_libgit2_init();
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = DIFF_CONTEXT;
	opts.flags |= GIT_DIFF_FORCE_TEXT;
	if (git_patch_from_buffers(&patch, a, alen, aname, b, blen, bname,
	    &opts) == 0 && git_patch_num_hunks(patch) > 0) {
		buf_printf(&out, "--- %s\n+++ %s\n", aname, bname);
		git_patch_print(patch, diff_line_cb, &out);
	}
	git_patch_free(patch);
	git_libgit2_shutdown();
	return (buf_steal(&out));
}
