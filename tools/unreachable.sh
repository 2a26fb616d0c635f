#!/bin/sh
# tools/unreachable.sh [BUILDDIR]: which functions of modvet's sources no
# program can reach, measured by the linker.
#
# It configures a build in BUILDDIR (default: a temporary directory) with
# every function in its own section, unoptimized so that nothing is
# inlined away, and links modvet, modvet-full and modvetd with
# --gc-sections --print-gc-sections and a map of the archive members each
# pulled in. A function is reachable when some program links its object
# and the linker keeps its section. Every unreachable one must be named in
# tools/unreachable.allow with its reason, and every name there must still
# be unreachable: the list only shrinks (issue 9, item 6).
#
# Exit status: 0 when the unreachable functions are exactly the allowed
# ones, 1 otherwise (the difference is printed), 2 when the build fails.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
allow="$top/tools/unreachable.allow"
programs="modvet modvet-full modvetd"
if [ $# -ge 1 ]; then
	build=$1
	mkdir -p "$build"
	keep=1
else
	build=$(mktemp -d "${TMPDIR:-/tmp}/modvet-unreachable.XXXXXX")
	keep=0
fi
build=$(cd "$build" && pwd)
[ "$keep" = 1 ] || trap 'rm -rf "$build"' EXIT INT TERM

jobs=$(nproc 2>/dev/null || echo 2)
(cd "$build" && "$top/configure" CFLAGS="-O0 -g0 -ffunction-sections" \
    >configure.log 2>&1 &&
    make -j"$jobs" libcompat.a libutil.a libgomod.a libgosrc.a \
    libproxyapi.a libcache.a libengine.a >make.log 2>&1) || {
	echo "unreachable.sh: the build failed (see $build)" >&2
	exit 2
}

# Link each program again, with the collector's reports.
for p in $programs; do
	rm -f "$build/$p"
	(cd "$build" && make "$p" \
	    LDFLAGS="-Wl,--gc-sections,--print-gc-sections,-Map=$p.map" \
	    >"$p.link" 2>&1) || {
		echo "unreachable.sh: linking $p failed (see $build/$p.link)" >&2
		exit 2
	}
done

# "object function" for every function an object defines, with the
# object named as its source file: libgomod.a(libgomod_a-mvs.o) and
# modvetd-server.o become gomod/mvs.c and daemon/server.c.
source_of() {
	sed -E \
	    -e 's|^lib([a-z]+)\.a\(lib[a-z]+_a-([^)]*)\.o\)|\1/\2.c|' \
	    -e 's|^lib([a-z]+)\.a\(([^)]*)\.o\)|\1/\2.c|' \
	    -e 's|^modvetd-([^ ]*)\.o|daemon/\1.c|' \
	    -e 's|^modvet(_full)?-([^ ]*)\.o|client/\2.c|'
}

cd "$build"
# Every function each object defines (text symbols, static ones too).
for a in libcompat.a libutil.a libgomod.a libgosrc.a libproxyapi.a \
    libcache.a libengine.a; do
	nm -A --defined-only "$a" | awk -v a="$a" '$2 ~ /^[Tt]$/ {
		split($1, f, ":"); print a "(" f[2] ") " $3 }'
done >defined.raw
# The programs' own objects: those their links loaded (a build directory
# used before may hold objects of sources since removed).
for p in $programs; do
	sed -n 's|^LOAD \(client/[^/]*\.o\)$|\1|p; s|^LOAD \(daemon/[^/]*\.o\)$|\1|p' "$p.map"
done | sort -u >own.objects
for o in $(cat own.objects); do
	nm --defined-only "$o" |
	    awk -v o="${o#*/}" '$2 ~ /^[Tt]$/ { print o, $3 }'
done >>defined.raw
# libcurl's typecheck-gcc.h defines a static _curl_*_err_* function per
# option type, only ever named in a compile-time check: not ours.
source_of <defined.raw | grep -v ' _curl_[a-z_]*_err_' | sort -u >defined

# What each program keeps: the functions of the objects it links, less
# the sections the collector dropped.
for p in $programs; do
	{
		grep -E '^lib[a-z]+\.a\([^)]*\)' "$p.map" |
		    sed -E 's|^(lib[a-z]+\.a\([^)]*\)).*|\1|'
		# Its own objects, linked whole.
		sed -n 's|^LOAD [a-z]*/\([^/]*\.o\)$|\1|p' "$p.map"
	} | source_of | sort -u >"$p.objects"
	grep "removing unused section '\.text\." "$p.link" |
	    sed -E "s/.*'\.text\.([^']*)' in file '([^']*)'.*/\2 \1/" |
	    sed -E 's|^[^ ]*/||' | source_of | sort -u >"$p.dropped"
	awk 'NR == FNR { linked[$1] = 1; next } linked[$1]' "$p.objects" \
	    defined | sort >"$p.linked"
	comm -23 "$p.linked" "$p.dropped" >"$p.kept"
done
cat modvet.kept modvet-full.kept modvetd.kept | sort -u >reachable
comm -23 defined reachable >unreachable

grep -v -e '^#' -e '^[[:space:]]*$' "$allow" | awk '{ print $1, $2 }' |
    sort -u >allowed
comm -23 unreachable allowed >unexpected
comm -13 unreachable allowed >stale

printf '%s functions defined, %s reachable from a program, %s not (%s allowed)\n' \
    "$(wc -l <defined)" "$(wc -l <reachable)" "$(wc -l <unreachable)" \
    "$(wc -l <allowed)"
status=0
if [ -s unexpected ]; then
	echo "unreachable and not in tools/unreachable.allow (remove them, or"
	echo "add them there with the reason they stay):"
	sed 's/^/  /' unexpected
	status=1
fi
if [ -s stale ]; then
	echo "in tools/unreachable.allow but reachable or gone (drop the lines):"
	sed 's/^/  /' stale
	status=1
fi
exit $status
