module example.com/ex

go 1.20

exclude (
	example.com/a v1.10.0
	example.com/a v1.9.0
	example.com/a v1.2.0
)
