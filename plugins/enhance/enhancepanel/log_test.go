package enhancepanel

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/enhance/internal/fakeenhance"
	"github.com/ezscale/hostbase/plugins/sdk"
)

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The plugin logs a line per call, never the token or a password.
func TestLogsCallsWithoutSecrets(t *testing.T) {
	f := fakeenhance.New(t)
	logs := &syncBuffer{}
	p := New(hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Debug}))
	svc := service("logged")
	res, err := p.Create(ctx(t), request(f, svc))
	if err != nil {
		t.Fatal(err)
	}
	svc.RemoteID = res.RemoteID
	if _, err := p.ChangePassword(ctx(t), sdk.ChangePasswordRequest{ServiceRequest: request(f, svc), Password: "Sup3r-secret-pw"}); err != nil {
		t.Fatal(err)
	}
	r := request(f, svc)
	r.Server.Credentials[keyAPIToken] = "wrong-token-value"
	if _, err := p.Status(ctx(t), r); sdk.KindOf(err) != sdk.KindInvalidConfig {
		t.Fatalf("Status with a wrong token: %v", err)
	}
	log := logs.String()
	for _, want := range []string{"create", "key=logged", "change password", "status failed"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	for _, secret := range []string{fakeenhance.Token, "wrong-token-value", "Sup3r-secret-pw", res.Credentials["password"]} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds the secret %q:\n%s", secret, log)
		}
	}
}
