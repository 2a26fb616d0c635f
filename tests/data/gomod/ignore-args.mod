module example.com/t

ignore
