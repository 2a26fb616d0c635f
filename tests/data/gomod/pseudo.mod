module example.com/ps

require (
	example.com/a v0.0.0-20200101000000-abcdefabcdef
	example.com/b v1.2.4-0.20200101000000-abcdefabcdef
	example.com/c v1.2.3-pre.0.20200101000000-abcdefabcdef+incompatible
)
