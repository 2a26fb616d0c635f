module example.com/main/deprecated

go 1.17

require example.com/old v1.0.0
