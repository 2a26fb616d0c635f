module example.com/rep

replace example.com/a => ../a v1.0.0
