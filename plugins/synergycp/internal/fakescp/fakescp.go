// Package fakescp is a SynergyCP API in memory, for the plugin's tests: an
// inventory of servers with part billing ids, clients, accesses, IP
// entities and API keys, served over loopback HTTP with the paths, the
// ?key= authentication and the {"data", "error", "messages"} envelope the
// vendor's PHP client and WHMCS module use. Faults (429, 5xx, malformed
// answers) can be queued, and servers deleted behind the plugin's back.
package fakescp

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Server is one server of the inventory.
type Server struct {
	ID            int
	SrvID, Name   string
	CPU, Mem      string
	Disks, Addons []string
	IPGroup       string
	ClientID      int
	Billing       string
	MaxBandwidth  any
	Nickname      string
	Password      string
	PXEProfile    string
	Integration   bool
	Wiping        int // inventory queries left before it is free again
	UsedBits      int64
	MaxBits       int64
	Power         string
	AccessIPMI    bool
	AccessPXE     bool
	AccessSwitch  bool
}

type access struct {
	ID, ServerID, ClientID int
	Primary, Active        bool
	Reason                 string
}

type client struct {
	ID                      int
	Email, First, Last, Bid string
}

type entity struct {
	ID                      int
	Address, Group, Billing string
	ServerID                int
}

// sneak is another integration's allocation, made just before a route is
// served.
type sneak struct {
	serverID int
	billing  string
}

type fault struct {
	route      string
	status     int
	retryAfter string
	body       string
}

// Panel is the fake API. Its zero value is not usable: call New.
type Panel struct {
	// URL is the API's base URL (loopback).
	URL string

	mu        sync.Mutex
	apiKey    string
	servers   map[int]*Server
	clients   map[int]*client
	accesses  map[int]*access
	entities  map[int]*entity
	keys      map[string]int // client API keys → client id
	vip       map[string]bool
	faults    []fault
	sneaks    map[string][]sneak
	calls     map[string]int
	next      int
	wipeTicks int
	http      *httptest.Server
}

// New starts a fake panel accepting apiKey. Close it when done.
func New(apiKey string) *Panel {
	p := &Panel{apiKey: apiKey, servers: map[int]*Server{}, clients: map[int]*client{}, accesses: map[int]*access{},
		entities: map[int]*entity{}, keys: map[string]int{}, vip: map[string]bool{}, calls: map[string]int{}, next: 100}
	p.http = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.http.URL
	return p
}

// Close stops the panel.
func (p *Panel) Close() { p.http.Close() }

func (p *Panel) id() int { p.next++; return p.next }

// AddServer puts a free server in the inventory and returns its id.
func (p *Panel) AddServer(s Server) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	s.ID = p.id()
	if s.SrvID == "" {
		s.SrvID = fmt.Sprintf("SRV-%d", s.ID)
	}
	if s.Power == "" {
		s.Power = "on"
	}
	p.servers[s.ID] = &s
	return s.ID
}

// AddEntity adds a free IP allocation with the billing id in an IP group.
func (p *Panel) AddEntity(group, billing, address string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.id()
	p.entities[id] = &entity{ID: id, Address: address, Group: group, Billing: billing}
}

// SetVIP marks the client with this email VIP: automatic suspensions and
// wipes of its servers are ignored.
func (p *Panel) SetVIP(email string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.vip[email] = true
}

// SetWipeTicks makes a wiped server come back to stock only after n
// inventory queries.
func (p *Panel) SetWipeTicks(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.wipeTicks = n
}

// SetUsage sets a server's bandwidth usage, in bits.
func (p *Panel) SetUsage(id string, used, maxBits int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s := p.servers[atoi(id)]; s != nil {
		s.UsedBits, s.MaxBits = used, maxBits
	}
}

// Fail queues an answer for the next request, whatever it is: status,
// a Retry-After header ("" for none) and a raw body ("" for the error
// envelope).
func (p *Panel) Fail(status int, retryAfter, body string) { p.FailOn("", status, retryAfter, body) }

