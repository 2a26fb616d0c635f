module example.com/main/incompatible-retracted-near

go 1.17

require example.com/incret v1.0.0
