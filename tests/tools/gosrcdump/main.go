// Command gosrcdump prints what go/parser says of Go files, in the form
// modvet's "mvtool gosrc" prints for the same files, so the two can be
// compared line by line (tests/gosrc-diff.sh):
//
//	== FILE
//	package NAME
//	build EXPR               (the //go:build line, if any)
//	import NAME|- PATH
//	export NAME              (sorted; funcs, types, vars, consts)
//	use BASE.SEL LINE:COL    (selectors on a name the file does not declare)
//	error                    (when go/parser refuses the file)
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"sort"
	"strconv"
	"strings"
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
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build ") && fset.Position(c.Pos()).Column == 1 {
				fmt.Printf("build %s\n", strings.TrimSpace(c.Text[len("//go:build "):]))
				goto imports
			}
		}
	}
imports:
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
