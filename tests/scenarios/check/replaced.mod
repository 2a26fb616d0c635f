module example.com/check/replaced

go 1.21

require example.com/pa v1.9.0

replace example.com/pa => example.com/fork v1.0.0
