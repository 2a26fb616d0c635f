/*
 * The table of rules: one row per finding code, with its severity (the
 * one a rule gives unless it says why otherwise), a one-line summary and
 * the help a person reads to fix it. JSON decoding, SARIF's rule metadata,
 * "modvet explain" and the man page's list read it. A new rule is a row
 * here and a function in rules-*.c.
 */

#include "config.h"

#include <string.h>

#include "util/util.h"
#include "engine/engine.h"

static const struct rule rule_table[] = {
	{ "unknown-version", FINDING_ERROR,
	  "The pinned (or selected) version does not exist.",
	  "The upstream answered 404 or 410 to an explicit request for the "
	  "version's .info: it was never published (a typo, a tag of another "
	  "module, a version only in git). The evidence gives the nearest "
	  "versions that exist; the suggestion is the closest one with which "
	  "the whole graph works, with the companion bumps it needs." },
	{ "invalid-gomod", FINDING_ERROR,
	  "The go.mod does not parse.",
	  "A line of the go.mod is not valid go.mod syntax; the go command "
	  "refuses the file. Each error is reported at its line, as the go "
	  "command reports them all." },
	{ "invalid-version", FINDING_ERROR,
	  "The version is not a valid canonical Go module version.",
	  "Go module versions are semantic versions with a v prefix "
	  "(v1.2.3), a pseudo-version, or +incompatible for a major above v1 "
	  "without a go.mod. Write the full version the go command would." },
	{ "invalid-path", FINDING_ERROR,
	  "The module path is one the go command rejects.",
	  "Module paths are lower-case host-like first elements, no control "
	  "bytes, no host:port; modvet never sends such a path to an upstream." },
	{ "major-mismatch", FINDING_ERROR,
	  "The version's major does not fit the module path.",
	  "A module at v2 or above lives at a path ending in /vN (or is "
	  "+incompatible); v0 and v1 live at the path without a suffix. Fix "
	  "the path or the version." },
	{ "retracted", FINDING_ERROR,
	  "The module's authors retracted this version.",
	  "The latest go.mod of the module retracts the version (its "
	  "rationale is quoted). Move to a version that is not retracted." },
	{ "checksum-mismatch", FINDING_ERROR,
	  "A go.sum line differs from what the upstream serves or the "
	  "checksum database proves.",
	  "The hash in go.sum is not the hash of what was served, or not the "
	  "one the checksum database's signed log holds (the evidence gives "
	  "the record and the signed tree). Never overwrite it blindly: find "
	  "out which is right." },
	{ "no-module", FINDING_ERROR,
	  "No module of the build list provides an imported package.",
	  "The import path is under no module the go.mod requires (directly "
	  "or not): the go command stops with \"no required module provides "
	  "package\". The suggestion is the module go get would add (the "
	  "longest prefix of the path that is a module whose latest version "
	  "has the package); modvet fix adds it." },
	{ "unknown-package", FINDING_ERROR,
	  "The module that would provide an import has no such package.",
	  "The selected version of the module whose path prefixes the import "
	  "has no package at that path (the package index of its zip says "
	  "which it has). The alternatives are packages of the same module: "
	  "one whose Pulumi type tokens alias the missing name comes first, "
	  "then those holding what the file uses." },
	{ "unknown-symbol", FINDING_ERROR,
	  "A selector names something the imported package does not export.",
	  "pkg.Name is not a package-level exported name of that package at "
	  "the selected version (or the package itself is missing). The "
	  "alternatives are names of the module sharing the words of the "
	  "symbol and of the package." },
	{ "invalid-source", FINDING_ERROR,
	  "A Go file of the main module cannot be read as Go.",
	  "The file does not scan or parse where the finding says; the go "
	  "command refuses it too. What was read before the error is "
	  "checked." },
	{ "not-in-sumdb", FINDING_ERROR,
	  "The checksum database has no record of a version the build "
	  "downloads.",
	  "go.sum has no line for the version and the checksum database "
	  "answers that it never logged it: the go command refuses the "
	  "download. Use a published version, or list a private module in "
	  "GONOSUMDB or GOPRIVATE." },
	{ "sumdb-unchecked", FINDING_INFO,
	  "go.sum lines could not be confirmed by the checksum database.",
	  "The checksum database (GOSUMDB) could not be asked, or has no "
	  "record of the version: those go.sum lines are trusted to the "
	  "upstream that served them. Nothing here says they are wrong." },
	{ "upstream-unavailable", FINDING_WARNING,
	  "Something could not be checked: the upstreams failed.",
	  "Every upstream failed and the cache has no answer. This never "
	  "means the version is missing. For a pin of the go.mod it is an "
	  "error: nothing proves it exists, and a build cannot fetch it." },
	{ "bad-replacement", FINDING_ERROR,
	  "A replace directive points at a directory the build cannot use.",
	  "The directory of a replace line has no readable go.mod (missing, "
	  "misspelt, not checked out). The go command fails on it; the "
	  "evidence names the file it tried. Fix the path, or remove the "
	  "replace line to use the required version." },
	{ "not-selected", FINDING_ERROR,
	  "Minimal Version Selection builds a higher version than the pin.",
	  "A dependency requires more than the go.mod pins, so go.mod is "
	  "not tidy and a -mod=readonly build fails. The evidence shows the "
	  "chain of requirements; pin the selected version." },
	{ "missing-require", FINDING_ERROR,
	  "go.mod does not require a module the build loads packages from.",
	  "From go 1.17 the module graph is pruned: go.mod lists every "
	  "module that provides a package the build loads, those the main "
	  "module does not import directly marked // indirect. A module the "
	  "build needs that is not listed stops a -mod=readonly build (the "
	  "default) with \"updates to go.mod needed\"; the evidence names a "
	  "package it provides. modvet fix adds the line as go mod tidy "
	  "would." },
	{ "go-version", FINDING_ERROR,
	  "A dependency needs a newer Go than the main module declares.",
	  "A selected dependency's go line is newer than the main module's; "
	  "raise the go line (the suggestion gives the version)." },
	{ "workspace", FINDING_ERROR,
	  "The go.work makes a workspace the go command refuses.",
	  "Every go command run in the workspace stops on it: a go.work line "
	  "that does not parse, a use line without a readable go.mod, a "
	  "module listed twice, a module whose go line is newer than the "
	  "go.work's (go work use raises it), or two modules that replace "
	  "one module differently (a replace line in the go.work settles "
	  "it). GOWORK=off checks each module alone." },
	{ "toolchain", FINDING_ERROR,
	  "The Go that builds is older than a go line needs.",
	  "The go command refuses a go.mod whose go line is newer than the "
	  "Go that runs it: the main module's, unless GOTOOLCHAIN lets it "
	  "switch to that Go (auto, path, goX+auto), and, whatever "
	  "GOTOOLCHAIN says, any module's of the graph with go 1.21 or "
	  "later. A switch downloads golang.org/toolchain from the module "
	  "proxy: a toolchain it does not have stops every go command too. "
	  "The Go that builds is the caller's: GOVERSION when set "
	  "(to ask about another Go), else its go command's. Use a newer "
	  "Go, or versions of the dependencies that need no newer one." },
	{ "deprecated", FINDING_WARNING,
	  "The module is deprecated by its authors.",
	  "The latest go.mod of the module says // Deprecated: on its module "
	  "line (quoted). Move to what it recommends." },
	{ "missing-sum", FINDING_WARNING,
	  "go.sum lacks a line the build needs.",
	  "Builds with -mod=readonly need go.sum lines for the go.mod files "
	  "the graph reads; modvet fix writes them." },
	{ "malformed-sum", FINDING_INFO,
	  "A go.sum line names no module the go command can use.",
	  "The go command reads go.sum by counting three fields a line and "
	  "never matches this one (a merge conflict's marker, a hand edit). "
	  "It does no harm to a build; go mod tidy (or modvet fix) drops it. "
	  "A line of other than three fields is an error instead: every go "
	  "command fails on it." },
	{ "invalid-accept", FINDING_ERROR,
	  "A line of modvet.accept does not parse.",
	  "modvet.accept, beside the go.mod, lists findings the team accepts: "
	  "RULE MODULE[@VERSION] UNTIL REASON, UNTIL a date (YYYY-MM-DD) and "
	  "REASON why in words. A line that is not of that form, names no "
	  "rule, or gives no reason accepts nothing; fix it." },
	{ "accept-expired", FINDING_WARNING,
	  "An acceptance in modvet.accept has passed its date.",
	  "The entry accepted a finding until a day that has passed, so the "
	  "finding is reported again. Fix what it covers, or, if the reason "
	  "still holds, give the entry a new date (and say why)." },
	{ "outdated", FINDING_INFO,
	  "A newer version exists.",
	  "The version go list -m -u reports as the module's Update: the "
	  "highest release (else prerelease) above the selected version that "
	  "the main module does not exclude and the authors do not retract; "
	  "from a pseudo-version, never an older commit. go get -u would "
	  "take it." },
	{ "new-major", FINDING_INFO,
	  "A newer major version of the module exists.",
	  "A module path with the next major suffix (/vN+1) has releases. "
	  "The go command never moves to it by itself: it is another module, "
	  "and its import paths change." },
};

/* The row of a code, or NULL for a code this modvet does not know (an
 * older client reading a newer daemon's answer). */
const struct rule *
rule_find(const char *code)
{
	size_t	i;

	/* Every finding is made through here: the first letter first. */
	for (i = 0; code != NULL && i < nitems(rule_table); i++)
		if (rule_table[i].code[0] == code[0] &&
		    strcmp(rule_table[i].code, code) == 0)
			return (&rule_table[i]);
	return (NULL);
}

/* The rules, for listing; *n is set to their number. */
const struct rule *
rule_all(size_t *n)
{
	*n = nitems(rule_table);
	return (rule_table);
}
