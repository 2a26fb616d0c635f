module golang.org/x/term

go 1.18

require golang.org/x/sys v0.15.0
