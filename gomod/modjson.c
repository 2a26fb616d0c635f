/*
 * "go mod edit -json": the fileJSON structure of cmd/go/internal/modcmd
 * marshalled by encoding/json's MarshalIndent with a tab, byte for byte
 * (field order, omitempty, null for empty lists, HTML-safe escaping).
 */

#include "config.h"

#include <string.h>

#include "util/util.h"
#include "gomod/gomod.h"
#include "gomod/unicode.h"

static const char	modjson_hex[] = "0123456789abcdef";

/* Append s as encoding/json writes a string with escapeHTML. */
void
modjson_string(struct buf *b, const char *s)
{
	size_t		 n = strlen(s), i, w;
	uint32_t	 c;
	unsigned char	 ch;

	buf_addc(b, '"');
	for (i = 0; i < n; i += w) {
		ch = s[i];
		w = 1;
		if (ch < 0x80) {
			switch (ch) {
			case '\\': case '"':
				buf_addc(b, '\\');
				buf_addc(b, ch);
				break;
			case '\b': buf_adds(b, "\\b"); break;
			case '\f': buf_adds(b, "\\f"); break;
			case '\n': buf_adds(b, "\\n"); break;
			case '\r': buf_adds(b, "\\r"); break;
			case '\t': buf_adds(b, "\\t"); break;
			default:
				if (ch < 0x20 || ch == '<' || ch == '>' ||
				    ch == '&') {
					buf_adds(b, "\\u00");
					buf_addc(b, modjson_hex[ch >> 4]);
					buf_addc(b, modjson_hex[ch & 0xF]);
				} else
					buf_addc(b, ch);
			}
			continue;
		}
		c = unicode_decode(s + i, n - i, &w);
		if (c == UNICODE_RUNE_ERROR && w == 1)
			buf_adds(b, "\\ufffd");
		else if (c == 0x2028 || c == 0x2029)
			buf_printf(b, "\\u%04x", (unsigned)c);
		else
			buf_add(b, s + i, w);
	}
	buf_addc(b, '"');
}

/* A JSON writer with MarshalIndent's layout. */
struct modjson {
	struct buf	out;
	int		depth;
	int		first;	/* no member written yet in this object */
};

/* Newline and indentation for the current depth. */
static void
modjson_indent(struct modjson *j)
{
	int	i;

	buf_addc(&j->out, '\n');
	for (i = 0; i < j->depth; i++)
		buf_addc(&j->out, '\t');
}

/* Begin a value in a list or the next member of an object. */
static void
modjson_next(struct modjson *j)
{
	if (!j->first)
		buf_addc(&j->out, ',');
	j->first = 0;
	modjson_indent(j);
}

/* Start an object member "key": . */
static void
modjson_key(struct modjson *j, const char *key)
{
	modjson_next(j);
	modjson_string(&j->out, key);
	buf_adds(&j->out, ": ");
}

/* Open an object or list. */
static void
modjson_open(struct modjson *j, int c)
{
	buf_addc(&j->out, c);
	j->depth++;
	j->first = 1;
}

/* Close an object or list ("{}" / "[]" when empty). */
static void
modjson_close(struct modjson *j, int c)
{
	j->depth--;
	if (!j->first)
		modjson_indent(j);
	buf_addc(&j->out, c);
	j->first = 0;
}

/* A string member, left out when empty and omitempty is set. */
static void
modjson_field(struct modjson *j, const char *key, const char *val,
    int omitempty)
{
	if (omitempty && *val == '\0')
		return;
	modjson_key(j, key);
	modjson_string(&j->out, val);
}

/* A module.Version object. */
static void
modjson_modver(struct modjson *j, const char *key,
    const struct modfile_modver *m)
{
	modjson_key(j, key);
	modjson_open(j, '{');
	modjson_field(j, "Path", m->path, 0);
	modjson_field(j, "Version", m->version, 1);
	modjson_close(j, '}');
}

/* Begin a list member: "key": null when empty (returns 0), else "[". */
static int
modjson_list(struct modjson *j, const char *key, size_t n)
{
	modjson_key(j, key);
	if (n == 0) {
		buf_adds(&j->out, "null");
		return (0);
	}
	modjson_open(j, '[');
	return (1);
}

/* Start one element object of a list. */
static void
modjson_elem(struct modjson *j)
{
	modjson_next(j);
	modjson_open(j, '{');
}

