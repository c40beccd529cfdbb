package main

import (
	"database/sql"
	"net/http"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/ezscale/hostbase/hooks/kb"
)

// `hostbase kb reindex` brings back a search index emptied behind the
// app's back (articles written by raw SQL, a restore): search finds
// nothing before it and the demo's articles after.
func TestBinaryKBReindex(t *testing.T) {
	bin := hostbaseBinary(t)
	dir := filepath.Join(t.TempDir(), "pb_data")
	seedDemo(t, bin, dir)

	db, err := sql.Open("sqlite", filepath.Join(dir, "data.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("DELETE FROM " + kb.SearchTable); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// The shop stays open while the operator reindexes.
	s := serve(t, bin, dir)
	search := func() int {
		status, res := s.call(t, "GET", "/api/hb/kb/search?q=invoice", "", nil)
		if status != http.StatusOK {
			t.Fatalf("search: %d %v", status, res)
		}
		return len(res["items"].([]any))
	}
	if n := search(); n != 0 {
		t.Fatalf("search found %d articles in an emptied index", n)
	}

	out, err := exec.Command(bin, "kb", "reindex", "--dir", dir).CombinedOutput()
	if err != nil || !regexp.MustCompile(`search index rebuilt from [1-9]\d* published article\(s\)`).Match(out) {
		t.Fatalf("kb reindex: %v %s", err, out)
	}
	if n := search(); n == 0 {
		t.Fatal("search finds nothing after kb reindex")
	}
}
