// Leading comment
// second line

// Deprecated: use example.com/new instead.
module example.com/old // suffix on module

// before go
go 1.20 // the go line

require ( // after paren
	// before a
	example.com/a v1.0.0 // a suffix

	// before b, after blank
	example.com/b v1.1.0 // indirect; kept
	// dangling before rparen
) // after rparen
// after block

// trailing comment
