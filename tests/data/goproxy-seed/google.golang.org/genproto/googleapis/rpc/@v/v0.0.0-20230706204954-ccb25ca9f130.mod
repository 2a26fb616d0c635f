module google.golang.org/genproto/googleapis/rpc

go 1.19

require (
	google.golang.org/genproto v0.0.0-20230629202037-9506855d4529
	google.golang.org/protobuf v1.31.0
)

require github.com/google/go-cmp v0.5.9 // indirect
