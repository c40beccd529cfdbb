// Package mailpit runs a real mailpit SMTP server for Go tests and reads what
// it received through mailpit's REST API.
//
// The mailpit binary comes from the tools module (tools/go.mod at the
// repository root): the first use in a test binary runs
// "go tool -modfile=tools/go.mod -n mailpit", which compiles mailpit into the
// Go build cache if it is not there yet (over a minute on a cold cache; run
// "make tools" or .ci/run beforehand so test timeouts do not include it) and
// prints its path; the server is then run from that path directly. Set
// HOSTBASE_MAILPIT_BIN to use another prebuilt binary.
//
// Each server listens on 127.0.0.1 only (SMTP and HTTP on free ports), keeps
// its database in a temporary directory, and makes no outbound connections:
// the version check, reverse DNS lookups and remote CSS/fonts are disabled,
// and MP_* variables from the environment (which could enable webhooks or
// relaying) are not passed on.
//
// Use Start for a server per test, or Shared for one server per test binary
// (stop it with Stop from TestMain):
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		mailpit.Stop()
//		os.Exit(code)
//	}
package mailpit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/hooks/hbtest/testserver"
)

// StartTimeout bounds how long Start waits for a started mailpit to answer
// on both its HTTP API and its SMTP port (compiling the binary is not
// included).
var StartTimeout = 30 * time.Second

// Server is a running mailpit instance.
type Server struct {
	smtpPort int
	httpPort int
	baseURL  string
	client   *http.Client
	proc     *testserver.Process
	dir      string // removed by close when set (Shared's own temporary dir)
}

// Message is one entry of mailpit's message list (MessageSummary in
// mailpit's API): headers and a text snippet, without the bodies. Use
// Server.Message for the full message.
type Message struct {
	// ID is mailpit's database ID, used by Server.Message.
	ID string
	// MessageID is the Message-ID header.
	MessageID string
	// Read is mailpit's read flag.
	Read    bool
	From    mail.Address
	To      []mail.Address
	Cc      []mail.Address
	Bcc     []mail.Address
	ReplyTo []mail.Address
	Subject string
	// Created is when mailpit received the message.
	Created time.Time
	// Username is the SMTP AUTH user name, if any.
	Username string
	Tags     []string
	// Size is the raw message size in bytes.
	Size uint64
	// Attachments is the number of attachments.
	Attachments int
	// Snippet is the start of the text body (up to 250 characters).
	Snippet string
}

// HasRecipient reports whether addr (compared case-insensitively) is among
// the message's To, Cc or Bcc addresses.
func (m Message) HasRecipient(addr string) bool {
	for _, list := range [][]mail.Address{m.To, m.Cc, m.Bcc} {
		for _, a := range list {
			if strings.EqualFold(a.Address, addr) {
				return true
			}
		}
	}
	return false
}

// FullMessage is a whole parsed message as mailpit's
// GET /api/v1/message/{id} returns it.
type FullMessage struct {
	ID         string
	MessageID  string
	From       mail.Address
	To         []mail.Address
	Cc         []mail.Address
	Bcc        []mail.Address
	ReplyTo    []mail.Address
	ReturnPath string
	Subject    string
	// ListUnsubscribe summarises the List-Unsubscribe headers.
	ListUnsubscribe ListUnsubscribe
	// Date is the Date header, or the time received if it had none.
	Date     time.Time
	Tags     []string
	Username string
	// Text is the text/plain body (decoded).
	Text string
	// HTML is the text/html body (decoded).
	HTML        string
	Size        uint64
	Inline      []Attachment
	Attachments []Attachment
}

// ListUnsubscribe is mailpit's summary of the List-Unsubscribe and
// List-Unsubscribe-Post headers.
type ListUnsubscribe struct {
	Header     string
	Links      []string
	Errors     string
	HeaderPost string
}

// Attachment describes one attachment or inline part.
type Attachment struct {
	PartID      string
	FileName    string
	ContentType string
	ContentID   string
	Size        uint64
}

// messagesSummary is the body of GET /api/v1/messages and /api/v1/search.
type messagesSummary struct {
	Total         uint64    `json:"total"`
	Unread        uint64    `json:"unread"`
	MessagesCount uint64    `json:"messages_count"`
	Start         int       `json:"start"`
	Messages      []Message `json:"messages"`
}

