module example.com/check/unavailable

go 1.17

require example.com/pd v1.2.0
