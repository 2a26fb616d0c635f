module example.com/check/retracted

go 1.17

require example.com/ret v1.0.0
