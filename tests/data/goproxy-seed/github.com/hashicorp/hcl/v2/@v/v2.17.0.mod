module github.com/hashicorp/hcl/v2

go 1.18

require (
	github.com/agext/levenshtein v1.2.1
	github.com/apparentlymart/go-dump v0.0.0-20180507223929-23540a00eaa3
	github.com/apparentlymart/go-textseg/v13 v13.0.0
	github.com/davecgh/go-spew v1.1.1
	github.com/go-test/deep v1.0.3
	github.com/google/go-cmp v0.3.1
	github.com/kr/pretty v0.1.0
	github.com/kylelemons/godebug v0.0.0-20170820004349-d65d576e9348
	github.com/mitchellh/go-wordwrap v0.0.0-20150314170334-ad45545899c7
	github.com/sergi/go-diff v1.0.0
	github.com/spf13/pflag v1.0.2
	github.com/zclconf/go-cty v1.13.0
	github.com/zclconf/go-cty-debug v0.0.0-20191215020915-b22d67c1ba0b
	golang.org/x/crypto v0.0.0-20220517005047-85d78b3ac167
)

require (
	github.com/kr/text v0.1.0 // indirect
	github.com/pmezard/go-difflib v1.0.0 // indirect
	github.com/stretchr/testify v1.2.2 // indirect
	golang.org/x/sys v0.0.0-20220722155257-8c9f86f7a55f // indirect
	golang.org/x/term v0.0.0-20201126162022-7de9c90e9dd1 // indirect
	golang.org/x/text v0.3.8 // indirect
)
