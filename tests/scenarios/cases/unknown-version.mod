module example.com/main/unknown-version

go 1.21

require example.com/pa v1.9.0
