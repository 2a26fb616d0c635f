// Deprecated: in block comment
module (
	example.com/dep
)
