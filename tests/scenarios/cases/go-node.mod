module example.com/main/go-node

go 1.21

require example.com/newgo v1.0.0
