package money

import (
	"errors"
	"testing"
)

func TestFieldErrorsError(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		name     string
		errs     FieldErrors
		expected string
	}{
		{"empty", FieldErrors{}, ""},
		{"one", FieldErrors{"USD.monthly.price": errors.New("must not be negative")}, "USD.monthly.price: must not be negative"},
		{
			"sorted by path",
			FieldErrors{
				"XYZ":               errors.New("unknown currency"),
				"EUR.weekly":        errors.New("unknown billing cycle"),
				"USD.monthly.price": errors.New("must not be negative"),
			},
			"EUR.weekly: unknown billing cycle; USD.monthly.price: must not be negative; XYZ: unknown currency",
		},
		{"nil entry", FieldErrors{"a": nil}, "a: "},
	}

	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			if got := s.errs.Error(); got != s.expected {
				t.Fatalf("expected %q, got %q", s.expected, got)
			}
		})
	}
}

func TestFieldErrorUnwrap(t *testing.T) {
	t.Parallel()

	err := error(&fieldError{msg: "unknown currency", reason: ErrUnknownCurrency})
	if err.Error() != "unknown currency" {
		t.Fatalf("unexpected message %q", err.Error())
	}
	if !errors.Is(err, ErrUnknownCurrency) || errors.Is(err, ErrUnknownCycle) {
		t.Fatal("fieldError must unwrap to its reason only")
	}

	var fe FieldErrors
	wrapped := error(FieldErrors{"XYZ": err})
	if !errors.As(wrapped, &fe) || !errors.Is(fe["XYZ"], ErrUnknownCurrency) {
		t.Fatal("FieldErrors must be usable with errors.As")
	}
}
