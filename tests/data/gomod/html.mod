module "example.com/<a&b>"

require "example.com/\"q\"" v1.0.0
