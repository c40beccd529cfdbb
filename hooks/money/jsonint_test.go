package money

import (
	"errors"
	"strings"
	"testing"
)

func TestParseJSONInt(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		raw      string
		expected int64
		err      error
	}{
		{"0", 0, nil},
		{"-0", 0, nil},
		{"1234", 1234, nil},
		{" 42 ", 42, nil},
		{"-1", -1, nil},
		{"9223372036854775807", 9223372036854775807, nil},
		{"-9223372036854775808", -9223372036854775808, nil},
		{"9223372036854775808", 0, ErrOverflow},
		{"-9223372036854775809", 0, ErrOverflow},
		{"100000000000000000000000000000", 0, ErrOverflow},
		{"12.5", 0, ErrNotInteger},
		{"12.0", 0, ErrNotInteger},
		{"1e3", 0, ErrNotInteger},
		{"1E3", 0, ErrNotInteger},
		{"1e0", 0, ErrNotInteger},
		{`"1234"`, 0, ErrNotInteger},
		{"+1", 0, ErrNotInteger},
		{"01", 0, ErrNotInteger},
		{"-", 0, ErrNotInteger},
		{"", 0, ErrNotInteger},
		{"null", 0, ErrNotInteger},
		{"true", 0, ErrNotInteger},
		{"[1]", 0, ErrNotInteger},
		{"{}", 0, ErrNotInteger},
		{"0x10", 0, ErrNotInteger},
		{"1_000", 0, ErrNotInteger},
		{"NaN", 0, ErrNotInteger},
		{"Infinity", 0, ErrNotInteger},
	}

	for _, s := range scenarios {
		t.Run(s.raw, func(t *testing.T) {
			n, err := parseJSONInt([]byte(s.raw))
			if s.err == nil {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if n != s.expected {
					t.Fatalf("expected %d, got %d", s.expected, n)
				}
				return
			}
			if !errors.Is(err, s.err) {
				t.Fatalf("expected %v, got %v (%d)", s.err, err, n)
			}
			if n != 0 {
				t.Fatalf("expected 0 on error, got %d", n)
			}
		})
	}
}

func TestIsJSONNull(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		raw      string
		expected bool
	}{
		{"null", true},
		{" null\n", true},
		{"", false},
		{`"null"`, false},
		{"nul", false},
		{"0", false},
	}

	for _, s := range scenarios {
		if got := isJSONNull([]byte(s.raw)); got != s.expected {
			t.Errorf("isJSONNull(%q) = %v, expected %v", s.raw, got, s.expected)
		}
	}
}

func TestShorten(t *testing.T) {
	t.Parallel()

	if got := shorten("short"); got != "short" {
		t.Fatalf("expected unchanged, got %q", got)
	}
	exact := strings.Repeat("é", 40)
	if got := shorten(exact); got != exact {
		t.Fatalf("expected 40 runes unchanged, got %q", got)
	}
	if got := shorten(strings.Repeat("é", 41)); got != strings.Repeat("é", 40)+"…" {
		t.Fatalf("expected truncation after 40 runes, got %q", got)
	}
}
