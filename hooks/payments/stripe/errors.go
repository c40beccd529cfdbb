package stripe

import (
	"errors"
	"fmt"
	"strings"

	stripego "github.com/stripe/stripe-go/v79"
)

// callError wraps an error of a Stripe API call with what we were doing.
// stripe-go's *Error prints itself as a JSON document; this says the same
// in one line a person can act on, and keeps the original for errors.As.
func callError(op string, err error) error {
	var se *stripego.Error
	if !errors.As(err, &se) {
		return fmt.Errorf("stripe: %s: %w", op, err)
	}
	parts := []string{string(se.Type)}
	if se.Code != "" {
		parts = append(parts, "code "+string(se.Code))
	}
	if se.DeclineCode != "" {
		parts = append(parts, "decline code "+string(se.DeclineCode))
	}
	if se.Param != "" {
		parts = append(parts, "param "+se.Param)
	}
	if se.HTTPStatusCode != 0 {
		parts = append(parts, fmt.Sprintf("HTTP %d", se.HTTPStatusCode))
	}
	if se.RequestID != "" {
		parts = append(parts, "request "+se.RequestID)
	}
	msg := se.Msg
	if msg == "" {
		msg = "error"
	}
	return &apiError{
		text: fmt.Sprintf("stripe: %s: %s (%s)", op, msg, strings.Join(parts, ", ")),
		err:  se,
	}
}

// apiError is a Stripe API error with a readable message; errors.As still
// finds the *stripego.Error inside.
type apiError struct {
	text string
	err  *stripego.Error
}

func (e *apiError) Error() string { return e.text }
func (e *apiError) Unwrap() error { return e.err }
