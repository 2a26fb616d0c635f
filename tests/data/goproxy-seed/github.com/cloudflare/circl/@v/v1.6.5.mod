module github.com/cloudflare/circl

go 1.25.0

require (
	github.com/bwesterb/go-ristretto v1.2.4
	golang.org/x/crypto v0.54.0
	golang.org/x/sys v0.47.0
)
