module github.com/kisielk/errcheck

go 1.14

require golang.org/x/tools v0.0.0-20200619180055-7c47624df98f
