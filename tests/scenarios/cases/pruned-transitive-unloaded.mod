module example.com/main/pruned-transitive-unloaded

go 1.17

require example.com/pa v1.1.0
