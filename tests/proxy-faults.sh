#!/bin/sh
# Classification under faults: the fake proxy answers 30% of requests
# with a transient fault (500/503/429, truncated bodies, dropped
# connections) and trickles 5% of bodies slowly. 1,000 lookups of versions
# that exist and 1,000 of versions that do not must give not one wrong
# "not-found" and not one wrong "exists"; undecided is "transient". Then
# a second run with retries off shows that the honest outcome under
# faults is "transient", never a wrong answer. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup faults
mv_need_shared
echo "1..2"
mv_fakeproxy url --root "$FIXTURE" --fail-rate 0.15 --truncate-rate 0.10 \
    --drop-rate 0.05 --slow-rate 0.05 --seed 20261201
if out=$(GOPROXY="$url" "$MVTOOL" lookups "$FIXTURE" 1000 1 2>&1); then
	echo "ok 1 - 30% faults, with retries: $(echo $out)"
else
	echo "not ok 1 - 30% faults, with retries:"; echo "$out" | sed 's/^/# /'
fi
# Without retries the faults reach the classifier: many transients, still
# no wrong answer.
if out=$(GOPROXY="$url" MODVET_FETCH_ATTEMPTS=1 "$MVTOOL" lookups \
    "$FIXTURE" 1000 2 2>&1) &&
    echo "$out" | grep -q 'exist: ok [0-9]* not-found 0 transient [1-9]'; then
	echo "ok 2 - 30% faults, no retries: $(echo $out)"
else
	echo "not ok 2 - 30% faults, no retries:"; echo "$out" | sed 's/^/# /'
fi
