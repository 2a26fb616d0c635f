module github.com/jbenet/go-context
