#!/bin/sh
# "direct" module fetching from git. The test builds repositories with
# git (a root module, a nested sdk/ module with sdk/-prefixed tags, a
# release tag without the prefix, an sdk/v3 module, a repository without
# go.mod whose v2 tags become +incompatible, a tag on no branch, a deleted
# tag, non-canonical and pseudo-version-shaped tags), serves them over
# file:// and "git daemon" on 127.0.0.1, and checks modvet's version lists
# against "go list -m -versions" with GOPROXY=direct. TAP.
set -u
: "${MODVET:=./modvet}"
: "${MVTOOL:=./tests/tools/mvtool}"

MODVET=$(cd "$(dirname "$MODVET")" && pwd)/$(basename "$MODVET")
MVTOOL=$(cd "$(dirname "$MVTOOL")" && pwd)/$(basename "$MVTOOL")
if ! command -v git >/dev/null 2>&1; then
	echo "1..0 # SKIP git not found"
	exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/modvet-git.XXXXXX")
daemon=
cleanup() {
	[ -n "$daemon" ] && kill "$daemon" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com \
    GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export MODVET_GITDIR="$work/mirrors" MODVET_CACHE="$work/cache.db" MODVET_LOCAL=1
mkdir -p "$MODVET_GITDIR"
g() { git -C "$work/src/$1" -c init.defaultBranch=main "$@" >/dev/null 2>&1; }

# repo: root module, nested sdk and sdk/v3 modules.
mkdir -p "$work/src/repo/sdk/v3"
git -C "$work/src/repo" -c init.defaultBranch=main init -q
cd "$work/src/repo"
echo "module 127.0.0.1/repo.git" > go.mod
echo "module 127.0.0.1/repo.git/sdk" > sdk/go.mod
git add . && git commit -qm one && git tag v1.0.0 && git tag sdk/v1.0.0
echo x > f && git add f && git commit -qm two && git tag sdk/v1.1.0
git tag v1.2.0			# a release without the sdk/ tag
git tag v1.3			# not canonical: not a version
git tag v1.4.0-0.20200101000000-abcdefabcdef	# shaped like a pseudo-version
echo "module 127.0.0.1/repo.git/sdk/v3" > sdk/go.mod
git add . && git commit -qm three && git tag sdk/v3.0.0
git checkout -qb side && echo y > g && git add g && git commit -qm side
git tag sdk/v3.1.0 && git tag v1.5.0	# tags that will be on no branch
git checkout -q main && git branch -qD side
git tag sdk/v3.2.0 && git tag -d sdk/v3.2.0 >/dev/null	# a deleted tag
cd "$work"

# inc: no go.mod anywhere, so v2 tags are +incompatible.
mkdir -p "$work/src/inc"
cd "$work/src/inc"
git -c init.defaultBranch=main init -q
echo a > a && git add a && git commit -qm a && git tag v1.0.0
echo b > b && git add b && git commit -qm b && git tag v2.0.0 && git tag v2.1.0
cd "$work"

mkdir -p "$work/serve"
git clone -q --bare "$work/src/repo" "$work/serve/repo"
git clone -q --bare "$work/src/inc" "$work/serve/inc"

echo "1..9"
# file:// — modvet's git layer directly.
check() { # n desc want got
	if [ "$3" = "$4" ]; then echo "ok $1 - $2: $4"
	else echo "not ok $1 - $2: got '$4', want '$3'"; fi
}
check 1 "file:// root module" "v1.0.0 v1.2.0 v1.5.0" \
    "$("$MVTOOL" gitversions "file://$work/serve/repo" "" "")"
check 2 "file:// nested sdk module (sdk/ tags only)" "v1.0.0 v1.1.0" \
    "$("$MVTOOL" gitversions "file://$work/serve/repo" sdk "")"
check 3 "file:// sdk/v3, with the tag on no branch" "v3.0.0 v3.1.0" \
    "$("$MVTOOL" gitversions "file://$work/serve/repo" sdk /v3)"
check 4 "file:// +incompatible" "v1.0.0 v2.0.0+incompatible v2.1.0+incompatible" \
    "$("$MVTOOL" gitversions "file://$work/serve/inc" "" "")"

# git daemon on 127.0.0.1:9418, the port go's git:// URLs use.
# git-daemon itself, not the "git daemon" wrapper, so that kill stops it.
"$(git --exec-path)/git-daemon" --reuseaddr --listen=127.0.0.1 --port=9418 --export-all \
    --base-path="$work/serve" "$work/serve" 2>"$work/daemon.log" &
daemon=$!
sleep 1
if ! kill -0 "$daemon" 2>/dev/null; then
	for i in 5 6 7 8 9; do echo "ok $i # SKIP git daemon could not listen on 127.0.0.1:9418"; done
	exit 0
fi
export GOPROXY=direct GOINSECURE=127.0.0.1 GONOSUMDB='*' GOSUMDB=off \
    GOFLAGS=-mod=mod GOTOOLCHAIN=local GOMODCACHE="$work/gomodcache" \
    GOWORK=off GIT_TERMINAL_PROMPT=0
n=5
for m in 127.0.0.1/repo.git 127.0.0.1/repo.git/sdk \
    127.0.0.1/repo.git/sdk/v3 127.0.0.1/inc.git; do
	got=$("$MODVET" versions "$m" 2>&1)
	if command -v go >/dev/null 2>&1; then
		want=$(cd "$work" && go list -m -versions "$m" 2>&1)
		check $n "git daemon: modvet versions $m = go list -m -versions" \
		    "$want" "$got"
	else
		echo "ok $n # SKIP go not found: $got"
	fi
	n=$((n + 1))
done
# The explanation of a missing nested-module version.
out=$("$MVTOOL" info 127.0.0.1/repo.git/sdk v1.2.0 2>&1)
case "$out" in
"not-found "*"has tag v1.2.0 but not sdk/v1.2.0"*)
	echo "ok 9 - sdk@v1.2.0 is not found, and why: $out" ;;
*)	echo "not ok 9 - sdk@v1.2.0: $out" ;;
esac
