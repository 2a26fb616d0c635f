module example.com/rep

replace example.com/a
