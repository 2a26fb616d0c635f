module example.com/bad

require github.com/pulumi/pulumi-aws/sdk/v6 v5.1.0
