module example.com/check/sum-mismatch

go 1.17

require example.com/pd v1.2.0
