module example.com/main/pseudo-version

go 1.17

require example.com/pseudo v0.0.0-20240101000000-abcdefabcdef
