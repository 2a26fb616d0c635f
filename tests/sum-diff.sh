#!/bin/sh
# h1 hashes against the go command: for every version of the fixture tree
# that has a zip, "modvet sum" prints the go.sum lines that "go mod
# download" writes (its Sum and GoModSum), served by the fake proxy; and
# the go.mod hash of every fixture version equals INDEX.tsv's gomod_h1
# (which the fixture checked against real go.sum files). TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup sum
mv_need_shared
mv_fakeproxy url --root "$FIXTURE"
export GOPROXY="$url"
mv_goenv
zips=$(cd "$FIXTURE" && find . -name '*.zip' | sed 's|^\./||' | sort)
echo "1..$(($(echo "$zips" | wc -w) + 3))"
i=1
for z in $zips; do
	m=${z%/@v/*}; v=$(basename "$z" .zip)
	got=$("$MODVET" sum "$m@$v" 2>&1)
	echo "$got" >> "$work/sums"
	if ! mv_have_go; then
		echo "ok $i # SKIP go not found ($got)"
	else
		want=$(cd "$work" && go mod download -json "$m@$v" |
		    sed -n 's/^[[:space:]]*"\(Sum\|GoModSum\)": "\(.*\)",*$/\2/p' |
		    tr '\n' ' ')
		if [ "$(echo "$got" | awk '{ print $3 }' | tr '\n' ' ')" = "$want" ]; then
			echo "ok $i - $m@$v: $want"
		else
			echo "not ok $i - $m@$v: modvet '$got', go '$want'"
		fi
	fi
	i=$((i + 1))
done
# Every go.mod of the tree, hashed by modvet, against INDEX.tsv.
sed 1d "$FIXTURE/INDEX.tsv" | cut -f1,2,7 > "$work/index"
while IFS='	' read -r m v h1; do
	echo "$FIXTURE/$m/@v/$(echo "$v" | sed 's/[A-Z]/!&/g' | tr 'A-Z' 'a-z').mod"
done < "$work/index" | xargs "$MVTOOL" h1mod > "$work/got"
total=$(wc -l < "$work/index")
bad=$(cut -f3 "$work/index" | paste -d' ' - "$work/got" | awk '$1 != $2' | wc -l)
if [ "$bad" = 0 ] && [ "$total" -gt 2000 ] && [ "$(wc -l < "$work/got")" = "$total" ]; then
	echo "ok $i - go.mod hashes of $total fixture versions equal INDEX.tsv"
else
	echo "not ok $i - go.mod hashes: $bad of $total differ"
fi
i=$((i + 1))

# go.sum's zip lines: once "modvet sum" knows a zip's hash, check judges
# the go.sum line of that zip (and a right one passes).
m=github.com/pulumi/pulumi-random/sdk/v4 v=v4.16.0
line=$(grep "^$m $v " "$work/sums" 2>/dev/null || "$MODVET" sum "$m@$v" | head -1)
mkdir -p "$work/zipcheck"
printf 'module example.com/zipcheck\n\ngo 1.21\n\nrequire %s %s\n' "$m" "$v" \
    > "$work/zipcheck/go.mod"
echo "$line" > "$work/zipcheck/go.sum"
"$MODVET" check -C "$work/zipcheck" > "$work/good" 2>&1
echo "$m $v h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" > "$work/zipcheck/go.sum"
"$MODVET" check -C "$work/zipcheck" > "$work/bad" 2>&1
if grep -q "checksum-mismatch" "$work/good"; then
	echo "not ok $i - the right zip line is flagged"; sed 's/^/# /' "$work/good" | head
else
	echo "ok $i - the right zip line of $m@$v passes"
fi
i=$((i + 1))
if grep -q "checksum-mismatch: go.sum line 1 says $m $v h1:AAAA.*module zip the upstream serves hashes to" "$work/bad"; then
	echo "ok $i - a wrong zip line is checksum-mismatch"
else
	echo "not ok $i - a wrong zip line passes"; sed 's/^/# /' "$work/bad" | head
fi
