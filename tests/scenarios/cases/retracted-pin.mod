module example.com/main/retracted-pin

go 1.17

require example.com/ret v1.1.0
