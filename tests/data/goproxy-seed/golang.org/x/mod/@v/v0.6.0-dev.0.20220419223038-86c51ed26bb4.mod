module golang.org/x/mod

go 1.17

require (
	golang.org/x/crypto v0.0.0-20210921155107-089bfa567519
	golang.org/x/tools v0.0.0-20191119224855-298f0cb1881e
)
