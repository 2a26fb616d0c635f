/*
 * gomod: Go module semantics with no I/O of its own, ported from
 * golang.org/x/mod and cmd/go so that modvet agrees with the go command on
 * every input. Sections follow the source files.
 *
 * Conventions. Strings are NUL-terminated C strings unless a length is
 * passed. A function returning char * returns a new string the caller
 * frees; a const char * result is borrowed from an argument. Functions that
 * can fail return 0 or -1; on -1 they store in *cause (when cause is not
 * NULL) a message, owned by the caller, worded as the go command words it.
 */
#ifndef GOMOD_H
#define GOMOD_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/util.h"

struct modfile_errors;

/* semver.c: semantic versions exactly as golang.org/x/mod/semver. */
int	 semver_is_valid(const char *);
/* Canonical form ("" when invalid); build metadata is dropped. */
char	*semver_canonical(const char *);
char	*semver_major(const char *);
/* Prerelease (with its "-"); "" when absent. */
char	*semver_prerelease(const char *);
/* -1, 0, +1; invalid versions are equal to each other and below all. */
int	 semver_compare(const char *, const char *);
/* A version's numbers: 1 plain vX.Y.Z, 2 another valid version, 0 not
 * valid (or a number over 18 digits). */
int	 semver_numbers(const char *, uint64_t[3]);
/* Sort ascending by semver_compare, then bytewise (semver.Sort). */
void	 semver_sort(char **, size_t);
/* Does v carry the +incompatible build suffix? */
int	 semver_is_incompatible(const char *);

/* modpath.c: module paths as golang.org/x/mod/module. */
int	 modpath_check(const char *, char **);
int	 modpath_check_file(const char *, char **);
/* module.Check: a valid path at a valid version of the right major. */
int	 modpath_check_version(const char *, const char *, char **);
/*
 * SplitPathVersion: path = prefix + path_major, where path_major is "",
 * "/vN" or, for gopkg.in, ".vN" (optionally "-unstable"). Returns 1 when
 * the path's suffix is well formed, 0 otherwise; *prefix_len gets the length
 * of the prefix, and the major is path + *prefix_len.
 */
int	 modpath_split_version(const char *, size_t *);
int	 modpath_match_major(const char *, const char *);
/* CheckPathMajor: 0, or -1 with "version "v" invalid: should be ...". */
int	 modpath_check_major(const char *, const char *, char **);
/* CanonicalVersion: semver_canonical keeping +incompatible. */
char	*modpath_canonical_version(const char *);
/* Escape a path or version for use in a URL or file name ("!" + lower
 * case for upper case). -1 when the input is not valid. (modvet never
 * unescapes: UnescapePath and UnescapeVersion went, issue 9.) */
int	 modpath_escape(const char *, char **, char **);
int	 modpath_escape_version(const char *, char **, char **);

/* glob.c: Go's path.Match (1 match, 0 no match, -1 malformed pattern) and
 * the comma-separated glob prefixes of GOPRIVATE (MatchPrefixPatterns). */
int	 glob_match(const char *, const char *);
int	 glob_match_prefix_patterns(const char *, const char *);

/* pseudo.c: pseudo-versions (golang.org/x/mod/module/pseudo.go). */
int	 pseudo_is_pseudo(const char *);
int	 pseudo_time(const char *, time_t *, char **);
int	 pseudo_rev(const char *, char **, char **);
/* PseudoVersionBase: "" for a version with no base. */
int	 pseudo_base(const char *, char **, char **);
char	*pseudo_dec_decimal(const char *);

/* gover.c: Go versions as cmd/go/internal/gover ("1.21rc1", no "v"). */
int	 gover_compare(const char *, const char *);
int	 gover_is_valid(const char *);
int	 gover_is_lang(const char *);
/* "go1.2.3-x" → "1.2.3"; "" when not a toolchain name. */
char	*gover_from_toolchain(const char *);
int	 gover_is_toolchain(const char *);
/* Version comparison for module path (Go versions for "go"/"toolchain"). */
int	 gover_mod_compare(const char *, const char *, const char *);

/* gostr.c: Go's strings.TrimSpace and strings.Fields (Unicode spaces). */
const char *gostr_trim_space(const char *, size_t *);
char	*gostr_trim(const char *);
const char *gostr_next_field(const char **, size_t *);
size_t	 gostr_decimal_len(const char *);

