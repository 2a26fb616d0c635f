/*
 * libFuzzer target for the go.mod/go.work parser, printer and editor.
 * Beyond "no crash, no leak, no undefined behaviour" on every path
 * (strict, lax and go.work parsing, edits, JSON), it checks the property
 * Go's own TestPrintParse checks: a file's syntax tree, formatted, parses
 * back and formats to the same text. (After a strict parse that is not
 * true even for the go command, which prints retract versions unquoted.)
 * A violated property aborts.
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Parse in a mode; NULL on error. */
static struct modfile *
fuzz_parse(const char *data, size_t len, enum modfile_mode mode)
{
	struct modfile_errors	 errs;
	struct modfile		*f;
	char			*msg;

	modfile_errors_init(&errs, "go.mod");
	f = modfile_parse("go.mod", data, len, mode, NULL, NULL, &errs);
	if (f == NULL) {
		/* Every rejection has a message with a position. */
		msg = modfile_errors_string(&errs);
		if (errs.n == 0 || strncmp(msg, "go.mod", 6) != 0)
			abort();
		free(msg);
	}
	modfile_errors_free(&errs);
	return (f);
}

/* The syntax tree only, as modfile's parse(); NULL on a syntax error. */
static struct modfile *
fuzz_syntax(const char *data, size_t len)
{
	struct modfile_errors	 errs;
	struct modfile		*f;

	modfile_errors_init(&errs, "go.mod");
	f = modfile_new(MODFILE_GOMOD);
	if (modread_parse(f, "go.mod", data, len, &errs) != 0) {
		modfile_free(f);
		f = NULL;
	}
	modfile_errors_free(&errs);
	return (f);
}

/* Format, reparse, format again: the two texts must be equal. */
static void
fuzz_idempotent(const char *data, size_t len)
{
	struct modfile	*f, *g;
	char		*a, *b;
	size_t		 alen, blen;

	if ((f = fuzz_syntax(data, len)) == NULL)
		return;
	a = modprint_format(f->syntax, &alen);
	if ((g = fuzz_syntax(a, alen)) == NULL)
		abort();	/* the printer wrote an unreadable file */
	b = modprint_format(g->syntax, &blen);
	if (alen != blen || memcmp(a, b, alen) != 0)
		abort();
	free(a);
	free(b);
	modfile_free(g);
	modfile_free(f);
}

/* Apply a few edits driven by the file's own content. */
static void
fuzz_edit(struct modfile *f)
{
	struct modedit_req	 req[2];
	char			*out;

	modedit_add_require(f, "example.com/fuzz", "v1.2.3");
	if (f->require.n > 0) {
		req[0].path = f->require.v[0]->mod.path;
		req[0].version = "v9.9.9";
		req[0].indirect = 1;
		req[1].path = "example.com/new";
		req[1].version = "v0.1.0";
		req[1].indirect = 0;
		modedit_set_require_separate_indirect(f, req, 2);
	}
	modedit_add_go(f, "1.23", NULL);
	modedit_sort_blocks(f);
	modedit_cleanup(f);
	out = modjson_edit_json(f);
	free(out);
	out = modprint_edit_print(f, NULL);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum modfile_mode	 modes[] = {
		MODFILE_STRICT, MODFILE_LAX, MODFILE_WORK
	};
	struct modfile			*f;
	char				*out;
	size_t				 i;

	fuzz_idempotent((const char *)data, size);
	for (i = 0; i < nitems(modes); i++) {
		if ((f = fuzz_parse((const char *)data, size, modes[i])) ==
		    NULL)
			continue;
		out = modprint_format(f->syntax, NULL);
		free(out);
		if (modes[i] == MODFILE_STRICT)
			fuzz_edit(f);
		modfile_free(f);
	}
	return (0);
}
