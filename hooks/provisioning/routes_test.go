package provisioning_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/pocketbase/dbx"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/plugins/example/examplepanel"
	"github.com/ezscale/hostbase/plugins/host"
)

// The owner of an active service sees the actions its panel offers now,
// runs them, and the panel changes; an action or a parameter the panel
// does not offer is refused naming it, and the panel is left alone.
func TestCustomerActionsRunOnTheOwnersActiveService(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	base := "/api/hb/services/" + svc

	if got := actionKeys(t, w, svc, w.aliceTok); got != "reboot,power_off,reinstall" {
		t.Fatalf("actions of a running server: %s", got)
	}

	code, body := w.app.Do(t, "POST", base+"/actions/reboot", w.aliceTok, nil)
	if code != 200 || !strings.Contains(hbtest.Decode(t, body)["message"].(string), "rebooting") {
		t.Fatalf("reboot: %d %s", code, body)
	}
	if f := w.panelServer(t, svc); f["power"] != "on" {
		t.Fatalf("a reboot left the server powered %v", f["power"])
	}
	code, body = w.app.Do(t, "POST", base+"/actions/power_off", w.aliceTok, map[string]any{})
	if code != 200 {
		t.Fatalf("power off: %d %s", code, body)
	}
	if f := w.panelServer(t, svc); f["power"] != "off" {
		t.Fatalf("after power off the panel says power %v", f["power"])
	}
	if got := actionKeys(t, w, svc, w.aliceTok); got != "power_on,reinstall" {
		t.Fatalf("actions of a server powered off: %s", got)
	}

	before := w.panelServer(t, svc)
	code, body = w.app.Do(t, "POST", base+"/actions/format_disk", w.aliceTok, nil)
	hbtest.WantField(t, code, body, "action")
	code, body = w.app.Do(t, "POST", base+"/actions/reinstall", w.aliceTok, map[string]any{"params": map[string]string{"os": "windows-11"}})
	hbtest.WantField(t, code, body, "params.os")
	code, body = w.app.Do(t, "POST", base+"/actions/reinstall", w.aliceTok, map[string]any{"params": map[string]string{}})
	hbtest.WantField(t, code, body, "params.os")
	code, body = w.app.Do(t, "POST", base+"/actions/reinstall", w.aliceTok, map[string]any{"params": map[string]string{"os": "debian-12", "disk": "wipe"}})
	hbtest.WantField(t, code, body, "params.disk")
	if after := w.panelServer(t, svc); after["os"] != before["os"] || after["power"] != before["power"] {
		t.Fatalf("a refused action changed the panel: %v → %v", before, after)
	}

	// The reinstall the panel offers, with a valid OS, does reach it.
	code, body = w.app.Do(t, "POST", base+"/actions/reinstall", w.aliceTok, map[string]any{"params": map[string]string{"os": "almalinux-9"}})
	if code != 200 {
		t.Fatalf("reinstall: %d %s", code, body)
	}
	if f := w.panelServer(t, svc); f["os"] != "almalinux-9" || f["power"] != "on" {
		t.Fatalf("after reinstall the panel holds os %v, powered %v", f["os"], f["power"])
	}
	// Every call is logged for staff, by whom.
	if n := count(t, w.app, collections.ProvisioningLogs, "service = {:s} AND message LIKE 'RunClientAction:%'", dbx.Params{"s": svc}); n != 3 {
		t.Fatalf("%d client action log rows, want 3 (reboot, power off, reinstall)", n)
	}
}

