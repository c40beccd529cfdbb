package fakeenhance

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// routes is the orchd API as far as the plugin uses it.
func (p *Panel) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/orgs/{org}", p.getOrg)
	mux.HandleFunc("DELETE /api/orgs/{org}", p.deleteOrgRoute)
	mux.HandleFunc("GET /api/orgs/{org}/customers", p.listCustomers)
	mux.HandleFunc("POST /api/orgs/{org}/customers", p.createCustomer)
	mux.HandleFunc("GET /api/orgs/{org}/customers/{cust}/subscriptions", p.listSubscriptions)
	mux.HandleFunc("POST /api/orgs/{org}/customers/{cust}/subscriptions", p.createSubscription)
	mux.HandleFunc("GET /api/orgs/{org}/subscriptions/{sub}", p.getSubscription)
	mux.HandleFunc("PATCH /api/orgs/{org}/subscriptions/{sub}", p.updateSubscription)
	mux.HandleFunc("DELETE /api/orgs/{org}/subscriptions/{sub}", p.deleteSubscription)
	mux.HandleFunc("GET /api/orgs/{org}/plans", p.listPlans)
	mux.HandleFunc("GET /api/orgs/{org}/plans/{plan}", p.getPlan)
	mux.HandleFunc("GET /api/servers/groups", p.listServerGroups)
	mux.HandleFunc("POST /api/logins", p.createLogin)
	mux.HandleFunc("GET /api/orgs/{org}/logins", p.listLogins)
	mux.HandleFunc("PUT /api/v2/logins/{login}/password", p.setPassword)
	mux.HandleFunc("GET /api/orgs/{org}/members", p.listMembers)
	mux.HandleFunc("POST /api/orgs/{org}/members", p.createMember)
	mux.HandleFunc("GET /api/orgs/{org}/members/{member}/sso", p.memberSSO)
	mux.HandleFunc("GET /api/orgs/{org}/websites", p.listWebsites)
	mux.HandleFunc("POST /api/orgs/{org}/websites", p.createWebsite)
	mux.HandleFunc("DELETE /api/orgs/{org}/websites/{site}", p.deleteWebsite)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests = append(p.requests, r.Method+" "+r.URL.Path)
		var f *Fault
		if len(p.faults) > 0 {
			f = &p.faults[0]
			p.faults = p.faults[1:]
		}
		p.mu.Unlock()
		if f != nil {
			for k, v := range f.Header {
				w.Header().Set(k, v)
			}
			w.WriteHeader(f.Status)
			_, _ = w.Write([]byte(f.Body))
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+Token {
			fail(w, http.StatusUnauthorized, "unauthorized", "session")
			return
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		mux.ServeHTTP(w, r)
	})
}

// customerOf returns a customer organisation of the master organisation
// named in the path, or answers 404.
func (p *Panel) customerOf(w http.ResponseWriter, id string) *org {
	o := p.orgs[id]
	if o == nil || o.ParentID == "" {
		fail(w, http.StatusNotFound, "not_found", "org")
		return nil
	}
	return o
}

func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		fail(w, http.StatusBadRequest, "invalid_input", "body")
		return false
	}
	return true
}

func (p *Panel) getOrg(w http.ResponseWriter, r *http.Request) {
	o := p.orgs[r.PathValue("org")]
	if o == nil {
		fail(w, http.StatusNotFound, "not_found", "org")
		return
	}
	writeJSON(w, http.StatusOK, o)
}

func (p *Panel) deleteOrgRoute(w http.ResponseWriter, r *http.Request) {
	o := p.customerOf(w, r.PathValue("org"))
	if o == nil {
		return
	}
	if r.URL.Query().Get("force") != "true" {
		for _, s := range p.subs {
			if s.SubscriberID == o.ID && s.Status != "deleted" {
				fail(w, http.StatusConflict, "has_subscriptions", "org")
				return
			}
		}
	}
	p.deleteOrg(o.ID)
	w.WriteHeader(http.StatusNoContent)
}

func (p *Panel) listCustomers(w http.ResponseWriter, r *http.Request) {
	if p.orgs[r.PathValue("org")] == nil {
		fail(w, http.StatusNotFound, "not_found", "org")
		return
	}
	var items []org
	for _, o := range p.orgs {
		if o.ParentID == r.PathValue("org") {
			items = append(items, *o)
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].CreatedAt < items[j].CreatedAt })
	writeJSON(w, http.StatusOK, page(r, items))
}

