package sdk

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrorKind says what Hostbase does after a failed call.
type ErrorKind string

const (
	// KindRetryable failures (timeouts, 5xx, 429, a panel restarting) are
	// tried again with backoff. An error without a kind is retryable.
	KindRetryable ErrorKind = "retryable"
	// KindPermanent failures (out of stock, a refused request) are never
	// retried; staff are told.
	KindPermanent ErrorKind = "permanent"
	// KindInvalidConfig failures (wrong token, unknown plan) are never
	// retried; staff are told to fix the server or product settings.
	KindInvalidConfig ErrorKind = "invalid_config"
	// KindNotFound is a remote resource that does not exist.
	KindNotFound ErrorKind = "not_found"
	// KindUnsupported is an operation the plugin cannot do.
	KindUnsupported ErrorKind = "unsupported"
)

// ReasonOutOfCapacity marks a permanent failure for lack of capacity: the
// order goes to staff's manual queue.
const ReasonOutOfCapacity = "out_of_capacity"

// Error is a typed plugin failure.
type Error struct {
	Kind    ErrorKind
	Message string
	// Field names the config key at fault, for KindInvalidConfig.
	Field string
	// Reason is a machine-readable cause, e.g. ReasonOutOfCapacity.
	Reason string
	// RetryAfter asks for the next try no sooner than this.
	RetryAfter time.Duration
	// Err is the cause, kept for errors.Is/As inside the plugin; only
	// Message crosses to Hostbase.
	Err error
}

func (e *Error) Error() string {
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", e.Kind, e.Field, msg)
	}
	return string(e.Kind) + ": " + msg
}

func (e *Error) Unwrap() error { return e.Err }

// ErrUnsupported is returned for an operation the plugin cannot do.
var ErrUnsupported = &Error{Kind: KindUnsupported, Message: "not supported by this plugin"}

// Retryable wraps err as a failure worth trying again.
func Retryable(err error) error { return wrap(KindRetryable, err) }

// RetryableAfter is Retryable with the earliest time to try again, e.g. a
// panel's Retry-After.
func RetryableAfter(err error, after time.Duration) error {
	return &Error{Kind: KindRetryable, Message: message(err), RetryAfter: after, Err: err}
}

// Permanent wraps err as a failure that trying again will not mend.
func Permanent(err error) error { return wrap(KindPermanent, err) }

// OutOfCapacity is a permanent failure because nothing free matches.
func OutOfCapacity(format string, args ...any) error {
	return &Error{Kind: KindPermanent, Reason: ReasonOutOfCapacity, Message: fmt.Sprintf(format, args...)}
}

// InvalidConfig is a failure staff must mend in the settings; field names
// the setting (a ServerConfig or ProductConfig key), or "" if unknown.
func InvalidConfig(field, format string, args ...any) error {
	return &Error{Kind: KindInvalidConfig, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound is a remote resource that does not exist.
func NotFound(format string, args ...any) error {
	return &Error{Kind: KindNotFound, Message: fmt.Sprintf(format, args...)}
}

func wrap(kind ErrorKind, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: kind, Message: err.Error(), Err: err}
}

func message(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// KindOf returns the kind of err: an *Error's own, KindRetryable for a
// deadline or cancellation and for any untyped error.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindRetryable
}

// AsError returns err as an *Error, typing an untyped one as retryable.
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Kind: KindRetryable, Message: "timed out: " + err.Error(), Err: err}
	}
	return &Error{Kind: KindRetryable, Message: err.Error(), Err: err}
}

// IsNotFound reports whether err is a KindNotFound failure.
func IsNotFound(err error) bool { return err != nil && KindOf(err) == KindNotFound }
