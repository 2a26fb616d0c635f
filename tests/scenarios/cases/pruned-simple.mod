module example.com/main/pruned-simple

go 1.17

require example.com/pa v1.0.0
