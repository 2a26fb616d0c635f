module example.com/check/retracted-near

go 1.17

require example.com/ret v1.2.0
