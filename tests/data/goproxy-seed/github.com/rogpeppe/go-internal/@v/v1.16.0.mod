module github.com/rogpeppe/go-internal

go 1.25

require (
	golang.org/x/mod v0.21.0
	golang.org/x/sys v0.26.0
	golang.org/x/tools v0.26.0
)
