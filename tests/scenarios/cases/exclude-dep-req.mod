module example.com/main/exclude-dep-req

go 1.17

require example.com/needsexcl v1.0.0

exclude example.com/excl v1.1.0
