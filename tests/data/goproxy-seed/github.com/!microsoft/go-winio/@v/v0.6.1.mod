module github.com/Microsoft/go-winio

go 1.17

require (
	github.com/sirupsen/logrus v1.9.0
	golang.org/x/sys v0.5.0
	golang.org/x/tools v0.6.0
)

require golang.org/x/mod v0.8.0 // indirect
