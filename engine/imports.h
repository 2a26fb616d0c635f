/*
 * Shared by the rules that read the packages of the build list
 * (rules-imports.c: the program against its pins; rules-tidy.c: the
 * go.sum lines go mod tidy keeps): the modules of the build list, each
 * with its package index loaded once, and how an import path is
 * resolved to the module that provides it.
 */
#ifndef VERIFY_IMPORTS_H
#define VERIFY_IMPORTS_H

#include "gosrc/gosrc.h"
#include "engine/engine.h"

#define IMPORTS_MAX_PREFIXES	64	/* modules one import path can be in */

/* A module version of the build list and its index, loaded once. */
struct provider {
	const char	*path;		/* as required */
	const char	*version;
	const char	*fetch_path;	/* its replacement's, when replaced */
	const char	*fetch_version;
	int		 opened;	/* pi is initialised */
	int		 listed;	/* and its listing read */
	int		 used;		/* provides a package the build loads */
	int		 tidy_zip;	/* go mod tidy keeps its zip line */
	int		 tidy_gomod;	/* and its go.mod line */
	int		 tidy_all;	/* provides a package of tidy's "all" */
	int		 direct;	/* the main module imports from it */
	char		*example;	/* a package it provides to the build */
	int		 status;	/* of reading the index */
	char		*error;
	struct pkgindex	 pi;		/* pi.idx: the packages read */
};

struct imports {
	struct check		*c;
	struct provider		*prov;
	size_t			 nprov;
	const char		*mainpath;
	int			 unchecked;
	char			*unchecked_error;
};

/* Is the import path one of the standard library (no dot in its first
 * element)? */
int		 imports_is_std(const char *);
/* Is module path mod a prefix of import path p? Then the rest ("" for
 * the module's root), else NULL. */
const char	*imports_under(const char *, const char *);
/* The index of a provider, loaded on first use; NULL when it cannot be
 * read (counted in im->unchecked). */
struct go_index	*imports_index(struct imports *, struct provider *);
/* Lower-case camel-case words of an identifier: "NewEventRule" -> new,
 * event, rule. */
void		 imports_words(const char *, struct strv *);
/* A package name lower-cased, and that without a final "s" ("Events":
 * "events", "event"), the words a name that holds it would use. */
void		 imports_name_forms(const char *, char **, char **);
/* Make a provider's index ready to read (no I/O). */
void		 imports_open(struct imports *, struct provider *);
/* Read the packages of these directories of a provider (sorted) where
 * not read yet: 0, or its status (counted in im->unchecked). */
int		 imports_read(struct imports *, struct provider *,
		    const struct strv *);
/* Read, before any rule holds a package, every package the build's
 * import graph reaches and those a missing package's suggestions may
 * name: a round of reads per level of the graph. */
void		 imports_plan(struct imports *);
/* The modules of the build list whose path is a prefix of an import
 * path, longest first, at most max; their number. */
size_t		 imports_prefixes(struct imports *, const char *,
		    struct provider **, size_t);
/*
 * The module that provides an import path, as the go command resolves
 * it: among the modules of the build list whose path is a prefix, the
 * longest that has the package: for linux/amd64 (*pkg then set), or
 * with tidy for go mod tidy's every build (*deps then set). When none
 * has it, *longest is the longest prefix module (NULL: none at all) and
 * the result is NULL; *unknown when an index could not be read.
 */
struct provider	*imports_provider(struct imports *, const char *, int,
		    const struct go_package **, const struct go_pkgdeps **,
		    struct provider **, int *);

/* rules-tidy.c: the providers go mod tidy keeps go.sum lines for, and
 * the missing-sum findings for those lines when c->tidy asks. */
void		 rules_tidy(struct imports *);
/* missing-require for the providers of the build's packages (p->used),
 * or of tidy's "all" (p->tidy_all) with tidy. */
void		 rules_requires(struct imports *, int);

#endif
