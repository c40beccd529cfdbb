package pteropanel

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Create returns the server tagged with the service's idempotency key if
// the panel has one, and otherwise makes it: the customer's panel user
// (found by email, or created), a free allocation on a deployable node, and
// the server from the product's egg, with external_id = the key. It
// reports Pending while the egg's install script runs.
func (p *Provisioner) Create(ctx context.Context, r sdk.ServiceRequest) (res sdk.CreateResult, err error) {
	defer p.trace(hclog.Info, "create", time.Now(), &err, "key", r.Service.IdempotencyKey)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	pl, err := parsePlan(r.Service.ProductConfig)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	key := r.Service.IdempotencyKey
	if key == "" || len(key) > 191 {
		return sdk.CreateResult{}, sdk.Permanent(fmt.Errorf("the idempotency key %q cannot be a panel external_id (1 to 191 characters)", key))
	}
	unlock, err := p.locks.Lock(ctx, key)
	if err != nil {
		return sdk.CreateResult{}, sdk.Retryable(err)
	}
	defer unlock()

	// Look by key, not by RemoteID: a Create Hostbase never heard back
	// from has no RemoteID, but the panel has the server.
	lookup := r.Service
	lookup.RemoteID = ""
	s, err := p.find(ctx, pn, lookup)
	if err == nil {
		return p.existing(ctx, pn, s, key)
	}
	if !sdk.IsNotFound(err) {
		return sdk.CreateResult{}, err
	}

	owner, creds, err := p.ensureUser(ctx, pn, r.Service)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	eg, err := p.egg(ctx, pn, pl)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	s, err = p.place(ctx, pn, pl, eg, owner, r.Service)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	return createResult(pn, s, creds)
}

// existing answers a Create for a server the panel already has, with
// its owner's login once the install is done (the answer Hostbase keeps).
func (p *Provisioner) existing(ctx context.Context, pn *panel, s server, key string) (sdk.CreateResult, error) {
	if st, _ := state(s); st == sdk.StatePending {
		return createResult(pn, s, nil)
	}
	var owner item[user]
	err := pn.app.do(ctx, http.MethodGet, fmt.Sprintf("/users/%d", s.User), nil, nil, &owner)
	if err != nil && !sdk.IsNotFound(err) {
		return sdk.CreateResult{}, err
	}
	var creds map[string]string
	if err == nil {
		creds = userCredentials(pn, owner.Attributes, key)
	}
	return createResult(pn, s, creds)
}

// createResult reports a server as Create's answer.
func createResult(pn *panel, s server, creds map[string]string) (sdk.CreateResult, error) {
	st, detail := state(s)
	if st == sdk.StateUnknown {
		return sdk.CreateResult{RemoteID: strconv.FormatInt(s.ID, 10)}, sdk.Permanent(fmt.Errorf("server %d: %s", s.ID, detail))
	}
	if creds == nil {
		creds = map[string]string{}
	}
	creds["panel_url"] = pn.url + "/server/" + s.Identifier
	res := sdk.CreateResult{RemoteID: strconv.FormatInt(s.ID, 10), IP: primaryIP(s), Credentials: creds,
		Pending: st == sdk.StatePending}
	if a, ok := primaryAllocation(s); ok {
		res.Message = fmt.Sprintf("server %s at %s:%d (%s)", s.Identifier, res.IP, a.Port, detail)
		creds["address"] = fmt.Sprintf("%s:%d", res.IP, a.Port)
	} else {
		res.Message = fmt.Sprintf("server %s (%s)", s.Identifier, detail)
	}
	return res, nil
}

