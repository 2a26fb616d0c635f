module aws-go

go 1.21

toolchain go1.22.0

require (
	github.com/pulumi/pulumi-aws/sdk/v6 v6.20.0
	github.com/pulumi/pulumi/sdk/v3 v3.100.0
)

require (
	github.com/agext/levenshtein v1.2.3 // indirect
	github.com/blang/semver v3.5.1+incompatible // indirect
	golang.org/x/sys v0.15.0 // indirect
)
