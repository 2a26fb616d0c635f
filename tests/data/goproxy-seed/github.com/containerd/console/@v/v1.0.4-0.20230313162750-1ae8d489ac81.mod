module github.com/containerd/console

go 1.13

require golang.org/x/sys v0.1.0
