module github.com/sabhiram/go-gitignore

go 1.13

require github.com/stretchr/testify v1.6.1
