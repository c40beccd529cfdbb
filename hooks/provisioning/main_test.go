package provisioning_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks"
	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/provisioning"
	"github.com/ezscale/hostbase/plugins/example/examplepanel"
	"github.com/ezscale/hostbase/plugins/host"
	"github.com/ezscale/hostbase/plugins/sdk"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

// world is a shop selling one VPS product provisioned by the example plugin
// (in process) on one server whose "panel" is a temp directory, with two
// customers and a member of staff.
type world struct {
	app      *hbtest.App
	q        *provisioning.Queue
	clock    *clock
	panel    *faultyPanel
	panelDir string
	group    string
	product  string
	server   string
	alice    string
	bob      string
	aliceTok string
	bobTok   string
	staffTok string
}

func seedWorld(app *hbtest.App) error {
	s, err := app.FindFirstRecordByFilter("settings", "id != ''")
	if err != nil {
		return err
	}
	s.Load(map[string]any{"company_name": "Northwind Hosting", "company_email": "ops@northwind.test", "company_country": "US",
		"timezone": "UTC", "storefront_url": "https://shop.northwind.test",
		"provisioning": `{"max_attempts":3,"backoff_seconds":30,"backoff_max_seconds":600,"auto_refund_unfulfillable":"none"}`})
	return app.Save(s)
}

// worldOptions change the world before it is used.
type worldOptions struct {
	capacity int
	buildMS  int
}

func newWorld(t testing.TB, opts ...func(*worldOptions)) *world {
	t.Helper()
	o := worldOptions{}
	for _, fn := range opts {
		fn(&o)
	}
	panel := &faultyPanel{Provisioner: examplepanel.New(hclog.NewNullLogger())}
	app := hbtest.NewAppWith(t, hbtest.SeedDir(t, "provisioning-world", seedWorld), hooks.Deps{Plugins: host.InProcess(panel), Workers: -1})
	w := &world{app: app, q: provisioning.QueueOf(app), clock: &clock{}, panel: panel, panelDir: t.TempDir()}
	w.q.WithClock(w.clock.Now)
	g := hbtest.Make(t, app, "server_groups", map[string]any{"name": "Amsterdam", "strategy": "least_full"})
	w.group = g.Id
	w.server = w.makeServer(t, "ams-1", w.panelDir, o.capacity, o.buildMS)
	pg := hbtest.Make(t, app, "product_groups", map[string]any{"name": "VPS", "slug": "vps"})
	w.product = hbtest.Make(t, app, "products", map[string]any{"name": "VPS S", "slug": "vps-s", "kind": "vps", "group": pg.Id,
		"provisioner": "example", "provisioner_config": `{"plan":"small","memory_mb":2048}`, "server_group": g.Id, "auto_setup": "on_payment",
		"pricing": `{"USD":{"monthly":{"price":1299,"setup":0}}}`}).Id
	alice := hbtest.Make(t, app, "customers", map[string]any{"name": "Alice Smith", "email": "alice@example.com", "country": "US", "state": "OR"})
	bob := hbtest.Make(t, app, "customers", map[string]any{"name": "Bob Jones", "email": "bob@example.com", "country": "US", "state": "OR"})
	w.alice, w.bob = alice.Id, bob.Id
	w.aliceTok, w.bobTok = hbtest.Token(t, alice), hbtest.Token(t, bob)
	staff := hbtest.Make(t, app, "staff", map[string]any{"name": "Sam", "email": "sam@northwind.test", "role": "support", "active": true})
	w.staffTok = hbtest.Token(t, staff)
	return w
}

func withCapacity(n int) func(*worldOptions) { return func(o *worldOptions) { o.capacity = n } }

// makeServer registers an example-plugin server keeping its servers in dir.
func (w *world) makeServer(t testing.TB, name, dir string, capacity, buildMS int) string {
	t.Helper()
	config := `{"directory":"` + dir + `"}`
	if buildMS > 0 {
		config = `{"directory":"` + dir + `","build_ms":` + strconv.Itoa(buildMS) + `}`
	}
	return hbtest.Make(t, w.app, "servers", map[string]any{"name": name, "plugin": "example", "group": w.group, "enabled": true,
		"capacity": capacity, "config": config, "credentials": `{"api_token":"panel-token-123"}`}).Id
}

