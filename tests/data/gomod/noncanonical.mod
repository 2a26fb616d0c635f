module example.com/nc

require (
	example.com/a v1.0
	example.com/b v1.2.3+meta
	example.com/c v2.0.0+incompatible
	example.com/d/v2 v2.1
	gopkg.in/yaml.v2 v2.4
)

exclude example.com/a v1
