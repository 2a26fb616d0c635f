module example.com/p

require a[b]c{d}e, v1