// pendingService makes a pending monthly service of customer, as the
// checkout leaves it before payment.
func (w *world) pendingService(t testing.TB, customer string) string {
	t.Helper()
	order := hbtest.Make(t, w.app, "orders", map[string]any{"customer": customer, "status": "pending", "currency": "USD", "total": 1299})
	return hbtest.Make(t, w.app, "services", map[string]any{"customer": customer, "product": w.product, "order": order.Id, "status": "pending",
		"cycle": "monthly", "currency": "USD", "recurring_amount": 1299, "next_due_date": "2026-12-01 00:00:00.000Z"}).Id
}

// paid moves a pending service to provisioning, as paying its first
// invoice does.
func (w *world) paid(t testing.TB, svc string) {
	t.Helper()
	w.move(t, svc, lifecycle.MarkProvisioning)
}

func (w *world) move(t testing.TB, svc string, fn func(core.App, string, lifecycle.Reason) (bool, error)) {
	t.Helper()
	err := w.app.RunInTransaction(func(tx core.App) error {
		_, err := fn(tx, svc, lifecycle.Reason{ActorName: "test", Why: "test"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// activeService is a service created on the panel and active.
func (w *world) activeService(t testing.TB, customer string) string {
	t.Helper()
	svc := w.pendingService(t, customer)
	w.paid(t, svc)
	w.runDue(t)
	if s := w.svc(t, svc); s.Status() != collections.ServiceStatusActive {
		t.Fatalf("service %s is %s after its create job, want active", svc, s.Status())
	}
	return svc
}

func (w *world) runDue(t testing.TB) int {
	t.Helper()
	n, err := w.q.RunDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *world) svc(t testing.TB, id string) *collections.Service {
	t.Helper()
	s, err := collections.FindService(w.app, id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// jobs lists a service's jobs, oldest first.
func (w *world) jobs(t testing.TB, svc string) []*collections.ProvisioningJob {
	t.Helper()
	recs, err := w.app.FindRecordsByFilter(collections.ProvisioningJobs, "service = {:s}", "created", 0, 0, dbx.Params{"s": svc})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]*collections.ProvisioningJob, len(recs))
	for i, r := range recs {
		out[i] = collections.WrapProvisioningJob(r)
	}
	return out
}

// panelFiles are the server files the example panel holds in dir.
func panelFiles(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".json") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	return out
}

func count(t testing.TB, app core.App, collection, where string, params ...dbx.Params) int {
	t.Helper()
	var n int
	q := app.DB().Select("COUNT(*)").From(collection).Where(dbx.NewExp(where))
	if len(params) > 0 {
		q = app.DB().Select("COUNT(*)").From(collection).Where(dbx.NewExp(where, params[0]))
	}
	if err := q.Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// clock is the queue's clock: the real time (jobs are stamped with it when
// enqueued) moved on by the tests past backoffs and leases.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
}

// faultyPanel is the example plugin with failures the tests switch on.
type faultyPanel struct {
	*examplepanel.Provisioner
	mu sync.Mutex
	// failCreate, when set, answers Create instead of the panel.
	failCreate error
	creates    int
}

func (p *faultyPanel) Create(ctx context.Context, r sdk.ServiceRequest) (sdk.CreateResult, error) {
	p.mu.Lock()
	p.creates++
	fail := p.failCreate
	p.mu.Unlock()
	if fail != nil {
		return sdk.CreateResult{}, fail
	}
	return p.Provisioner.Create(ctx, r)
}

func (p *faultyPanel) setFailCreate(err error) {
	p.mu.Lock()
	p.failCreate = err
	p.mu.Unlock()
}

func (p *faultyPanel) createCalls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.creates
}

var errPanelDown = errors.New("panel: 503 Service Unavailable")
