module example.com/main/mixed-unpruned-main

go 1.16

require example.com/mixed v1.0.0
