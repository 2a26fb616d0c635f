#!/bin/sh
# The h1 hashes of real module zips (conformance/dirhash.jsonl,
# known_module_hash): each zip is fetched from the module proxy and its
# content hash must be what go.sum records. Modules the proxy does not
# serve here, or an unreachable proxy, are skipped with the reason. TAP.
set -u

: "${MV_SHARED:=../shared}"
: "${MVTOOL:=./tests/tools/mvtool}"
if [ ! -d "$MV_SHARED/conformance" ]; then
	echo "1..0 # SKIP $MV_SHARED not found: this test reads the shared conformance vectors (../shared beside the source tree, or configure --with-shared=DIR)"
	exit 0
fi

proxy=$(printf '%s' "${GOPROXY:-https://proxy.golang.org}" | cut -d, -f1 | cut -d'|' -f1)
case "$proxy" in
direct|off|"") proxy=https://proxy.golang.org ;;
esac
cache=${MODVET_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/modvet-test}/zips
mkdir -p "$cache"

"$MVTOOL" jsonl "$MV_SHARED/conformance/dirhash.jsonl" known_module_hash \
    module_path version want > "$cache/cases.$$"
n=$(wc -l < "$cache/cases.$$")
echo "1..$n"
i=0; passed=0; skipped=0
while IFS="$(printf '\t')" read -r path version want; do
	i=$((i + 1))
	epath=$("$MVTOOL" escape "$path") || { echo "not ok $i - $path: cannot escape"; continue; }
	evers=$("$MVTOOL" escape-version "$version")
	zip="$cache/$(echo "$epath@$evers" | tr / _).zip"
	if [ ! -s "$zip" ]; then
		code=$(curl -s -L -o "$zip.tmp" -w '%{http_code}' \
		    --connect-timeout 10 --max-time 120 \
		    "$proxy/$epath/@v/$evers.zip") || code=000
		if [ "$code" != 200 ]; then
			rm -f "$zip.tmp"
			echo "ok $i - $path@$version # SKIP $proxy answered $code (not served here)"
			skipped=$((skipped + 1))
			continue
		fi
		mv "$zip.tmp" "$zip"
	fi
	got=$("$MVTOOL" h1zip "$zip")
	if [ "$got" = "$want" ]; then
		echo "ok $i - $path@$version $got"
		passed=$((passed + 1))
	else
		echo "not ok $i - $path@$version: got $got, want $want"
	fi
done < "$cache/cases.$$"
rm -f "$cache/cases.$$"
echo "# known_module_hash: $passed/$n passed, $skipped skipped"
