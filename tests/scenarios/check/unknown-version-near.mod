module example.com/check/unknown-version-near

go 1.21

require example.com/pa v1.2.0
