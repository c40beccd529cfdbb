package money

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
)

// ErrNotInteger is returned when a JSON value that must hold minor units is
// not an integer: a fraction (12.5), an exponent (1e3, even 1e0), a string,
// a boolean, null, an object or an array.
var ErrNotInteger = errors.New("money: not an integer number of minor units")

// parseJSONInt decodes a JSON integer literal, i.e. -?(0|[1-9][0-9]*), into
// an int64. Integers beyond int64 return ErrOverflow, everything else
// ErrNotInteger. It never goes through a floating-point value.
func parseJSONInt(raw []byte) (int64, error) {
	raw = bytes.TrimSpace(raw)

	digits := raw
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	ok := len(digits) > 0 && (digits[0] != '0' || len(digits) == 1)
	for _, c := range digits {
		if c < '0' || c > '9' {
			ok = false
			break
		}
	}
	if !ok {
		return 0, fmt.Errorf("%w: %s", ErrNotInteger, shorten(string(raw)))
	}

	n, err := strconv.ParseInt(string(raw), 10, 64)
	if err != nil {
		// the grammar is already checked, so this can only be a range error
		return 0, fmt.Errorf("%w: %s does not fit in int64", ErrOverflow, shorten(string(raw)))
	}
	return n, nil
}

// isJSONNull reports whether raw is the JSON literal null.
func isJSONNull(raw []byte) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

// shorten truncates s for use in an error message.
func shorten(s string) string {
	const max = 40
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max]) + "…"
}
