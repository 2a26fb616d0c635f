module example.com/check/major-mismatch

go 1.17

require example.com/inc/v3 v2.0.0
