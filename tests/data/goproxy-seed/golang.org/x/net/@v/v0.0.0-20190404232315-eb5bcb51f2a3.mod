module golang.org/x/net

require (
	golang.org/x/crypto v0.0.0-20190308221718-c2843e01d9a2
	golang.org/x/text v0.3.0
)
