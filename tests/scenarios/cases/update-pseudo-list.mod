module example.com/main/update-pseudo-list

go 1.17

require example.com/devlist v0.0.0-20240101000000-eeeeeeeeeeee
