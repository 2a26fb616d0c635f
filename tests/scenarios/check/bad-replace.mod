module example.com/check/bad-replace

go 1.17

require example.com/pa v1.0.0

replace example.com/pa => example.com/inc/v3 v2.0.0
