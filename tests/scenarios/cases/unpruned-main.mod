module example.com/main/unpruned-main

go 1.16

require example.com/ua v1.0.0
