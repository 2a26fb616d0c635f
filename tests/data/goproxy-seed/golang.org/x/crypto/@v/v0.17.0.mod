module golang.org/x/crypto

go 1.18

require (
	golang.org/x/net v0.10.0 // tagx:ignore
	golang.org/x/sys v0.15.0
	golang.org/x/term v0.15.0
)

require golang.org/x/text v0.14.0 // indirect
