module lukechampine.com/frand

go 1.12

require (
	github.com/aead/chacha20 v0.0.0-20180709150244-8b13a72661da
	golang.org/x/sys v0.0.0-20190626221950-04f50cda93cb // indirect
)
