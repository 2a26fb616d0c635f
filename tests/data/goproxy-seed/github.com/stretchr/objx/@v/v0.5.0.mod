module github.com/stretchr/objx

go 1.12

require github.com/stretchr/testify v1.8.0
