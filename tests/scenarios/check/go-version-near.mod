module example.com/check/go-version-near

go 1.23

require example.com/newgo v1.2.0