// Start runs a new mailpit for the test and stops it when the test ends.
// It fails the test if mailpit cannot be built or does not come up within
// StartTimeout.
func Start(tb testing.TB) *Server {
	tb.Helper()
	return servers.Start(tb, func() (*Server, error) { return start(tb.Logf, tb.TempDir()) })
}

// Shared returns one mailpit per test binary, starting it on first use. It
// is not stopped when the test ends: call Stop from TestMain after m.Run.
// (On Linux the server is killed with the test binary in any case, but its
// temporary directory is only removed by Stop.) Tests sharing it should
// match on unique recipients or subjects rather than expect an empty
// mailbox, or not run in parallel if they call DeleteAll.
func Shared(tb testing.TB) *Server {
	tb.Helper()
	return servers.Shared(tb, func() (*Server, error) {
		dir, err := os.MkdirTemp("", "hbtest-mailpit-")
		if err != nil {
			return nil, err
		}
		s, err := start(tb.Logf, dir)
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		s.dir = dir
		return s, nil
	})
}

// Stop stops the server started by Shared, if any, and removes its data.
// A later Shared starts a new one.
func Stop() { servers.Stop() }

var servers = testserver.Servers[*Server]{Name: "mailpit", Close: (*Server).close}

var tool = testserver.Tool{Name: "mailpit", EnvVar: "HOSTBASE_MAILPIT_BIN"}

func start(logf func(string, ...any), dir string) (*Server, error) {
	return testserver.Start(&tool, logf, testserver.Launch[*Server]{
		Ports: 2,
		New: func(ports []int) (*Server, []string) {
			s := &Server{
				smtpPort: ports[0],
				httpPort: ports[1],
				baseURL:  fmt.Sprintf("http://127.0.0.1:%d", ports[1]),
				client:   &http.Client{Timeout: 10 * time.Second},
			}
			return s, []string{
				"--smtp", fmt.Sprintf("127.0.0.1:%d", s.smtpPort),
				"--listen", fmt.Sprintf("127.0.0.1:%d", s.httpPort),
				"--database", filepath.Join(dir, "mailpit.db"),
				"--disable-version-check",
				"--smtp-disable-rdns",
				"--block-remote-css-and-fonts",
				// Accept any (or no) AUTH so that a mailer configured with
				// credentials works; plain auth over the unencrypted loopback.
				"--smtp-auth-accept-any",
				"--smtp-auth-allow-insecure",
			}
		},
		Ready:   (*Server).ready,
		Started: func(s *Server, p *testserver.Process) { s.proc = p },
		// MP_* variables could enable webhooks or relaying.
		DropEnv: []string{"MP_"},
		Timeout: StartTimeout,
	})
}

// ready checks that the REST API answers and the SMTP port accepts
// connections (mailpit opens the HTTP listener first).
func (s *Server) ready(ctx context.Context) error {
	if _, err := s.list(ctx, "/api/v1/messages", url.Values{"limit": {"1"}}); err != nil {
		return err
	}
	c, err := net.DialTimeout("tcp", s.SMTPAddr(), time.Second)
	if err != nil {
		return err
	}
	return c.Close()
}

