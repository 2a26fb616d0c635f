module github.com/djherbis/times

go 1.16
