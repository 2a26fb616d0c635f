module example.com/ru

require example.com/a
