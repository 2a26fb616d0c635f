module golang.org/x/crypto

require golang.org/x/sys v0.0.0-20190215142949-d0b11bdaac8a
