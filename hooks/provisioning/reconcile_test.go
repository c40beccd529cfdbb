package provisioning_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/provisioning"
)

// The reconciliation finds what the panel and we disagree on: a paid
// service gone from the panel, a terminated one still there, a server made
// by hand. It records a run per server and, by default, only reports.
// With reconcile_apply on it terminates on the panel what is terminated
// here, and nothing else.
func TestReconcileReportsDriftAndMendsOnlyWhenAllowed(t *testing.T) {
	w := newWorld(t)
	fine := w.activeService(t, w.alice)
	gone := w.activeService(t, w.alice)
	lingering := w.activeService(t, w.bob)
	busy := w.activeService(t, w.bob)
	emptyServer := w.makeServer(t, "ams-2", t.TempDir(), 0, 0)

	// Deleted on the panel behind our back.
	if err := os.Remove(filepath.Join(w.panelDir, w.svc(t, gone).RemoteID()+".json")); err != nil {
		t.Fatal(err)
	}
	// Terminated here, but its terminate job never reached the panel
	// (marked done by hand).
	w.move(t, lingering, lifecycle.Terminate)
	for _, j := range w.jobs(t, lingering) {
		if j.Action() == collections.ProvisioningJobActionTerminate {
			j.SetStatus(collections.ProvisioningJobStatusDone)
			if err := w.app.Save(j); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Suspended with its job still queued: the job will mend it, so it is
	// counted as in progress, not drift.
	w.move(t, busy, lifecycle.Suspend)
	// Made on the panel by hand.
	handmade := "00000000000000aa"
	writePanelFile(t, w.panelDir, map[string]any{"remote_id": handmade, "idempotency_key": "made-by-hand", "state": "running",
		"power": "on", "plan": "small", "memory_mb": 1024, "os": "debian-12", "hostname": "handmade.example.test", "ip": "192.0.2.200"})

	jobsBefore := count(t, w.app, collections.ProvisioningJobs, "1=1")
	res, err := provisioning.Reconcile(context.Background(), w.app)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 {
		t.Fatalf("%d results, want one per enabled server", len(res))
	}
	byServer := map[string]provisioning.ReconcileResult{}
	for _, r := range res {
		byServer[r.Server] = r
	}
	ams1, ams2 := byServer[w.server], byServer[emptyServer]
	if got := driftKinds(ams1); got != "missing_on_panel:"+gone+",terminated_here_still_on_panel:"+lingering+",unknown_on_panel:"+handmade {
		t.Fatalf("drift on ams-1: %s", got)
	}
	for _, d := range ams1.Drift {
		if d.Service == fine || d.Service == busy || d.Job != "" {
			t.Fatalf("drift %+v: a fine or busy service reported, or a job enqueued while only reporting", d)
		}
	}
	wantCounts := map[string]int{"remote": 4, "services": 2, "in_progress": 1, "missing_on_panel": 1, "terminated_here_still_on_panel": 1, "unknown_on_panel": 1}
	if !sameCounts(ams1.Counts, wantCounts) {
		t.Fatalf("counts %v, want %v", ams1.Counts, wantCounts)
	}
	if len(ams2.Drift) != 0 || ams2.Error != "" || ams2.Counts["remote"] != 0 {
		t.Fatalf("the empty server: %+v", ams2)
	}
	if n := count(t, w.app, collections.ProvisioningJobs, "1=1"); n != jobsBefore {
		t.Fatalf("reporting enqueued %d jobs", n-jobsBefore)
	}

	// A run row per server, with what was found.
	runs, err := w.app.FindAllRecords(collections.ReconciliationRuns)
	if err != nil || len(runs) != 2 {
		t.Fatalf("%d reconciliation runs (%v), want 2", len(runs), err)
	}
	for _, rec := range runs {
		run := collections.WrapReconciliationRun(rec)
		var counts map[string]int
		var drift []provisioning.Drift
		if err := run.UnmarshalCounts(&counts); err != nil {
			t.Fatal(err)
		}
		if err := run.UnmarshalDrift(&drift); err != nil {
			t.Fatal(err)
		}
		want := byServer[run.ServerID()]
		if run.Status() != collections.ReconciliationRunStatusDone || run.Applied() || run.FinishedAt().IsZero() ||
			!sameCounts(counts, want.Counts) || len(drift) != len(want.Drift) || run.Id != want.Run {
			t.Fatalf("run of %s: %s, applied %v, counts %v, %d drift; want done, not applied, as returned", run.ServerID(), run.Status(), run.Applied(), counts, len(drift))
		}
	}

	// Allowed to act: the terminated service still on the panel gets a
	// terminate job; the missing one is left to staff.
	w.setPolicy(t, `{"max_attempts":3,"backoff_seconds":30,"backoff_max_seconds":600,"reconcile_apply":true}`)
	w.runDue(t) // the busy suspension finishes first
	res, err = provisioning.Reconcile(context.Background(), w.app)
	if err != nil {
		t.Fatal(err)
	}
	var mend provisioning.Drift
	for _, r := range res {
		for _, d := range r.Drift {
			switch {
			case d.Kind == provisioning.DriftStillThere:
				mend = d
			case d.Job != "":
				t.Fatalf("a job for %+v", d)
			}
		}
	}
	if mend.Job == "" || mend.Service != lingering {
		t.Fatalf("drift %+v, want a job terminating %s", mend, lingering)
	}
	job, err := collections.FindProvisioningJob(w.app, mend.Job)
	if err != nil || job.Action() != collections.ProvisioningJobActionTerminate || job.ServiceID() != lingering || job.RequestedBy() != "reconciliation" {
		t.Fatalf("the mending job (%v): %+v", err, job)
	}
	if n := count(t, w.app, collections.ReconciliationRuns, "applied = true"); n != 2 {
		t.Fatalf("%d runs marked applied, want the second two", n)
	}
	lingeringFile := filepath.Join(w.panelDir, w.svc(t, lingering).RemoteID()+".json")
	if _, err := os.Stat(lingeringFile); err != nil {
		t.Fatalf("before the job: %v", err)
	}
	w.runDue(t)
	if _, err := os.Stat(lingeringFile); !os.IsNotExist(err) {
		t.Fatalf("after the job the terminated service's server is still on the panel (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(w.panelDir, handmade+".json")); err != nil {
		t.Fatalf("the hand-made server must be left alone: %v", err)
	}

	// Now only the missing service and the hand-made server differ, and a
	// second pass enqueues nothing more.
	jobsBefore = count(t, w.app, collections.ProvisioningJobs, "1=1")
	res, err = provisioning.Reconcile(context.Background(), w.app)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Server == w.server {
			if got := driftKinds(r); got != "missing_on_panel:"+gone+",unknown_on_panel:"+handmade {
				t.Fatalf("drift after mending: %s", got)
			}
		}
	}
	if n := count(t, w.app, collections.ProvisioningJobs, "1=1"); n != jobsBefore {
		t.Fatalf("a pass with nothing to mend enqueued %d jobs", n-jobsBefore)
	}
}

// Staff may run the reconciliation now; customers may not.
func TestReconcileRouteIsStaffOnly(t *testing.T) {
	w := newWorld(t)
	w.activeService(t, w.alice)
	if code, body := w.app.Do(t, "POST", "/api/hb/provisioning/reconcile", w.aliceTok, nil); code != 403 {
		t.Fatalf("a customer: %d %s", code, body)
	}
	if code, _ := w.app.Do(t, "POST", "/api/hb/provisioning/reconcile", "", nil); code != 401 {
		t.Fatalf("a visitor: %d", code)
	}
	if n := count(t, w.app, collections.ReconciliationRuns, "1=1"); n != 0 {
		t.Fatalf("refused requests ran %d reconciliations", n)
	}
	code, body := w.app.Do(t, "POST", "/api/hb/provisioning/reconcile", w.staffTok, nil)
	if code != 200 {
		t.Fatalf("staff: %d %s", code, body)
	}
	var out struct {
		Servers []provisioning.ReconcileResult `json:"servers"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.Servers) != 1 || out.Servers[0].Server != w.server ||
		out.Servers[0].Counts["services"] != 1 || len(out.Servers[0].Drift) != 0 {
		t.Fatalf("staff got %s (%v)", body, err)
	}
	if n := count(t, w.app, collections.ReconciliationRuns, "status = 'done'"); n != 1 {
		t.Fatalf("%d runs recorded", n)
	}
}

// A server whose panel refuses us is a failed run with the reason, without
// the token, and the others still run.
func TestReconcileRecordsAServerItCannotReach(t *testing.T) {
	w := newWorld(t)
	w.activeService(t, w.alice)
	broken := t.TempDir()
	if err := os.WriteFile(filepath.Join(broken, ".token"), []byte("another-token"), 0o600); err != nil {
		t.Fatal(err)
	}
	brokenID := w.makeServer(t, "ams-broken", broken, 0, 0)
	res, err := provisioning.Reconcile(context.Background(), w.app)
	if err != nil || len(res) != 2 {
		t.Fatalf("%d results (%v)", len(res), err)
	}
	for _, r := range res {
		run, err := collections.FindReconciliationRun(w.app, r.Run)
		if err != nil {
			t.Fatal(err)
		}
		switch r.Server {
		case brokenID:
			if r.Error == "" || run.Status() != collections.ReconciliationRunStatusFailed || run.Error() == "" {
				t.Fatalf("the unreachable server: %+v, run %s", r, run.Status())
			}
			for _, s := range []string{r.Error, run.Error()} {
				if strings.Contains(s, "panel-token-123") || strings.Contains(s, "another-token") {
					t.Fatalf("the error shows a token: %s", s)
				}
			}
		default:
			if r.Error != "" || run.Status() != collections.ReconciliationRunStatusDone {
				t.Fatalf("the good server: %+v", r)
			}
		}
	}
}

// driftKinds is a result's drift as "kind:service-or-remote-id", sorted.
func driftKinds(r provisioning.ReconcileResult) string {
	var out []string
	for _, d := range r.Drift {
		id := d.Service
		if id == "" {
			id = d.RemoteID
		}
		out = append(out, d.Kind+":"+id)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func sameCounts(got, want map[string]int) bool {
	for k, v := range want {
		if got[k] != v {
			return false
		}
	}
	for k, v := range got {
		if want[k] != v {
			return false
		}
	}
	return true
}

// writePanelFile puts a server file on the example panel, as someone
// working on the panel directly would.
func writePanelFile(t testing.TB, dir string, srv map[string]any) {
	t.Helper()
	raw, err := json.Marshal(srv)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, srv["remote_id"].(string)+".json"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
}
