module github.com/rogpeppe/go-internal

go 1.19

require (
	golang.org/x/mod v0.9.0
	golang.org/x/sys v0.0.0-20220722155257-8c9f86f7a55f
	golang.org/x/tools v0.1.12
)
