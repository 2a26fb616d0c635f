module "github.com/kr/text"

require "github.com/kr/pty" v1.1.1
