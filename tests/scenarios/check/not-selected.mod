module example.com/check/not-selected

go 1.17

require (
	example.com/pa v1.1.0
	example.com/pb v1.0.0 // indirect
	example.com/pc v1.0.0 // indirect
	example.com/pd v1.2.0 // indirect
)