/*
 * mvs.c: a build list, as MVS selects it (engine/graph.c). Module and
 * version strings are borrowed from the list's maker; a list's array is
 * freed with mvs_list_free.
 */
struct mvs_mod {
	const char	*path;
	const char	*version;
};
struct mvs_list {
	struct mvs_mod	*v;
	size_t		 n;
	size_t		 cap;
};
void	 mvs_list_add(struct mvs_list *, const char *, const char *);
void	 mvs_list_free(struct mvs_list *);

/* dirhash.c: go.sum's h1 hashes (SHA-256 from OpenSSL, zips via libzip). */
struct dirhash_sha256 {
	void	*ctx;
};
struct dirhash_file {
	const char	*name;
	unsigned char	 sum[32];	/* SHA-256 of the content */
};
void	 dirhash_sha256_init(struct dirhash_sha256 *);
void	 dirhash_sha256_update(struct dirhash_sha256 *, const void *, size_t);
void	 dirhash_sha256_final(struct dirhash_sha256 *, unsigned char *);
void	 dirhash_sha256(const void *, size_t, unsigned char *);
/* Hash1 over named digests (sorted in place); *out is "h1:...". */
int	 dirhash_hash1(struct dirhash_file *, size_t, char **, char **);
/* The go.sum hash of a go.mod's bytes. */
char	*dirhash_gomod(const char *, size_t);
/* HashZip. */
int	 dirhash_zip(const char *, char **, char **);

/* gosum.c: go.sum files. */
struct gosum_line {
	char	*path;
	char	*version;	/* "v1.2.3" or "v1.2.3/go.mod" */
	char	*hash;
	int	 line;		/* in the file read; 0 when added */
};
struct gosum {
	struct gosum_line	*v;
	size_t			 n;
	size_t			 cap;
	struct strv		 ignored;	/* "LINE: why": three fields
						   go reads, no real module */
};
void	 gosum_init(struct gosum *);
void	 gosum_free(struct gosum *);
void	 gosum_add(struct gosum *, const char *, const char *, const char *,
	    int);
/* Parse as the go command reads go.sum (modfetch's readGoSum): a line of
 * other than three fields is an error at its line number (-1 if any);
 * three fields that name no valid module, version or hash (a merge
 * conflict's marker) are kept in ignored, as go reads them and never
 * matches them. */
int	 gosum_parse(const char *, size_t, struct gosum *,
	    struct modfile_errors *);
void	 gosum_sort(struct gosum *);
char	*gosum_format(struct gosum *);
const struct gosum_line *gosum_lookup(const struct gosum *, const char *,
	    const char *);

/* gopath.c: Go's "path" package. */
char	*gopath_clean(const char *);
int	 gopath_is_clean(const char *);
size_t	 gopath_split(const char *);
char	*gopath_dir(const char *);
char	*gopath_base(const char *);

/* modzip.c: module zip files (golang.org/x/mod/zip). */
#define MODZIP_MAX_ZIP		(500 << 20)	/* bytes, zip and content */
#define MODZIP_MAX_GOMOD	(16 << 20)	/* bytes */
#define MODZIP_MAX_LICENSE	(16 << 20)	/* bytes */
struct modzip_err {
	char	*path;
	char	*err;
};
struct modzip_errv {
	struct modzip_err	*v;
	size_t			 n;
	size_t			 cap;
};
/* CheckedFiles. */
struct modzip_check {
	struct strv		 valid;
	struct modzip_errv	 omitted;
	struct modzip_errv	 invalid;
	char			*size_error;
};
void	 modzip_check_init(struct modzip_check *);
void	 modzip_check_free(struct modzip_check *);
/* CheckedFiles.Err(); NULL when the files make a valid zip. */
char	*modzip_check_err(const struct modzip_check *);
int	 modzip_check_zip(const char *, const char *, const char *,
	    struct modzip_check *, char **);

/* strquote.c: Go's strconv quoting. */
void	 strquote_append(struct buf *, const char *, size_t);
char	*strquote_quote(const char *);
char	*strquote_quote_rune(uint32_t);
int	 strquote_unquote(const char *, size_t, char **, size_t *);
/* The value of a hexadecimal digit, or -1. */
int	 strquote_unhex(int);

/*
 * go.mod and go.work files (golang.org/x/mod/modfile). A file is parsed
 * into a syntax tree that keeps every comment and the layout (modsyntax.c,
 * modread.c), interpreted into directives (modfile.c), edited in place
 * (modedit.c) and printed back exactly as the go command prints it
 * (modprint.c, modjson.c). Everything hangs off one arena owned by the
 * struct modfile: modfile_free releases it all, and pointers into a file
 * are borrowed from it.
 */
