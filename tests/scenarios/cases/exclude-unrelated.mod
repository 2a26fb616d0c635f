module example.com/main/exclude-unrelated

go 1.17

require example.com/excl v1.2.0

exclude example.com/excl v1.1.0
