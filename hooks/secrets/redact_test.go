package secrets

import "testing"

func TestRedactMap(t *testing.T) {
	in := map[string]any{
		"hostname": "vps1.example.com",
		"password": "p4ss",
		"nested":   map[string]any{"api_token": "t0k", "node": 3},
		"list":     []any{map[string]any{"client_secret": "s"}, "enc:v1:abc"},
		"sealed":   "enc:v1:xyz",
	}
	out := RedactMap(in)
	if out["hostname"] != "vps1.example.com" || out["password"] != Redacted {
		t.Fatalf("top level: %v", out)
	}
	nested := out["nested"].(map[string]any)
	if nested["api_token"] != Redacted || nested["node"] != 3 {
		t.Fatalf("nested: %v", nested)
	}
	list := out["list"].([]any)
	if list[0].(map[string]any)["client_secret"] != Redacted || list[1] != Redacted {
		t.Fatalf("list: %v", list)
	}
	if out["sealed"] != Redacted {
		t.Fatal("sealed values are redacted whatever their key")
	}
	if in["password"] != "p4ss" {
		t.Fatal("the input map must not be changed")
	}
}

func TestRedactString(t *testing.T) {
	got := RedactString("POST /servers token=abcd1234 pw=xy", "abcd1234", "xy")
	if got != "POST /servers token="+Redacted+" pw=xy" {
		t.Fatalf("got %q", got)
	}
}
