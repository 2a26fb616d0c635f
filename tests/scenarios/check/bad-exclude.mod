module example.com/check/bad-exclude

go 1.17

require example.com/pd v1.2.0

exclude example.com/pd v1.1
