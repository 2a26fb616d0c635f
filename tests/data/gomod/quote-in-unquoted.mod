module example.com/q'x