struct modfile_pos {
	int	line;		/* from 1 */
	int	line_rune;	/* rune in line, from 1 */
	int	byte;		/* from 0 */
};

struct modfile_comment {
	struct modfile_pos	 start;
	const char		*token;	/* "// text", or "" for a blank line */
	size_t			 len;	/* bytes of token when it holds a NUL,
					   else 0 (strlen) */
	int			 suffix;
};

struct modfile_comment_vec {
	struct modfile_comment	*v;
	size_t			 n;
	size_t			 cap;
};

struct modfile_comments {
	struct modfile_comment_vec	before;
	struct modfile_comment_vec	suffix;
	struct modfile_comment_vec	after;
};

enum modfile_expr_kind {
	MODFILE_COMMENT_BLOCK,
	MODFILE_LINE,
	MODFILE_BLOCK,
	MODFILE_LPAREN,
	MODFILE_RPAREN
};

/* One node of the syntax tree: a comment block, a line, a factored block
 * "verb ( ... )", or one of a block's parentheses. */
struct modfile_expr {
	enum modfile_expr_kind	 kind;
	struct modfile_comments	 com;
	struct modfile_pos	 start;
	struct modfile_pos	 end;		/* lines only */
	const char		**tok;		/* NULL: line removed */
	size_t			 ntok;
	/* Lengths of the tokens when one holds a NUL byte (Go strings may),
	 * else NULL. Only the printer needs them. */
	size_t			*toklen;
	int			 in_block;
	struct modfile_expr	*lparen;	/* blocks only */
	struct modfile_expr	*rparen;
	struct {
		struct modfile_expr	**v;
		size_t			  n;
		size_t			  cap;
	}			 lines;
};

struct modfile_syntax {
	const char		*name;
	struct modfile_comments	 com;
	struct {
		struct modfile_expr	**v;
		size_t			  n;
		size_t			  cap;
	}			 stmt;
};

struct modfile_modver {
	const char	*path;
	const char	*version;	/* "" when absent */
};

struct modfile_module {
	struct modfile_modver	 mod;
	const char		*deprecated;
	struct modfile_expr	*syntax;
};
struct modfile_go {
	const char		*version;
	struct modfile_expr	*syntax;
};
struct modfile_toolchain {
	const char		*name;
	struct modfile_expr	*syntax;
};
struct modfile_godebug {
	const char		*key;	/* "" once dropped */
	const char		*value;
	struct modfile_expr	*syntax;
};
struct modfile_require {
	struct modfile_modver	 mod;	/* path "" once dropped */
	int			 indirect;
	struct modfile_expr	*syntax;
};
struct modfile_exclude {
	struct modfile_modver	 mod;
	struct modfile_expr	*syntax;
};
struct modfile_replace {
	struct modfile_modver	 old;
	struct modfile_modver	 new;
	struct modfile_expr	*syntax;
};
struct modfile_retract {
	const char		*low;
	const char		*high;
	const char		*rationale;
	struct modfile_expr	*syntax;
};
/* tool, ignore and (go.work) use lines: a path. */
struct modfile_pathline {
	const char		*path;
	const char		*module_path;	/* use only */
	struct modfile_expr	*syntax;
};

#define MODFILE_VEC(type) struct { type **v; size_t n; size_t cap; }
struct modfile_pathline_vec {
	struct modfile_pathline	**v;
	size_t			  n;
	size_t			  cap;
};

enum modfile_kind {
	MODFILE_GOMOD,
	MODFILE_GOWORK
};

struct modfile {
	enum modfile_kind		 kind;
	struct arena			 arena;
	struct modfile_syntax		*syntax;
	struct modfile_module		*module;
	struct modfile_go		*go;
	struct modfile_toolchain	*toolchain;
	MODFILE_VEC(struct modfile_godebug)	godebug;
	MODFILE_VEC(struct modfile_require)	require;
	MODFILE_VEC(struct modfile_exclude)	exclude;
	MODFILE_VEC(struct modfile_replace)	replace;
	MODFILE_VEC(struct modfile_retract)	retract;
	struct modfile_pathline_vec		tool;
	struct modfile_pathline_vec		ignore;
	struct modfile_pathline_vec		use;
};

