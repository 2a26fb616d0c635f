module example.com/check/replaced-dir-missing

go 1.21

require example.com/pa v1.2.0

replace example.com/pa => ./nothere
