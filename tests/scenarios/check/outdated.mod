module example.com/check/outdated

go 1.17

require example.com/pd v1.1.0
