module example.com/pm

require ( example.com/a v1.0.0 )
