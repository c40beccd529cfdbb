package fakeptero

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

var (
	installing    = ptr("installing")
	installFailed = ptr("install_failed")
	suspended     = ptr("suspended")
)

func ptr(s string) *string { return &s }

// tick moves a server's install along: each read is a poll.
func (p *Panel) tick(s *server) {
	if s.Status != installing {
		return
	}
	if s.installPolls > 0 {
		s.installPolls--
		return
	}
	if p.installFails {
		s.Status = installFailed
		return
	}
	s.Status = nil
	s.Power = "running"
}

// serverAttrs is ServerTransformer's output.
func (p *Panel) serverAttrs(r *http.Request, s *server) map[string]any {
	a := map[string]any{
		"id": s.ID, "external_id": s.ExternalID, "uuid": s.UUID, "identifier": s.Identifier, "name": s.Name,
		"description": s.Description, "status": s.Status, "suspended": s.Status == suspended,
		"limits": map[string]any{"memory": s.Memory, "swap": s.Swap, "disk": s.Disk, "io": s.IO, "cpu": s.CPU, "threads": nil,
			"oom_disabled": s.OOMDisabled},
		"feature_limits": map[string]any{"databases": s.Databases, "allocations": s.Allocs, "backups": s.Backups},
		"user":           s.User, "node": s.Node, "allocation": s.Alloc, "nest": s.Nest, "egg": s.Egg,
		"container": map[string]any{"startup_command": s.Startup, "image": s.Image, "installed": boolInt(s.Status == nil || s.Status == suspended),
			"environment": s.Environment},
		"updated_at": ts(s.Created), "created_at": ts(s.Created),
	}
	if includes(r, "allocations") {
		var items []any
		for _, id := range sortedIDs(p.allocations) {
			if al := p.allocations[id]; al.Server == s.ID {
				items = append(items, item("allocation", allocAttrs(al)))
			}
		}
		a["relationships"] = map[string]any{"allocations": list(items, 1, max(1, len(items)), len(items))}
	}
	return a
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// withServer finds {id} (route model binding: 404 when absent).
func (p *Panel) withServer(h func(http.ResponseWriter, *http.Request, *server)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		p.mu.Lock()
		defer p.mu.Unlock()
		s := p.servers[id]
		if s == nil {
			notFound(w)
			return
		}
		h(w, r, s)
	}
}

func (p *Panel) viewServer(w http.ResponseWriter, r *http.Request, s *server) {
	p.tick(s)
	writeJSON(w, http.StatusOK, item("server", p.serverAttrs(r, s)))
}

func (p *Panel) viewExternal(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ext := r.PathValue("ext")
	for _, s := range p.servers {
		if s.ExternalID != nil && *s.ExternalID == ext {
			p.tick(s)
			writeJSON(w, http.StatusOK, item("server", p.serverAttrs(r, s)))
			return
		}
	}
	notFound(w)
}

func (p *Panel) listServers(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	ext := r.URL.Query().Get("filter[external_id]")
	var ids []int64
	for _, id := range sortedIDs(p.servers) {
		if s := p.servers[id]; ext == "" || (s.ExternalID != nil && *s.ExternalID == ext) {
			ids = append(ids, id)
		}
	}
	cut, pg, per := page(r, ids)
	var items []any
	for _, id := range cut {
		items = append(items, item("server", p.serverAttrs(r, p.servers[id])))
	}
	writeJSON(w, http.StatusOK, list(items, pg, per, len(ids)))
}

type limitsIn struct {
	Memory *int64 `json:"memory"`
	Swap   *int64 `json:"swap"`
	Disk   *int64 `json:"disk"`
	IO     *int64 `json:"io"`
	CPU    *int64 `json:"cpu"`
}

type featuresIn struct {
	Databases   *int64 `json:"databases"`
	Allocations *int64 `json:"allocations"`
	Backups     *int64 `json:"backups"`
}

