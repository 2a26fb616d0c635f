module github.com/pulumi/appdash