func (s *Server) close() {
	s.proc.Terminate(5 * time.Second)
	s.client.CloseIdleConnections()
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

// SMTPHost returns the SMTP server's host, "127.0.0.1".
func (s *Server) SMTPHost() string { return "127.0.0.1" }

// SMTPPort returns the SMTP server's port.
func (s *Server) SMTPPort() int { return s.smtpPort }

// SMTPAddr returns the SMTP server's address as host:port.
func (s *Server) SMTPAddr() string {
	return net.JoinHostPort(s.SMTPHost(), strconv.Itoa(s.smtpPort))
}

// URL returns the base URL of mailpit's web UI and REST API, e.g.
// "http://127.0.0.1:41234".
func (s *Server) URL() string { return s.baseURL }

// Output returns what mailpit has logged so far (last 64 KiB), for
// diagnosing a failing test.
func (s *Server) Output() string { return s.proc.Output() }

// Messages returns every message in the mailbox, newest first.
func (s *Server) Messages(ctx context.Context) ([]Message, error) {
	// limit=0 lists all messages.
	res, err := s.list(ctx, "/api/v1/messages", url.Values{"limit": {"0"}})
	if err != nil {
		return nil, err
	}
	return res.Messages, nil
}

// Search returns the messages matching a mailpit search query, newest
// first, e.g. `to:alice@example.test subject:"Invoice 2024-0001"`
// (see https://mailpit.axllent.org/docs/usage/search-filters/).
func (s *Server) Search(ctx context.Context, query string) ([]Message, error) {
	const page = 500
	var all []Message
	for {
		res, err := s.list(ctx, "/api/v1/search", url.Values{
			"query": {query},
			"start": {strconv.Itoa(len(all))},
			"limit": {strconv.Itoa(page)},
		})
		if err != nil {
			return nil, err
		}
		all = append(all, res.Messages...)
		if len(res.Messages) < page || uint64(len(all)) >= res.MessagesCount {
			return all, nil
		}
	}
}

// Message returns the full message with mailpit database ID id (Message.ID).
func (s *Server) Message(ctx context.Context, id string) (FullMessage, error) {
	var m FullMessage
	body, err := s.do(ctx, http.MethodGet, "/api/v1/message/"+url.PathEscape(id), nil)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(body, &m); err != nil {
		return m, fmt.Errorf("mailpit: decoding message %s: %v", id, err)
	}
	return m, nil
}

// Headers returns the message's headers as mailpit parsed them.
func (s *Server) Headers(ctx context.Context, id string) (map[string][]string, error) {
	body, err := s.do(ctx, http.MethodGet, "/api/v1/message/"+url.PathEscape(id)+"/headers", nil)
	if err != nil {
		return nil, err
	}
	h := map[string][]string{}
	if err := json.Unmarshal(body, &h); err != nil {
		return nil, fmt.Errorf("mailpit: decoding headers of %s: %v", id, err)
	}
	return h, nil
}

// Raw returns the message's source exactly as received over SMTP.
func (s *Server) Raw(ctx context.Context, id string) ([]byte, error) {
	return s.do(ctx, http.MethodGet, "/api/v1/message/"+url.PathEscape(id)+"/raw", nil)
}

// DeleteAll deletes every message in the mailbox.
func (s *Server) DeleteAll(ctx context.Context) error {
	_, err := s.do(ctx, http.MethodDelete, "/api/v1/messages", []byte(`{"IDs":[]}`))
	return err
}

// WaitFor polls the mailbox until a message satisfies match and returns the
// newest such message. It fails the test (listing what the mailbox holds) if
// none does within timeout.
func (s *Server) WaitFor(tb testing.TB, match func(Message) bool, timeout time.Duration) Message {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	var (
		msgs    []Message
		lastErr error
	)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		got, err := s.Messages(ctx)
		cancel()
		if err != nil {
			lastErr = err
		} else {
			msgs = got
			for _, m := range msgs {
				if match(m) {
					return m
				}
			}
		}
		if time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	var seen []string
	for i, m := range msgs {
		if i == 20 {
			seen = append(seen, fmt.Sprintf("... and %d more", len(msgs)-i))
			break
		}
		var to []string
		for _, a := range m.To {
			to = append(to, a.Address)
		}
		seen = append(seen, fmt.Sprintf("%q to %s", m.Subject, strings.Join(to, ",")))
	}
	msg := fmt.Sprintf("mailpit: no matching message within %s; the mailbox holds %d: [%s]", timeout, len(msgs), strings.Join(seen, "; "))
	if lastErr != nil {
		msg += fmt.Sprintf(" (last API error: %v)", lastErr)
	}
	tb.Fatal(msg)
	return Message{}
}

func (s *Server) list(ctx context.Context, path string, q url.Values) (messagesSummary, error) {
	var res messagesSummary
	body, err := s.do(ctx, http.MethodGet, path+"?"+q.Encode(), nil)
	if err != nil {
		return res, err
	}
	if err := json.Unmarshal(body, &res); err != nil {
		return res, fmt.Errorf("mailpit: decoding %s: %v", path, err)
	}
	return res, nil
}

// do sends one API request and returns the body of a 200 response.
func (s *Server) do(ctx context.Context, method, pathQuery string, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.baseURL+pathQuery, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("mailpit: %s %s: %w", method, pathQuery, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("mailpit: %s %s: reading body: %w", method, pathQuery, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("mailpit: %s %s: %s: %s", method, pathQuery, resp.Status, bytes.TrimSpace(b))
	}
	return b, nil
}
