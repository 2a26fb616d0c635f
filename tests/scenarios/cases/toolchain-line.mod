module example.com/main/toolchain-line

go 1.21

toolchain go1.21.5

require example.com/pd v1.0.0
