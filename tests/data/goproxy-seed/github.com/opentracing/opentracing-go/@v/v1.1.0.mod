module github.com/opentracing/opentracing-go
