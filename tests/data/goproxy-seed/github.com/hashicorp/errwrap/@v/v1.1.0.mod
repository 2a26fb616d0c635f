module github.com/hashicorp/errwrap
