module example.com/u8 // bad ÿ byte

require "example.com/þ" v1.0.0
