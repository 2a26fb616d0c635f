module github.com/muesli/reflow

go 1.13

require (
	github.com/mattn/go-runewidth v0.0.12
	github.com/rivo/uniseg v0.2.0 // indirect
)
