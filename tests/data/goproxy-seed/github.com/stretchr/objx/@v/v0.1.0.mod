module github.com/stretchr/objx
