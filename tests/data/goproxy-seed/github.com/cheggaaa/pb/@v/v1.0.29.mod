module github.com/cheggaaa/pb

require (
	github.com/fatih/color v1.9.0
	github.com/mattn/go-colorable v0.1.4
	github.com/mattn/go-runewidth v0.0.4
	golang.org/x/sys v0.0.0-20191026070338-33540a1f6037
)

go 1.12
