module golang.org/x/tools

go 1.11

require (
	github.com/yuin/goldmark v1.1.27
	golang.org/x/mod v0.2.0
	golang.org/x/net v0.0.0-20200226121028-0de0cce0169b
	golang.org/x/sync v0.0.0-20190911185100-cd5d95a43a6e
	golang.org/x/xerrors v0.0.0-20191204190536-9bdfabe68543
)
