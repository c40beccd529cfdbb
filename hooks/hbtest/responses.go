package hbtest

import (
	"encoding/json"
	"net/http"
	"testing"
)

// Decode reads a JSON object response body, failing the test when it is
// not one.
func Decode(tb testing.TB, body []byte) map[string]any {
	tb.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		tb.Fatalf("not JSON: %s", body)
	}
	return m
}

// WantField asserts a 400 whose data names field, as PocketBase's
// validation errors do.
func WantField(tb testing.TB, status int, body []byte, field string) {
	tb.Helper()
	if status != http.StatusBadRequest {
		tb.Fatalf("want 400 naming %s, got %d %s", field, status, body)
	}
	data, _ := Decode(tb, body)["data"].(map[string]any)
	if _, ok := data[field]; !ok {
		tb.Fatalf("the 400 must name %q: %s", field, body)
	}
}
