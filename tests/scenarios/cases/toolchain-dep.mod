module example.com/main/toolchain-dep

go 1.23

require example.com/newgo v1.2.0
