module example.com/main/many-roots

go 1.21

require (
	example.com/pa v1.2.0
	example.com/ua v1.1.0
	example.com/inc v2.1.0+incompatible
	example.com/ret v1.3.0
	example.com/old v1.1.0
	example.com/newgo v1.0.0
)
