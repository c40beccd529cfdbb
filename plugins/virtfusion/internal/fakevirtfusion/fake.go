// Package fakevirtfusion is a VirtFusion control server for tests: an
// httptest server on loopback answering the API endpoints the plugin uses
// (https://docs.virtfusion.com/api/) with their documented paths, bearer
// auth, {"data": …} envelopes, status codes and error bodies, keeping its
// users and servers in memory. It is not a test file so that the
// plugin's package tests and its end-to-end test share it.
package fakevirtfusion

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Seeded catalogue: the packages, the hypervisor group and the OS
// templates the fake knows.
const (
	PackageSmall    = 1
	PackageLarge    = 2
	HypervisorGroup = 1
	TemplateDebian  = 10
	TemplateUbuntu  = 11
	// AdminUserID is the installation's first user, which exists from the
	// start, as on a real control server.
	AdminUserID = 1
)

type pkg struct{ memory, storage, traffic, cpu int64 }

var packages = map[int64]pkg{
	PackageSmall: {memory: 1024, storage: 20, traffic: 1000, cpu: 1},
	PackageLarge: {memory: 4096, storage: 80, traffic: 4000, cpu: 4},
}

var templates = map[int64]string{TemplateDebian: "Debian", TemplateUbuntu: "Ubuntu"}

type user struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	Ext   int64  `json:"extRelationId"`
}

type server struct {
	id, owner       int64
	name, hostname  string
	state           string // pending, building, complete
	ticks           int    // reads left before a build completes
	suspended, off  bool
	pkg             int64
	memory, storage int64
	traffic, cpu    int64
	ips             []string
	os              int64
	password        string
	dnd             bool
}

// Fault is an answer the fake gives instead of serving a request.
type Fault struct {
	// Match, when set, is the "METHOD /path" the fault is for, e.g.
	// "POST /api/v1/servers"; other requests pass it by.
	Match      string
	Status     int
	RetryAfter string
	Body       string
	// Done, when set, serves the request first and then answers with the
	// fault instead: an answer lost after the panel acted.
	Done bool
}

// Panel is the fake control server.
type Panel struct {
	// URL is the control server's address (the API is under /api/v1).
	URL   string
	Token string
	srv   *httptest.Server

	mu         sync.Mutex
	buildTicks int
	capacity   int
	users      map[int64]*user
	servers    map[int64]*server
	nextUser   int64
	nextServer int64
	faults     []Fault
	calls      atomic.Int64
	callsTo    map[string]int
	creates    atomic.Int64
}

// New starts a fake with the token it accepts; it stops when the test
// ends. A build completes after buildTicks reads of the server (0: at
// once).
func New(t interface{ Cleanup(func()) }, token string, buildTicks int) *Panel {
	p := &Panel{Token: token, buildTicks: buildTicks, users: map[int64]*user{}, servers: map[int64]*server{},
		nextUser: AdminUserID + 1, nextServer: 100}
	p.users[AdminUserID] = &user{ID: AdminUserID, Name: "Admin", Email: "admin@cp.test"}
	p.srv = httptest.NewServer(p.routes())
	p.URL = p.srv.URL
	t.Cleanup(p.srv.Close)
	return p
}

// SetCapacity limits how many servers the hypervisor group holds; 0 is no
// limit.
func (p *Panel) SetCapacity(n int) { p.mu.Lock(); p.capacity = n; p.mu.Unlock() }

// FailNext makes the next requests answer with the faults, in order.
func (p *Panel) FailNext(faults ...Fault) {
	p.mu.Lock()
	p.faults = append(p.faults, faults...)
	p.mu.Unlock()
}

// Calls is how many requests the fake has received.
func (p *Panel) Calls() int64 { return p.calls.Load() }

// CallsTo is how many requests "METHOD /path" has received.
func (p *Panel) CallsTo(match string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.callsTo[match]
}

// Creates is how many servers POST /servers has made.
func (p *Panel) Creates() int64 { return p.creates.Load() }

// SetDoNotDisturb turns "Do Not Disturb" on or off for a server.
func (p *Panel) SetDoNotDisturb(remoteID string, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.lookup(remoteID); s != nil {
		s.dnd = on
	}
}

