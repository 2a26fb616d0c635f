module example.com/main/update-v0-to-v1

go 1.17

require example.com/zero v0.1.0
