package provisioning_test

import (
	"testing"

	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// A plan change, once applied, reaches the panel as ChangePackage: the
// server file takes the new product's plan.
func TestAPlanChangeReachesThePanel(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	s := w.svc(t, svc)
	anchor, err := types.ParseDateTime("2026-11-01 00:00:00.000Z")
	if err != nil {
		t.Fatal(err)
	}
	s.SetAnchorDate(anchor)
	if err := w.app.Save(s); err != nil {
		t.Fatal(err)
	}
	vps, err := collections.FindProduct(w.app, w.product)
	if err != nil {
		t.Fatal(err)
	}
	smaller := hbtest.Make(t, w.app, "products", map[string]any{"name": "VPS XS", "slug": "vps-xs", "kind": "vps", "group": vps.GroupID(),
		"provisioner": "example", "provisioner_config": `{"plan":"medium","memory_mb":1024}`, "server_group": w.group,
		"pricing": `{"USD":{"monthly":{"price":599,"setup":0}}}`})
	staff := hbtest.Token(t, hbtest.Make(t, w.app, "staff", map[string]any{"name": "Bea", "email": "bea@northwind.test", "role": "billing", "active": true}))

	code, body := w.app.Do(t, "POST", "/api/hb/services/"+svc+"/change", staff, map[string]any{"product": smaller.Id})
	if code != 200 {
		t.Fatalf("downgrade: %d %s", code, body)
	}
	jobs := w.jobs(t, svc)
	if last := jobs[len(jobs)-1]; last.Action() != collections.ProvisioningJobActionChangePackage {
		t.Fatalf("after the downgrade the last job is %s, want change_package", last.Action())
	}
	w.runDue(t)
	if got := w.panelServer(t, svc)["plan"]; got != "medium" {
		t.Fatalf("the panel's plan is %v after the change, want medium", got)
	}
	if last := w.jobs(t, svc)[len(jobs)-1]; last.Status() != collections.ProvisioningJobStatusDone {
		t.Fatalf("change_package job %s: %s", last.Status(), last.LastError())
	}
}
