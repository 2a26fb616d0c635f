module github.com/stretchr/objx

go 1.25
