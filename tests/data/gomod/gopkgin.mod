module example.com/gp

require (
	gopkg.in/yaml.v3 v3.0.1
	gopkg.in/check.v1 v0.0.0-20161208181325-20d25e280405
	gopkg.in/bad.v2 v3.0.0
)
