module example.com/a
module example.com/b