/* The Require list. */
static void
modjson_requires(struct modjson *j, const struct modfile *f)
{
	size_t	i;

	if (!modjson_list(j, "Require", f->require.n))
		return;
	for (i = 0; i < f->require.n; i++) {
		modjson_elem(j);
		modjson_field(j, "Path", f->require.v[i]->mod.path, 0);
		modjson_field(j, "Version", f->require.v[i]->mod.version, 1);
		if (f->require.v[i]->indirect) {
			modjson_key(j, "Indirect");
			buf_adds(&j->out, "true");
		}
		modjson_close(j, '}');
	}
	modjson_close(j, ']');
}

/* The Exclude and Replace lists. */
static void
modjson_excludes_replaces(struct modjson *j, const struct modfile *f)
{
	size_t	i;

	if (modjson_list(j, "Exclude", f->exclude.n)) {
		for (i = 0; i < f->exclude.n; i++) {
			modjson_elem(j);
			modjson_field(j, "Path", f->exclude.v[i]->mod.path, 0);
			modjson_field(j, "Version",
			    f->exclude.v[i]->mod.version, 1);
			modjson_close(j, '}');
		}
		modjson_close(j, ']');
	}
	if (modjson_list(j, "Replace", f->replace.n)) {
		for (i = 0; i < f->replace.n; i++) {
			modjson_elem(j);
			modjson_modver(j, "Old", &f->replace.v[i]->old);
			modjson_modver(j, "New", &f->replace.v[i]->new);
			modjson_close(j, '}');
		}
		modjson_close(j, ']');
	}
}

/* The Retract list. */
static void
modjson_retracts(struct modjson *j, const struct modfile *f)
{
	size_t	i;

	if (!modjson_list(j, "Retract", f->retract.n))
		return;
	for (i = 0; i < f->retract.n; i++) {
		modjson_elem(j);
		modjson_field(j, "Low", f->retract.v[i]->low, 1);
		modjson_field(j, "High", f->retract.v[i]->high, 1);
		modjson_field(j, "Rationale", f->retract.v[i]->rationale, 1);
		modjson_close(j, '}');
	}
	modjson_close(j, ']');
}

/* A list of {"Path": ...} objects (Tool, Ignore). */
static void
modjson_paths(struct modjson *j, const char *key,
    const struct modfile_pathline_vec *v)
{
	size_t	i;

	if (!modjson_list(j, key, v->n))
		return;
	for (i = 0; i < v->n; i++) {
		modjson_elem(j);
		modjson_field(j, "Path", v->v[i]->path, 0);
		modjson_close(j, '}');
	}
	modjson_close(j, ']');
}

/* The GoDebug list (omitted when empty). */
static void
modjson_godebugs(struct modjson *j, const struct modfile *f)
{
	size_t	i;

	if (f->godebug.n == 0)
		return;
	modjson_list(j, "GoDebug", f->godebug.n);
	for (i = 0; i < f->godebug.n; i++) {
		modjson_elem(j);
		modjson_field(j, "Key", f->godebug.v[i]->key, 0);
		modjson_field(j, "Value", f->godebug.v[i]->value, 0);
		modjson_close(j, '}');
	}
	modjson_close(j, ']');
}

/* What "go mod edit -json" prints for f (after SortBlocks and Cleanup,
 * which it applies to f). The caller frees the result. */
char *
modjson_edit_json(struct modfile *f)
{
	struct modjson	j;

	modedit_sort_blocks(f);
	modedit_cleanup(f);
	memset(&j, 0, sizeof j);
	buf_init(&j.out, 0);
	modjson_open(&j, '{');
	modjson_key(&j, "Module");
	modjson_open(&j, '{');
	modjson_field(&j, "Path", f->module != NULL ? f->module->mod.path : "",
	    0);
	modjson_field(&j, "Deprecated", f->module != NULL ?
	    f->module->deprecated : "", 1);
	modjson_close(&j, '}');
	modjson_field(&j, "Go", f->go != NULL ? f->go->version : "", 1);
	modjson_field(&j, "Toolchain", f->toolchain != NULL ?
	    f->toolchain->name : "", 1);
	modjson_godebugs(&j, f);
	modjson_requires(&j, f);
	modjson_excludes_replaces(&j, f);
	modjson_retracts(&j, f);
	modjson_paths(&j, "Tool", &f->tool);
	modjson_paths(&j, "Ignore", &f->ignore);
	modjson_close(&j, '}');
	buf_addc(&j.out, '\n');
	return (buf_steal(&j.out));
}
