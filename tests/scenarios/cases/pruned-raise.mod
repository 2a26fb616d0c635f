module example.com/main/pruned-raise

go 1.21

require (
	example.com/pa v1.0.0
	example.com/pb v1.0.0
)
