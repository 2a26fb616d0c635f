module example.com/blocks

require (
	example.com/one v1.0.0
)

require ()

require (
)

exclude (

)

require (

	example.com/two v1.0.0

	example.com/three v1.0.0


)
