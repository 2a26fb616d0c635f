module github.com/mattn/go-isatty

require golang.org/x/sys v0.0.0-20190222072716-a9d3bda3a223
