// Package provisioningtest walks a provisioner plugin through a service's
// whole life in a Hostbase app, for the plugins' end-to-end tests: the
// plugin runs as its own process under the real plugin host and job queue,
// against the test's fake panel.
//
//	dir := provisioningtest.BuildPlugin(t, "github.com/ezscale/hostbase/plugins/mypanel", "mypanel")
//	provisioningtest.Run(t, provisioningtest.Walk{PluginsDir: dir, Plugin: "mypanel", …})
package provisioningtest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks"
	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/money"
	"github.com/ezscale/hostbase/hooks/payments"
	"github.com/ezscale/hostbase/hooks/provisioning"
	"github.com/ezscale/hostbase/plugins/host"
	"github.com/ezscale/hostbase/plugins/sdk"
)

var (
	buildMu sync.Mutex
	built   = map[string]string{}
)

// BuildPlugin builds the plugin's main package (an import path) once per
// test binary into a directory of its own, as hostbase-provisioner-<name>,
// and returns the directory. The directory is left for the OS to clean.
func BuildPlugin(tb testing.TB, pkg, name string) string {
	tb.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if dir, ok := built[pkg]; ok {
		return dir
	}
	dir, err := os.MkdirTemp("", "hostbase-plugin-"+name+"-")
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, sdk.BinaryPrefix+name), pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("build %s: %v\n%s", pkg, err, out)
	}
	built[pkg] = dir
	return dir
}

// Walk is a plugin and the server and product settings to walk it with.
type Walk struct {
	// PluginsDir holds the built plugin (BuildPlugin); Plugin is its name.
	PluginsDir, Plugin string
	// Endpoint, Config and Credentials are the server's, pointing at the
	// test's fake panel; they are saved through the app, so they must pass
	// the plugin's server schema.
	Endpoint    string
	Config      map[string]any
	Credentials map[string]string
	// ProductConfig is the product's provisioner_config.
	ProductConfig map[string]any
	// Hostname is the service's hostname (the domain, for web hosting).
	Hostname string
	// State reads from the fake panel, not through the plugin, what it
	// holds for a remote id: "running", "suspended" or "missing" (anything
	// else fails the walk at the step expecting one of these).
	State func(remoteID string) string
}

// Run walks the service through its life, each step through the real
// path and the plugin's process:
//  1. its order's first invoice is paid: the service is created on the
//     panel and active, with credentials sealed;
//  2. the renewal invoice goes unpaid: dunning suspends it on the panel;
//  3. the invoice is paid: it is unsuspended;
//  4. the customer cancels it: it is terminated and gone from the panel.
func Run(t *testing.T, w Walk) {
	t.Helper()
	h := host.New(host.Config{Dir: w.PluginsDir, CallTimeout: 30 * time.Second, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	t.Cleanup(func() { _ = h.Close() })
	app := hbtest.NewAppWith(t, hbtest.SeedDir(t, "provisioningtest-walk", seed), hooks.Deps{Plugins: h, Workers: -1})
	q := provisioning.QueueOf(app)

	group := hbtest.Make(t, app, "server_groups", map[string]any{"name": "Test group"})
	creds, _ := json.Marshal(w.Credentials)
	hbtest.Make(t, app, "servers", map[string]any{"name": "panel-1", "plugin": w.Plugin, "group": group.Id, "enabled": true,
		"endpoint": w.Endpoint, "config": w.Config, "credentials": string(creds)})
	pg := hbtest.Make(t, app, "product_groups", map[string]any{"name": "Hosting", "slug": "hosting"})
	product := hbtest.Make(t, app, "products", map[string]any{"name": "Plan", "slug": "plan", "kind": "vps", "group": pg.Id,
		"provisioner": w.Plugin, "provisioner_config": w.ProductConfig, "server_group": group.Id,
		"pricing": `{"USD":{"monthly":{"price":1000,"setup":0}}}`})
	customer := hbtest.Make(t, app, "customers", map[string]any{"name": "Walk Tester", "email": "walk@example.com", "country": "US", "state": "OR"})
	order := hbtest.Make(t, app, "orders", map[string]any{"customer": customer.Id, "status": "pending", "currency": "USD", "total": 1000})
	svc := hbtest.Make(t, app, "services", map[string]any{"customer": customer.Id, "product": product.Id, "order": order.Id,
		"status": "pending", "cycle": "monthly", "currency": "USD", "recurring_amount": 1000, "hostname": w.Hostname}).Id

	today := money.DateOf(time.Now(), time.UTC)
	runJobs := func(step string) {
		t.Helper()
		if _, err := q.RunDue(context.Background()); err != nil {
			t.Fatalf("%s: run jobs: %v", step, err)
		}
		recs, err := app.FindAllRecords(collections.ProvisioningJobs)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			j := collections.WrapProvisioningJob(r)
			if j.Status() != collections.ProvisioningJobStatusDone {
				t.Fatalf("%s: job %s is %s (%s): %s", step, j.Action(), j.Status(), j.ErrorKind(), j.LastError())
			}
		}
	}
	expect := func(step string, status collections.ServiceStatus) *collections.Service {
		t.Helper()
		s, err := collections.FindService(app, svc)
		if err != nil {
			t.Fatal(err)
		}
		if s.Status() != status {
			t.Fatalf("%s: the service is %s, want %s", step, s.Status(), status)
		}
		return s
	}

	// 1. The first invoice paid: created.
	inv := issueOrderInvoice(t, app, svc, product.Id, today)
	pay(t, app, inv)
	runJobs("create")
	s := expect("create", collections.ServiceStatusActive)
	remote := s.RemoteID()
	if remote == "" {
		t.Fatal("create: the service has no remote id")
	}
	if got := w.State(remote); got != "running" {
		t.Fatalf("create: the panel holds %q for %s, want running", got, remote)
	}

	// 2. The renewal unpaid past the dunning's days: suspended.
	due := billing.DayOf(s.NextDueDate().String())
	runBilling(t, app, due.AddDays(-7))
	runBilling(t, app, due.AddDays(20))
	runJobs("suspend")
	expect("suspend", collections.ServiceStatusSuspended)
	if got := w.State(remote); got != "suspended" {
		t.Fatalf("suspend: the panel holds %q, want suspended", got)
	}

	// 3. The renewal paid: unsuspended.
	renewal := unpaidInvoice(t, app, customer.Id)
	pay(t, app, renewal)
	runJobs("unsuspend")
	expect("unsuspend", collections.ServiceStatusActive)
	if got := w.State(remote); got != "running" {
		t.Fatalf("unsuspend: the panel holds %q, want running", got)
	}

	// 4. Cancelled by the customer: terminated.
	err := app.RunInTransaction(func(tx core.App) error {
		_, err := provisioning.CancelService(tx, provisioning.CancelRequest{Service: svc, Type: provisioning.CancelImmediate,
			Reason: "moving on", By: lifecycle.Reason{ActorCollection: collections.Customers, ActorID: customer.Id}, Today: due.AddDays(21)})
		return err
	})
	if err != nil {
		t.Fatalf("cancel: %v", err)
	}
	runJobs("terminate")
	expect("terminate", collections.ServiceStatusTerminated)
	if got := w.State(remote); got != "missing" {
		t.Fatalf("terminate: the panel holds %q, want missing", got)
	}
}

func seed(app *hbtest.App) error {
	s, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return err
	}
	s.Load(map[string]any{"company_name": "Walk Hosting", "company_email": "ops@walk.test", "company_country": "US", "timezone": "UTC",
		"invoice_days_in_advance": 7, "invoice_due_days": 0,
		"dunning": `{"remind_before_days":[],"remind_after_days":[],"retry_days":[],"suspend_after_days":14,"terminate_after_days":0}`})
	return app.Save(s)
}

