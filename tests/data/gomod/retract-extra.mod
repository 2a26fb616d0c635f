module example.com/r

retract v1.0.0 extra
