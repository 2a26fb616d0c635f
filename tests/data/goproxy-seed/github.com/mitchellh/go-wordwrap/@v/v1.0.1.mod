module github.com/mitchellh/go-wordwrap

go 1.14
