module github.com/uber/jaeger-lib
