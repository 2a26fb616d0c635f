module example.com/tools

go 1.24

tool (
	golang.org/x/tools/cmd/stringer
	example.com/gen
	example.com/gen
)

ignore ./node_modules
ignore (
	./build
	static
)
