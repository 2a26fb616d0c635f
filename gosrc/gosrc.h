/*
 * gosrc: what modvet needs to know of Go source files, with no network
 * I/O (zipindex.c reads a local zip) and no type checking: a scanner for the Go language's tokens (semicolon
 * insertion, raw strings, runes, comments) and a reader of one file's
 * package clause, build constraint, imports, exported top-level names
 * (funcs, types, vars, consts; not methods) and the pkg.Name selectors
 * of the names it imports.
 *
 * Conventions as in gomod.h. A reader never fails on bad input: it says
 * where the first syntax error is and keeps what it read before it.
 */
#ifndef GOSRC_H
#define GOSRC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/util.h"

/* scan.c: tokens, as go/scanner produces them. */
enum go_tok {
	GO_EOF,
	GO_ILLEGAL,
	GO_COMMENT,
	GO_IDENT,
	GO_KEYWORD,
	GO_INT,
	GO_FLOAT,
	GO_IMAG,
	GO_CHAR,
	GO_STRING,
	GO_OP,		/* operators and delimiters, text in p */
	GO_SEMI		/* ";" written or inserted (p is "\n" then) */
};

struct go_token {
	enum go_tok	 kind;
	const char	*p;		/* into the source */
	size_t		 len;
	int		 line;		/* 1-based */
	int		 col;		/* 1-based, in bytes */
};

struct go_scanner {
	const char	*src;
	size_t		 len;
	size_t		 off;
	int		 line;
	size_t		 line_start;
	int		 semi;		/* insert ";" at the next newline */
	const char	*error;		/* the first error, or NULL */
	int		 err_line, err_col;
};

void	 go_scan_init(struct go_scanner *, const char *, size_t);
/* The next token; comments are returned (the reader skips them). */
void	 go_scan(struct go_scanner *, struct go_token *);
/* Whether t is the operator, delimiter, keyword or ";" text. Inline, so
 * that a literal's length and bytes are compared as constants: readers
 * ask it of every token, several times. */
static inline int
go_tok_is(const struct go_token *t, const char *text)
{
	size_t	n = strlen(text);

	return ((t->kind == GO_OP || t->kind == GO_KEYWORD ||
	    t->kind == GO_SEMI) && t->len == n && memcmp(t->p, text, n) == 0);
}

/* read.c: one file. */
struct go_import {
	char	*name;		/* NULL, "_", "." or the local name given */
	char	*path;		/* unquoted */
	int	 line, col;
};
struct go_use {
	char	*pkg;		/* the name as written */
	char	*sel;
	int	 line, col;	/* of the selector's base */
};
struct go_file {
	char			*package;	/* NULL when there is none */
	char			*build;		/* the //go:build line's expression */
	struct go_import	*imports;
	size_t			 nimports;
	struct strv		 exported;	/* sorted, unique */
	struct go_use		*uses;		/* of import names, unshadowed */
	size_t			 nuses;
	/* String literals shaped as Pulumi type tokens
	 * ("aws:lb/loadBalancer:LoadBalancer"): an alias names what a
	 * resource was called before. */
	struct strv		 tokens;
	char			*error;		/* the first syntax error */
	int			 err_line, err_col;
};

void	 go_file_read(const char *, size_t, struct go_file *);
/* What a reader keeps: everything; the declarations but no selector uses
 * (a dependency's package index needs none); or only the header, package
 * clause and imports (its tests and other platforms' files). */
enum go_read {
	GO_READ_ALL,
	GO_READ_DECLS,
	GO_READ_IMPORTS
};
void	 go_file_read_as(const char *, size_t, enum go_read,
	    struct go_file *);
void	 go_file_free(struct go_file *);
/*
 * index.c: the importable packages of one module version, from its files
 * (relative paths inside the module and their bytes), as the go command
 * decides them for linux/amd64: a directory's non-test .go files that its
 * build constraints keep, not under testdata, vendor or a directory or
 * file whose name begins with "_" or ".".
 */
struct go_package {
	char		*dir;		/* "" for the module's root (first:
					   go_index_find relies on it) */
	char		*name;		/* its package clause */
	struct strv	 exported;	/* sorted, unique */
	struct strv	 imports;	/* sorted, unique */
	struct strv	 tokens;	/* Pulumi type tokens, sorted, unique */
	int		 nfiles;
};
/*
 * What go mod tidy reads of a directory (cmd/go/internal/imports'
 * ScanDir with every tag): the imports of its .go files that any build
 * but "ignore" keeps, whatever their file names say of a platform, those
 * of its _test.go files apart. A directory with any such file is one the
 * go command can resolve an import to, even with no package for
 * linux/amd64.
 */
