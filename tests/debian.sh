#!/bin/sh
# The Debian package (debian/): built from this tree with
# dpkg-buildpackage -us -uc -b, passing lintian without errors, holding
# both programs, the man pages, the systemd units (ExecStart naming
# /usr/bin) and the cron example; its daemon, started by hand (no
# systemctl), answers modvet status. The daemon and the whole client run
# from the package's files unpacked with dpkg-deb -x; with
# MODVET_TEST_DEB_INSTALL=1 (as .ci/run sets it, as root on a fresh
# machine) the package is also installed with dpkg, used, and purged.
# TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup debian
n=0
if [ "${MV_SANITIZERS:-no}" != no ]; then
	echo "1..0 # SKIP the package is built by the plain build's make check"
	exit 0
fi
for t in dpkg-buildpackage dh lintian git; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "1..0 # SKIP $t not installed (bootstrap installs dpkg-dev, debhelper and lintian)"
		exit 0
	fi
done
if ! git -C "$srcdir" rev-parse --git-dir >/dev/null 2>&1; then
	echo "1..0 # SKIP $srcdir is not a git checkout (the package is built from its files)"
	exit 0
fi
echo "1..8"

# The tree as git sees it (committed or not, ignored files left out),
# so that no build output of the checkout goes into the package.
mkdir -p "$work/src"
git -C "$srcdir" ls-files -z --cached --others --exclude-standard |
    tar -C "$srcdir" --null -T - -cf - | tar -C "$work/src" -xf -
# Not the test harness's make variables: automake passes the outer run's
# list of tests in MAKEFLAGS, and the package's make check would run them.
(cd "$work/src" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
    dpkg-buildpackage -us -uc -b -j2) > "$work/build.log" 2>&1
st=$?
cp "$work/build.log" "$work/out"
deb=$(ls "$work"/modvet_*_*.deb 2>/dev/null | head -1)
units=$(grep -c "^PASS: tests/unit/\|^SKIP: tests/unit/" "$work/build.log")
check "dpkg-buildpackage -us -uc -b builds the package (and its $units unit tests, only they, pass)" \
    '[ $st = 0 ] && [ -f "$deb" ] && grep -q "^# FAIL: *0" "$work/build.log" &&
    [ "$(grep -c "^# TOTAL: *$units\$" "$work/build.log")" = 1 ]'
[ -f "$deb" ] || { echo "Bail out! no package"; exit 1; }

lintian "$work"/modvet_*.changes > "$work/out" 2>&1
sed 's/^/# lintian: /' "$work/out"
check "lintian: no error (warnings: $(grep -c '^W:' "$work/out"))" \
    '! grep -q "^E:" "$work/out"'

dpkg-deb -c "$deb" | awk '{ print $6 }' > "$work/files"
cp "$work/files" "$work/out"
check "the package holds both programs, the whole client, the man pages, the units and the cron example" \
    'for f in ./usr/bin/modvet ./usr/bin/modvetd ./usr/libexec/modvet/modvet-full \
	./usr/share/man/man1/modvet.1.gz ./usr/share/man/man5/modvetd.conf.5.gz \
	./usr/share/man/man8/modvetd.8.gz ./lib/systemd/system/modvetd.service \
	./lib/systemd/system/modvet-report.service ./lib/systemd/system/modvet-report.timer \
	./usr/share/doc/modvet/examples/modvet-report ./usr/share/doc/modvet/copyright; do
	grep -qx -- "$f" "$work/files" || { echo "missing $f" > "$work/out"; exit 1; }
    done; true'

dpkg-deb -x "$deb" "$work/root"
grep -h '^ExecStart=' "$work"/root/lib/systemd/system/*.service > "$work/out"
check "the installed units start /usr/bin/modvetd and /usr/bin/modvet" \
    'grep -q "^ExecStart=/usr/bin/modvetd " "$work/out" &&
    grep -q "^ExecStart=/usr/bin/modvet report " "$work/out" &&
    ! grep -q /usr/local "$work/out"'

dpkg-deb -I "$deb" postinst > "$work/out" 2>&1
check "postinst creates the socket's group and enables modvetd, not the report's timer" \
    'grep -q "addgroup --system --quiet modvet" "$work/out" &&
    grep -q "deb-systemd-helper enable .modvetd.service." "$work/out" &&
    ! grep -q "debian-installed .modvetd.service." "$work/out" &&
    grep -q "debian-installed .modvet-report.timer." "$work/out"'

# The package's own daemon and whole client, from the unpacked files.
MODVETD="$work/root/usr/bin/modvetd"
GOPROXY=off mv_start_daemon pkg --socket "$work/run/pkg.sock" \
    --cache "$work/pkg.db" --refresh-interval 0
"$work/root/usr/libexec/modvet/modvet-full" --socket "$work/run/pkg.sock" \
    --no-autostart status > "$work/out" 2>&1
st=$?
check "the unpacked daemon, started by hand, answers modvet status" \
    '[ $st = 0 ] && grep -q "^pid  *$pid$" "$work/out"'

if [ "${MODVET_TEST_DEB_INSTALL:-}" != 1 ] || [ "$(id -u)" != 0 ]; then
	skip "dpkg -i: set MODVET_TEST_DEB_INSTALL=1 as root to install the package here (.ci/run does)"
	skip "dpkg -i: not installed, so not purged"
	exit 0
fi
# Installed for real: dpkg runs postinst (no systemd here: nothing starts;
# --no-enable leaves the timer off unless an operator had enabled it).
dpkg -i "$deb" > "$work/out" 2>&1
st=$?
sock="$work/run/installed.sock"
/usr/bin/modvetd --socket "$sock" --cache "$work/installed.db" \
    --refresh-interval 0 > "$work/installed.log" 2>&1 &
ipid=$!
mv_pids="$mv_pids $ipid"
k=0
until grep -q "modvetd: ready" "$work/installed.log" 2>/dev/null || [ $k -gt 100 ]; do
	k=$((k + 1)); sleep 0.05
done
GOPROXY=off /usr/bin/modvet --socket "$sock" --no-autostart status >> "$work/out" 2>&1
st2=$?
check "dpkg -i, then /usr/bin/modvetd started by hand: /usr/bin/modvet status answers (group modvet made)" \
    '[ $st = 0 ] && [ $st2 = 0 ] && grep -q "^pid  *$ipid$" "$work/out" &&
    getent group modvet > /dev/null'
kill "$ipid" 2>/dev/null
dpkg --purge modvet > "$work/out" 2>&1
st=$?
check "dpkg --purge removes it" \
    '[ $st = 0 ] && [ ! -e /usr/bin/modvetd ] && [ ! -e /lib/systemd/system/modvetd.service ]'
