package money

import "fmt"

// AddMinor returns a + b in minor units, or an error wrapping ErrOverflow
// when the sum does not fit in an int64.
func AddMinor(a, b int64) (int64, error) {
	s := a + b
	// overflow iff both operands have the same sign and the result's differs
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, fmt.Errorf("%w: %d + %d", ErrOverflow, a, b)
	}
	return s, nil
}

// SubMinor returns a - b in minor units, or an error wrapping ErrOverflow
// when the difference does not fit in an int64.
func SubMinor(a, b int64) (int64, error) {
	d := a - b
	// overflow iff the operands have different signs and the result's sign
	// differs from a's
	if (a >= 0) != (b >= 0) && (d >= 0) != (a >= 0) {
		return 0, fmt.Errorf("%w: %d - %d", ErrOverflow, a, b)
	}
	return d, nil
}
