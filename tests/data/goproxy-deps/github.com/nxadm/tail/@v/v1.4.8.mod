module github.com/nxadm/tail

go 1.13

require (
	github.com/fsnotify/fsnotify v1.4.9
	gopkg.in/tomb.v1 v1.0.0-20141024135613-dd632973f1e7
)
