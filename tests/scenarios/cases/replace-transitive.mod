module example.com/main/replace-transitive

go 1.17

require (
	example.com/pa v1.1.0
	example.com/pb v1.1.0
)

replace example.com/pb v1.1.0 => example.com/fork v1.0.0
