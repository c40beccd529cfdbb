package billing

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ezscale/hostbase/hooks/money"
)

// Report is what a billing run did, for the CLI, the cron log and tests.
type Report struct {
	AsOf            money.Date `json:"as_of"`
	Invoices        int        `json:"invoices"`
	Lines           int        `json:"lines"`
	ServicePeriods  int        `json:"service_periods"`
	AddonPeriods    int        `json:"addon_periods"`
	AlreadyInvoiced int        `json:"already_invoiced"`
	Discounts       int        `json:"discounts"`      // renewal periods a recurring coupon discounted
	CreditApplied   int        `json:"credit_applied"` // invoices paid (in part) from account credit
	LateFees        int        `json:"late_fees"`
	Emails          int        `json:"emails"` // invoice and reminder emails sent
	// Steps counts what the added run steps did, by name (e.g.
	// "charges_succeeded", "suspended").
	Steps    map[string]int `json:"steps,omitempty"`
	Problems []string       `json:"problems,omitempty"`
	Duration time.Duration  `json:"duration_ns"`
}

// fail records a problem that stops one service or invoice, not the run.
func (r *Report) fail(format string, args ...any) {
	r.Problems = append(r.Problems, fmt.Sprintf(format, args...))
}

// Count adds n to a run step's counter. Nothing done is not reported, so
// that a quiet day's summary lists only what happened.
func (r *Report) Count(name string, n int) {
	if n == 0 {
		return
	}
	if r.Steps == nil {
		r.Steps = map[string]int{}
	}
	r.Steps[name] += n
}

// Problem records a problem that stops one record, not the run.
func (r *Report) Problem(format string, args ...any) { r.fail(format, args...) }

// String is the run's summary in one paragraph.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "billing run as of %s: %d invoice(s) with %d line(s) (%d service period(s), %d addon period(s)); %d period(s) already invoiced; %d recurring discount(s); credit applied to %d invoice(s); %d late fee(s); %d email(s); %s",
		r.AsOf, r.Invoices, r.Lines, r.ServicePeriods, r.AddonPeriods, r.AlreadyInvoiced, r.Discounts, r.CreditApplied, r.LateFees, r.Emails, r.Duration.Round(time.Millisecond))
	names := make([]string, 0, len(r.Steps))
	for name := range r.Steps {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(&b, "; %s %d", strings.ReplaceAll(name, "_", " "), r.Steps[name])
	}
	for _, p := range r.Problems {
		b.WriteString("\n  problem: " + p)
	}
	return b.String()
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
