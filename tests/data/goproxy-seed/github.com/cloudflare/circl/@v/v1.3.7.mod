module github.com/cloudflare/circl

go 1.19

require (
	github.com/bwesterb/go-ristretto v1.2.3
	golang.org/x/crypto v0.17.0
	golang.org/x/sys v0.15.0
)
