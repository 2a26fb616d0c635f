module example.com/main/pruned-dep-go121

go 1.21

require (
	example.com/pa v1.2.0
	example.com/pb v1.2.0 // indirect
)
