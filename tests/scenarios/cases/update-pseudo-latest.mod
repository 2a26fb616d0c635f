module example.com/main/update-pseudo-latest

go 1.17

require example.com/dev v0.0.0-20240101000000-aaaaaaaaaaaa