// A single sign-on link is absolute, expires in the future and is never
// cached.
func TestSingleSignOnIsAFreshAbsoluteLinkNeverCached(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	res := w.serve(t, "GET", "/api/hb/services/"+svc+"/sso", w.aliceTok, nil)
	if res.Code != 200 {
		t.Fatalf("sso: %d %s", res.Code, res.Body)
	}
	if cc := res.Header().Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("Cache-Control %q, want no-store", cc)
	}
	out := hbtest.Decode(t, res.Body.Bytes())
	u, err := url.Parse(out["url"].(string))
	if err != nil || !u.IsAbs() || u.Host == "" {
		t.Fatalf("url %q is not absolute (%v)", out["url"], err)
	}
	expires, err := time.Parse(time.RFC3339, out["expires_at"].(string))
	if err != nil || !expires.After(time.Now()) || expires.After(time.Now().Add(time.Hour)) {
		t.Fatalf("expires_at %v (%v), want within the next hour", out["expires_at"], err)
	}
	// Two asks, two links: a link is single use.
	again := hbtest.Decode(t, w.serve(t, "GET", "/api/hb/services/"+svc+"/sso", w.aliceTok, nil).Body.Bytes())
	if again["url"] == out["url"] {
		t.Fatalf("the same login link twice: %v", out["url"])
	}
}

// Usage is numbers for what the panel reports and null for what it does
// not (the example panel reports neither memory in use nor CPU).
func TestUsageIsNumbersAndNullForWhatThePanelDoesNotReport(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	code, body := w.app.Do(t, "GET", "/api/hb/services/"+svc+"/usage", w.aliceTok, nil)
	if code != 200 {
		t.Fatalf("usage: %d %s", code, body)
	}
	u := hbtest.Decode(t, body)
	num := func(k string) float64 {
		v, ok := u[k].(float64)
		if !ok {
			t.Fatalf("%s is %v, want a number: %s", k, u[k], body)
		}
		return v
	}
	// Plan small: 20 GiB of disk, 1 TiB of bandwidth; memory from the
	// product's memory_mb.
	if num("disk_limit_bytes") != 20<<30 || num("memory_limit_bytes") != 2048<<20 || num("bandwidth_limit_bytes") != 1024<<30 {
		t.Fatalf("limits %s", body)
	}
	if used := num("disk_used_bytes"); used <= 0 || used > num("disk_limit_bytes") {
		t.Fatalf("disk used %v of %v", used, num("disk_limit_bytes"))
	}
	num("bandwidth_used_bytes")
	for _, k := range []string{"memory_used_bytes", "cpu_permille"} {
		if v, ok := u[k]; !ok || v != nil {
			t.Fatalf("%s is %v (present %v), want null: %s", k, v, ok, body)
		}
	}
	if _, err := time.Parse(time.RFC3339, u["collected_at"].(string)); err != nil {
		t.Fatalf("collected_at %v: %v", u["collected_at"], err)
	}
}

// The owner reads the login details opened (they are sealed at rest), and
// the answer is never cached.
func TestCredentialsAreOpenedForTheOwner(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	res := w.serve(t, "GET", "/api/hb/services/"+svc+"/credentials", w.aliceTok, nil)
	if res.Code != 200 || res.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("credentials: %d (Cache-Control %q) %s", res.Code, res.Header().Get("Cache-Control"), res.Body)
	}
	out := hbtest.Decode(t, res.Body.Bytes())
	creds, _ := out["credentials"].(map[string]any)
	want := w.panelServer(t, svc)["root_password"]
	if creds["root_password"] != want || want == "" || out["username"] != "root" || out["ip"] == "" {
		t.Fatalf("credentials %s, want the panel's root password %v", res.Body, want)
	}
	if raw := rawColumn(t, w, collections.Services, "credentials", svc); !strings.HasPrefix(raw, "enc:v1:") || strings.Contains(raw, want.(string)) {
		t.Fatalf("credentials stored as %q, want sealed", raw)
	}
}

