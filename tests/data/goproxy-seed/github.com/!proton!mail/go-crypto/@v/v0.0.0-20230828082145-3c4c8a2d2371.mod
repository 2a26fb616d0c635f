module github.com/ProtonMail/go-crypto

go 1.13

require (
	github.com/cloudflare/circl v1.3.3
	golang.org/x/crypto v0.7.0
)
