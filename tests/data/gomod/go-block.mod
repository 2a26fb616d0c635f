module example.com/u

go (
	1.21
)
