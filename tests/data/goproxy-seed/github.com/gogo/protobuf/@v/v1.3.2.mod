module github.com/gogo/protobuf

go 1.15

require (
	github.com/kisielk/errcheck v1.5.0 // indirect
	github.com/kisielk/gotool v1.0.0 // indirect
	golang.org/x/tools v0.0.0-20210106214847-113979e3529a // indirect
)
