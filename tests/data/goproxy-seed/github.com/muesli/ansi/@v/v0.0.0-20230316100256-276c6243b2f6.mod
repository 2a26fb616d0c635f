module github.com/muesli/ansi

go 1.17

require github.com/mattn/go-runewidth v0.0.14

require github.com/rivo/uniseg v0.2.0 // indirect
