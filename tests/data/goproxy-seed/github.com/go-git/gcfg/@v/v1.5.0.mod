module github.com/go-git/gcfg
