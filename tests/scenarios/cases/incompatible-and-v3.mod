module example.com/main/incompatible-and-v3

go 1.17

require (
	example.com/inc v2.1.0+incompatible
	example.com/inc/v3 v3.0.0
)
