module github.com/golang/groupcache
