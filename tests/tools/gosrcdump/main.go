// Command gosrcdump prints what go/parser says of Go files, in the form
// modvet's "mvtool gosrc" prints for the same files, so the two can be
// compared line by line (tests/gosrc-diff.sh):
//
//	== FILE
//	package NAME
//	linux yes|no             (go/build's MatchFile for linux/amd64, cgo:
//	                          the build line, +build lines, the file name)
//	import NAME|- PATH
//	export NAME              (sorted; funcs, types, vars, consts)
//	use BASE.SEL LINE:COL    (selectors on a name the file does not declare)
//	error                    (when go/parser refuses the file)
package main

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
)

func main() {
	for _, name := range os.Args[1:] {
		dump(name)
	}
}

func dump(name string) {
	fmt.Printf("== %s\n", name)
	src, err := os.ReadFile(name)
	if err != nil {
		fmt.Println("error")
		return
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		fmt.Println("error")
		return
	}
	fmt.Printf("package %s\n", f.Name.Name)
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH, ctx.CgoEnabled = "linux", "amd64", true
	if ok, err := ctx.MatchFile(filepath.Dir(name), filepath.Base(name)); ok && err == nil {
		fmt.Println("linux yes")
	} else {
		fmt.Println("linux no")
	}
	for _, im := range f.Imports {
		n := "-"
		if im.Name != nil {
			n = im.Name.Name
		}
		p, _ := strconv.Unquote(im.Path.Value)
		fmt.Printf("import %s %s\n", n, p)
	}
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && ast.IsExported(d.Name.Name) {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if ast.IsExported(s.Name.Name) {
						names = append(names, s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if ast.IsExported(n.Name) {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	for i, n := range names {
		if i == 0 || names[i-1] != n {
			fmt.Printf("export %s\n", n)
		}
	}
	// Selectors whose base the parser could not resolve in the file: a
	// package name (or a universe name, which has no selectors).
	ast.Inspect(f, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := s.X.(*ast.Ident); ok && id.Obj == nil {
				p := fset.Position(id.Pos())
				fmt.Printf("use %s.%s %d:%d\n", id.Name, s.Sel.Name, p.Line, p.Column)
			}
		}
		return true
	})
}
