package sdk

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestKindOfAndAsError(t *testing.T) {
	cause := errors.New("socket closed")
	cases := []struct {
		name string
		err  error
		kind ErrorKind
		msg  string
	}{
		{"untyped is retryable", cause, KindRetryable, "retryable: socket closed"},
		{"deadline is retryable", fmt.Errorf("call: %w", context.DeadlineExceeded), KindRetryable, "retryable: timed out: call: context deadline exceeded"},
		{"wrapped typed keeps its kind", fmt.Errorf("create: %w", Permanent(cause)), KindPermanent, "permanent: socket closed"},
		{"invalid config names its field", InvalidConfig("api_token", "refused"), KindInvalidConfig, "invalid_config: api_token: refused"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := KindOf(c.err); got != c.kind {
				t.Errorf("KindOf: %s, want %s", got, c.kind)
			}
			if got := AsError(c.err).Error(); got != c.msg {
				t.Errorf("AsError: %q, want %q", got, c.msg)
			}
		})
	}
	if AsError(nil) != nil || Retryable(nil) != nil || Permanent(nil) != nil {
		t.Error("a nil error must stay nil")
	}
	if !errors.Is(Retryable(cause), cause) {
		t.Error("Retryable must keep its cause for errors.Is")
	}
	if !IsNotFound(NotFound("x")) || IsNotFound(nil) || IsNotFound(cause) {
		t.Error("IsNotFound is wrong")
	}
}
