module example.com/check/deprecated-near

go 1.17

require example.com/pd v1.2.0
