module example.com/main/retracted-range

go 1.17

require example.com/ret v1.0.0
