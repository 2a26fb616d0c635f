module example.com/check/unknown-transitive

go 1.21

require example.com/broken v1.0.0
