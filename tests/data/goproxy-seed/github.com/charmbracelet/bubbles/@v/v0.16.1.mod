module github.com/charmbracelet/bubbles

go 1.17

require (
	github.com/atotto/clipboard v0.1.4
	github.com/charmbracelet/bubbletea v0.24.1
	github.com/charmbracelet/harmonica v0.2.0
	github.com/charmbracelet/lipgloss v0.7.1
	github.com/dustin/go-humanize v1.0.1
	github.com/lucasb-eyer/go-colorful v1.2.0
	github.com/mattn/go-runewidth v0.0.14
	github.com/muesli/reflow v0.3.0
	github.com/muesli/termenv v0.15.1
	github.com/sahilm/fuzzy v0.1.0
)

require (
	github.com/aymanbagabas/go-osc52/v2 v2.0.1 // indirect
	github.com/containerd/console v1.0.4-0.20230313162750-1ae8d489ac81 // indirect
	github.com/kylelemons/godebug v1.1.0 // indirect
	github.com/mattn/go-isatty v0.0.18 // indirect
	github.com/mattn/go-localereader v0.0.1 // indirect
	github.com/muesli/ansi v0.0.0-20211018074035-2e021307bc4b // indirect
	github.com/muesli/cancelreader v0.2.2 // indirect
	github.com/rivo/uniseg v0.2.0 // indirect
	golang.org/x/sync v0.1.0 // indirect
	golang.org/x/sys v0.6.0 // indirect
	golang.org/x/term v0.6.0 // indirect
	golang.org/x/text v0.3.8 // indirect
)
