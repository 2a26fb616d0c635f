module github.com/cpuguy83/go-md2man/v2

go 1.11

require github.com/russross/blackfriday/v2 v2.1.0
