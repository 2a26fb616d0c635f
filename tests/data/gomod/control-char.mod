module example.com/c