// ensureUser finds the customer's panel user by email, or creates it,
// tagged with the service's key as its external_id. The password is
// derived from the application key and the service's key, so that the
// Create that finally reports the server installed (minutes after the
// one that made the user, and in another call) can hand it over without
// the plugin storing anything. A user made for another service keeps
// the password its owner already has.
func (p *Provisioner) ensureUser(ctx context.Context, pn *panel, svc sdk.Service) (int64, map[string]string, error) {
	c := svc.Customer
	email := strings.TrimSpace(c.Email)
	if email == "" {
		return 0, nil, sdk.Permanent(fmt.Errorf("the customer %s has no email address, which the panel needs for an account", c.ID))
	}
	if u, ok, err := p.userByEmail(ctx, pn, email); err != nil || ok {
		return u.ID, userCredentials(pn, u, svc.IdempotencyKey), err
	}
	body := map[string]any{
		"external_id": svc.IdempotencyKey,
		"email":       email, "username": username(email),
		"first_name": nonEmpty(c.FirstName, "Customer"), "last_name": nonEmpty(c.LastName, c.ID, "Customer"),
		"password": derivedPassword(pn.app.key, svc.IdempotencyKey),
	}
	var out item[user]
	err := pn.app.do(ctx, http.MethodPost, "/users", nil, body, &out)
	if isStatus(err, http.StatusUnprocessableEntity) {
		// Another Create for the same customer made the user first: use it.
		if u, ok, err2 := p.userByEmail(ctx, pn, email); err2 == nil && ok {
			return u.ID, userCredentials(pn, u, svc.IdempotencyKey), nil
		}
	}
	if err != nil {
		return 0, nil, err
	}
	return out.Attributes.ID, userCredentials(pn, out.Attributes, svc.IdempotencyKey), nil
}

// userCredentials are the panel login shown to the customer: with the
// password only when this service's Create made the account.
func userCredentials(pn *panel, u user, key string) map[string]string {
	creds := map[string]string{"panel_username": u.Username, "panel_email": u.Email}
	if u.ExternalID != nil && *u.ExternalID == key {
		creds["panel_password"] = derivedPassword(pn.app.key, key)
	}
	return creds
}

// derivedPassword is the initial panel password of the account a
// service's Create makes: secret as long as the application key is (and
// whoever holds that key controls the panel anyway).
func derivedPassword(appKey, serviceKey string) string {
	m := hmac.New(sha256.New, []byte(appKey))
	m.Write([]byte("hostbase pterodactyl account password\x00" + serviceKey))
	return "Hb-" + base64.RawURLEncoding.EncodeToString(m.Sum(nil))[:24]
}

func (p *Provisioner) userByEmail(ctx context.Context, pn *panel, email string) (user, bool, error) {
	var users list[user]
	if err := pn.app.do(ctx, http.MethodGet, "/users", url.Values{"filter[email]": {email}}, nil, &users); err != nil {
		return user{}, false, err
	}
	for _, u := range users.Data {
		// The filter is a partial match in some versions: insist on equality.
		if strings.EqualFold(u.Attributes.Email, email) {
			return u.Attributes, true, nil
		}
	}
	return user{}, false, nil
}

var notUsername = regexp.MustCompile(`[^a-z0-9_.-]+`)

// username makes a panel username from an email: its local part, cleaned
// to the panel's rule (letters, digits, _ - . inside, alphanumeric ends),
// and a short hash of the whole address so that two customers named
// alike do not collide.
func username(email string) string {
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	local = strings.Trim(notUsername.ReplaceAllString(local, ""), "_.-")
	if len(local) > 20 {
		local = local[:20]
	}
	h := sha256.Sum256([]byte(strings.ToLower(email)))
	if local == "" {
		return "hb" + hex.EncodeToString(h[:4])
	}
	return local + "-" + hex.EncodeToString(h[:3])
}

