package p

import (
	x "a/b"
	. "c"
	_ "d"
)

//go:build ignore
type T[K comparable, V any] struct{ m map[K]V }

func (t *T[K, V]) Get(k K) V { return t.m[k] }

var A, b = x.F(`raw
string`), 0x1p-2i

const (
	C = iota
	D
)

func F() { events := x.G; _ = events.H; r := '\''; _ = r }