// FailOn is Fail for the next request to one route, e.g.
// "POST server/provision".
func (p *Panel) FailOn(route string, status int, retryAfter, body string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faults = append(p.faults, fault{route, status, retryAfter, body})
}

// Sneak makes the next request to route first allocate the server to a
// billing id, as a concurrent Create in another process would.
func (p *Panel) Sneak(route string, serverID int, billing string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sneaks == nil {
		p.sneaks = map[string][]sneak{}
	}
	p.sneaks[route] = append(p.sneaks[route], sneak{serverID, billing})
}

// Calls is how many requests reached "METHOD path" (faults included),
// e.g. "POST server/provision".
func (p *Panel) Calls(route string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls[route]
}

// Server returns a copy of a server, false if there is none.
func (p *Panel) Server(id string) (Server, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.servers[atoi(id)]
	if s == nil {
		return Server{}, false
	}
	return *s, true
}

// State is what the panel holds for a server: "running", "suspended", or
// "missing" when it is gone or back in the inventory.
func (p *Panel) State(id string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.servers[atoi(id)]
	if s == nil || s.ClientID == 0 {
		return "missing"
	}
	if a := p.primary(s.ID); a != nil && !a.Active {
		return "suspended"
	}
	return "running"
}

// Assigned counts the servers allocated to a billing id.
func (p *Panel) Assigned(billing string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, s := range p.servers {
		if s.ClientID != 0 && s.Billing == billing {
			n++
		}
	}
	return n
}

// Delete removes a server from the panel altogether, as staff might.
func (p *Panel) Delete(id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := atoi(id)
	if p.servers[n] == nil {
		return fmt.Errorf("no server %s", id)
	}
	delete(p.servers, n)
	for aid, a := range p.accesses {
		if a.ServerID == n {
			delete(p.accesses, aid)
		}
	}
	return nil
}

