module example.com/check/unknown-version

go 1.21

require example.com/pa v1.9.0
