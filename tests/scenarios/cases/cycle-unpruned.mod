module example.com/main/cycle-unpruned

go 1.16

require example.com/cyc1 v1.0.0
