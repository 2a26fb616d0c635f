module example.com/main/replace-version

go 1.17

require example.com/pa v1.0.0

replace example.com/pa v1.0.0 => example.com/fork v1.0.0
