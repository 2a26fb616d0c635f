module github.com/bwesterb/go-ristretto

go 1.13