func (p *Panel) primary(serverID int) *access {
	for _, a := range p.accesses {
		if a.ServerID == serverID && a.Primary {
			return a
		}
	}
	return nil
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// reply writes the envelope.
func reply(w http.ResponseWriter, status int, data any, errText string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	env := map[string]any{"data": data, "error": false, "messages": []any{}}
	if errText != "" {
		env["error"] = true
		env["messages"] = []map[string]string{{"text": errText}}
	}
	_ = json.NewEncoder(w).Encode(env)
}

func (p *Panel) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	path := strings.Trim(r.URL.Path, "/")
	p.calls[r.Method+" "+path]++
	if sn := p.sneaks[r.Method+" "+path]; len(sn) > 0 {
		p.sneaks[r.Method+" "+path] = sn[1:]
		if s := p.servers[sn[0].serverID]; s != nil && s.ClientID == 0 {
			c := &client{ID: p.id(), Email: fmt.Sprintf("other-%d@example.test", p.next)}
			p.clients[c.ID] = c
			s.ClientID, s.Billing, s.Integration = c.ID, sn[0].billing, true
			a := &access{ID: p.id(), ServerID: s.ID, ClientID: c.ID, Primary: true, Active: true}
			p.accesses[a.ID] = a
		}
	}
	if i := slices.IndexFunc(p.faults, func(f fault) bool { return f.route == "" || f.route == r.Method+" "+path }); i >= 0 {
		f := p.faults[i]
		p.faults = slices.Delete(p.faults, i, i+1)
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		if f.body != "" {
			w.WriteHeader(f.status)
			_, _ = w.Write([]byte(f.body))
			return
		}
		reply(w, f.status, nil, http.StatusText(f.status))
		return
	}
	q := r.URL.Query()
	if q.Get("key") != p.apiKey || p.apiKey == "" {
		reply(w, http.StatusUnauthorized, nil, "Unauthenticated.")
		return
	}
	var body map[string]any
	if r.Method != http.MethodGet {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			reply(w, http.StatusBadRequest, nil, "The request body is not JSON.")
			return
		}
	}
	parts := strings.Split(path, "/")
	switch {
	case r.Method == http.MethodGet && path == "server":
		p.listServers(w, q)
	case r.Method == http.MethodPost && path == "server/provision":
		p.provision(w, body)
	case len(parts) == 2 && parts[0] == "server":
		s := p.servers[atoi(parts[1])]
		if s == nil {
			reply(w, http.StatusNotFound, nil, "Server not found.")
			return
		}
		switch r.Method {
		case http.MethodGet:
			reply(w, http.StatusOK, p.serverJSON(s), "")
		case http.MethodPatch:
			p.patchServer(w, s, body)
		default:
			reply(w, http.StatusMethodNotAllowed, nil, "Method not allowed.")
		}
	case len(parts) >= 3 && parts[0] == "server" && parts[2] == "access":
		s := p.servers[atoi(parts[1])]
		if s == nil {
			reply(w, http.StatusNotFound, nil, "Server not found.")
			return
		}
		p.accessRoute(w, r.Method, s, parts, q, body)
	case len(parts) == 3 && parts[0] == "server" && parts[2] == "ipmi" && r.Method == http.MethodPatch:
		s := p.servers[atoi(parts[1])]
		if s == nil {
			reply(w, http.StatusNotFound, nil, "Server not found.")
			return
		}
		power, _ := body["power"].(string)
		if !slices.Contains([]string{"on", "off", "reset", "soft"}, power) {
			reply(w, http.StatusUnprocessableEntity, nil, "The power field is invalid.")
			return
		}
		switch power {
		case "off", "soft":
			s.Power = "off"
		default:
			s.Power = "on"
		}
		reply(w, http.StatusOK, map[string]any{"id": s.ID}, "")
	case path == "client" && r.Method == http.MethodGet:
		var out []any
		for _, id := range sortedKeys(p.clients) {
			c := p.clients[id]
			if (q.Has("billing_id") && c.Bid != q.Get("billing_id")) || (q.Has("email") && c.Email != q.Get("email")) {
				continue
			}
			out = append(out, clientJSON(c))
		}
		reply(w, http.StatusOK, paginate(out, q), "")
	case path == "client" && r.Method == http.MethodPost:
		email := str(body["email"])
		if email == "" {
			reply(w, http.StatusUnprocessableEntity, nil, "The email field is required.")
			return
		}
		for _, c := range p.clients {
			if c.Email == email {
				reply(w, http.StatusUnprocessableEntity, nil, "The email has already been taken.")
				return
			}
		}
		c := &client{ID: p.id(), Email: email, First: str(body["first"]), Last: str(body["last"]), Bid: str(body["billing_id"])}
		p.clients[c.ID] = c
		reply(w, http.StatusOK, clientJSON(c), "")
	case path == "key" && r.Method == http.MethodPost:
		owner := p.clients[atoi(str(body["owner_id"]))]
		if owner == nil || str(body["owner_type"]) != "client" {
			reply(w, http.StatusUnprocessableEntity, nil, "The owner is invalid.")
			return
		}
		key := fmt.Sprintf("client-key-%d", p.id())
		p.keys[key] = owner.ID
		reply(w, http.StatusOK, map[string]any{"id": p.next, "key": key, "owner_id": owner.ID, "owner_type": "client"}, "")
	case path == "entity" && r.Method == http.MethodGet:
		var out []any
		for _, id := range sortedKeys(p.entities) {
			e := p.entities[id]
			if q.Has("server_id") && e.ServerID != atoi(q.Get("server_id")) {
				continue
			}
			if q.Get("server") == "none" && e.ServerID != 0 {
				continue
			}
			if g := q["group[billing][]"]; len(g) > 0 && !slices.Contains(g, e.Group) {
				continue
			}
			if q.Has("billing_id") && e.Billing != q.Get("billing_id") {
				continue
			}
			out = append(out, map[string]any{"id": e.ID, "address": e.Address, "name": e.Address + "/32",
				"billing_id": e.Billing, "group": map[string]any{"billing": e.Group}})
		}
		reply(w, http.StatusOK, paginate(out, q), "")
	default:
		reply(w, http.StatusNotFound, nil, "Not found.")
	}
}

