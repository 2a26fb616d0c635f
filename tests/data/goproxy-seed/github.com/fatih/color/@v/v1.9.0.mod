module github.com/fatih/color

go 1.13

require (
	github.com/mattn/go-colorable v0.1.4
	github.com/mattn/go-isatty v0.0.11
)
