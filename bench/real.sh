#!/bin/sh
# Benchmark: real modules on the real module proxy. Each module's go.mod,
# as the proxy serves it, is used as a main module; "modvet check" and "go
# list -m -u -json all" (the go command's nearest question: every
# requirement resolved, with its upgrades) run on it side by side, with
# this machine's GOPROXY (",direct" included), in one run. modvet runs as
# people run it, through a modvetd the bench starts (its own socket and an
# empty cache), or in-process with DOOR=local ("modvet --local check"):
#
#   cold:  both with empty caches, the first run of each: every module gets
#          a module cache of its own for the go command, and a cache file
#          of its own for modvet (with a modvetd of its own through the
#          daemon), so that no module finds what an earlier one fetched;
#   warm:  the second run of each, caches as the first left them;
#   third: modvet once more: no module may still be slow ("slow": more than
#          a tenth of the go command's warm time, or above 1 s).
#
# The ratios are go/modvet per module (above 1: modvet faster), with the
# median and the worst. Through the daemon, the column "404 wait" is the
# longest the module proxy took, in modvet's cold run, to answer 404 for
# a next major's list (/vN+1/@v/list, which a check asks for every pin and
# the go command's "list -m -u" never does): the cold check cannot end
# before it (modvetd's debug log gives each answer's time). Needs the
# network; not a test.
#
# Usage: [DOOR=daemon|local] bench/real.sh [BUILDDIR]   (run from the
# source tree)
set -eu
srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=$(cd "${1:-$srcdir}" && pwd)
. "$srcdir/tests/lib.sh"
mv_setup benchreal
export GOFLAGS=-mod=mod GOTOOLCHAIN=local GOWORK=off GONOSUMDB= GOPRIVATE= \
    GOSUMDB= GOPATH="$work/gopath" GOCACHE="$work/gocache"
unset GOSUMDB
proxy=$(go env GOPROXY)
first=${proxy%%,*}
: "${MODS:=github.com/pulumi/pulumi/sdk/v3@v3.143.0
github.com/pulumi/pulumi-aws/sdk/v6@v6.58.0
github.com/pulumi/pulumi-random/sdk/v4@v4.16.0
github.com/pulumi/pulumi-kubernetes/sdk/v4@v4.18.0
github.com/pulumi/esc@v0.10.0
golang.org/x/mod@v0.20.0
golang.org/x/net@v0.30.0
golang.org/x/text@v0.19.0
google.golang.org/grpc@v1.67.1
google.golang.org/protobuf@v1.35.1
github.com/stretchr/testify@v1.9.0
github.com/spf13/cobra@v1.8.1
github.com/hashicorp/hcl/v2@v2.22.0
github.com/go-git/go-git/v5@v5.12.0
github.com/golang/protobuf@v1.5.4
github.com/prometheus/client_golang@v1.20.5
github.com/gin-gonic/gin@v1.10.0
sigs.k8s.io/controller-runtime@v0.19.1
helm.sh/helm/v3@v3.16.2
github.com/containerd/containerd@v1.7.23}"

: "${DOOR:=daemon}"
case $DOOR in
daemon|local) ;;
*)
	echo "DOOR is daemon or local" >&2; exit 2
	;;
esac

# start_modvet DIR: modvet with an empty cache in DIR (and, through the
# daemon, a modvetd of its own on it); stop_modvet ends that modvetd.
start_modvet() {
	export MODVET_CACHE="$1/modvet.db"
	if [ "$DOOR" = daemon ]; then
		unset MODVET_LOCAL
		sock="$1/run/modvetd.sock"
		mv_log="$work/real-$(basename "$1").log"
		mv_start_daemon "real-$(basename "$1")" --socket "$sock" \
		    --cache "$MODVET_CACHE" --refresh-interval 0 \
		    --log-level debug
		mv_daemon=$pid
	fi
}
stop_modvet() {
	if [ "$DOOR" = daemon ]; then
		kill "$mv_daemon"
		wait "$mv_daemon" 2>/dev/null || true
	fi
}
modvet() {
	if [ "$DOOR" = daemon ]; then
		"$builddir/modvet" --socket "$sock" --no-autostart "$@"
	else
		"$builddir/modvet" --local "$@"
	fi
}

