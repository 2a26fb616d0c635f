module example.com/bad

require example.com/a 1.0.0
