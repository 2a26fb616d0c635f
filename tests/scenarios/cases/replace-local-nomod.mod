module example.com/main/replace-local-nomod

go 1.17

require example.com/pa v1.0.0

replace example.com/pa => ../../local/nomod
