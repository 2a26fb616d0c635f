module github.com/opentracing/opentracing-go

go 1.14

require github.com/stretchr/testify v1.3.0
