package money

import (
	"errors"
	"testing"
)

func TestCycles(t *testing.T) {
	t.Parallel()

	expected := []Cycle{"monthly", "quarterly", "semiannual", "annual", "biennial", "triennial", "one_time"}

	got := Cycles()
	if len(got) != len(expected) {
		t.Fatalf("expected %v, got %v", expected, got)
	}
	for i := range expected {
		if got[i] != expected[i] {
			t.Fatalf("expected %v, got %v", expected, got)
		}
	}

	got[0] = "weekly"
	if Cycles()[0] != Monthly {
		t.Fatal("Cycles() exposed the internal slice")
	}
}

func TestCycleProperties(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		in        string
		months    int
		recurring bool
		valid     bool
	}{
		{"monthly", 1, true, true},
		{"quarterly", 3, true, true},
		{"semiannual", 6, true, true},
		{"annual", 12, true, true},
		{"biennial", 24, true, true},
		{"triennial", 36, true, true},
		{"one_time", 0, false, true},
		{"", 0, false, false},
		{"Monthly", 0, false, false},
		{"MONTHLY", 0, false, false},
		{"onetime", 0, false, false},
		{"one-time", 0, false, false},
		{"weekly", 0, false, false},
		{" monthly", 0, false, false},
	}

	for _, s := range scenarios {
		t.Run(s.in, func(t *testing.T) {
			c := Cycle(s.in)
			if c.Months() != s.months {
				t.Errorf("Months() = %d, expected %d", c.Months(), s.months)
			}
			if c.IsRecurring() != s.recurring {
				t.Errorf("IsRecurring() = %v, expected %v", c.IsRecurring(), s.recurring)
			}
			if c.IsValid() != s.valid {
				t.Errorf("IsValid() = %v, expected %v", c.IsValid(), s.valid)
			}
			if c.String() != s.in {
				t.Errorf("String() = %q", c.String())
			}

			parsed, err := ParseCycle(s.in)
			if s.valid {
				if err != nil || parsed != c {
					t.Errorf("ParseCycle = %q, %v", parsed, err)
				}
			} else {
				if !errors.Is(err, ErrUnknownCycle) || parsed != "" {
					t.Errorf("ParseCycle = %q, %v; expected ErrUnknownCycle", parsed, err)
				}
			}
		})
	}
}
