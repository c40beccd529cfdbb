package virtfusionpanel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// stateComplete is the state of a built server; before its build it is
// "pending", during it "building" (or "queued").
const stateComplete = "complete"

// Create makes the service's server, or returns the one an earlier Create
// made for its idempotency key. It finds (or makes) the customer's
// VirtFusion user by ext relation id, looks among the user's servers for
// the one named after the key, and otherwise creates a server (POST
// /servers) and builds it with the product's template (POST
// /servers/{id}/build), which names it after the key. While VirtFusion
// builds, Create reports Pending; once built, it returns the IPs and a
// root password.
func (p *Provisioner) Create(ctx context.Context, r sdk.ServiceRequest) (res sdk.CreateResult, err error) {
	svc := r.Service
	defer p.trace(hclog.Info, "create", time.Now(), &err, "service", svc.ID, "key", svc.IdempotencyKey)
	c, set, err := p.open(r.Server)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	prod, err := parseProduct(svc.ProductConfig)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	if svc.IdempotencyKey == "" {
		return sdk.CreateResult{}, sdk.Permanent(errors.New("the service has no idempotency key"))
	}
	unlock, err := p.locks.Lock(ctx, svc.IdempotencyKey)
	if err != nil {
		return sdk.CreateResult{}, sdk.Retryable(err)
	}
	defer unlock()

	user, err := ensureUser(ctx, c, svc)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	servers, err := serversOf(ctx, c, user.ID)
	if err != nil {
		return sdk.CreateResult{}, err
	}
	srv, ok := oldestTagged(servers, svc.IdempotencyKey)
	if !ok {
		if srv, err = p.createAndBuild(ctx, c, set, prod, user, svc); err != nil {
			return sdk.CreateResult{}, err
		}
	}
	if srv.State != stateComplete {
		// Read it afresh: the build may have finished since it was listed.
		if srv, err = c.server(ctx, srv.ID, false); err != nil {
			return sdk.CreateResult{}, err
		}
	}
	res = sdk.CreateResult{RemoteID: fmt.Sprint(srv.ID), Hostname: hostnameOf(srv, svc), Username: "root"}
	if srv.State != stateComplete {
		res.Pending = true
		res.Message = fmt.Sprintf("VirtFusion is building server %d (%s)", srv.ID, srv.State)
		return res, nil
	}
	if ips := srv.ips(); len(ips) > 0 {
		res.IP, res.ExtraIPs = ips[0], ips[1:]
	}
	password := svc.Credentials["root_password"]
	if password == "" {
		// VirtFusion mails the build's password to the user; Hostbase
		// needs its own copy, so it asks for a fresh one, once.
		if password, err = c.resetPassword(ctx, srv.ID); err != nil {
			return sdk.CreateResult{}, err
		}
	}
	res.Credentials = map[string]string{"root_password": password, "panel_email": user.Email}
	res.Message = fmt.Sprintf("Server %d (%s) is built", srv.ID, res.Hostname)
	return res, nil
}

// createAndBuild creates the server and builds it, which tags it. A build
// refused leaves an untagged server no later Create would find, so it is
// deleted. After a race with another plugin process (each lists, finds
// nothing, creates) the lowest-numbered tagged server wins and the other
// is deleted.
func (p *Provisioner) createAndBuild(ctx context.Context, c *client, set settings, prod product, user vfUser,
	svc sdk.Service) (vfServer, error) {
	body := createServerBody{PackageID: prod.packageID, UserID: user.ID, HypervisorID: set.hypervisorGroup, IPv4: prod.ipv4}
	body.Memory, body.CPUCores, body.Storage = positive(prod.memoryMB), positive(prod.cpuCores), positive(prod.storageGB)
	if prod.traffic >= 0 {
		body.Traffic = &prod.traffic
	}
	made, err := c.createServer(ctx, body, false)
	if err != nil {
		return vfServer{}, createError(err)
	}
	if made.ID == 0 {
		return vfServer{}, sdk.Retryable(errors.New("VirtFusion created a server but did not say its id"))
	}
	err = c.build(ctx, made.ID, buildBody{OperatingSystemID: prod.templateID, Name: tagFor(svc.IdempotencyKey),
		Hostname: svc.Hostname})
	if err != nil && !builtDespite(ctx, c, made.ID, svc.IdempotencyKey, err) {
		p.discard(c, made.ID, "its build failed: "+err.Error())
		if statusOf(err) == http.StatusUnprocessableEntity {
			return vfServer{}, sdk.InvalidConfig(keyTemplateID, "VirtFusion refused to build with template %d: %v", prod.templateID, err)
		}
		return vfServer{}, err
	}
	servers, err := serversOf(ctx, c, user.ID)
	if err != nil {
		return vfServer{}, err
	}
	winner, ok := oldestTagged(servers, svc.IdempotencyKey)
	if !ok {
		return made, nil
	}
	if winner.ID != made.ID {
		p.discard(c, made.ID, fmt.Sprintf("another process made server %d for the same service", winner.ID))
	}
	return winner, nil
}

