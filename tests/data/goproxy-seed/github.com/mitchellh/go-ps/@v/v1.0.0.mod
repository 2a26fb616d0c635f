module github.com/mitchellh/go-ps

go 1.13
