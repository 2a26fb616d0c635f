module github.com/apparentlymart/go-textseg/v13

go 1.16
