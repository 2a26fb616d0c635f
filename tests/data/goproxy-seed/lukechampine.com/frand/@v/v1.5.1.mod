module lukechampine.com/frand

go 1.23.1