struct go_pkgdeps {
	char		*dir;		/* first, as in go_package */
	struct strv	 imports;	/* sorted, unique, no "C" */
	struct strv	 test_imports;	/* of its _test.go files */
};
/*
 * An index may be partial: read from some directories of the zip only
 * (HTTP Range reads of a remote zip). Then unread names every other
 * directory holding Go source files, each as "dir\tfile file ..." (the
 * base names of its source files, which hint at what it declares), and
 * nothing may be concluded about a package there until it is read.
 */
struct go_index {
	struct go_package	*v;	/* sorted by dir */
	size_t			 n;
	size_t			 nfiles;	/* .go files read */
	size_t			 nerrors;	/* of them, unreadable */
	struct go_pkgdeps	*deps;	/* sorted by dir */
	size_t			 ndeps;
	struct strv		 unread;	/* sorted; empty: whole */
	struct strv		 read_listing;	/* the directories read, as
						   unread names them: while
						   the index is partial */
};
void	 go_index_init(struct go_index *);
/* Is this file (a path inside the module) one the build reads? */
int	 go_index_wants(const char *);
void	 go_index_add(struct go_index *, const char *, const char *, size_t);
void	 go_index_finish(struct go_index *);
const struct go_package *go_index_find(const struct go_index *,
	    const char *);
const struct go_pkgdeps *go_index_deps(const struct go_index *,
	    const char *);
/* Is a directory of the module one the index has not read (then its
 * "dir\tfiles" entry), else NULL. */
const char	*go_index_unread(const struct go_index *, const char *);
/* Mark the directories read (each as the sorted unread's entries name
 * them) once their files were added and go_index_finish ran. */
void	 go_index_mark_read(struct go_index *, const struct strv *);
/* A text form for the cache, and back (0, or -1 when malformed). */
char	*go_index_encode(const struct go_index *);
int	 go_index_decode(const char *, struct go_index *);
void	 go_index_free(struct go_index *);
/* zipindex.c: the index of a module zip (a local file) whose entries are
 * under "path@version/": 0, or -1 with *cause when it cannot be opened.
 * With dirs (sorted directories of the module), only their files are read
 * and added to idx, which holds what was read before (go_index_init it
 * for a first read); NULL reads every file. */
int	 go_index_from_zip(const char *, const char *, const char *,
	    const struct strv *, struct go_index *, char **);
/* The directory part of a path inside a module ("" at its root), in a
 * buffer of the caller's: the dirs go_index_from_zip takes. */
void	 go_path_dir(const char *, char *, size_t);

/* zipdir.c: where a zip's entries lie, from its central directory. */
struct zipdir_entry {
	char		*name;
	uint64_t	 offset;	/* of its local header */
	uint64_t	 end;		/* its bytes end here (the next
					   entry's start, or the directory's) */
	uint64_t	 csize, usize;
	uint32_t	 crc;
	uint16_t	 method;
};
struct zipdir {
	uint64_t		 size;		/* of the zip */
	uint64_t		 cd_offset, cd_size, count;
	struct zipdir_entry	*v;		/* in directory order */
	size_t			 n;
};
/* From the zip's last tlen bytes (a zip of size bytes): where its central
 * directory is (zd's cd_offset, cd_size, count), 0 or -1 with *cause. */
int	 zipdir_locate(const char *, size_t, uint64_t, struct zipdir *,
	    char **);
/* Read the central directory's cd_size bytes into zd's entries. */
int	 zipdir_parse(struct zipdir *, const char *, size_t, char **);
void	 zipdir_spans(struct zipdir *);
/* qsort's comparison of two entry pointers by offset. */
int	 zipdir_cmp_offset(const void *, const void *);
void	 zipdir_free(struct zipdir *);
/* A //go:build expression (NULL: none) for linux/amd64 with cgo and
 * every go1.N tag, and for go mod tidy (every tag but "ignore" holds,
 * negated or not). */
int	 go_build_match(const char *);
int	 go_build_match_any(const char *);
/* Does a file's base name (its _GOOS, _GOARCH suffixes) suit linux/amd64? */
int	 go_file_name_linux(const char *);
/* Is a path inside a module one of a Go file the go command reads
 * (".go", no element beginning with "_" or ".", none testdata or vendor
 * but the file's own name)? Build constraints and platforms aside. */
int	 go_path_is_source(const char *);

#endif
