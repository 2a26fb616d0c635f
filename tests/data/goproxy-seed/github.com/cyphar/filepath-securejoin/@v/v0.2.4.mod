module github.com/cyphar/filepath-securejoin

go 1.13
