module example.com/main/no-requirements

go 1.21
