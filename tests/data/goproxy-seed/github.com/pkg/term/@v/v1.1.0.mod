module github.com/pkg/term

go 1.14

require golang.org/x/sys v0.0.0-20200909081042-eff7692f9009
