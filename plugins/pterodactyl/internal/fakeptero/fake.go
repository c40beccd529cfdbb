// Package fakeptero is an in-memory Pterodactyl panel for the plugin's
// tests: the application API's users, nodes, nests and servers routes and
// the client API's account, power and resources routes, with the panel's
// Fractal envelope, its error bodies and status codes
// (pterodactyl/panel routes/api-application.php, the Application request
// validators and transformers, app/Exceptions/Handler.php). Tests inject
// faults (429, 5xx, malformed JSON, a transfer in progress) and read the
// panel's memory directly.
package fakeptero

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Keys the fake accepts unless a test sets others.
const (
	AppKey    = "ptla_FakeApplicationKey0123456789abcdef0123"
	ClientKey = "ptlc_FakeClientKey0123456789abcdef012345678"
)

// Panel is the fake panel.
type Panel struct {
	URL string

	mu sync.Mutex
	// installPolls is how many reads of a new or reinstalled server still
	// show it installing; below 0, a new server is installed at once (as
	// if Wings had finished before the panel answered).
	installPolls int
	// installFails makes new servers' install scripts fail.
	installFails bool
	appKey       string
	clientKey    string
	users        map[int64]*user
	servers      map[int64]*server
	nodes        []*node
	allocations  map[int64]*allocation
	nextID       int64
	faults       []*Fault
	requests     []string
}

// Fault answers matching requests in the panel's stead.
type Fault struct {
	// Method and PathPrefix select requests ("" matches any); the path
	// includes /api/application or /api/client.
	Method, PathPrefix string
	Status             int
	RetryAfter         string
	// Body is sent as is; empty sends the panel's error body for Status.
	Body string
	// Times is how many requests it answers; 0 is every one.
	Times int
	hits  int
}

type user struct {
	ID                                      int64
	ExternalID                              *string
	UUID, Username, Email, First, Last, Pwd string
	Admin                                   bool
}

type server struct {
	ID                 int64
	ExternalID         *string
	UUID, Identifier   string
	Name, Description  string
	Status             *string
	installPolls       int
	Memory, Swap, Disk int64
	IO, CPU            int64
	OOMDisabled        bool
	Databases, Allocs  int64
	Backups            int64
	User, Node, Alloc  int64
	Nest, Egg          int64
	Image, Startup     string
	Environment        map[string]string
	Power              string
	Transferring       bool
	Created            time.Time
}

type node struct {
	ID, Location, Memory, Disk int64
	Name                       string
}

type allocation struct {
	ID, Node int64
	IP       string
	Port     int
	Server   int64 // 0 when free
}

// Egg 5 of nest 1 is the only egg, a Minecraft-like one.
const (
	NestID = 1
	EggID  = 5
)

// New starts the fake with one node (location 1, 16 GB, 100 GB, 20 ports)
// and the built-in keys; it stops when the test ends.
func New(t testing.TB) *Panel {
	p := &Panel{installPolls: 1, appKey: AppKey, clientKey: ClientKey, users: map[int64]*user{}, servers: map[int64]*server{},
		allocations: map[int64]*allocation{}, nextID: 100}
	p.nodes = []*node{{ID: 1, Location: 1, Memory: 16384, Disk: 102400, Name: "node-1"}}
	for i := range 20 {
		id := p.id()
		p.allocations[id] = &allocation{ID: id, Node: 1, IP: "127.0.0.10", Port: 25565 + i}
	}
	// The client key belongs to a root admin, as the plugin's README asks.
	admin := p.id()
	p.users[admin] = &user{ID: admin, UUID: uuid(), Username: "admin", Email: "admin@panel.test", First: "Panel", Last: "Admin", Admin: true}
	srv := httptest.NewServer(p.routes())
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

func (p *Panel) id() int64 { p.nextID++; return p.nextID }

func uuid() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	h := hex.EncodeToString(b)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// SetInstall sets how many reads a new server stays installing for (below
// 0: none at all), and whether its install script then fails.
func (p *Panel) SetInstall(polls int, fails bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.installPolls, p.installFails = polls, fails
}

// Inject adds a fault; the first matching fault answers.
func (p *Panel) Inject(f Fault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = append(p.faults, &f)
}

// ClearFaults removes every fault.
func (p *Panel) ClearFaults() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = nil
}

// Requests returns "METHOD path" of every request so far.
func (p *Panel) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// State says what the panel holds for a remote id: "running",
// "suspended", "installing", "install_failed" or "missing".
func (p *Panel) State(remoteID string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	id, _ := strconv.ParseInt(remoteID, 10, 64)
	s := p.servers[id]
	switch {
	case s == nil:
		return "missing"
	case s.Status == nil:
		return "running"
	default:
		return *s.Status
	}
}

// Server returns a copy of the server with a remote id, for assertions.
func (p *Panel) Server(remoteID string) (Snapshot, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id, _ := strconv.ParseInt(remoteID, 10, 64)
	s := p.servers[id]
	if s == nil {
		return Snapshot{}, false
	}
	ext := ""
	if s.ExternalID != nil {
		ext = *s.ExternalID
	}
	return Snapshot{ExternalID: ext, Memory: s.Memory, Disk: s.Disk, CPU: s.CPU, Power: s.Power, Environment: s.Environment,
		Image: s.Image, User: s.User}, true
}

// Snapshot is what tests read of a server.
type Snapshot struct {
	ExternalID        string
	Memory, Disk, CPU int64
	Power             string
	Image             string
	User              int64
	Environment       map[string]string
}

// Password is the password the user with email was created with.
func (p *Panel) Password(email string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.users {
		if strings.EqualFold(u.Email, email) {
			return u.Pwd
		}
	}
	return ""
}

// Servers counts the servers the panel holds.
func (p *Panel) Servers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.servers)
}

// UsersWithEmail counts the panel's users with an email.
func (p *Panel) UsersWithEmail(email string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, u := range p.users {
		if strings.EqualFold(u.Email, email) {
			n++
		}
	}
	return n
}

// DeleteBehindBack removes a server as an admin would in the panel.
func (p *Panel) DeleteBehindBack(remoteID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	id, _ := strconv.ParseInt(remoteID, 10, 64)
	s := p.servers[id]
	if s == nil {
		return fmt.Errorf("no server %s", remoteID)
	}
	p.deleteLocked(s)
	return nil
}

// SetTransferring marks a server as being moved between nodes, when the
// panel refuses to suspend or unsuspend it with 409.
func (p *Panel) SetTransferring(remoteID string, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id, _ := strconv.ParseInt(remoteID, 10, 64)
	if s := p.servers[id]; s != nil {
		s.Transferring = on
	}
}

// SetAllocationsFull takes every free port, as if other servers had them.
func (p *Panel) SetAllocationsFull() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, a := range p.allocations {
		if a.Server == 0 {
			a.Server = -1
		}
	}
}

func (p *Panel) deleteLocked(s *server) {
	for _, a := range p.allocations {
		if a.Server == s.ID {
			a.Server = 0
		}
	}
	delete(p.servers, s.ID)
}

func sortedIDs[T any](m map[int64]T) []int64 {
	ids := make([]int64, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
