module example.com/main/major-v3

go 1.17

require example.com/inc/v3 v3.1.0