// A new password too weak is refused naming the field, with no job; a
// good one becomes a change_password job holding it sealed, and once run
// the panel and the service's credentials have it.
func TestPasswordChangeIsAJobHoldingThePasswordSealed(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	path := "/api/hb/services/" + svc + "/password"
	for _, weak := range []string{"", "Sh0rt!", "alllowercaseletters", "ALLUPPER12345", "line\nbreak-Abc123", strings.Repeat("Ab1", 50)} {
		code, body := w.app.Do(t, "POST", path, w.aliceTok, map[string]any{"password": weak})
		hbtest.WantField(t, code, body, "password")
	}
	code, body := w.app.Do(t, "POST", path, w.aliceTok, map[string]any{"password": "x", "passwd": "y"})
	hbtest.WantField(t, code, body, "body")
	if n := len(w.jobs(t, svc)); n != 1 {
		t.Fatalf("refused passwords left %d jobs, want only the create", n)
	}

	// No character JSON escapes, so the plaintext is found however it is stored.
	const pw = "Tr0ub4dor#3-horse"
	code, body = w.app.Do(t, "POST", path, w.aliceTok, map[string]any{"password": pw})
	if code != 202 {
		t.Fatalf("password: %d %s", code, body)
	}
	jobID, _ := hbtest.Decode(t, body)["job"].(string)
	jobs := w.jobs(t, svc)
	if len(jobs) != 2 || jobs[1].Id != jobID || jobs[1].Action() != collections.ProvisioningJobActionChangePassword || jobs[1].Status() != collections.ProvisioningJobStatusQueued {
		t.Fatalf("%d jobs, want the create and a queued change_password %s", len(jobs), jobID)
	}
	payload := rawColumn(t, w, collections.ProvisioningJobs, "payload", jobID)
	if strings.Contains(payload, pw) || !strings.Contains(payload, `"password_sealed":"enc:v1:`) {
		t.Fatalf("the job's payload is %s, want the password sealed only", payload)
	}

	w.runDue(t)
	if j := w.jobs(t, svc)[1]; j.Status() != collections.ProvisioningJobStatusDone {
		t.Fatalf("change_password job %s: %s", j.Status(), j.LastError())
	}
	if got := w.panelServer(t, svc)["root_password"]; got != pw {
		t.Fatalf("the panel's root password is %v, want the new one", got)
	}
	// The new password replaces the one the panel made, under its key: the
	// client area never shows the old one beside it.
	creds := w.credentials(t, svc)
	if creds["root_password"] != pw || len(creds) != 1 {
		t.Fatalf("service credentials %v, want only the new root password", creds)
	}
	if n := count(t, w.app, collections.ProvisioningLogs, "service = {:s} AND (message LIKE {:pw} OR data LIKE {:pw})", dbx.Params{"s": svc, "pw": "%" + pw + "%"}); n != 0 {
		t.Fatalf("%d log rows hold the new password", n)
	}
}

