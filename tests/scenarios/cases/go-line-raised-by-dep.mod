module example.com/main/go-line-raised-by-dep

go 1.21

require example.com/newgo v1.2.0
