module dario.cat/mergo

go 1.13