func (p *Panel) createCustomer(w http.ResponseWriter, r *http.Request) {
	if p.orgs[r.PathValue("org")] == nil {
		fail(w, http.StatusNotFound, "not_found", "org")
		return
	}
	var in struct {
		Name string `json:"name"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	if strings.TrimSpace(in.Name) == "" {
		fail(w, http.StatusBadRequest, "invalid_input", "name")
		return
	}
	o := &org{ID: newUUID(), ParentID: r.PathValue("org"), Name: in.Name, Status: "active", CreatedAt: p.now()}
	p.orgs[o.ID] = o
	writeJSON(w, http.StatusCreated, map[string]string{"id": o.ID})
}

func (p *Panel) listSubscriptions(w http.ResponseWriter, r *http.Request) {
	o := p.customerOf(w, r.PathValue("cust"))
	if o == nil {
		return
	}
	var items []subscription
	for _, s := range p.subs {
		if s.SubscriberID == o.ID {
			items = append(items, *s)
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	writeJSON(w, http.StatusOK, page(r, items))
}

func (p *Panel) createSubscription(w http.ResponseWriter, r *http.Request) {
	o := p.customerOf(w, r.PathValue("cust"))
	if o == nil {
		return
	}
	var in struct {
		PlanID int64 `json:"planId"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	pl, ok := p.plans[in.PlanID]
	if !ok {
		fail(w, http.StatusNotFound, "not_found", "plan")
		return
	}
	p.nextSub++
	disk, transfer := int64(10<<30), int64(100<<30)
	s := &subscription{ID: p.nextSub, PlanID: pl.ID, PlanName: pl.Name, SubscriberID: o.ID, VendorID: r.PathValue("org"),
		Status: "active", Resources: []resource{{Name: "diskspace", Total: &disk}, {Name: "transfer", Total: &transfer}},
		Allowances: []any{}, Selections: []any{}, CreatedAt: p.now(), PlanType: pl.PlanType}
	p.subs[s.ID] = s
	writeJSON(w, http.StatusCreated, map[string]int64{"id": s.ID})
}

// sub returns the subscription in the path, owned by the org in the path,
// or answers 404.
func (p *Panel) sub(w http.ResponseWriter, r *http.Request) *subscription {
	n, _ := strconv.ParseInt(r.PathValue("sub"), 10, 64)
	s := p.subs[n]
	if s == nil || p.orgs[r.PathValue("org")] == nil || (s.SubscriberID != r.PathValue("org") && s.VendorID != r.PathValue("org")) {
		fail(w, http.StatusNotFound, "not_found", "subscription")
		return nil
	}
	return s
}

func (p *Panel) getSubscription(w http.ResponseWriter, r *http.Request) {
	if s := p.sub(w, r); s != nil {
		writeJSON(w, http.StatusOK, s)
	}
}

func (p *Panel) updateSubscription(w http.ResponseWriter, r *http.Request) {
	s := p.sub(w, r)
	if s == nil {
		return
	}
	var in struct {
		IsSuspended *bool  `json:"isSuspended"`
		PlanID      *int64 `json:"planId"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	if s.Status == "deleted" {
		fail(w, http.StatusNotFound, "not_found", "subscription")
		return
	}
	if in.PlanID != nil {
		pl, ok := p.plans[*in.PlanID]
		if !ok {
			fail(w, http.StatusBadRequest, "invalid_input", "plan")
			return
		}
		s.PlanID, s.PlanName = pl.ID, pl.Name
	}
	if in.IsSuspended != nil {
		if *in.IsSuspended {
			s.SuspendedBy = s.VendorID
		} else {
			s.SuspendedBy = ""
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (p *Panel) deleteSubscription(w http.ResponseWriter, r *http.Request) {
	s := p.sub(w, r)
	if s == nil {
		return
	}
	if r.URL.Query().Get("force") != "true" {
		for _, site := range p.sites {
			if site.SubscriptionID == s.ID {
				fail(w, http.StatusConflict, "has_websites", "subscription")
				return
			}
		}
	}
	s.Status = "deleted"
	w.WriteHeader(http.StatusNoContent)
}

func (p *Panel) listPlans(w http.ResponseWriter, r *http.Request) {
	var items []plan
	for _, pl := range p.plans {
		items = append(items, pl)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	writeJSON(w, http.StatusOK, page(r, items))
}

func (p *Panel) getPlan(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.ParseInt(r.PathValue("plan"), 10, 64)
	pl, ok := p.plans[n]
	if !ok || r.PathValue("org") != MasterOrg {
		fail(w, http.StatusNotFound, "not_found", "plan")
		return
	}
	writeJSON(w, http.StatusOK, pl)
}

func (p *Panel) listServerGroups(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"items": []map[string]string{{"id": ServerGroup, "name": "Web servers"}}, "total": 1})
}

func (p *Panel) createLogin(w http.ResponseWriter, r *http.Request) {
	if p.orgs[r.URL.Query().Get("orgId")] == nil {
		fail(w, http.StatusNotFound, "not_found", "org")
		return
	}
	var in struct{ Email, Name, Password string }
	if !decodeBody(w, r, &in) {
		return
	}
	if !strings.Contains(in.Email, "@") || len(in.Password) < 8 {
		fail(w, http.StatusBadRequest, "invalid_input", "login")
		return
	}
	for _, l := range p.logins {
		if strings.EqualFold(l.Email, in.Email) {
			fail(w, http.StatusConflict, "already_exists", "login")
			return
		}
	}
	l := &login{ID: newUUID(), Email: in.Email, Name: in.Name, password: in.Password}
	p.logins[l.ID] = l
	writeJSON(w, http.StatusCreated, map[string]string{"id": l.ID})
}

func (p *Panel) listLogins(w http.ResponseWriter, r *http.Request) {
	var items []login
	for _, l := range p.logins {
		items = append(items, *l)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	writeJSON(w, http.StatusOK, page(r, items))
}

func (p *Panel) setPassword(w http.ResponseWriter, r *http.Request) {
	l := p.logins[r.PathValue("login")]
	if l == nil {
		fail(w, http.StatusNotFound, "not_found", "login")
		return
	}
	var in struct{ Password string }
	if !decodeBody(w, r, &in) {
		return
	}
	if len(in.Password) < 8 {
		fail(w, http.StatusBadRequest, "invalid_input", "password")
		return
	}
	l.password = in.Password
	w.WriteHeader(http.StatusNoContent)
}

func (p *Panel) listMembers(w http.ResponseWriter, r *http.Request) {
	o := p.orgs[r.PathValue("org")]
	if o == nil {
		fail(w, http.StatusNotFound, "not_found", "org")
		return
	}
	var items []member
	for _, m := range p.members {
		if m.orgID == o.ID {
			items = append(items, *m)
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	writeJSON(w, http.StatusOK, page(r, items))
}

func (p *Panel) createMember(w http.ResponseWriter, r *http.Request) {
	o := p.customerOf(w, r.PathValue("org"))
	if o == nil {
		return
	}
	var in struct {
		LoginID string   `json:"loginId"`
		Roles   []string `json:"roles"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	l := p.logins[in.LoginID]
	if l == nil {
		fail(w, http.StatusNotFound, "not_found", "login")
		return
	}
	for _, m := range p.members {
		if m.orgID == o.ID && m.LoginID == l.ID {
			fail(w, http.StatusConflict, "already_exists", "member")
			return
		}
	}
	m := &member{ID: newUUID(), LoginID: l.ID, Email: l.Email, Name: l.Name, Roles: in.Roles, orgID: o.ID}
	p.members[m.ID] = m
	writeJSON(w, http.StatusCreated, map[string]string{"id": m.ID})
}

func (p *Panel) memberSSO(w http.ResponseWriter, r *http.Request) {
	m := p.members[r.PathValue("member")]
	if m == nil || m.orgID != r.PathValue("org") {
		fail(w, http.StatusNotFound, "not_found", "member")
		return
	}
	otp := strings.ReplaceAll(newUUID(), "-", "")
	writeJSON(w, http.StatusOK, p.URL+"/login/sessions/sso?otp="+otp)
}

func (p *Panel) listWebsites(w http.ResponseWriter, r *http.Request) {
	o := p.orgs[r.PathValue("org")]
	if o == nil {
		fail(w, http.StatusNotFound, "not_found", "org")
		return
	}
	q := r.URL.Query()
	var items []website
	for _, site := range p.sites {
		if site.OrgID != o.ID {
			continue
		}
		if v := q.Get("subscriptionId"); v != "" && v != strconv.FormatInt(site.SubscriptionID, 10) {
			continue
		}
		items = append(items, *site)
	}
	sort.Slice(items, func(i, j int) bool { return items[i].CreatedAt < items[j].CreatedAt })
	writeJSON(w, http.StatusOK, page(r, items))
}

func (p *Panel) createWebsite(w http.ResponseWriter, r *http.Request) {
	o := p.customerOf(w, r.PathValue("org"))
	if o == nil {
		return
	}
	var in struct {
		Domain         string `json:"domain"`
		SubscriptionID int64  `json:"subscriptionId"`
		ServerGroupID  string `json:"serverGroupId"`
	}
	if !decodeBody(w, r, &in) {
		return
	}
	s := p.subs[in.SubscriptionID]
	if s == nil || s.SubscriberID != o.ID || s.Status == "deleted" {
		fail(w, http.StatusNotFound, "not_found", "subscription")
		return
	}
	if in.ServerGroupID != "" && in.ServerGroupID != ServerGroup {
		fail(w, http.StatusNotFound, "not_found", "server_group")
		return
	}
	for _, site := range p.sites {
		if strings.EqualFold(site.Domain.Domain, in.Domain) {
			fail(w, http.StatusConflict, "already_exists", "domain")
			return
		}
	}
	site := &website{ID: newUUID(), SubscriptionID: s.ID, Status: "active", OrgID: o.ID, ServerGroupID: in.ServerGroupID, CreatedAt: p.now()}
	site.Domain.ID, site.Domain.Domain = newUUID(), strings.ToLower(in.Domain)
	p.sites[site.ID] = site
	writeJSON(w, http.StatusCreated, map[string]string{"id": site.ID})
}

func (p *Panel) deleteWebsite(w http.ResponseWriter, r *http.Request) {
	site := p.sites[r.PathValue("site")]
	if site == nil || site.OrgID != r.PathValue("org") {
		fail(w, http.StatusNotFound, "not_found", "website")
		return
	}
	delete(p.sites, site.ID)
	w.WriteHeader(http.StatusNoContent)
}
