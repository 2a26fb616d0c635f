module github.com/blang/semver
