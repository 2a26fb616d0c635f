module example.com/rep

replace example.com/a => example.com/b v1.0.0
replace example.com/a v1.1.0 => ../a
replace (
	example.com/c v1.0.0 => example.com/c2 v1.0.1
	example.com/c v1.0.0 => example.com/c3 v1.0.2
	example.com/d => /abs/path
	example.com/e => C:\\win
)
