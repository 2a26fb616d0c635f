#!/bin/sh
# A host name that did not resolve is not asked again for a minute
# (proxyapi/unresolved.c): with GOPROXY=direct on a machine that reaches
# no origin, the second module on the same host fails at once, saying so,
# and is still told as unavailable, never as absent; another host is
# asked. Through modvetd (one process for both requests). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup unresolved
unset MODVET_LOCAL
export GOFLAGS= GONOPROXY= GOPRIVATE= GOINSECURE= GONOSUMDB=
mv_start_daemon d --socket "$work/run/d.sock" --cache "$work/d.db" \
    --refresh-interval 0 --memo-ttl 0 --failure-ttl 0
viad() { GOPROXY=direct "$MODVET" --socket "$work/run/d.sock" --no-autostart "$@"; }
echo "1..3"
for m in one two; do
	mkdir -p "$work/$m"
	printf 'module example.com/%s\n\ngo 1.21\n\nrequire unresolved.invalid/%s v1.0.0\n' "$m" "$m" > "$work/$m/go.mod"
done
mkdir -p "$work/three"
printf 'module example.com/three\n\ngo 1.21\n\nrequire other.invalid/three v1.0.0\n' > "$work/three/go.mod"
viad check -C "$work/one" > "$work/one.out" 2>&1; st1=$?
viad check -C "$work/two" > "$work/two.out" 2>&1; st2=$?
cat "$work/one.out" "$work/two.out" > "$work/out"
# (within one check a module's later requests already find the name
# remembered: the evidence keeps the resolver's own words)
check "the first module on a name that does not resolve: unavailable, the resolver's error as evidence (exit $st1)" \
    '[ "$st1" = 1 ] && grep -q "upstream-unavailable: unresolved.invalid/one" "$work/one.out" &&
    grep -q "resolve host name" "$work/one.out" && ! grep -q "unknown-version" "$work/one.out"'
check "the second on the same name: not asked again, said so, still unavailable (exit $st2)" \
    '[ "$st2" = 1 ] && grep -q "upstream-unavailable: unresolved.invalid/two" "$work/two.out" &&
    grep -q "unresolved.invalid did not resolve [0-9]* ms ago" "$work/two.out" &&
    ! grep -q "unknown-version" "$work/two.out"'
viad check -C "$work/three" > "$work/out" 2>&1
check "another name is asked for itself" \
    '! grep -q "unresolved.invalid" "$work/out" && grep -q "other.invalid.*resolve host name" "$work/out"'
