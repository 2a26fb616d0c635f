// Command sumdbserver is a checksum database for modvet's tests, built on
// golang.org/x/mod/sumdb's own server and test log (NewTestServer): the
// go command and modvet are pointed at it with
// GOSUMDB="<key> http://127.0.0.1:PORT" and must agree on what it says.
//
// Records are the go.sum lines of the modules in a GOPROXY directory tree
// (-dir), computed with x/mod's dirhash. -preload adds records first, in
// order (so two instances can hold the same records in the same order);
// -omit leaves versions out of the log (lookups answer 404); -tamper
// changes one byte of a version's zip hash (a forked log, with -seed the
// same as an honest instance's). It prints one line, "sumdbserver
// listening on URL key VKEY", then serves until killed.
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb"
	"golang.org/x/mod/sumdb/dirhash"
	"golang.org/x/mod/sumdb/note"
)

func main() {
	dir := flag.String("dir", "", "GOPROXY directory tree")
	name := flag.String("name", "sumdb.test", "database name")
	seed := flag.String("seed", "modvet", "key seed (same seed, same key)")
	preload := flag.String("preload", "", "path@version,... to log first")
	omit := flag.String("omit", "", "path@version,... not in the log")
	tamper := flag.String("tamper", "", "path@version whose zip hash is changed")
	flag.Parse()

	var rand [32]byte
	copy(rand[:], *seed)
	skey, vkey, err := note.GenerateKey(bytes.NewReader(rand[:]), *name)
	if err != nil {
		log.Fatal(err)
	}
	omitted := map[string]bool{}
	for _, m := range strings.Split(*omit, ",") {
		omitted[m] = m != ""
	}
	gosum := func(path, vers string) ([]byte, error) {
		if omitted[path+"@"+vers] {
			return nil, os.ErrNotExist
		}
		return lines(*dir, path, vers, path+"@"+vers == *tamper)
	}
	ts := sumdb.NewTestServer(skey, gosum)
	for _, m := range strings.Split(*preload, ",") {
		if m == "" {
			continue
		}
		path, vers, _ := strings.Cut(m, "@")
		if _, err := ts.Lookup(context.Background(), module.Version{Path: path, Version: vers}); err != nil {
			log.Fatalf("preload %s: %v", m, err)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("sumdbserver listening on http://%s key %s\n", l.Addr(), vkey)
	os.Stdout.Sync()
	// Each request is logged ("GET PATH"), for tests that count them.
	srv := sumdb.NewServer(ts)
	log.Fatal(http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Printf("%s %s\n", r.Method, r.URL.Path)
		os.Stdout.Sync()
		srv.ServeHTTP(w, r)
	})))
}

// lines are the go.sum lines of path@vers in the tree: the zip's (when
// the tree has it) and the go.mod's.
func lines(dir, path, vers string, tamper bool) ([]byte, error) {
	epath, err := module.EscapePath(path)
	if err != nil {
		return nil, err
	}
	evers, err := module.EscapeVersion(vers)
	if err != nil {
		return nil, err
	}
	base := filepath.Join(dir, filepath.FromSlash(epath), "@v", evers)
	gomod, err := os.ReadFile(base + ".mod")
	if err != nil {
		return nil, os.ErrNotExist
	}
	modHash, err := dirhash.Hash1([]string{"go.mod"}, func(string) (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(gomod)), nil
	})
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if _, err := os.Stat(base + ".zip"); err == nil {
		if _, err := zip.OpenReader(base + ".zip"); err != nil {
			return nil, err
		}
		zipHash, err := dirhash.HashZip(base+".zip", dirhash.Hash1)
		if err != nil {
			return nil, err
		}
		if tamper {
			// One base64 digit changed (still a well-formed hash).
			i := len(zipHash) - 2
			c := byte('A')
			if zipHash[i] == 'A' {
				c = 'B'
			}
			zipHash = zipHash[:i] + string(c) + zipHash[i+1:]
		}
		fmt.Fprintf(&b, "%s %s %s\n", path, vers, zipHash)
	}
	fmt.Fprintf(&b, "%s %s/go.mod %s\n", path, vers, modHash)
	return []byte(b.String()), nil
}
