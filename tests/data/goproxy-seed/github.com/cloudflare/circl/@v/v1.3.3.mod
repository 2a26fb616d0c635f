module github.com/cloudflare/circl

go 1.19

require (
	github.com/bwesterb/go-ristretto v1.2.3
	golang.org/x/crypto v0.3.1-0.20221117191849-2c476679df9a
	golang.org/x/sys v0.3.0
)
