module example.com/main/go-node-raise

go 1.22

require example.com/newgo v1.1.0
