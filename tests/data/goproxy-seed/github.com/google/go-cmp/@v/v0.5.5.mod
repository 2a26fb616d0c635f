module github.com/google/go-cmp

go 1.8

require golang.org/x/xerrors v0.0.0-20191204190536-9bdfabe68543