func nonEmpty(vs ...string) string {
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

// egg reads the product's egg with its variables. A missing nest or egg
// is the product's settings at fault.
func (p *Provisioner) egg(ctx context.Context, pn *panel, pl plan) (egg, error) {
	var out item[egg]
	path := fmt.Sprintf("/nests/%d/eggs/%d", pl.nest, pl.egg)
	err := pn.app.do(ctx, http.MethodGet, path, url.Values{"include": {"variables"}}, nil, &out)
	if sdk.IsNotFound(err) {
		return egg{}, sdk.InvalidConfig(cfgEgg, "the panel has no egg %d in nest %d", pl.egg, pl.nest)
	}
	return out.Attributes, err
}

// environment is the egg's variable defaults with the product's values
// over them.
func environment(eg egg, pl plan) map[string]string {
	env := map[string]string{}
	if eg.Relationships.Variables != nil {
		for _, v := range eg.Relationships.Variables.Data {
			env[v.Attributes.EnvVariable] = v.Attributes.DefaultValue
		}
	}
	for k, v := range pl.environment {
		env[k] = v
	}
	return env
}

// place picks a free allocation on a node the panel says can take the
// plan, and creates the server on it.
func (p *Provisioner) place(ctx context.Context, pn *panel, pl plan, eg egg, owner int64, svc sdk.Service) (server, error) {
	p.placing.Lock()
	defer p.placing.Unlock()
	alloc, _, err := p.freeAllocation(ctx, pn, pl)
	if err != nil {
		return server{}, err
	}
	if alloc == 0 {
		return server{}, sdk.OutOfCapacity("no node%s has %d MB of memory, %d MB of disk and a free port", locationText(pn), pl.limits.Memory, pl.limits.Disk)
	}
	body := map[string]any{
		"external_id":  svc.IdempotencyKey,
		"name":         nonEmpty(svc.Hostname, svc.ProductName, svc.IdempotencyKey),
		"description":  "Hostbase service " + svc.ID,
		"user":         owner,
		"egg":          eg.ID,
		"docker_image": nonEmpty(pl.image, eg.DockerImage),
		"startup":      nonEmpty(pl.startup, eg.Startup),
		"environment":  environment(eg, pl),
		"limits": map[string]int64{"memory": pl.limits.Memory, "swap": pl.limits.Swap, "disk": pl.limits.Disk,
			"io": pl.limits.IO, "cpu": pl.limits.CPU},
		"feature_limits":      pl.features,
		"allocation":          map[string]any{"default": alloc},
		"start_on_completion": true,
	}
	var out item[server]
	err = pn.app.do(ctx, http.MethodPost, "/servers", withAllocations, body, &out)
	if err == nil {
		return out.Attributes, nil
	}
	var h *httpError
	if !asHTTP(err, &h) || h.Status != http.StatusUnprocessableEntity {
		return server{}, err
	}
	switch f := h.field(); {
	case f == "external_id":
		// Another process created it first: the panel keeps external_id
		// unique, so the one it has is ours.
		var again item[server]
		if err := pn.app.do(ctx, http.MethodGet, "/servers/external/"+url.PathEscape(svc.IdempotencyKey), withAllocations, nil, &again); err != nil {
			return server{}, err
		}
		return again.Attributes, nil
	case strings.HasPrefix(f, "allocation"):
		// Taken by someone else between our look and our create.
		return server{}, sdk.Retryable(err)
	case strings.HasPrefix(f, "environment"):
		return server{}, &sdk.Error{Kind: sdk.KindInvalidConfig, Field: cfgEnvironment, Message: h.Error(), Err: h}
	case strings.HasPrefix(f, "limits") || strings.HasPrefix(f, "feature_limits") || f == "egg" || f == "docker_image" || f == "startup":
		return server{}, &sdk.Error{Kind: sdk.KindInvalidConfig, Field: productField(f), Message: h.Error(), Err: h}
	}
	return server{}, err
}

// productField names the product setting behind a panel field.
func productField(f string) string {
	switch f {
	case "egg":
		return cfgEgg
	case "docker_image":
		return cfgImage
	case "startup":
		return cfgStartup
	}
	if _, after, ok := strings.Cut(f, "."); ok {
		return after
	}
	return ""
}

func locationText(pn *panel) string {
	if len(pn.locations) == 0 {
		return ""
	}
	ids := make([]string, len(pn.locations))
	for i, l := range pn.locations {
		ids[i] = strconv.FormatInt(l, 10)
	}
	return " in location " + strings.Join(ids, ", ")
}

// freeAllocation asks the panel's pre-flight (/nodes/deployable) for the
// nodes that can take the plan's memory and disk, and returns the first
// unassigned allocation on them (0 if none) and how many there are.
func (p *Provisioner) freeAllocation(ctx context.Context, pn *panel, pl plan) (int64, int, error) {
	q := url.Values{
		"memory":   {strconv.FormatInt(pl.limits.Memory, 10)},
		"disk":     {strconv.FormatInt(pl.limits.Disk, 10)},
		"include":  {"allocations"},
		"per_page": {"100"},
	}
	for _, l := range pn.locations {
		q.Add("location_ids[]", strconv.FormatInt(l, 10))
	}
	var nodes list[node]
	if err := pn.app.do(ctx, http.MethodGet, "/nodes/deployable", q, nil, &nodes); err != nil {
		return 0, 0, err
	}
	var first int64
	free := 0
	for _, n := range nodes.Data {
		if n.Attributes.Relationships.Allocations == nil {
			continue
		}
		for _, a := range n.Attributes.Relationships.Allocations.Data {
			if a.Attributes.Assigned {
				continue
			}
			if first == 0 {
				first = a.Attributes.ID
			}
			free++
		}
	}
	return first, free, nil
}
