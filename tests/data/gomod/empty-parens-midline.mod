module example.com/pm

require () x
