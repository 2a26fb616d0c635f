module example.com/g

go 1.21rc1

toolchain go1.22.3-custom
