module example.com/main/replace-keeps-path

go 1.17

require example.com/pb v1.0.0

replace example.com/pb => example.com/pbfork v1.0.0
