module example.com/t

tool a b
