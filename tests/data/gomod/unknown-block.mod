module example.com/u

frob (
	x
)