// Who may call the service routes: another customer learns nothing (404,
// as for a missing service), a visitor must log in, staff may read; and a
// service that is not active is refused naming its status.
func TestServiceRoutesSecurityMatrix(t *testing.T) {
	w := newWorld(t)
	active := w.activeService(t, w.alice)
	pending := w.pendingService(t, w.alice)
	suspended := w.activeService(t, w.alice)
	w.move(t, suspended, lifecycle.Suspend)
	w.runDue(t)
	former := w.formerStaff(t)

	routes := []struct {
		method, path string
		body         any
		// read: staff may call it, and it writes nothing.
		read bool
		// whileSuspended is the answer for a suspended service.
		whileSuspended int
	}{
		{"GET", "/actions", nil, true, 409},
		{"POST", "/actions/reboot", nil, false, 409},
		{"GET", "/sso", nil, true, 409},
		{"GET", "/usage", nil, true, 409},
		{"GET", "/credentials", nil, true, 200},
		{"POST", "/password", map[string]any{"password": "Tr0ub4dor&3-horse"}, false, 409},
	}
	for _, r := range routes {
		t.Run(r.method+r.path, func(t *testing.T) {
			jobsBefore := count(t, w.app, collections.ProvisioningJobs, "1=1")
			for _, c := range []struct {
				who, token, svc string
				want            int
				mention         string
			}{
				{"another customer", w.bobTok, active, 404, ""},
				{"a visitor", "", active, 401, ""},
				{"staff no longer active", former, active, 404, ""},
				{"another customer, missing service", w.bobTok, "nosuchservice00", 404, ""},
				{"the owner, pending", w.aliceTok, pending, 409, "pending"},
				{"the owner, suspended", w.aliceTok, suspended, r.whileSuspended, "suspended"},
			} {
				code, body := w.app.Do(t, r.method, "/api/hb/services/"+c.svc+r.path, c.token, r.body)
				if code != c.want {
					t.Fatalf("%s: %d %s, want %d", c.who, code, body, c.want)
				}
				if code == 409 && !strings.Contains(string(body), c.mention) {
					t.Fatalf("%s: the 409 does not name the status %q: %s", c.who, c.mention, body)
				}
			}
			// A stranger's 404 is the missing service's, word for word.
			_, stranger := w.app.Do(t, r.method, "/api/hb/services/"+active+r.path, w.bobTok, r.body)
			_, missing := w.app.Do(t, r.method, "/api/hb/services/nosuchservice00"+r.path, w.aliceTok, r.body)
			if string(stranger) != string(missing) {
				t.Fatalf("a stranger's answer %s differs from a missing service's %s", stranger, missing)
			}
			if n := count(t, w.app, collections.ProvisioningJobs, "1=1"); n != jobsBefore {
				t.Fatalf("refused calls wrote %d jobs", n-jobsBefore)
			}
			if r.read {
				if code, body := w.app.Do(t, r.method, "/api/hb/services/"+active+r.path, w.staffTok, r.body); code != 200 {
					t.Fatalf("staff: %d %s", code, body)
				}
			}
		})
	}
}

// The eleventh action on one service within a minute is refused with
// Retry-After; the limit is per person and service, so staff and the
// owner's other services are not held up.
func TestTheEleventhActionWithinAMinuteIsRefused(t *testing.T) {
	w := newWorld(t)
	// Services of a new world have ids no other test used: the limiter is
	// shared by the whole package.
	svc := w.activeService(t, w.alice)
	other := w.activeService(t, w.alice)
	for i := 1; i <= 10; i++ {
		if code, body := w.app.Do(t, "POST", "/api/hb/services/"+svc+"/actions/reboot", w.aliceTok, nil); code != 200 {
			t.Fatalf("action %d: %d %s", i, code, body)
		}
	}
	res := w.serve(t, "POST", "/api/hb/services/"+svc+"/actions/reboot", w.aliceTok, nil)
	if res.Code != 429 {
		t.Fatalf("action 11: %d %s, want 429", res.Code, res.Body)
	}
	secs, err := strconv.Atoi(res.Header().Get("Retry-After"))
	if err != nil || secs < 1 || secs > 61 {
		t.Fatalf("Retry-After %q, want 1–61 seconds", res.Header().Get("Retry-After"))
	}
	if n := count(t, w.app, collections.ProvisioningLogs, "service = {:s} AND message LIKE 'RunClientAction:%'", dbx.Params{"s": svc}); n != 10 {
		t.Fatalf("%d actions reached the panel, want 10", n)
	}
	if code, body := w.app.Do(t, "POST", "/api/hb/services/"+svc+"/actions/reboot", w.staffTok, nil); code != 200 {
		t.Fatalf("staff on the same service: %d %s", code, body)
	}
	if code, body := w.app.Do(t, "POST", "/api/hb/services/"+other+"/actions/reboot", w.aliceTok, nil); code != 200 {
		t.Fatalf("the owner's other service: %d %s", code, body)
	}
}

