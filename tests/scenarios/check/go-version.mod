module example.com/check/go-version

go 1.21

require example.com/newgo v1.2.0
