package money

import (
	"sort"
	"strings"
)

// FieldErrors maps the path of a field, such as "USD.monthly.price", to what
// is wrong with it. It is the structured form of the validation and decoding
// errors of Pricing, shaped like PocketBase's (ozzo-validation's)
// validation.Errors so that it can be converted to one with a plain type
// conversion and shown next to each form field.
//
// The errors in the map read as a phrase that follows the path
// ("must not be negative") and may wrap a sentinel such as
// ErrUnknownCurrency for errors.Is.
type FieldErrors map[string]error

// Error implements error by listing every "path: message", sorted by path and
// separated by "; ", e.g.
// "USD.monthly.price: must not be negative; XYZ: unknown currency".
func (e FieldErrors) Error() string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k)
		b.WriteString(": ")
		if e[k] != nil {
			b.WriteString(e[k].Error())
		}
	}
	return b.String()
}

// fieldError is a FieldErrors entry: a short phrase for people plus the
// sentinel it stands for.
type fieldError struct {
	msg    string
	reason error
}

func (e *fieldError) Error() string { return e.msg }

func (e *fieldError) Unwrap() error { return e.reason }
