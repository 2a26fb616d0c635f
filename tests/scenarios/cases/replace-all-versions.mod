module example.com/main/replace-all-versions

go 1.17

require example.com/pa v1.1.0

replace example.com/pa => example.com/fork v1.5.0