// checkLimits applies ServerRules to limits and feature_limits.
func checkLimits(w http.ResponseWriter, l *limitsIn, f *featuresIn) bool {
	if l == nil {
		validation(w, "limits", "required", "The limits field is required.")
		return false
	}
	for _, c := range []struct {
		field string
		v     *int64
		min   int64
		max   int64
	}{{"limits.memory", l.Memory, 0, 1 << 40}, {"limits.swap", l.Swap, -1, 1 << 40}, {"limits.disk", l.Disk, 0, 1 << 40},
		{"limits.io", l.IO, 10, 1000}, {"limits.cpu", l.CPU, 0, 1 << 40}} {
		if c.v == nil {
			validation(w, c.field, "required", "The "+c.field+" field is required.")
			return false
		}
		if *c.v < c.min || *c.v > c.max {
			validation(w, c.field, "between", "The "+c.field+" must be between "+strconv.FormatInt(c.min, 10)+" and "+strconv.FormatInt(c.max, 10)+".")
			return false
		}
	}
	if f == nil || f.Databases == nil || f.Allocations == nil || f.Backups == nil {
		validation(w, "feature_limits", "required", "The feature limits field is required.")
		return false
	}
	return true
}

// createServer is StoreServerRequest and ServerCreationService: the
// server starts installing, and its allocation is taken.
func (p *Panel) createServer(w http.ResponseWriter, r *http.Request) {
	var in struct {
		ExternalID  *string           `json:"external_id"`
		Name        string            `json:"name"`
		Description string            `json:"description"`
		User        int64             `json:"user"`
		Egg         int64             `json:"egg"`
		DockerImage string            `json:"docker_image"`
		Startup     string            `json:"startup"`
		Environment map[string]string `json:"environment"`
		Limits      *limitsIn         `json:"limits"`
		Features    *featuresIn       `json:"feature_limits"`
		Allocation  *struct {
			Default int64 `json:"default"`
		} `json:"allocation"`
	}
	if !decode(w, r, &in) {
		return
	}
	switch {
	case in.Name == "":
		validation(w, "name", "required", "The name field is required.")
		return
	case in.Environment == nil:
		validation(w, "environment", "present", "The environment field must be present.")
		return
	case in.DockerImage == "":
		validation(w, "docker_image", "required", "The docker image field is required.")
		return
	case in.Startup == "":
		validation(w, "startup", "required", "The startup field is required.")
		return
	case in.Allocation == nil:
		validation(w, "allocation.default", "required", "The allocation.default field is required.")
		return
	case in.ExternalID != nil && (len(*in.ExternalID) < 1 || len(*in.ExternalID) > 191):
		validation(w, "external_id", "between", "The external id must be between 1 and 191 characters.")
		return
	}
	if !checkLimits(w, in.Limits, in.Features) {
		return
	}
	if in.Environment["SERVER_JARFILE"] == "" {
		validation(w, "environment.SERVER_JARFILE", "required", "The Server Jar File variable field is required.")
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.users[in.User] == nil {
		validation(w, "user", "exists", "The selected user is invalid.")
		return
	}
	if in.Egg != EggID {
		validation(w, "egg", "exists", "The selected egg is invalid.")
		return
	}
	if in.ExternalID != nil {
		for _, s := range p.servers {
			if s.ExternalID != nil && *s.ExternalID == *in.ExternalID {
				validation(w, "external_id", "unique", "The external id has already been taken.")
				return
			}
		}
	}
	al := p.allocations[in.Allocation.Default]
	if al == nil || al.Server != 0 {
		validation(w, "allocation.default", "p_allocation_unassigned", "The selected allocation.default is invalid.")
		return
	}
	u := uuid()
	s := &server{ID: p.id(), ExternalID: in.ExternalID, UUID: u, Identifier: u[:8], Name: in.Name, Description: in.Description,
		Status: installing, installPolls: p.installPolls, Memory: *in.Limits.Memory, Swap: *in.Limits.Swap, Disk: *in.Limits.Disk,
		IO: *in.Limits.IO, CPU: *in.Limits.CPU, Databases: *in.Features.Databases, Allocs: *in.Features.Allocations,
		Backups: *in.Features.Backups, User: in.User, Node: al.Node, Alloc: al.ID, Nest: NestID, Egg: in.Egg,
		Image: in.DockerImage, Startup: in.Startup, Environment: in.Environment, Power: "offline", Created: time.Now()}
	if p.installPolls < 0 {
		s.Status, s.Power = nil, "running"
	}
	al.Server = s.ID
	p.servers[s.ID] = s
	writeJSON(w, http.StatusCreated, item("server", p.serverAttrs(r, s)))
}

// build is UpdateServerBuildConfigurationRequest / BuildModificationService.
func (p *Panel) build(w http.ResponseWriter, r *http.Request, s *server) {
	var in struct {
		Allocation  *int64      `json:"allocation"`
		OOMDisabled *bool       `json:"oom_disabled"`
		Limits      *limitsIn   `json:"limits"`
		Features    *featuresIn `json:"feature_limits"`
	}
	if !decode(w, r, &in) {
		return
	}
	if in.Allocation == nil {
		validation(w, "allocation", "required", "The allocation field is required.")
		return
	}
	if !checkLimits(w, in.Limits, in.Features) {
		return
	}
	if al := p.allocations[*in.Allocation]; al == nil || al.Server != s.ID {
		validation(w, "allocation", "exists", "The selected allocation is invalid.")
		return
	}
	s.Memory, s.Swap, s.Disk, s.IO, s.CPU = *in.Limits.Memory, *in.Limits.Swap, *in.Limits.Disk, *in.Limits.IO, *in.Limits.CPU
	s.Databases, s.Allocs, s.Backups = *in.Features.Databases, *in.Features.Allocations, *in.Features.Backups
	if in.OOMDisabled != nil {
		s.OOMDisabled = *in.OOMDisabled
	}
	writeJSON(w, http.StatusOK, item("server", p.serverAttrs(r, s)))
}

// suspension is SuspensionService: a no-op in the target state, 409
// during a transfer.
func (p *Panel) suspension(suspend bool) func(http.ResponseWriter, *http.Request, *server) {
	return func(w http.ResponseWriter, r *http.Request, s *server) {
		p.tick(s)
		if s.Transferring {
			apiError(w, http.StatusConflict, "ConflictHttpException", "Cannot toggle suspension status on a server that is currently being transferred.")
			return
		}
		switch {
		case suspend && s.Status == nil:
			s.Status = suspended
			s.Power = "offline"
		case !suspend && s.Status == suspended:
			s.Status = nil
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

func (p *Panel) reinstall(w http.ResponseWriter, r *http.Request, s *server) {
	if s.Status != nil {
		apiError(w, http.StatusConflict, "ConflictHttpException", "This server is not in a state that allows a reinstall.")
		return
	}
	s.Status = installing
	s.installPolls = p.installPolls
	w.WriteHeader(http.StatusNoContent)
}

func (p *Panel) delete(w http.ResponseWriter, r *http.Request, s *server) {
	p.deleteLocked(s)
	w.WriteHeader(http.StatusNoContent)
}

// The client API, as the root admin owning the client key sees it.

func (p *Panel) account(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.users {
		if u.Admin {
			a := p.userAttrs(u)
			a["admin"] = true
			writeJSON(w, http.StatusOK, item("user", a))
			return
		}
	}
	notFound(w)
}

func (p *Panel) byIdentifier(id string) *server {
	for _, s := range p.servers {
		if s.Identifier == id || s.UUID == id {
			return s
		}
	}
	return nil
}

func (p *Panel) power(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Signal string `json:"signal"`
	}
	if !decode(w, r, &in) {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.byIdentifier(r.PathValue("identifier"))
	if s == nil {
		notFound(w)
		return
	}
	if s.Status != nil {
		// Suspended or installing servers refuse power actions.
		apiError(w, http.StatusConflict, "ConflictHttpException", "This server is not yet installed or is suspended.")
		return
	}
	switch strings.ToLower(in.Signal) {
	case "start", "restart":
		s.Power = "running"
	case "stop", "kill":
		s.Power = "offline"
	default:
		validation(w, "signal", "in", "The selected signal is invalid.")
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (p *Panel) resources(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.byIdentifier(r.PathValue("identifier"))
	if s == nil {
		notFound(w)
		return
	}
	var mem, cpu int64
	if s.Power == "running" {
		mem, cpu = s.Memory*(1<<20)/2, 37
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "stats", "attributes": map[string]any{
		"current_state": s.Power, "is_suspended": s.Status == suspended,
		"resources": map[string]any{"memory_bytes": mem, "cpu_absolute": float64(cpu) + 0.5, "disk_bytes": 123 << 20,
			"network_rx_bytes": 1000, "network_tx_bytes": 2000, "uptime": 60000}}})
}
