module example.com/c

require (
	example.com/a v1.0.0
