module example.com/m // one
require (
	example.com/a v1.0.0 // two
) // three
