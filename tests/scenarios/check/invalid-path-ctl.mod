module example.com/main/invalid-path-ctl

go 1.17

require "example.com/\033[31mred" v1.0.0
