module "example.com/ünïcödé"

require "example.com/x y" v1.0.0
