module dario.cat/mergo

go 1.13

require gopkg.in/yaml.v3 v3.0.1
