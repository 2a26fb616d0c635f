module example.com/ind

require (
	example.com/a v1.0.0 // indirect
	example.com/b v1.0.0 //indirect
	example.com/c v1.0.0 // indirect; reason
	example.com/d v1.0.0 // not indirect
	example.com/e v1.0.0 // indirectly
	example.com/f v1.0.0 //	indirect
)
