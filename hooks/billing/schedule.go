package billing

import (
	"context"
	"time"

	"github.com/pocketbase/pocketbase/core"
	"github.com/robfig/cron/v3"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

// Scheduler runs the billing cycle every day at the billing hour of the
// settings, in the company's timezone, while `serve` runs.
//
// It ticks at the top of every hour and runs when the company's local hour
// is the billing hour: a changed setting or a DST change needs no
// rescheduling, and a run is safe to repeat. SkipIfStillRunning keeps a slow
// run from overlapping itself; the database lease keeps it from overlapping a
// `billing run` from the CLI; Recover keeps a panic from killing the
// scheduler.
type Scheduler struct {
	app  core.App
	cron *cron.Cron
	// now is the clock; tests replace it.
	now func() time.Time
}

// NewScheduler returns a stopped scheduler for app.
func NewScheduler(app core.App) *Scheduler {
	logger := cron.VerbosePrintfLogger(schedLogger{app})
	return &Scheduler{
		app: app,
		cron: cron.New(cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)),
			cron.WithLogger(cron.DiscardLogger)),
		now: time.Now,
	}
}

type schedLogger struct{ app core.App }

func (l schedLogger) Printf(format string, args ...any) {
	l.app.Logger().Warn("billing scheduler", "detail", sprintf(format, args...))
}

// WithClock replaces the scheduler's clock (tests walk it through the day).
func (s *Scheduler) WithClock(now func() time.Time) *Scheduler {
	s.now = now
	return s
}

// Start begins ticking.
func (s *Scheduler) Start() error {
	if _, err := s.cron.AddFunc("0 * * * *", s.Tick); err != nil {
		return err
	}
	s.cron.Start()
	return nil
}

// Stop stops ticking and waits for a running job.
func (s *Scheduler) Stop() { <-s.cron.Stop().Done() }

// Tick runs the billing cycle if the company's local hour is the billing
// hour. It reads the clock once and passes it down.
func (s *Scheduler) Tick() {
	now := s.now()
	rec, err := s.app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		s.app.Logger().Error("billing scheduler: no settings", "error", err)
		return
	}
	settings := collections.WrapCompanySettings(rec)
	loc, err := time.LoadLocation(settings.Timezone())
	if err != nil {
		s.app.Logger().Error("billing scheduler: bad timezone", "error", err)
		return
	}
	if now.In(loc).Hour() != int(settings.BillingHour()) {
		return
	}
	report, err := Run(context.Background(), s.app, RunOptions{AsOf: money.DateOf(now, loc), Now: now, Holder: "serve"})
	if err != nil {
		s.app.Logger().Error("billing run failed", "error", err)
		return
	}
	s.app.Logger().Info("billing run", "report", report.String())
}

// Register wires the billing routes, and starts the scheduler with `serve`
// and stops it with the app.
func Register(app core.App) {
	registerRoutes(app)
	registerEmails(app)
	s := NewScheduler(app)
	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		if err := s.Start(); err != nil {
			return err
		}
		return e.Next()
	})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		s.Stop()
		return e.Next()
	})
}
