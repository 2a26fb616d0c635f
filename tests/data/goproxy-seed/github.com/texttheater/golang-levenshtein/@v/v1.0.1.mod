module github.com/texttheater/golang-levenshtein

go 1.13
