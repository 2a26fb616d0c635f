module github.com/mattn/go-localereader