// State is what the fake holds for a remote id: "running", "stopped",
// "suspended", "pending"/"building" before a build ends, or "missing".
func (p *Panel) State(remoteID string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.lookup(remoteID)
	switch {
	case s == nil:
		return "missing"
	case s.suspended:
		return "suspended"
	case s.state != "complete":
		return s.state
	case s.off:
		return "stopped"
	}
	return "running"
}

// Package is the package a server is on, 0 if it is missing.
func (p *Panel) Package(remoteID string) int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.lookup(remoteID); s != nil {
		return s.pkg
	}
	return 0
}

// Named counts the servers with a name.
func (p *Panel) Named(name string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, s := range p.servers {
		if s.name == name {
			n++
		}
	}
	return n
}

// DeleteBehindBack removes a server as staff would in VirtFusion.
func (p *Panel) DeleteBehindBack(remoteID string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.lookup(remoteID)
	if s == nil {
		return fmt.Errorf("no server %s", remoteID)
	}
	delete(p.servers, s.id)
	return nil
}

func (p *Panel) lookup(remoteID string) *server {
	id, err := strconv.ParseInt(remoteID, 10, 64)
	if err != nil {
		return nil
	}
	return p.servers[id]
}

func (p *Panel) routes() http.Handler {
	mux := http.NewServeMux()
	h := func(pattern string, fn func(w http.ResponseWriter, r *http.Request)) {
		mux.HandleFunc(pattern, fn)
	}
	h("GET /api/v1/connect", func(w http.ResponseWriter, r *http.Request) { write(w, 200, data(map[string]any{"connected": true})) })
	h("GET /api/v1/compute/hypervisors/groups/{id}", p.getGroup)
	h("GET /api/v1/users/{ext}/byExtRelation", p.getUserByExt)
	h("POST /api/v1/users", p.postUser)
	h("POST /api/v1/users/{ext}/serverAuthenticationTokens/{id}", p.postAuthTokens)
	h("GET /api/v1/servers", p.listServers)
	h("POST /api/v1/servers", p.postServer)
	h("GET /api/v1/servers/user/{uid}", p.userServers)
	h("GET /api/v1/servers/{id}", p.withServer(p.getServer))
	h("DELETE /api/v1/servers/{id}", p.withServer(p.deleteServer))
	h("POST /api/v1/servers/{id}/build", p.withServer(p.build))
	h("POST /api/v1/servers/{id}/suspend", p.withServer(func(w http.ResponseWriter, r *http.Request, s *server) { s.suspended = true; w.WriteHeader(204) }))
	h("POST /api/v1/servers/{id}/unsuspend", p.withServer(func(w http.ResponseWriter, r *http.Request, s *server) { s.suspended = false; w.WriteHeader(204) }))
	h("POST /api/v1/servers/{id}/resetPassword", p.withServer(p.resetPassword))
	h("POST /api/v1/servers/{id}/power/{action}", p.withServer(p.power))
	h("PUT /api/v1/servers/{id}/package/{pkg}", p.withServer(p.changePackage))
	h("GET /api/v1/media/templates/fromServerPackageSpec/{pkg}", p.getTemplates)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.calls.Add(1)
		match := r.Method + " " + r.URL.Path
		p.mu.Lock()
		if p.callsTo == nil {
			p.callsTo = map[string]int{}
		}
		p.callsTo[match]++
		var f *Fault
		for i := range p.faults {
			if p.faults[i].Match == "" || p.faults[i].Match == match {
				fault := p.faults[i]
				f = &fault
				p.faults = append(p.faults[:i:i], p.faults[i+1:]...)
				break
			}
		}
		p.mu.Unlock()
		if f != nil && f.Done && r.Header.Get("Authorization") == "Bearer "+p.Token {
			mux.ServeHTTP(httptest.NewRecorder(), r)
		}
		if f != nil {
			if f.RetryAfter != "" {
				w.Header().Set("Retry-After", f.RetryAfter)
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(f.Status)
			_, _ = w.Write([]byte(f.Body))
			return
		}
		// A missing, invalid or expired token: 401 with no body (docs).
		if r.Header.Get("Authorization") != "Bearer "+p.Token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func data(v any) map[string]any { return map[string]any{"data": v} }

func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// fail answers with the older endpoints' {"msg": …} or the newer ones'
// {"errors": […]}.
func fail(w http.ResponseWriter, status int, msg string) {
	write(w, status, map[string]any{"errors": []string{msg}})
}

func failMsg(w http.ResponseWriter, status int, msg string) {
	write(w, status, map[string]any{"msg": msg})
}

func pathInt(r *http.Request, name string) (int64, bool) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return n, err == nil
}

func (p *Panel) getGroup(w http.ResponseWriter, r *http.Request) {
	if id, ok := pathInt(r, "id"); !ok || id != HypervisorGroup {
		failMsg(w, 404, "hypervisor group not found")
		return
	}
	write(w, 200, data(map[string]any{"id": HypervisorGroup, "name": "Test group", "enabled": true}))
}

func (p *Panel) getUserByExt(w http.ResponseWriter, r *http.Request) {
	ext, _ := pathInt(r, "ext")
	p.mu.Lock()
	defer p.mu.Unlock()
	if u := p.userByExt(ext); u != nil {
		write(w, 200, data(u))
		return
	}
	failMsg(w, 404, "ext_relation_id not found")
}

func (p *Panel) userByExt(ext int64) *user {
	for _, u := range p.users {
		if ext != 0 && u.Ext == ext {
			return u
		}
	}
	return nil
}

func (p *Panel) postUser(w http.ResponseWriter, r *http.Request) {
	var b struct {
		Name          string `json:"name"`
		Email         string `json:"email"`
		ExtRelationID int64  `json:"extRelationId"`
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil || b.Name == "" || b.Email == "" {
		fail(w, 422, "name and email are required")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if b.ExtRelationID != 0 && p.userByExt(b.ExtRelationID) != nil {
		fail(w, 422, "the ext relation id has already been taken")
		return
	}
	u := &user{ID: p.nextUser, Name: b.Name, Email: b.Email, Ext: b.ExtRelationID}
	p.nextUser++
	p.users[u.ID] = u
	write(w, 201, data(u))
}

func (p *Panel) postAuthTokens(w http.ResponseWriter, r *http.Request) {
	ext, _ := pathInt(r, "ext")
	id, _ := pathInt(r, "id")
	p.mu.Lock()
	defer p.mu.Unlock()
	u := p.userByExt(ext)
	s := p.servers[id]
	if u == nil || s == nil || s.owner != u.ID {
		failMsg(w, 404, "user or server not found")
		return
	}
	tok := fmt.Sprintf("tok%d-%d", u.ID, s.id)
	write(w, 200, data(map[string]any{"authentication": map[string]any{
		"tokens":            map[string]string{"1": tok, "2": tok + "b"},
		"endpoint":          "/token/",
		"endpoint_complete": "/token/?token=" + tok + "&server=" + strconv.FormatInt(s.id, 10),
	}}))
}

func (p *Panel) listServers(w http.ResponseWriter, r *http.Request) {
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	per, _ := strconv.Atoi(r.URL.Query().Get("results"))
	if page < 1 {
		page = 1
	}
	if per < 1 {
		per = 20
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	all := p.sorted(func(*server) bool { return true })
	last := max((len(all)+per-1)/per, 1)
	from, to := min((page-1)*per, len(all)), min(page*per, len(all))
	write(w, 200, map[string]any{"current_page": page, "last_page": last, "per_page": per, "total": len(all),
		"data": all[from:to]})
}

func (p *Panel) sorted(keep func(*server) bool) []map[string]any {
	var ids []int64
	for id, s := range p.servers {
		if keep(s) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := []map[string]any{}
	for _, id := range ids {
		out = append(out, p.view(p.servers[id], false))
	}
	return out
}

func (p *Panel) userServers(w http.ResponseWriter, r *http.Request) {
	uid, _ := pathInt(r, "uid")
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.users[uid] == nil {
		failMsg(w, 404, "user not found")
		return
	}
	write(w, 200, data(p.sorted(func(s *server) bool { return s.owner == uid })))
}

func (p *Panel) postServer(w http.ResponseWriter, r *http.Request) {
	var b struct {
		PackageID    int64  `json:"packageId"`
		UserID       int64  `json:"userId"`
		HypervisorID int64  `json:"hypervisorId"`
		IPv4         *int64 `json:"ipv4"`
		Memory       *int64 `json:"memory"`
		Storage      *int64 `json:"storage"`
		Traffic      *int64 `json:"traffic"`
		CPUCores     *int64 `json:"cpuCores"`
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
		fail(w, 422, "the request body is not valid JSON")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	pk, ok := packages[b.PackageID]
	switch {
	case !ok:
		fail(w, 422, "the selected package id is invalid")
		return
	case p.users[b.UserID] == nil:
		fail(w, 422, "the selected user id is invalid")
		return
	case b.HypervisorID != HypervisorGroup:
		fail(w, 422, "the selected hypervisor id is invalid")
		return
	case p.capacity > 0 && len(p.servers) >= p.capacity:
		fail(w, 422, "no hypervisor in the group has enough resources for this server")
		return
	}
	if r.URL.Query().Get("dryRun") == "true" {
		write(w, 200, data(map[string]any{"dryRun": true, "hypervisorId": 1}))
		return
	}
	s := &server{id: p.nextServer, owner: b.UserID, state: "pending", pkg: b.PackageID,
		memory: pick(b.Memory, pk.memory), storage: pick(b.Storage, pk.storage), traffic: pick(b.Traffic, pk.traffic),
		cpu: pick(b.CPUCores, pk.cpu)}
	s.name = fmt.Sprintf("srv%d", s.id)
	for i := range pick(b.IPv4, 1) {
		s.ips = append(s.ips, fmt.Sprintf("192.0.2.%d", (s.id*4+i)%250+1))
	}
	p.nextServer++
	p.servers[s.id] = s
	p.creates.Add(1)
	write(w, 201, data(p.view(s, false)))
}

func pick(v *int64, def int64) int64 {
	if v == nil {
		return def
	}
	return *v
}

// view is a server as the API shows it; reading it with the remote state
// advances a build.
func (p *Panel) view(s *server, remote bool) map[string]any {
	u := p.users[s.owner]
	ipv4 := []map[string]any{}
	for _, ip := range s.ips {
		ipv4 = append(ipv4, map[string]any{"address": ip, "gateway": "192.0.2.254", "netmask": "255.255.255.0"})
	}
	v := map[string]any{
		"id": s.id, "uuid": fmt.Sprintf("00000000-0000-4000-8000-%012d", s.id), "name": s.name, "hostname": s.hostname,
		"state": s.state, "suspended": s.suspended, "owner": map[string]any{"id": u.ID, "email": u.Email},
		"settings": map[string]any{"resources": map[string]any{"memory": s.memory, "storage": s.storage,
			"traffic": s.traffic, "cpuCores": s.cpu}},
		"network": map[string]any{"interfaces": []map[string]any{{"mac": "52:54:00:00:00:01", "ipv4": ipv4, "ipv6": []any{}}}},
		"usage":   map[string]any{"traffic": map[string]any{"used": 123 << 20}},
	}
	if remote {
		state := "running"
		if s.off {
			state = "shutoff"
		}
		v["remoteState"] = map[string]any{"state": state, "memory": map[string]any{"actual": s.memory << 10, "unused": s.memory << 9}}
	}
	return v
}

// withServer finds the {id} server, answering 404 {"msg":"server not
// found"} as VirtFusion does, and runs fn under the lock.
func (p *Panel) withServer(fn func(w http.ResponseWriter, r *http.Request, s *server)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := pathInt(r, "id")
		p.mu.Lock()
		defer p.mu.Unlock()
		s := p.servers[id]
		if s == nil {
			failMsg(w, 404, "server not found")
			return
		}
		fn(w, r, s)
	}
}

func (p *Panel) getServer(w http.ResponseWriter, r *http.Request, s *server) {
	if s.state == "building" {
		if s.ticks <= 0 {
			s.state = "complete"
		} else {
			s.ticks--
		}
	}
	write(w, 200, data(p.view(s, r.URL.Query().Get("remoteState") == "true")))
}

func (p *Panel) deleteServer(w http.ResponseWriter, r *http.Request, s *server) {
	if s.dnd {
		fail(w, 423, "the server is in do not disturb mode")
		return
	}
	delete(p.servers, s.id)
	w.WriteHeader(204)
}

func (p *Panel) build(w http.ResponseWriter, r *http.Request, s *server) {
	var b struct {
		OperatingSystemID int64  `json:"operatingSystemId"`
		Name              string `json:"name"`
		Hostname          string `json:"hostname"`
	}
	if err := json.NewDecoder(r.Body).Decode(&b); err != nil || templates[b.OperatingSystemID] == "" {
		fail(w, 422, "the selected operating system id is invalid")
		return
	}
	if b.Name != "" {
		s.name = b.Name
	}
	if b.Hostname != "" {
		s.hostname = b.Hostname
	}
	s.os, s.off = b.OperatingSystemID, false
	s.password = fmt.Sprintf("build-%d-%d", s.id, b.OperatingSystemID)
	s.state, s.ticks = "building", p.buildTicks
	if p.buildTicks == 0 {
		s.state = "complete"
	}
	write(w, 200, data(map[string]any{"queueId": s.id * 10, "server": p.view(s, false)}))
}

func (p *Panel) resetPassword(w http.ResponseWriter, r *http.Request, s *server) {
	s.password = fmt.Sprintf("reset-%d-%d", s.id, p.calls.Load())
	write(w, 200, data(map[string]any{"expectedPassword": s.password}))
}

func (p *Panel) power(w http.ResponseWriter, r *http.Request, s *server) {
	switch r.PathValue("action") {
	case "boot", "restart":
		s.off = false
	case "shutdown", "poweroff":
		s.off = true
	default:
		failMsg(w, 404, "unknown power action")
		return
	}
	w.WriteHeader(204)
}

func (p *Panel) changePackage(w http.ResponseWriter, r *http.Request, s *server) {
	id, _ := pathInt(r, "pkg")
	pk, ok := packages[id]
	if !ok {
		failMsg(w, 404, "package not found")
		return
	}
	s.pkg, s.memory, s.storage, s.traffic, s.cpu = id, pk.memory, pk.storage, pk.traffic, pk.cpu
	w.WriteHeader(204)
}

func (p *Panel) getTemplates(w http.ResponseWriter, r *http.Request) {
	if id, _ := pathInt(r, "pkg"); packages[id] == (pkg{}) {
		failMsg(w, 404, "package not found")
		return
	}
	var ids []int64
	for id := range templates {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	var groups []map[string]any
	for _, id := range ids {
		groups = append(groups, map[string]any{"name": templates[id], "icon": strings.ToLower(templates[id]) + ".png",
			"templates": []map[string]any{{"id": id, "name": templates[id], "version": "12", "variant": "minimal",
				"eol": false, "type": "linux"}}})
	}
	write(w, 200, data(groups))
}

// Snapshot is what the fake holds of a server, for tests to check.
type Snapshot struct {
	ID, Owner, Package, Template int64
	Name, Hostname, Password     string
	MemoryMB, CPUCores           int64
	StorageGB, TrafficGB         int64
	IPs                          []string
	OwnerEmail                   string
	OwnerExtRelation             int64
}

// Server returns a copy of a server, false if it is missing.
func (p *Panel) Server(remoteID string) (Snapshot, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.lookup(remoteID)
	if s == nil {
		return Snapshot{}, false
	}
	u := p.users[s.owner]
	return Snapshot{ID: s.id, Owner: s.owner, Package: s.pkg, Template: s.os, Name: s.name, Hostname: s.hostname,
		Password: s.password, MemoryMB: s.memory, CPUCores: s.cpu, StorageGB: s.storage, TrafficGB: s.traffic,
		IPs: append([]string(nil), s.ips...), OwnerEmail: u.Email, OwnerExtRelation: u.Ext}, true
}

// Servers is how many servers the fake holds.
func (p *Panel) Servers() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.servers)
}

// Seed adds n built servers owned by the installation's first user, named
// as staff would name them (no Hostbase tag): servers made outside
// Hostbase.
func (p *Panel) Seed(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range n {
		pk := packages[PackageSmall]
		s := &server{id: p.nextServer, owner: AdminUserID, state: "complete", pkg: PackageSmall, memory: pk.memory,
			storage: pk.storage, traffic: pk.traffic, cpu: pk.cpu, os: TemplateDebian}
		s.name, s.hostname = fmt.Sprintf("manual%d", s.id), fmt.Sprintf("manual%d.example.test", s.id)
		p.nextServer++
		p.servers[s.id] = s
	}
}