func (p *Panel) listServers(w http.ResponseWriter, q map[string][]string) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	available := get("available") == "1" || get("available") == "true"
	if available {
		// An inventory query is the fake's clock for wipes.
		for _, s := range p.servers {
			if s.Wiping > 0 {
				s.Wiping--
			}
		}
	}
	exact := get("parts[exact]") == "1" || get("parts[exact]") == "true"
	var out []any
	for _, id := range sortedKeys(p.servers) {
		s := p.servers[id]
		switch {
		case available && (s.ClientID != 0 || s.Wiping > 0):
			continue
		case get("billing_id") != "" && s.Billing != get("billing_id"):
			continue
		case get("integration_id") == "me" && (!s.Integration || s.ClientID == 0):
			continue
		case get("cpu_billing") != "" && s.CPU != get("cpu_billing"):
			continue
		case get("mem_billing") != "" && s.Mem != get("mem_billing"):
			continue
		case len(q["ip_group_billing[]"]) > 0 && !slices.Contains(q["ip_group_billing[]"], s.IPGroup):
			continue
		case !parts(s.Disks, q["disks_billing[]"], exact) || !parts(s.Addons, q["addons_billing[]"], exact):
			continue
		}
		out = append(out, p.serverJSON(s))
	}
	var pageQ = map[string][]string(q)
	reply(w, http.StatusOK, paginate(out, pageQ), "")
}

// parts matches a server's parts against wanted billing ids: with exact,
// the same multiset (when any are wanted); otherwise each wanted one
// present.
func parts(have, want []string, exact bool) bool {
	if len(want) == 0 {
		return true
	}
	h, wt := slices.Clone(have), slices.Clone(want)
	slices.Sort(h)
	slices.Sort(wt)
	if exact {
		return slices.Equal(h, wt)
	}
	for _, x := range wt {
		if !slices.Contains(h, x) {
			return false
		}
	}
	return true
}

func (p *Panel) serverJSON(s *Server) map[string]any {
	var billingID any
	if s.Billing != "" {
		billingID = s.Billing
	}
	out := map[string]any{"id": s.ID, "srv_id": s.SrvID, "name": s.Name, "nickname": s.Nickname,
		"billing": map[string]any{"id": billingID, "max_bandwidth": s.MaxBandwidth},
		"usage":   map[string]any{"used": s.UsedBits, "max": s.MaxBits}}
	if s.ClientID != 0 {
		out["client"] = map[string]any{"id": s.ClientID}
	} else {
		out["client"] = nil
	}
	return out
}

func (p *Panel) provision(w http.ResponseWriter, body map[string]any) {
	c := p.clients[atoi(str(body["client_id"]))]
	if c == nil {
		reply(w, http.StatusUnprocessableEntity, nil, "The selected client id is invalid.")
		return
	}
	s := p.servers[atoi(str(body["server_id"]))]
	if s == nil {
		reply(w, http.StatusUnprocessableEntity, nil, "The selected server id is invalid.")
		return
	}
	if s.ClientID != 0 || s.Wiping > 0 {
		reply(w, http.StatusConflict, nil, "That server is not available.")
		return
	}
	billing, _ := body["billing"].(map[string]any)
	var ent *entity
	if ips := str(body["ips_billing"]); ips != "" {
		for _, id := range sortedKeys(p.entities) {
			e := p.entities[id]
			if e.ServerID == 0 && e.Group == s.IPGroup && e.Billing == ips {
				ent = e
				break
			}
		}
		if ent == nil {
			reply(w, http.StatusUnprocessableEntity, nil, "No IP entity is available for that billing id.")
			return
		}
		ent.ServerID = s.ID
	}
	acc, _ := body["access"].(map[string]any)
	s.ClientID, s.Billing, s.Nickname = c.ID, str(billing["id"]), str(body["nickname"])
	s.MaxBandwidth = billing["max_bandwidth"]
	s.Password, s.PXEProfile, s.Integration = str(body["password"]), str(body["pxe_profile_billing"]), true
	s.AccessIPMI, s.AccessPXE, s.AccessSwitch = truthy(acc["ipmi"]), truthy(acc["pxe"]), truthy(acc["switch"])
	a := &access{ID: p.id(), ServerID: s.ID, ClientID: c.ID, Primary: true, Active: true}
	p.accesses[a.ID] = a
	reply(w, http.StatusOK, map[string]any{"server": p.serverJSON(s)}, "")
}

