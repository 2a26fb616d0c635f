module example.com/check/deprecated

go 1.17

require example.com/old v1.0.0
