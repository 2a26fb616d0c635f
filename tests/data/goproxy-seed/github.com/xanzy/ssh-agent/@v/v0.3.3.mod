module github.com/xanzy/ssh-agent

go 1.16

require (
	github.com/Microsoft/go-winio v0.5.2
	golang.org/x/crypto v0.0.0-20220622213112-05595931fe9d
	golang.org/x/sys v0.0.0-20220715151400-c0bba94af5f8
)
