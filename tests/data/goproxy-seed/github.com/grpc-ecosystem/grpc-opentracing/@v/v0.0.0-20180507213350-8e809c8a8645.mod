module github.com/grpc-ecosystem/grpc-opentracing
