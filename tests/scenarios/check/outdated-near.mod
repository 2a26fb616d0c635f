module example.com/check/outdated-near

go 1.17

require example.com/pd v1.2.0
