#!/bin/sh
# HTTPS upstreams and their trust anchors (proxyapi/fetch-trust.c): the
# go command's SSL_CERT_FILE and SSL_CERT_DIR decide which certificate
# authorities modvet trusts; the anchors are parsed once per fetcher, not
# once per connection; and a certificate that cannot be trusted makes an
# answer unknown, never "missing". A fake proxy serves the seed program's
# trees over TLS with a certificate of a CA this test makes. TAP.
set -u
. "${srcdir:-.}/tests/lib.sh"
mv_setup tlstrust
: "${MODVETD:=$builddir/modvetd}"
if ! command -v openssl >/dev/null 2>&1; then
	echo "1..0 # SKIP openssl (the command) not found: it makes the test CA"
	exit 0
fi
data="$srcdir/tests/data"
P=github.com/pulumi/pulumi-aws/sdk/v6
cd "$work"
# The CA, and a server certificate for 127.0.0.1 that it signs.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -days 2 -subj "/CN=modvet test CA" -keyout ca.key -out ca.pem \
    > openssl.log 2>&1 &&
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=127.0.0.1" -keyout srv.key -out srv.csr >> openssl.log 2>&1 &&
printf 'subjectAltName=IP:127.0.0.1\n' > san.ext &&
openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
    -days 2 -extfile san.ext -out srv.pem >> openssl.log 2>&1 || {
	echo "Bail out! openssl could not make the test CA: $(cat openssl.log)"
	exit 1
}
# The CA alone in a hashed directory (openssl rehash: "HASH.0" links).
mkdir -p hashed empty
cp ca.pem hashed/ca.pem
openssl rehash hashed > /dev/null 2>&1 ||
    ln -s ca.pem "hashed/$(openssl x509 -hash -noout -in ca.pem).0"
mv_fakeproxy url --tls srv.pem srv.key --log "$work/proxy.log" \
    --root "$data/goproxy-aws" --root "$srcdir/examples/goproxy-pulumi-sdk" \
    --root "$data/goproxy-deps"
export GOPROXY="$url" GOFLAGS= GOPRIVATE= GONOPROXY= GOINSECURE= GONOSUMDB=
cd "$srcdir"
d="$work/seed"; mkdir -p "$d"
cp "$srcdir/examples/aws-go/go.mod" "$d/go.mod"
# The same fixture trees over plain HTTP: what every HTTPS answer must equal.
mv_fakeproxy plain --root "$data/goproxy-aws" \
    --root "$srcdir/examples/goproxy-pulumi-sdk" --root "$data/goproxy-deps"

echo "1..7"
case "$url" in https://*) ;; *)
	echo "Bail out! fakeproxy did not serve HTTPS: $url"; exit 1;; esac

SSL_CERT_FILE="$work/ca.pem" SSL_CERT_DIR="$work/empty" \
    "$MODVET" versions "$P" > "$work/out" 2>&1
check "SSL_CERT_FILE names the CA: the versions over HTTPS ($(wc -w < "$work/out") words)" \
    'grep -q "v6.20.1" "$work/out"'

SSL_CERT_FILE="$work/none.pem" SSL_CERT_DIR="$work/hashed" \
    "$MODVET" versions "$P" > "$work/out" 2>&1
check "SSL_CERT_DIR names a hashed directory holding the CA: the same versions" \
    'grep -q "v6.20.1" "$work/out"'

# Neither names it: the system's anchors do not know this CA. (Its own
# cache: the failure is remembered there for a while, as it should be.)
MODVET_CACHE="$work/untrusted.db" SSL_CERT_FILE="$work/none.pem" \
    SSL_CERT_DIR="$work/empty" "$MODVET" check -C "$d" > "$work/out" 2>&1
st=$?
check "an untrusted certificate: v6.20.0 is upstream-unavailable, never unknown-version (exit $st)" \
    'grep -q "upstream-unavailable: $P v6.20.0" "$work/out" &&
    ! grep -q "unknown-version" "$work/out" &&
    grep -qi "certificate" "$work/out"'

# The seed's check over HTTPS equals its check over HTTP, and the CA file
# is read once for all of the check's connections.
: > "$work/proxy.log"
if command -v strace >/dev/null 2>&1; then
	SSL_CERT_FILE="$work/ca.pem" SSL_CERT_DIR="$work/empty" \
	    strace -f -qq -e trace=openat -o "$work/strace" \
	    "$MODVET" check -C "$d" > "$work/https.out" 2>&1; st=$?
else
	SSL_CERT_FILE="$work/ca.pem" SSL_CERT_DIR="$work/empty" \
	    "$MODVET" check -C "$d" > "$work/https.out" 2>&1; st=$?
fi
MODVET_CACHE="$work/plain.db" GOPROXY="$plain" "$MODVET" check -C "$d" \
    > "$work/http.out" 2>&1; pst=$?
sed "s|$url|PROXY|g; s/ at [0-9T:-]*Z)/)/" "$work/https.out" > "$work/a"
sed "s|$plain|PROXY|g; s/ at [0-9T:-]*Z)/)/" "$work/http.out" > "$work/b"
check "check over HTTPS = check over HTTP (exit $st/$pst): $(tail -1 "$work/a")" \
    '[ $st = $pst ] && grep -q "unknown-version: $P v6.20.0" "$work/a" &&
    cmp -s "$work/a" "$work/b" || { diff "$work/a" "$work/b" > "$work/out"; false; }'
conns=$(grep -c "^CONNECT" "$work/proxy.log")
reqs=$(grep -vc "^CONNECT" "$work/proxy.log")
if command -v strace >/dev/null 2>&1; then
	opens=$(grep -c "\"$work/ca.pem\"" "$work/strace")
	check "the CA file is read once for $conns TLS connections ($reqs requests): $opens" \
	    '[ "$conns" -ge 2 ] && [ "$opens" = 1 ]'
else
	skip "strace not found: the CA file's reads are not counted"
fi

# The daemon reads its own environment's anchors, and answers as --local.
sock="$work/run/d/modvetd.sock"
export SSL_CERT_FILE="$work/ca.pem" SSL_CERT_DIR="$work/empty"
mv_start_daemon d --socket "$sock" --cache "$work/d.db" --refresh-interval 0
unset MODVET_LOCAL
"$MODVET" --socket "$sock" --no-autostart check -C "$d" > "$work/remote.out" 2>&1
rst=$?
sed "s|$url|PROXY|g; s/ at [0-9T:-]*Z)/)/" "$work/remote.out" > "$work/r"
check "through modvetd (SSL_CERT_FILE in its environment) = --local (exit $rst/$st)" \
    '[ $rst = $st ] && cmp -s "$work/r" "$work/a" ||
    { diff "$work/a" "$work/r" > "$work/out"; false; }'

# A client's SSL_CERT_FILE does not travel: the daemon trusts what its
# operator configured, and the same answer comes back.
SSL_CERT_FILE="$work/none.pem" "$MODVET" --socket "$sock" --no-autostart \
    check -C "$d" > "$work/remote2.out" 2>&1
sed "s|$url|PROXY|g; s/ at [0-9T:-]*Z)/)/" "$work/remote2.out" > "$work/r2"
check "a client's SSL_CERT_FILE does not change what the daemon trusts" \
    'cmp -s "$work/r2" "$work/r"'
