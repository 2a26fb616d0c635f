module aws-go

go 1.21

require (
	github.com/pulumi/pulumi-aws/sdk/v6 v6.20.0
	github.com/pulumi/pulumi/sdk/v3 v3.100.0
)
