module github.com/mattn/go-isatty

go 1.15

require golang.org/x/sys v0.6.0
