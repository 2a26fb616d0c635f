module example.com/d

require example.com/a v1.0.0
require example.com/a v1.1.0
