module example.com/main/cycle-pruned

go 1.17

require example.com/cyc1 v1.0.0
