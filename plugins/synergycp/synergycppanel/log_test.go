package synergycppanel

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"
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

// The log has a line per call but never the API key (which travels in the
// URL) or the root password, even when a call fails.
func TestLogsWithoutSecrets(t *testing.T) {
	f := stock(t, 1)
	logs := &syncBuffer{}
	p := New(hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Debug})).WithRetry(Retry{Attempts: 1})
	r := request(f, service("svc-log"))
	res, err := p.Create(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	r.Service.RemoteID = res.RemoteID
	f.Fail(500, "", "")
	if _, err := p.Status(context.Background(), r); err == nil {
		t.Fatal("Status against a 500 succeeded")
	}
	bad := r
	bad.Server = serverFor(f)
	bad.Server.Config[keyURL] = "http://127.0.0.1:1" // nothing listens: a transport error
	_, _ = p.Status(context.Background(), bad)
	log := logs.buf.String()
	for _, want := range []string{"create", "key=svc-log", "status failed"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	for _, secret := range []string{testKey, res.Credentials["root_password"]} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds the secret %q:\n%s", secret, log)
		}
	}
}
