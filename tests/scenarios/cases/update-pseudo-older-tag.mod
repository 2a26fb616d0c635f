module example.com/main/update-pseudo-older-tag

go 1.17

require (
	example.com/old2 v0.0.0-20250101000000-cccccccccccc
	example.com/ahead v1.0.1-0.20250101000000-dddddddddddd
)
