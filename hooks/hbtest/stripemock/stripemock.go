// Package stripemock runs stripe-mock (Stripe's official API mock, pinned at
// v0.189.0 in tools/go.mod) for Go tests.
//
// The binary comes from the tools module (tools/go.mod at the repository
// root): the first use in a test binary runs
// "go tool -modfile=tools/go.mod -n stripe-mock", which compiles it into the
// Go build cache if it is not there yet (about half a minute on a cold
// cache; run "make tools" or .ci/run beforehand) and prints its path; the
// server is then run from that path directly. Set HOSTBASE_STRIPE_MOCK_BIN to
// use another prebuilt binary.
//
// stripe-mock keeps no state: every ID "exists", nothing is declined and no
// webhooks are sent. Use it to check that requests are accepted and that
// responses decode; drive payment outcomes with signed webhook events.
//
// Point a stripe-go client at it with a backend whose URL is Server.URL()
// and any test key such as APIKey. The server listens on 127.0.0.1 only, and
// runs without -strict-version-check.
package stripemock

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest/testserver"
)

// APIKey is a secret key stripe-mock accepts (it accepts any sk_test_ key).
const APIKey = "sk_test_123"

// StartTimeout bounds how long Start waits for a started stripe-mock to
// answer (compiling the binary is not included).
var StartTimeout = 30 * time.Second

// Server is a running stripe-mock.
type Server struct {
	httpPort  int
	httpsPort int
	proc      *testserver.Process
}

// Start runs a new stripe-mock for the test and stops it when the test ends.
// It fails the test if stripe-mock cannot be built or does not come up
// within StartTimeout.
func Start(tb testing.TB) *Server {
	tb.Helper()
	return servers.Start(tb, func() (*Server, error) { return start(tb.Logf) })
}

// Shared returns one stripe-mock per test binary, starting it on first use.
// It is not stopped when the test ends: call Stop from TestMain after m.Run
// (on Linux it is killed with the test binary in any case). Sharing is safe
// since stripe-mock keeps no state.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	return servers.Shared(tb, func() (*Server, error) { return start(tb.Logf) })
}

// Stop stops the server started by Shared, if any. A later Shared starts a
// new one.
func Stop() { servers.Stop() }

var servers = testserver.Servers[*Server]{Name: "stripe-mock", Close: (*Server).close}

var tool = testserver.Tool{Name: "stripe-mock", EnvVar: "HOSTBASE_STRIPE_MOCK_BIN"}

func start(logf func(string, ...any)) (*Server, error) {
	return testserver.Start(&tool, logf, testserver.Launch[*Server]{
		Ports: 2,
		New: func(ports []int) (*Server, []string) {
			s := &Server{httpPort: ports[0], httpsPort: ports[1]}
			return s, []string{
				"-http-addr", fmt.Sprintf("127.0.0.1:%d", s.httpPort),
				"-https-addr", fmt.Sprintf("127.0.0.1:%d", s.httpsPort),
			}
		},
		Ready:   (*Server).ready,
		Started: func(s *Server, p *testserver.Process) { s.proc = p },
		// PORT in the environment would add a third listener on every
		// interface.
		DropEnv: []string{"PORT="},
		Timeout: StartTimeout,
	})
}

// ready checks that the HTTP listener serves the API and the HTTPS one
// accepts connections.
func (s *Server) ready(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/v1/customers/cus_ready", nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+APIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /v1/customers/cus_ready: %s", resp.Status)
	}
	c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(s.httpsPort)), time.Second)
	if err != nil {
		return err
	}
	return c.Close()
}

func (s *Server) close() {
	s.proc.Terminate(5 * time.Second)
}

// URL returns the plain-HTTP API base URL, "http://127.0.0.1:PORT" (no
// trailing slash); stripe-go's backend URL.
func (s *Server) URL() string {
	return "http://127.0.0.1:" + strconv.Itoa(s.httpPort)
}

// HTTPSURL returns the HTTPS API base URL. stripe-mock's certificate is
// self-signed, so clients must skip verification.
func (s *Server) HTTPSURL() string {
	return "https://127.0.0.1:" + strconv.Itoa(s.httpsPort)
}

// Output returns what stripe-mock has printed so far (last 64 KiB), for
// diagnosing a failing test.
func (s *Server) Output() string { return s.proc.Output() }
