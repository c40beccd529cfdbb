package provisioning_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/lifecycle"
	"github.com/ezscale/hostbase/hooks/provisioning"
	"github.com/ezscale/hostbase/hooks/secrets"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// A paid service is created on the panel once: the job runs, the service
// is active with what the panel made, its credentials sealed at rest and
// absent from every log, and the job and its log say what happened.
func TestAPaidServiceIsCreatedOnItsServer(t *testing.T) {
	w := newWorld(t)
	svc := w.pendingService(t, w.alice)
	w.paid(t, svc)

	jobs := w.jobs(t, svc)
	if len(jobs) != 1 || jobs[0].Action() != collections.ProvisioningJobActionCreate || jobs[0].Status() != collections.ProvisioningJobStatusQueued {
		t.Fatalf("after payment: %d jobs, want one queued create", len(jobs))
	}
	if n := w.runDue(t); n != 1 {
		t.Fatalf("ran %d jobs, want 1", n)
	}
	s := w.svc(t, svc)
	if s.Status() != collections.ServiceStatusActive || s.RemoteID() == "" || s.ServerID() != w.server || s.IP() == "" || s.Hostname() == "" {
		t.Fatalf("service %s remote %q server %q ip %q host %q; want active on the server with the panel's details", s.Status(), s.RemoteID(), s.ServerID(), s.IP(), s.Hostname())
	}
	if !secrets.IsSealed(s.Credentials()) {
		t.Fatalf("credentials stored as %q, want sealed", s.Credentials())
	}
	c, _ := w.app.Keys.Cipher()
	var creds map[string]string
	if err := c.OpenJSON(s.Credentials(), collections.Services+"."+collections.ServiceFields.Credentials, &creds); err != nil || creds["password"] == "" && creds["root_password"] == "" {
		t.Fatalf("credentials %v (%v), want the panel's password", creds, err)
	}
	job := w.jobs(t, svc)[0]
	if job.Status() != collections.ProvisioningJobStatusDone || job.Attempts() != 1 {
		t.Fatalf("job %s after %d attempts, want done after 1", job.Status(), job.Attempts())
	}
	if files := panelFiles(t, w.panelDir); len(files) != 1 {
		t.Fatalf("panel holds %d servers, want 1", len(files))
	}
	var logs []struct {
		Message string `db:"message"`
		Data    string `db:"data"`
	}
	if err := w.app.DB().Select("message", "data").From(collections.ProvisioningLogs).Where(dbx.HashExp{"service": svc}).All(&logs); err != nil || len(logs) != 1 {
		t.Fatalf("%d log rows (%v), want 1", len(logs), err)
	}
	for _, secret := range append(values(creds), "panel-token-123") {
		if strings.Contains(logs[0].Message+logs[0].Data, secret) {
			t.Fatalf("the log holds the secret %q: %s %s", secret, logs[0].Message, logs[0].Data)
		}
	}
	if !strings.Contains(logs[0].Message, "Create ok") {
		t.Fatalf("log message %q", logs[0].Message)
	}
	if n := count(t, w.app, collections.AuditLog, "target_id = {:s} AND action = 'service.activate'", dbx.Params{"s": svc}); n != 1 {
		t.Fatalf("%d activation audit rows, want 1", n)
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// Running the queue twice, from eight workers at once, and after a crash
// between the plugin's answer and our record: every service exists once on
// the panel and every job is done once.
func TestCreateRunsOnceTwiceConcurrentlyAndAfterACrash(t *testing.T) {
	w := newWorld(t)
	var services []string
	for i := 0; i < 24; i++ {
		svc := w.pendingService(t, w.alice)
		w.paid(t, svc)
		services = append(services, svc)
	}

	// A crash: the panel made the first server, we never recorded it.
	if claimed, err := w.q.CrashMidJob(context.Background()); err != nil || !claimed {
		t.Fatalf("crash: claimed %v, %v", claimed, err)
	}
	if files := panelFiles(t, w.panelDir); len(files) != 1 {
		t.Fatalf("after the crash the panel holds %d servers, want 1", len(files))
	}

	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := w.q.RunDue(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	// The crashed job's claim has not lapsed yet: it waits for its lease.
	if n := count(t, w.app, collections.ProvisioningJobs, "status = 'running'"); n != 1 {
		t.Fatalf("%d jobs running, want the crashed one", n)
	}
	w.clock.Advance(w.q.Lease() + time.Second)
	w.runDue(t)
	w.runDue(t) // a second pass finds nothing to do

	if files := panelFiles(t, w.panelDir); len(files) != len(services) {
		t.Fatalf("panel holds %d servers for %d services", len(files), len(services))
	}
	remote := map[string]bool{}
	for _, svc := range services {
		s := w.svc(t, svc)
		if s.Status() != collections.ServiceStatusActive || remote[s.RemoteID()] {
			t.Fatalf("service %s is %s with remote %q (seen before: %v)", svc, s.Status(), s.RemoteID(), remote[s.RemoteID()])
		}
		remote[s.RemoteID()] = true
		jobs := w.jobs(t, svc)
		if len(jobs) != 1 || jobs[0].Status() != collections.ProvisioningJobStatusDone {
			t.Fatalf("service %s: %d jobs, first %s; want one done", svc, len(jobs), jobs[0].Status())
		}
		if n := count(t, w.app, collections.AuditLog, "target_id = {:s} AND action = 'service.activate'", dbx.Params{"s": svc}); n != 1 {
			t.Fatalf("service %s activated %d times", svc, n)
		}
	}
	if n := count(t, w.app, collections.ProvisioningJobs, "attempts = 2"); n != 1 {
		t.Fatalf("%d jobs took two attempts, want the crashed one", n)
	}
}

// A restart hands back the jobs the killed process was running, and each
// finishes once.
func TestJobsRunningWhenTheAppDiedFinishOnceAfterARestart(t *testing.T) {
	w := newWorld(t)
	svc := w.pendingService(t, w.alice)
	w.paid(t, svc)
	if claimed, err := w.q.CrashMidJob(context.Background()); err != nil || !claimed {
		t.Fatalf("crash: %v %v", claimed, err)
	}
	restarted := provisioningQueueAfterRestart(t, w)
	deadline := time.Now().Add(10 * time.Second)
	for w.svc(t, svc).Status() != collections.ServiceStatusActive {
		if time.Now().After(deadline) {
			t.Fatalf("service still %s 10 s after the restart", w.svc(t, svc).Status())
		}
		time.Sleep(20 * time.Millisecond)
	}
	restarted.Stop()
	if files := panelFiles(t, w.panelDir); len(files) != 1 {
		t.Fatalf("panel holds %d servers, want 1", len(files))
	}
	if jobs := w.jobs(t, svc); len(jobs) != 1 || jobs[0].Status() != collections.ProvisioningJobStatusDone {
		t.Fatalf("%d jobs, want one done", len(jobs))
	}
}

// A retryable failure waits with a growing backoff and is tried again; a
// job out of tries is dead, its service failed (the manual queue), and
// staff's retry sends both back and succeeds.
func TestRetryableFailuresBackOffDieAndStaffRetry(t *testing.T) {
	w := newWorld(t)
	svc := w.pendingService(t, w.alice)
	w.paid(t, svc)
	w.panel.setFailCreate(sdk.Retryable(errPanelDown))

	var waits []time.Duration
	for attempt := 1; attempt <= 3; attempt++ {
		if n := w.runDue(t); n != 1 {
			t.Fatalf("attempt %d: ran %d jobs", attempt, n)
		}
		job := w.jobs(t, svc)[0]
		if attempt < 3 {
			if job.Status() != collections.ProvisioningJobStatusFailed || job.ErrorKind() != collections.ProvisioningJobErrorKindRetryable {
				t.Fatalf("attempt %d: job %s (%s), want failed, retryable", attempt, job.Status(), job.ErrorKind())
			}
			wait := job.NextAttemptAt().Time().Sub(w.clock.Now())
			waits = append(waits, wait)
			if n := w.runDue(t); n != 0 {
				t.Fatalf("attempt %d: the job ran again before its backoff", attempt)
			}
			w.clock.Advance(wait + time.Second)
		}
	}
	if waits[0] < 24*time.Second || waits[0] > 36*time.Second || waits[1] < 48*time.Second || waits[1] > 72*time.Second {
		t.Fatalf("backoffs %v, want about 30 s then 60 s (±20%%)", waits)
	}
	job := w.jobs(t, svc)[0]
	if job.Status() != collections.ProvisioningJobStatusDead || !strings.Contains(job.LastError(), "503") {
		t.Fatalf("job %s %q, want dead with the panel's error", job.Status(), job.LastError())
	}
	if s := w.svc(t, svc); s.Status() != collections.ServiceStatusFailed {
		t.Fatalf("service %s, want failed", s.Status())
	}

	w.panel.setFailCreate(nil)
	code, body := w.app.Do(t, "POST", "/api/hb/provisioning/jobs/"+job.Id+"/retry", w.aliceTok, nil)
	if code != 403 {
		t.Fatalf("a customer retried a job: %d %s", code, body)
	}
	code, body = w.app.Do(t, "POST", "/api/hb/provisioning/jobs/"+job.Id+"/retry", w.staffTok, nil)
	if code != 200 {
		t.Fatalf("retry: %d %s", code, body)
	}
	if s := w.svc(t, svc); s.Status() != collections.ServiceStatusProvisioning {
		t.Fatalf("after the retry the service is %s, want provisioning", s.Status())
	}
	w.runDue(t)
	if s := w.svc(t, svc); s.Status() != collections.ServiceStatusActive {
		t.Fatalf("after the retried job the service is %s", s.Status())
	}
	if jobs := w.jobs(t, svc); len(jobs) != 1 || jobs[0].Status() != collections.ProvisioningJobStatusDone {
		t.Fatalf("%d jobs after the retry, want the one job done", len(jobs))
	}
	code, _ = w.app.Do(t, "POST", "/api/hb/provisioning/jobs/"+job.Id+"/retry", w.staffTok, nil)
	if code != 400 {
		t.Fatalf("retrying a done job: %d, want 400", code)
	}
}

// Wrong credentials and other permanent failures are never retried.
func TestInvalidConfigAndPermanentFailuresAreNotRetried(t *testing.T) {
	for name, fail := range map[string]error{
		"wrong token": nil, // the panel's own check
		"permanent":   sdk.Permanent(errPanelDown),
	} {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			if fail == nil {
				if err := os.WriteFile(w.panelDir+"/.token", []byte("another-token"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			w.panel.setFailCreate(fail)
			svc := w.pendingService(t, w.alice)
			w.paid(t, svc)
			w.runDue(t)
			w.clock.Advance(24 * time.Hour)
			w.runDue(t)
			job := w.jobs(t, svc)[0]
			want := collections.ProvisioningJobErrorKindPermanent
			if fail == nil {
				want = collections.ProvisioningJobErrorKindInvalidConfig
			}
			if job.Status() != collections.ProvisioningJobStatusDead || job.Attempts() != 1 || job.ErrorKind() != want {
				t.Fatalf("job %s after %d attempts (%s), want dead after 1 (%s)", job.Status(), job.Attempts(), job.ErrorKind(), want)
			}
			if strings.Contains(job.LastError(), "panel-token-123") {
				t.Fatalf("the error shows the token: %s", job.LastError())
			}
		})
	}
}

// Dunning's suspension, the payment's unsuspension and the termination
// each reach the panel, in order.
func TestSuspendUnsuspendTerminateReachThePanel(t *testing.T) {
	w := newWorld(t)
	svc := w.activeService(t, w.alice)
	state := func() string {
		files := panelFiles(t, w.panelDir)
		if len(files) == 0 {
			return "gone"
		}
		raw, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			State string `json:"state"`
		}
		_ = json.Unmarshal(raw, &f)
		return f.State
	}
	w.move(t, svc, lifecycle.Suspend)
	w.move(t, svc, lifecycle.Unsuspend)
	w.move(t, svc, lifecycle.Suspend)
	// Three jobs queued; they run in order.
	w.runDue(t)
	if got := state(); got != "suspended" {
		t.Fatalf("panel state %q after suspend, unsuspend, suspend; want suspended", got)
	}
	w.move(t, svc, lifecycle.Terminate)
	w.runDue(t)
	if got := state(); got != "gone" {
		t.Fatalf("panel state %q after terminate, want gone", got)
	}
	if s := w.svc(t, svc); s.RemoteID() != "" {
		t.Fatalf("a terminated service keeps remote id %q", s.RemoteID())
	}
	var actions []string
	for _, j := range w.jobs(t, svc) {
		if j.Status() != collections.ProvisioningJobStatusDone {
			t.Fatalf("job %s is %s: %s", j.Action(), j.Status(), j.LastError())
		}
		actions = append(actions, string(j.Action()))
	}
	if got := strings.Join(actions, ","); got != "create,suspend,unsuspend,suspend,terminate" {
		t.Fatalf("jobs %s", got)
	}
}

// provisioningQueueAfterRestart starts the queue a restarted process would.
func provisioningQueueAfterRestart(t *testing.T, w *world) *provisioning.Queue {
	t.Helper()
	q := provisioning.NewQueueFor(w.q, 2)
	if err := q.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Stop)
	return q
}