// Staff move a service by hand; a customer may not, an edge the lifecycle
// does not have is refused naming both statuses and changes nothing, and
// approving a manual product's order starts its provisioning.
func TestStaffLifecycleRoute(t *testing.T) {
	w := newWorld(t)
	pending := w.pendingService(t, w.alice)
	path := "/api/hb/services/" + pending + "/lifecycle/"
	audit := func() int {
		return count(t, w.app, collections.AuditLog, "target_id = {:s}", dbx.Params{"s": pending})
	}
	auditBefore := audit()

	code, body := w.app.Do(t, "POST", path+"approve", w.aliceTok, nil)
	if code != 403 {
		t.Fatalf("the owner approved her own order: %d %s", code, body)
	}
	if code, body := w.app.Do(t, "POST", path+"approve", w.formerStaff(t), nil); code != 403 {
		t.Fatalf("staff no longer active approved an order: %d %s", code, body)
	}
	code, body = w.app.Do(t, "POST", path+"suspend", w.staffTok, map[string]any{"reason": "abuse report"})
	if code != 409 || !strings.Contains(string(body), "pending") || !strings.Contains(string(body), "suspended") {
		t.Fatalf("suspending a pending service: %d %s, want 409 naming pending and suspended", code, body)
	}
	code, body = w.app.Do(t, "POST", path+"explode", w.staffTok, nil)
	hbtest.WantField(t, code, body, "action")
	code, body = w.app.Do(t, "POST", path+"approve", w.staffTok, map[string]any{"reason": "ok", "force": true})
	hbtest.WantField(t, code, body, "body")
	if code, _ := w.app.Do(t, "POST", "/api/hb/services/nosuchservice00/lifecycle/approve", w.staffTok, nil); code != 404 {
		t.Fatalf("a missing service: %d, want 404", code)
	}
	if s := w.svc(t, pending); s.Status() != collections.ServiceStatusPending || audit() != auditBefore || len(w.jobs(t, pending)) != 0 {
		t.Fatalf("refused moves changed the service: %s, %d audit rows (was %d), %d jobs", s.Status(), audit(), auditBefore, len(w.jobs(t, pending)))
	}

	// A product set up by hand: payment leaves it pending for staff.
	vps, err := w.app.FindRecordById("products", w.product)
	if err != nil {
		t.Fatal(err)
	}
	manual := hbtest.Make(t, w.app, "products", map[string]any{"name": "VPS Custom", "slug": "vps-custom", "kind": "vps", "group": vps.GetString("group"),
		"provisioner": "example", "provisioner_config": `{"plan":"large"}`, "server_group": w.group, "auto_setup": "manual",
		"pricing": `{"USD":{"monthly":{"price":9900,"setup":0}}}`})
	order := hbtest.Make(t, w.app, "orders", map[string]any{"customer": w.alice, "status": "active", "currency": "USD", "total": 9900})
	custom := hbtest.Make(t, w.app, "services", map[string]any{"customer": w.alice, "product": manual.Id, "order": order.Id, "status": "pending",
		"cycle": "monthly", "currency": "USD", "recurring_amount": 9900}).Id
	code, body = w.app.Do(t, "POST", "/api/hb/services/"+custom+"/lifecycle/approve", w.staffTok, map[string]any{"reason": "checked the order"})
	if code != 200 || hbtest.Decode(t, body)["status"] != "provisioning" {
		t.Fatalf("approve: %d %s", code, body)
	}
	jobs := w.jobs(t, custom)
	if len(jobs) != 1 || jobs[0].Action() != collections.ProvisioningJobActionCreate || !strings.HasPrefix(jobs[0].RequestedBy(), "staff:") {
		t.Fatalf("%d jobs after approval, want one create requested by staff", len(jobs))
	}
	if n := count(t, w.app, collections.AuditLog, "target_id = {:s} AND action = 'service.mark_provisioning'", dbx.Params{"s": custom}); n != 1 {
		t.Fatalf("%d audit rows for the approval", n)
	}
	// Approving again is not a second create.
	if code, body := w.app.Do(t, "POST", "/api/hb/services/"+custom+"/lifecycle/approve", w.staffTok, nil); code != 409 {
		t.Fatalf("approving a provisioning service: %d %s", code, body)
	}
	w.runDue(t)
	if s := w.svc(t, custom); s.Status() != collections.ServiceStatusActive {
		t.Fatalf("the approved service is %s after its job", s.Status())
	}
}

