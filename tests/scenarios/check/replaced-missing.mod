module example.com/check/replaced-missing

go 1.21

require example.com/pa v1.2.0

replace example.com/pa => example.com/fork v1.9.0
