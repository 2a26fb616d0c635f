module github.com/djherbis/times

go 1.16

require golang.org/x/sys v0.0.0-20220615213510-4f61da869c0c
