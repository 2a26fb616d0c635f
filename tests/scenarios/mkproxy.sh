#!/bin/sh
# Build a GOPROXY tree from a spec file: mkproxy.sh SPEC DIR.
# A spec line is one version of a module:
#
#	PATH VERSION [go=GOVERSION] [toolchain=NAME] [req=PATH@VERSION ...]
#	    [retract=VERSION | retract=[LOW,HIGH]] [deprecated] [nomod]
#	    [module=PATH] [latest] [listed]
#
# giving its .info (times one minute apart from 2024-01-01T00:00, in spec
# order; a pseudo-version's is its commit time), its .mod
# (module line, go line, requirements, retractions with the rationale
# "broken release", "// Deprecated: use PATH/v2" when deprecated; "nomod"
# serves the synthesized "module PATH" of a repository without go.mod)
# and its line in @v/list; "module=PATH" makes the go.mod declare another
# path (a fork that keeps its original's); "latest" serves its .info as
# the module's @latest too; "listed" lists a pseudo-version (as
# proxy.golang.org lists those it has served). Lines starting with # are comments.
set -eu
spec=$1 dir=$2
mkdir -p "$dir"
awk -v dir="$dir" '
/^[ \t]*(#|$)/ { next }
{
	path = $1; ver = $2; go = ""; tc = ""; nreq = 0; nret = 0
	dep = 0; nomod = 0; decl = path; latest = 0; listed = 0
	for (i = 3; i <= NF; i++) {
		if ($i ~ /^go=/) go = substr($i, 4)
		else if ($i ~ /^toolchain=/) tc = substr($i, 11)
		else if ($i ~ /^req=/) {
			r = substr($i, 5); at = index(r, "@")
			req[++nreq] = substr(r, 1, at - 1) " " substr(r, at + 1)
		} else if ($i ~ /^retract=/) ret[++nret] = substr($i, 9)
		else if ($i == "deprecated") dep = 1
		else if ($i == "nomod") nomod = 1
		else if ($i ~ /^module=/) decl = substr($i, 8)
		else if ($i == "latest") latest = 1
		else if ($i == "listed") listed = 1
		else { print "mkproxy: bad field " $i > "/dev/stderr"; exit 2 }
	}
	d = dir "/" path "/@v"
	system("mkdir -p \"" d "\"")
	# Pseudo-versions are never listed; a module with only those has an
	# empty list, as proxy.golang.org serves it.
	printf "" >> (d "/list")
	if (listed || ver !~ /[-.]20[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-/)
		print ver >> (d "/list")
	n++
	if (match(ver, /[-.]20[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-/)) {
		ts = substr(ver, RSTART + 1, 14)
		when = sprintf("%s-%s-%sT%s:%s:%sZ", substr(ts, 1, 4),
		    substr(ts, 5, 2), substr(ts, 7, 2), substr(ts, 9, 2),
		    substr(ts, 11, 2), substr(ts, 13, 2))
	} else
		when = sprintf("2024-01-01T%02d:%02d:00Z", int(n / 60) % 24, n % 60)
	info = sprintf("{\"Version\":\"%s\",\"Time\":\"%s\"}\n", ver, when)
	printf "%s", info > (d "/" ver ".info")
	close(d "/" ver ".info")
	if (latest) {
		printf "%s", info > (dir "/" path "/@latest")
		close(dir "/" path "/@latest")
	}
	mod = d "/" ver ".mod"
	if (nomod) { printf "module %s\n", path > mod; close(mod); next }
	if (dep) printf "// Deprecated: use %s/v2 instead.\n", path > mod
	printf "module %s\n", decl > mod
	if (go != "") printf "\ngo %s\n", go > mod
	if (tc != "") printf "\ntoolchain %s\n", tc > mod
	if (nreq > 0) {
		printf "\nrequire (\n" > mod
		for (i = 1; i <= nreq; i++) printf "\t%s\n", req[i] > mod
		printf ")\n" > mod
	}
	for (i = 1; i <= nret; i++)
		printf "\nretract %s // broken release\n", ret[i] > mod
	close(mod)
}' "$spec"
