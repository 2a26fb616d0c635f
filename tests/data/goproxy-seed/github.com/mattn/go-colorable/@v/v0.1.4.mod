module github.com/mattn/go-colorable

require github.com/mattn/go-isatty v0.0.8
