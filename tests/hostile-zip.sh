#!/bin/sh
# Module zips an upstream should never serve, the go command as oracle:
# one that unpacks to more than 500 MiB by its own account (a zip bomb:
# 600 MiB of zeros, 600 KB on the wire) and one with a "../" name. modvet
# refuses each as the go command does, says why, and inflates nothing:
# "modvet sum" in-process and through the daemon (?zip=1) answers in
# seconds, and the daemon keeps serving. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup hostilezip
: "${MODVETD:=$builddir/modvetd}"
if ! mv_have_go; then
	echo "1..0 # SKIP go not found (the go command is the oracle)"; exit 0
fi
echo "1..5"
python3 "$srcdir/tests/tools/mkmod.py" "$work/proxy" example.com/bomb v1.0.0 zeros.txt@600
python3 "$srcdir/tests/tools/mkmod.py" "$work/proxy" example.com/dotdot v1.0.0 \
    '../escape.go=package escape\n'
mv_fakeproxy url --root "$work/proxy"
export GOPROXY="$url" GOFLAGS=-mod=mod GOTOOLCHAIN=local GONOSUMDB= GOPRIVATE= \
    GOMODCACHE="$work/gomodcache" GOPATH="$work/gopath"
mkdir -p "$work/app" && printf 'module example.com/app\n\ngo 1.21\n' > "$work/app/go.mod"

for m in bomb dotdot; do
	(cd "$work/app" && go mod download "example.com/$m@v1.0.0") > "$work/$m.go" 2>&1; gs=$?
	t0=$(date +%s%N)
	"$MODVET" sum "example.com/$m@v1.0.0" > "$work/$m.mv" 2>&1; ms=$?
	t=$(( ($(date +%s%N) - t0) / 1000000 ))
	check "$m: go refuses it (exit $gs); modvet sum refuses it too, saying why, in $t ms (exit $ms)" \
	    '[ $gs != 0 ] && [ $ms != 0 ] && grep -q "the go command refuses" "$work/$m.mv" && [ $t -lt 10000 ] ||
	    { cat "$work/$m.go" "$work/$m.mv" > "$work/out"; false; }'
done

mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db" --refresh-interval 0
unset MODVET_LOCAL
t0=$(date +%s%N)
"$MODVET" --socket "$work/run/d.sock" sum example.com/bomb@v1.0.0 > "$work/bomb.d" 2>&1; ds=$?
t=$(( ($(date +%s%N) - t0) / 1000000 ))
check "through the daemon (?zip=1): refused with the same reason in $t ms (exit $ds)" \
    '[ $ds != 0 ] && grep -q "too large" "$work/bomb.d" && [ $t -lt 10000 ] || { cp "$work/bomb.d" "$work/out"; false; }'
"$MODVET" --socket "$work/run/d.sock" versions example.com/dotdot > "$work/after" 2>&1; vs=$?
check "the daemon still serves (exit $vs)" '[ $vs = 0 ] && grep -q v1.0.0 "$work/after"'
export MODVET_LOCAL=1
check "the bomb's reason is its size, the other's its file name" \
    'grep -q "too large" "$work/bomb.mv" && grep -q "escape.go\|\.\." "$work/dotdot.mv" ||
    { cat "$work/bomb.mv" "$work/dotdot.mv" > "$work/out"; false; }'
