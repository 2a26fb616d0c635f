module example.com/check/sum-junk

go 1.17

require example.com/pd v1.2.0
