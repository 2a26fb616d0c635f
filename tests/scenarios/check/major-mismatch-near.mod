module example.com/check/major-mismatch-near

go 1.17

require example.com/inc v2.0.0+incompatible
