module example.com/main/unpruned-no-go

require example.com/ub v1.1.0
