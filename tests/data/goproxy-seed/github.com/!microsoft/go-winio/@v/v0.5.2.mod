module github.com/Microsoft/go-winio

go 1.13

require (
	github.com/sirupsen/logrus v1.7.0
	golang.org/x/sys v0.0.0-20210124154548-22da62e12c0c
)