// Staff see the installed plugins with their versions and settings, the
// secret ones marked; customers may not.
func TestPluginsRouteDescribesTheInstalledPlugins(t *testing.T) {
	reg := host.InProcess(examplepanel.New(hclog.NewNullLogger()))
	app := hbtest.NewAppWith(t, hbtest.SeedDir(t, "provisioning-world", seedWorld), hooks.Deps{Plugins: reg, Workers: -1})
	staff := hbtest.Token(t, hbtest.Make(t, app, "staff", map[string]any{"name": "Sam", "email": "sam@northwind.test", "role": "support", "active": true}))
	customer := hbtest.Token(t, hbtest.Make(t, app, "customers", map[string]any{"name": "Alice Smith", "email": "alice@example.com", "country": "US"}))

	if code, body := app.Do(t, "GET", "/api/hb/plugins", customer, nil); code != 403 {
		t.Fatalf("a customer listed the plugins: %d %s", code, body)
	}
	if code, _ := app.Do(t, "GET", "/api/hb/plugins", "", nil); code != 401 {
		t.Fatalf("a visitor listed the plugins: %d", code)
	}
	code, body := app.Do(t, "GET", "/api/hb/plugins", staff, nil)
	if code != 200 {
		t.Fatalf("plugins: %d %s", code, body)
	}
	var out struct {
		Plugins []struct {
			Name         string          `json:"name"`
			Version      string          `json:"version"`
			Capabilities map[string]bool `json:"capabilities"`
			ServerConfig []struct {
				Key      string `json:"key"`
				Secret   bool   `json:"secret"`
				Required bool   `json:"required"`
			} `json:"server_config"`
			ProductConfig []struct {
				Key     string `json:"key"`
				Options []struct {
					Value string `json:"value"`
				} `json:"options"`
			} `json:"product_config"`
		} `json:"plugins"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.Plugins) != 1 {
		t.Fatalf("plugins %s (%v), want one", body, err)
	}
	p := out.Plugins[0]
	if p.Name != "example" || p.Version != examplepanel.Version || !p.Capabilities["list_remote"] || !p.Capabilities["single_sign_on"] {
		t.Fatalf("plugin %+v", p)
	}
	secret := map[string]bool{}
	for _, f := range p.ServerConfig {
		secret[f.Key] = f.Secret
	}
	if len(secret) != 5 || !secret["api_token"] || secret["directory"] {
		t.Fatalf("server settings %+v, want api_token (only) marked secret", p.ServerConfig)
	}
	if len(p.ProductConfig) != 3 || p.ProductConfig[0].Key != "plan" || len(p.ProductConfig[0].Options) != 3 {
		t.Fatalf("product settings %+v", p.ProductConfig)
	}
}

// Testing a server's connection records the outcome on it; a refused
// token is reported without the token.
func TestServerConnectionTestIsRecordedWithoutTheToken(t *testing.T) {
	w := newWorld(t)
	path := "/api/hb/servers/" + w.server + "/test"
	if code, body := w.app.Do(t, "POST", path, w.aliceTok, nil); code != 403 {
		t.Fatalf("a customer tested a server: %d %s", code, body)
	}
	code, body := w.app.Do(t, "POST", path, w.staffTok, nil)
	if code != 200 || hbtest.Decode(t, body)["ok"] != true {
		t.Fatalf("test: %d %s", code, body)
	}
	s, err := collections.FindServer(w.app, w.server)
	if err != nil || !s.LastCheckOk() || s.LastCheckAt().IsZero() || s.LastError() != "" {
		t.Fatalf("after a good test: ok %v at %v error %q (%v)", s.LastCheckOk(), s.LastCheckAt(), s.LastError(), err)
	}

	if err := os.WriteFile(filepath.Join(w.panelDir, ".token"), []byte("another-token"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, body = w.app.Do(t, "POST", path, w.staffTok, nil)
	out := hbtest.Decode(t, body)
	if code != 200 || out["ok"] != false || out["error"] == "" {
		t.Fatalf("test with a wrong token: %d %s", code, body)
	}
	s, _ = collections.FindServer(w.app, w.server)
	if s.LastCheckOk() || s.LastError() == "" {
		t.Fatalf("after a failed test: ok %v error %q", s.LastCheckOk(), s.LastError())
	}
	for _, secret := range []string{"panel-token-123", "another-token"} {
		if strings.Contains(string(body), secret) || strings.Contains(s.LastError(), secret) {
			t.Fatalf("the failure shows a token: %s / %s", body, s.LastError())
		}
	}
	if code, _ := w.app.Do(t, "POST", "/api/hb/servers/nosuchserver000/test", w.staffTok, nil); code != 404 {
		t.Fatalf("a missing server: %d, want 404", code)
	}
}

// actionKeys lists the keys of the service's client actions, in order.
func actionKeys(t *testing.T, w *world, svc, token string) string {
	t.Helper()
	code, body := w.app.Do(t, "GET", "/api/hb/services/"+svc+"/actions", token, nil)
	if code != 200 {
		t.Fatalf("actions: %d %s", code, body)
	}
	var out struct {
		Actions []struct {
			Key string `json:"key"`
		} `json:"actions"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(out.Actions))
	for i, a := range out.Actions {
		keys[i] = a.Key
	}
	return strings.Join(keys, ",")
}