# The longest next-major 404 in modvetd's log so far, in ms ("-" where
# there is no such answer, or modvet ran in-process).
wait404() {
	if [ "$DOOR" != daemon ]; then echo -; return; fi
	sed -n 's|.*fetch: asked at [0-9]* ms, \([0-9.]*\) ms: [^ ]*/v[0-9][0-9]*/@v/list: HTTP 404.*|\1|p' \
	    "$mv_log" | sort -n | tail -1 | awk '{ printf "%d", $1 } END { if (NR == 0) print "-" }'
}

ms() { # command...: wall milliseconds; the output in $work/out
	t0=$(date +%s%N)
	"$@" >"$work/out" 2>&1 || true
	echo "$(( ($(date +%s%N) - t0) / 1000000 ))"
}

echo "bench/real: $(echo "$MODS" | wc -l) modules as main modules, GOPROXY=$proxy, modvet $([ "$DOOR" = daemon ] && echo "through modvetd" || echo "--local")"
printf '%-46s %9s %9s %8s %8s %9s %9s %7s %9s\n' module "go cold" "mv cold" ratio \
    "404 wait" "go warm" "mv warm" ratio "mv 3rd"
: > "$work/ratios"
for mv in $MODS; do
	m=${mv%@*} v=${mv#*@}
	d="$work/mods/$(echo "$m" | tr / _)"
	mkdir -p "$d/go" "$d/mv"
	if ! curl -sfL -o "$d/go/go.mod" "$first/$m/@v/$v.mod"; then
		echo "$mv: the proxy did not serve its go.mod: skipped"
		continue
	fi
	cp "$d/go/go.mod" "$d/mv/go.mod"
	export GOMODCACHE="$d/gomodcache"
	start_modvet "$d"
	goc=$(cd "$d/go" && ms go list -m -u -json all)
	mvc=$(ms modvet check -C "$d/mv")
	w404=$(wait404)
	gow=$(cd "$d/go" && ms go list -m -u -json all)
	mvw=$(ms modvet check -C "$d/mv")
	mv3=$(ms modvet check -C "$d/mv")
	stop_modvet
	# (Two decimals: 231 ms against 242 is 0.95, not "1.0".)
	rc=$(awk -v a="$goc" -v b="$mvc" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }')
	rw=$(awk -v a="$gow" -v b="$mvw" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 1) }')
	slow=""
	if [ "$mv3" -gt 1000 ] || [ $((mv3 * 10)) -gt "$gow" ]; then slow=" slow"; fi
	printf '%-46s %7d ms %7d ms %7s× %5s ms %7d ms %7d ms %6s× %7d ms%s\n' "$mv" \
	    "$goc" "$mvc" "$rc" "$w404" "$gow" "$mvw" "$rw" "$mv3" "$slow"
	echo "$rc $rw $mv3 $w404 $goc $mv $slow" >> "$work/ratios"
done
sort -n -k1 "$work/ratios" | awk '{ c[NR] = $1 } END {
	printf "cold go/modvet: median %.2f×, worst %.2f× (%d modules)\n", c[int((NR + 1) / 2)], c[1], NR }'
sort -n -k2 "$work/ratios" | awk '{ w[NR] = $2 } END {
	printf "warm go/modvet: median %.1f×, worst %.1f×\n", w[int((NR + 1) / 2)], w[1] }'
echo "third run slow: $(grep -c slow "$work/ratios" || true) modules"
# Where modvet was slower cold: was the go command's whole run shorter
# than the proxy's one 404 that modvet had to wait for?
awk '$1 < 1 { printf "cold slower: %s: go %d ms, the proxy'"'"'s 404 for a next major %s ms\n", $6, $5, $4 }' "$work/ratios"
