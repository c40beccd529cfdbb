package tax

import (
	"errors"
	"fmt"
)

// ErrInvalidMode is returned (wrapped with the value) for a Mode other than
// Exclusive and Inclusive.
var ErrInvalidMode = errors.New("tax: invalid tax mode")

// Mode says whether prices are quoted before or after tax; it is the shop's
// tax_mode setting.
type Mode string

const (
	// Exclusive means prices are net: the taxes are added to them.
	Exclusive Mode = "exclusive"

	// Inclusive means prices are gross: they include the taxes, which are
	// extracted from them.
	Inclusive Mode = "inclusive"
)

// IsValid reports whether m is Exclusive or Inclusive.
func (m Mode) IsValid() bool {
	return m == Exclusive || m == Inclusive
}

// validate returns nil or an error wrapping ErrInvalidMode.
func (m Mode) validate() error {
	if !m.IsValid() {
		return fmt.Errorf("%w %q: must be %q or %q", ErrInvalidMode, string(m), Exclusive, Inclusive)
	}
	return nil
}
