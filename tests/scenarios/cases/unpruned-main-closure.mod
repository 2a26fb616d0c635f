module example.com/main/unpruned-main-closure

go 1.16

require example.com/ua v1.1.0
