module example.com/main/invalid-path

go 1.17

require localhost:1234/x v1.0.0
