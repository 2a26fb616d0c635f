module google.golang.org/protobuf

go 1.9

require github.com/google/go-cmp v0.5.5
