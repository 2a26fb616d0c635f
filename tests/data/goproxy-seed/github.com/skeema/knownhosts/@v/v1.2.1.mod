module github.com/skeema/knownhosts

go 1.17

require golang.org/x/crypto v0.13.0

require golang.org/x/sys v0.12.0 // indirect
