module example.com/main/update-replaced

go 1.17

require (
	example.com/zero v0.1.0
	example.com/pd v1.0.0
)

replace example.com/zero v1.5.0 => example.com/zero v1.0.0

replace example.com/pd => example.com/pd v1.1.0
