module "example.com/quoted"

require (
	"example.com/x" "v1.0.0"
	`example.com/raw` v1.0.0
	example.com/y v1.2.3
)

replace "example.com/x" => "./local dir"
replace example.com/y v1.2.3 => "../with space" 
