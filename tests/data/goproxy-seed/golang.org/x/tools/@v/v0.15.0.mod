module golang.org/x/tools

go 1.18

require (
	github.com/yuin/goldmark v1.4.13
	golang.org/x/mod v0.14.0
	golang.org/x/net v0.18.0
	golang.org/x/sys v0.14.0
)

require golang.org/x/sync v0.5.0
