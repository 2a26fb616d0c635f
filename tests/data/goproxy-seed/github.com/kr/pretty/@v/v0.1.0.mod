module "github.com/kr/pretty"

require "github.com/kr/text" v0.1.0
