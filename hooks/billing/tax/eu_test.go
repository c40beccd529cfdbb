package tax

import "testing"

func TestIsEU(t *testing.T) {
	t.Parallel()

	scenarios := []struct {
		country  string
		expected bool
	}{
		{"DE", true},
		{"de", true},
		{" fr ", true},
		{"GR", true},
		{"EL", false}, // Greece's VAT prefix, not a country code
		{"HR", true},
		{"CY", true},
		{"GB", false},
		{"XI", false},
		{"CH", false},
		{"NO", false},
		{"US", false},
		{"*", false},
		{"", false},
		{"DEU", false},
	}
	for _, s := range scenarios {
		if got := IsEU(s.country); got != s.expected {
			t.Errorf("IsEU(%q) = %v; expected %v", s.country, got, s.expected)
		}
	}
}
