package tax

import (
	"errors"
	"testing"
)

func TestModeIsValid(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		mode     Mode
		expected bool
	}{
		{Exclusive, true},
		{Inclusive, true},
		{"", false},
		{"Exclusive", false},
		{"net", false},
	}
	for _, s := range scenarios {
		if got := s.mode.IsValid(); got != s.expected {
			t.Errorf("Mode(%q).IsValid() = %v; expected %v", s.mode, got, s.expected)
		}
		if err := s.mode.validate(); (err == nil) != s.expected || (err != nil && !errors.Is(err, ErrInvalidMode)) {
			t.Errorf("Mode(%q).validate() = %v", s.mode, err)
		}
	}
}
