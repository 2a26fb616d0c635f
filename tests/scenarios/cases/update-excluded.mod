module example.com/main/update-excluded

go 1.17

require (
	example.com/excl v1.0.0
	example.com/ret v1.0.0
	example.com/pb v1.0.0
	example.com/fork v1.5.0
)

exclude example.com/excl v1.2.0
