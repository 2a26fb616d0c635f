module example.com/g

toolchain 1.21
