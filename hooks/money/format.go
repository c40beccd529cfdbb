package money

import "strconv"

// FormatMinor formats minor units as a plain decimal number with exactly
// decimals digits after the point: FormatMinor(123456, 2) is "1234.56",
// FormatMinor(-5, 2) is "-0.05", FormatMinor(1200, 0) is "1200" and
// FormatMinor(1500, 3) is "1.500". There is no symbol, code or thousands
// separator, and no floating point is involved. A negative decimals is
// treated as 0.
//
// For every minor >= 0 and known currency cur,
// ParseAmount(FormatMinor(minor, cur.Decimals), cur.Code) returns minor.
func FormatMinor(minor int64, decimals int) string {
	// the magnitude as uint64, so that math.MinInt64 needs no special case
	mag := uint64(minor)
	if minor < 0 {
		mag = -mag
	}
	digits := strconv.FormatUint(mag, 10)

	sign := ""
	if minor < 0 {
		sign = "-"
	}
	if decimals <= 0 {
		return sign + digits
	}

	// left-pad with zeros so that there is at least one integer digit
	if len(digits) <= decimals {
		pad := make([]byte, decimals+1-len(digits))
		for i := range pad {
			pad[i] = '0'
		}
		digits = string(pad) + digits
	}
	cut := len(digits) - decimals
	return sign + digits[:cut] + "." + digits[cut:]
}
