module github.com/mattn/go-isatty

go 1.12

require golang.org/x/sys v0.0.0-20191026070338-33540a1f6037