func (p *Panel) patchServer(w http.ResponseWriter, s *Server, body map[string]any) {
	if !truthy(body["wiped"]) {
		reply(w, http.StatusOK, p.serverJSON(s), "")
		return
	}
	if c := p.clients[s.ClientID]; c != nil && p.vip[c.Email] && truthy(body["auto"]) {
		reply(w, http.StatusOK, map[string]any{"ignored": true}, "Automatic wipe ignored for a VIP client.")
		return
	}
	s.ClientID, s.Billing, s.Nickname, s.Integration, s.Password, s.MaxBandwidth = 0, "", "", false, "", nil
	s.Wiping = p.wipeTicks
	for id, a := range p.accesses {
		if a.ServerID == s.ID {
			delete(p.accesses, id)
		}
	}
	for _, e := range p.entities {
		if e.ServerID == s.ID {
			e.ServerID = 0
		}
	}
	reply(w, http.StatusOK, p.serverJSON(s), "")
}

func (p *Panel) accessRoute(w http.ResponseWriter, method string, s *Server, parts []string, q map[string][]string, body map[string]any) {
	switch {
	case method == http.MethodGet && len(parts) == 3:
		var out []any
		for _, id := range sortedKeys(p.accesses) {
			a := p.accesses[id]
			if a.ServerID != s.ID {
				continue
			}
			if v := q["is_primary"]; len(v) > 0 && (v[0] == "1" || v[0] == "true") && !a.Primary {
				continue
			}
			out = append(out, accessJSON(a))
		}
		reply(w, http.StatusOK, paginate(out, q), "")
	case method == http.MethodPatch && len(parts) == 4:
		a := p.accesses[atoi(parts[3])]
		if a == nil || a.ServerID != s.ID {
			reply(w, http.StatusNotFound, nil, "Access not found.")
			return
		}
		active, ok := body["is_active"]
		if !ok {
			reply(w, http.StatusUnprocessableEntity, nil, "The is_active field is required.")
			return
		}
		if c := p.clients[a.ClientID]; c != nil && p.vip[c.Email] && truthy(body["auto"]) && !truthy(active) {
			reply(w, http.StatusOK, map[string]any{"ignored": true}, "Automatic suspension ignored for a VIP client.")
			return
		}
		a.Active = truthy(active)
		a.Reason = str(body["suspension_reason"])
		reply(w, http.StatusOK, accessJSON(a), "")
	default:
		reply(w, http.StatusMethodNotAllowed, nil, "Method not allowed.")
	}
}

func accessJSON(a *access) map[string]any {
	return map[string]any{"id": a.ID, "is_primary": a.Primary, "is_active": a.Active,
		"suspension_reason": a.Reason, "client": map[string]any{"id": a.ClientID}, "server": map[string]any{"id": a.ServerID}}
}

func clientJSON(c *client) map[string]any {
	return map[string]any{"id": c.ID, "email": c.Email, "first": c.First, "last": c.Last, "billing_id": c.Bid}
}

// paginate is Laravel's page: data, current_page, last_page, total.
func paginate(items []any, q map[string][]string) map[string]any {
	per, pg := 20, 1
	if v := q["per_page"]; len(v) > 0 {
		per = max(atoi(v[0]), 1)
	}
	if v := q["page"]; len(v) > 0 {
		pg = max(atoi(v[0]), 1)
	}
	last := max((len(items)+per-1)/per, 1)
	lo := min((pg-1)*per, len(items))
	hi := min(lo+per, len(items))
	data := items[lo:hi]
	if data == nil {
		data = []any{}
	}
	return map[string]any{"data": data, "current_page": pg, "last_page": last, "per_page": per, "total": len(items)}
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	default:
		return fmt.Sprint(x)
	}
}

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case float64:
		return x != 0
	case string:
		return x == "1" || x == "true"
	}
	return false
}
