module github.com/muesli/termenv

go 1.17

require (
	github.com/aymanbagabas/go-osc52/v2 v2.0.1
	github.com/lucasb-eyer/go-colorful v1.2.0
	github.com/mattn/go-isatty v0.0.18
	github.com/mattn/go-runewidth v0.0.14
	golang.org/x/sys v0.7.0
)

require github.com/rivo/uniseg v0.2.0 // indirect
