package virtfusionpanel_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
	"github.com/ezscale/hostbase/plugins/virtfusion/virtfusionpanel"
)

// ListRemote walks every page of the server list; servers made outside
// Hostbase have no key, Hostbase's carry theirs.
func TestListRemoteWalksEveryPage(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	panel.Seed(230)
	p, srv, svc := newPlugin(), serverFor(panel), newService("listed")
	res := create(t, p, srv, svc)

	list, err := p.ListRemote(ctx(t), sdk.ServerRequest{Server: srv})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 231 {
		t.Fatalf("ListRemote lists %d servers, want 231 (3 pages of 100)", len(list))
	}
	keyed := 0
	for _, r := range list {
		if r.IdempotencyKey != "" {
			keyed++
			if r.RemoteID != res.RemoteID || r.IdempotencyKey != svc.IdempotencyKey || r.State != sdk.StateRunning {
				t.Errorf("tagged server listed as %+v, want %s with key %s, running", r, res.RemoteID, svc.IdempotencyKey)
			}
		}
	}
	if keyed != 1 {
		t.Errorf("%d servers listed with a key, want 1", keyed)
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// The log has a line per call, and never the token nor a password.
func TestLogsNoSecrets(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	logs := &syncBuffer{}
	p := virtfusionpanel.New(hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Debug})).WithClientOptions(fastOptions)
	srv, svc := serverFor(panel), newService("logged")
	res := create(t, p, srv, svc)
	svc.RemoteID = res.RemoteID
	reset, err := p.RunClientAction(ctx(t), sdk.ClientActionRequest{ServiceRequest: sdk.ServiceRequest{Server: srv, Service: svc}, Action: "reset_password"})
	if err != nil {
		t.Fatal(err)
	}
	srv.Credentials["api_token"] = "wrong-token-value"
	if _, err := p.Status(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc}); sdk.KindOf(err) != sdk.KindInvalidConfig {
		t.Fatalf("Status with a wrong token: %v", err)
	}
	log := logs.buf.String()
	for _, want := range []string{"create", "key=" + svc.IdempotencyKey, "client action", "status failed"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	for _, secret := range []string{token, "wrong-token-value", res.Credentials["root_password"], reset.Credentials["root_password"]} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds the secret %q:\n%s", secret, log)
		}
	}
}
