module golang.org/x/exp

go 1.20

require (
	github.com/google/go-cmp v0.5.8
	golang.org/x/mod v0.14.0
	golang.org/x/tools v0.15.0
)

require golang.org/x/sys v0.14.0 // indirect
