module golang.org/x/net

go 1.18

require (
	golang.org/x/crypto v0.16.0
	golang.org/x/sys v0.15.0
	golang.org/x/term v0.15.0
	golang.org/x/text v0.14.0
)
