module github.com/kevinburke/ssh_config

go 1.18
