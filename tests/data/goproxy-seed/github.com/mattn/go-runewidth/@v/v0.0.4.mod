module github.com/mattn/go-runewidth
