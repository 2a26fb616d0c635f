module example.com/main/mixed-chain

go 1.17

require example.com/mixed v1.0.0
