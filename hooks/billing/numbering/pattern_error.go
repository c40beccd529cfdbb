package numbering

// PatternError is the error ParsePattern returns for a pattern it refuses.
// Its message says what is wrong and where, in words staff can act on, e.g.
// "unknown token {YYY} at position 4".
type PatternError struct {
	// Pattern is the text that was parsed.
	Pattern string
	// Pos is the position of the offending character or token, counted in
	// characters from 0 ("INV-{YYY}" has its "{" at position 4), or -1
	// when the problem concerns the pattern as a whole (e.g. no {SEQ}).
	Pos int
	// Message is the full explanation, including the position.
	Message string
}

// Error returns the message, e.g. "unknown token {YYY} at position 4".
func (e *PatternError) Error() string {
	return e.Message
}
