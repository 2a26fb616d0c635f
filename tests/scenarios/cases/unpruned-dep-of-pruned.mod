module example.com/main/unpruned-dep-of-pruned

go 1.17

require example.com/ua v1.1.0
