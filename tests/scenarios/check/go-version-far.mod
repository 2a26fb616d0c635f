module example.com/main/dep-needs-newer-go

go 1.21

require example.com/toonew v1.0.0
