module golang.org/x/net

go 1.17

require (
	golang.org/x/sys v0.0.0-20210423082822-04245dca01da
	golang.org/x/term v0.0.0-20201126162022-7de9c90e9dd1
	golang.org/x/text v0.3.6
)