/* A parse error: position (line 0 when unknown) and message. */
struct modfile_error {
	int	 line;
	int	 col;
	char	*msg;
};
struct modfile_errors {
	char			*filename;
	struct modfile_error	*v;
	size_t			 n;
	size_t			 cap;
};
void	 modfile_errors_init(struct modfile_errors *, const char *);
void	 modfile_errors_free(struct modfile_errors *);
void	 modfile_errors_add(struct modfile_errors *, int, int, const char *,
	    ...) __attribute__((format(printf, 4, 5)));
/* "file:line:col: msg" lines joined by newlines, as ErrorList.Error(). */
char	*modfile_errors_string(const struct modfile_errors *);

/* A VersionFixer: store a fixed version in *out (an arena or static
 * string that outlives the call) or return -1 with *cause. */
typedef int (*modfile_fixer)(void *, const char *, const char *,
	    const char **, char **);

enum modfile_mode {
	MODFILE_STRICT,		/* Parse: the main module's go.mod */
	MODFILE_LAX,		/* ParseLax: a dependency's go.mod */
	MODFILE_WORK		/* ParseWork: a go.work file */
};

/* modsyntax.c: the syntax tree and its editing primitives. */
struct modfile_expr *modsyntax_new(struct modfile *, enum modfile_expr_kind);
struct modfile_expr *modsyntax_add_line(struct modfile *, struct modfile_expr *,
	    const char **, size_t);
void	 modsyntax_update_line(struct modfile *, struct modfile_expr *,
	    const char **, size_t);
void	 modsyntax_mark_removed(struct modfile_expr *);
void	 modsyntax_cleanup(struct modfile *);
void	 modsyntax_insert_stmt(struct modfile *, size_t, struct modfile_expr *);
/* The length of token i, or of a comment (NUL bytes included). */
size_t	 modsyntax_toklen(const struct modfile_expr *, size_t);
size_t	 modsyntax_comment_len(const struct modfile_comment *);
/* Token i of x was replaced by a C string: forget its old length. */
void	 modsyntax_token_changed(struct modfile_expr *, size_t);
void	 modsyntax_push_comment(struct modfile *, struct modfile_comment_vec *,
	    const struct modfile_comment *);

/* modread.c: the lexer and parser. */
int	 modread_parse(struct modfile *, const char *, const char *, size_t,
	    struct modfile_errors *);

/* modfile.c: directives. */
struct modfile *modfile_new(enum modfile_kind);
void	 modfile_free(struct modfile *);
/* Parse data as a go.mod (strict or lax) or go.work. Returns the file, or
 * NULL with the errors in *errs (which the caller frees in any case). */
struct modfile *modfile_parse(const char *, const char *, size_t,
	    enum modfile_mode, modfile_fixer, void *, struct modfile_errors *);
int	 modfile_is_indirect(const struct modfile_expr *);
int	 modfile_must_quote(const char *);
/* AutoQuote, into the file's arena. */
const char *modfile_auto_quote(struct modfile *, const char *);
int	 modfile_is_directory_path(const char *);
int	 modfile_go_version_ok(const char *);
int	 modfile_toolchain_ok(const char *);

/* modedit.c: the edits of modfile.File that fix makes (the go line, a
 * requirement set or added, Cleanup, SortBlocks). */
void	 modedit_cleanup(struct modfile *);
void	 modedit_sort_blocks(struct modfile *);
int	 modedit_add_go(struct modfile *, const char *, char **);
void	 modedit_add_require(struct modfile *, const char *, const char *);
void	 modedit_add_new_require(struct modfile *, const char *, const char *,
	    int);
/* A wanted requirement for set_require*. */
struct modedit_req {
	const char	*path;
	const char	*version;
	int		 indirect;
};
void	 modedit_set_require_separate_indirect(struct modfile *,
	    const struct modedit_req *, size_t);

/* modprint.c: Format, byte for byte; the caller frees the text. */
char	*modprint_format(const struct modfile_syntax *, size_t *);
/* go mod edit -print: SortBlocks, Cleanup, Format. */
char	*modprint_edit_print(struct modfile *, size_t *);

/* modjson.c: go mod edit -json, byte for byte (after the same SortBlocks
 * and Cleanup); the caller frees the text. */
char	*modjson_edit_json(struct modfile *);
/* Append s as a Go encoding/json string (HTML-safe escaping). */
void	 modjson_string(struct buf *, const char *);

#endif
