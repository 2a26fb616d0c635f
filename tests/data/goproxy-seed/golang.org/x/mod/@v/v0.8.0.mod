module golang.org/x/mod

go 1.17

require golang.org/x/tools v0.1.12 // tagx:ignore
