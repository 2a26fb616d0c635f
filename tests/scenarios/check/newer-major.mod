module example.com/check/newer-major

go 1.17

require example.com/inc v2.1.0+incompatible