// builtDespite reports whether a build whose answer was lost (a timeout,
// a 5xx) took place after all: the server then carries the tag. A build
// refused outright (4xx) did not.
func builtDespite(ctx context.Context, c *client, id int64, key string, err error) bool {
	if s := statusOf(err); s >= 400 && s < 500 {
		return false
	}
	s, gerr := c.server(ctx, id, false)
	return gerr == nil && keyOf(s.Name) == key
}

// discard deletes a server this Create made and will not use, with a
// context of its own so that a cancelled Create still cleans up.
func (p *Provisioner) discard(c *client, id int64, why string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.deleteServer(ctx, id); err != nil && !sdk.IsNotFound(err) {
		p.log.Error("could not delete an unused server: remove it in VirtFusion", "server", id, "why", why, "error", err.Error())
		return
	}
	p.log.Warn("deleted an unused server", "server", id, "why", why)
}

// createError types a refused POST /servers. VirtFusion answers 422 both
// for settings it does not know and for a group without room; the latter
// names resources, the former a field.
func createError(err error) error {
	if statusOf(err) != http.StatusUnprocessableEntity && statusOf(err) != http.StatusConflict {
		return err
	}
	msg := strings.ToLower(err.Error())
	for _, word := range []string{"capacity", "resources", "no hypervisor", "available", "ip address", "full"} {
		if strings.Contains(msg, word) {
			return sdk.OutOfCapacity("VirtFusion cannot place the server: %v", err)
		}
	}
	return err
}

// ensureUser finds the customer's VirtFusion user by ext relation id, or
// creates it. A create refused because another call made it meanwhile
// finds it again.
func ensureUser(ctx context.Context, c *client, svc sdk.Service) (vfUser, error) {
	ext := extRelationID(svc)
	u, err := c.userByExtRelation(ctx, ext)
	if err == nil || !sdk.IsNotFound(err) {
		return u, err
	}
	if svc.Customer.Email == "" {
		return vfUser{}, sdk.Permanent(errors.New("the customer has no email address, which VirtFusion requires of a user"))
	}
	u, err = c.createUser(ctx, createUserBody{Name: customerName(svc.Customer), Email: svc.Customer.Email, ExtRelationID: ext})
	if err == nil {
		return u, nil
	}
	if s := statusOf(err); s == http.StatusConflict || s == http.StatusUnprocessableEntity {
		if again, err2 := c.userByExtRelation(ctx, ext); err2 == nil {
			return again, nil
		}
	}
	return vfUser{}, err
}

func serversOf(ctx context.Context, c *client, userID int64) ([]vfServer, error) {
	servers, err := c.serversOfUser(ctx, userID)
	if sdk.IsNotFound(err) {
		return nil, nil
	}
	return servers, err
}

func customerName(cu sdk.Customer) string {
	name := strings.TrimSpace(cu.FirstName + " " + cu.LastName)
	switch {
	case name != "":
		return name
	case cu.Company != "":
		return cu.Company
	}
	return cu.Email
}

func hostnameOf(s vfServer, svc sdk.Service) string {
	if s.Hostname != "" {
		return s.Hostname
	}
	return svc.Hostname
}

func positive(v int64) *int64 {
	if v <= 0 {
		return nil
	}
	return &v
}
