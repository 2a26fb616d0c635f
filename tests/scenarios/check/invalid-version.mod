module example.com/check/invalid-version

go 1.17

require example.com/pa v1.2
