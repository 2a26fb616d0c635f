module example.com/bad

require example.com/nosuffix v2.0.0
