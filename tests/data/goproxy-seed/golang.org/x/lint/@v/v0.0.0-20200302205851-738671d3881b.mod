module golang.org/x/lint

go 1.11

require golang.org/x/tools v0.0.0-20200130002326-2f3ba24bd6e7
