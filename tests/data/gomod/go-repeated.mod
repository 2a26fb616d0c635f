module example.com/g

go 1.21
go 1.22
