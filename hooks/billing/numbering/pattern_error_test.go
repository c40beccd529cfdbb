package numbering

import (
	"errors"
	"testing"
)

func TestPatternErrorMessage(t *testing.T) {
	err := error(&PatternError{Pattern: "INV-{YYY}", Pos: 4, Message: "unknown token {YYY} at position 4"})
	if err.Error() != "unknown token {YYY} at position 4" {
		t.Errorf("Error() = %q", err.Error())
	}

	_, err = ParsePattern("INV-{YYY}-{SEQ}")
	var pe *PatternError
	if !errors.As(err, &pe) || pe.Pos != 4 {
		t.Fatalf("ParsePattern error = %#v, want a *PatternError at 4", err)
	}
}
