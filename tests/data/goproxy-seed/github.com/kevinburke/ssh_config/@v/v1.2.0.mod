module github.com/kevinburke/ssh_config
