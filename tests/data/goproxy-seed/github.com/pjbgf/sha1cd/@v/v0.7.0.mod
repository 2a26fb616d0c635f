module github.com/pjbgf/sha1cd

go 1.24.0

toolchain go1.24.6
