module example.com/main/incompatible-retracted

go 1.17

require example.com/incret v2.0.0+incompatible