// serve sends one request and returns the whole response, for the answers
// whose headers matter.
func (w *world) serve(t testing.TB, method, path, token string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var r *strings.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = strings.NewReader(string(raw))
	} else {
		r = strings.NewReader("")
	}
	req := httptest.NewRequestWithContext(context.Background(), method, path, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	rec := httptest.NewRecorder()
	w.app.ServeHTTP(rec, req)
	return rec
}

// panelServer reads the example panel's file for a service.
func (w *world) panelServer(t testing.TB, svc string) map[string]any {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.panelDir, w.svc(t, svc).RemoteID()+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// credentials opens a service's stored credentials.
func (w *world) credentials(t testing.TB, svc string) map[string]string {
	t.Helper()
	c, err := w.app.Keys.Cipher()
	if err != nil {
		t.Fatal(err)
	}
	var creds map[string]string
	if err := c.OpenJSON(w.svc(t, svc).Credentials(), collections.Services+"."+collections.ServiceFields.Credentials, &creds); err != nil {
		t.Fatal(err)
	}
	return creds
}

// rawColumn reads a column as the database holds it, past every hook.
func rawColumn(t testing.TB, w *world, table, column, id string) string {
	t.Helper()
	var v string
	if err := w.app.DB().Select("[[" + column + "]]").From(table).Where(dbx.HashExp{"id": id}).Row(&v); err != nil {
		t.Fatalf("%s.%s of %s: %v", table, column, id, err)
	}
	return v
}

// formerStaff is the token of a member of staff who has left (inactive).
func (w *world) formerStaff(t testing.TB) string {
	t.Helper()
	return hbtest.Token(t, hbtest.Make(t, w.app, "staff", map[string]any{"name": "Pat", "email": "pat@northwind.test", "role": "admin", "active": false}))
}

// superuserToken is a dashboard administrator's token.
func superuserToken(t testing.TB, w *world) string {
	t.Helper()
	return hbtest.Token(t, hbtest.Make(t, w.app, "_superusers", map[string]any{"email": "root@northwind.test"}))
}
