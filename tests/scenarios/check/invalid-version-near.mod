module example.com/check/invalid-version-near

go 1.17

require example.com/pa v1.1.0