func issueOrderInvoice(t *testing.T, app core.App, svcID, productID string, today money.Date) *collections.Invoice {
	t.Helper()
	s, err := collections.FindService(app, svcID)
	if err != nil {
		t.Fatal(err)
	}
	var inv *collections.Invoice
	err = app.RunInTransaction(func(tx core.App) error {
		var err error
		inv, err = billing.IssueOrderInvoice(tx, billing.OrderInvoice{Order: s.OrderID(), Today: today, Now: types.NowDateTime(),
			Cart: billing.Cart{Currency: "USD", Customer: s.CustomerID(), Items: []billing.CartItem{{
				Product: productID, ProductName: "Plan", Cycle: money.Monthly, Price: s.RecurringAmount(), Service: svcID}}}})
		if err != nil {
			return err
		}
		order, err := collections.FindOrder(tx, s.OrderID())
		if err != nil {
			return err
		}
		order.SetInvoiceID(inv.Id)
		return tx.Save(order)
	})
	if err != nil {
		t.Fatalf("order invoice: %v", err)
	}
	return inv
}

func pay(t *testing.T, app core.App, inv *collections.Invoice) {
	t.Helper()
	err := app.RunInTransaction(func(tx core.App) error {
		_, err := payments.RecordPayment(tx, payments.Payment{Gateway: "manual", Invoice: inv.Id, Amount: inv.AmountDue(),
			Currency: inv.Currency(), Note: "bank transfer", Now: types.NowDateTime()})
		return err
	})
	if err != nil {
		t.Fatalf("pay %s: %v", inv.Number(), err)
	}
}

func runBilling(t *testing.T, app core.App, asOf money.Date) {
	t.Helper()
	if _, err := billing.Run(context.Background(), app, billing.RunOptions{AsOf: asOf, Wait: true}); err != nil {
		t.Fatalf("billing run as of %s: %v", asOf, err)
	}
}

func unpaidInvoice(t *testing.T, app core.App, customer string) *collections.Invoice {
	t.Helper()
	rec, err := app.FindFirstRecordByFilter(collections.Invoices, "customer = {:c} && status = 'unpaid'", map[string]any{"c": customer})
	if err != nil {
		t.Fatalf("no unpaid invoice: %v", err)
	}
	return collections.WrapInvoice(rec)
}
