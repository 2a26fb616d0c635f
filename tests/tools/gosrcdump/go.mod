module modvet.test/gosrcdump

go 1.21
