#!/bin/sh
# Record the go.mod of every module of LIST (path version ...) as the
# module proxy serves it, into PATH@VERSION.mod with / as !, for
# tests/modules-diff.sh. Needs the go command and its proxy (GOPROXY).
# Run from anywhere: sh tests/data/modules/record.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export GOMODCACHE="$tmp/gomodcache" GOFLAGS=-mod=mod
rm -f "$here"/*.mod
grep -v '^#' "$here/LIST" | while read -r path version why; do
	[ -n "$path" ] || continue
	file=$(cd "$tmp" && go mod download -json "$path@$version" |
	    sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",*$/\1/p')
	if [ -z "$file" ]; then
		echo "record.sh: $path@$version: the proxy did not serve it" >&2
		exit 1
	fi
	cp "$file" "$here/$(echo "$path" | tr / !)@$version.mod"
	chmod 644 "$here/$(echo "$path" | tr / !)@$version.mod"
done
ls "$here"/*.mod | wc -l
