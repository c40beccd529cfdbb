package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// openData opens a data dir the binary also uses (SQLite in WAL mode lets
// both read and write).
func openData(t *testing.T, dir string) core.App {
	t.Helper()
	app := core.NewBaseApp(core.BaseAppConfig{DataDir: dir})
	if err := app.Bootstrap(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = app.ResetBootstrapState() })
	return app
}

// seedDueServices adds n monthly services due on Mar 31 2026, ten per
// customer, straight into the database.
func seedDueServices(t *testing.T, app core.App, n int) {
	t.Helper()
	var product string
	if err := app.DB().Select("id").From("products").OrderBy("sort").Limit(1).Row(&product); err != nil {
		t.Fatal(err)
	}
	err := app.RunInTransaction(func(tx core.App) error {
		cust := tx.DB().NewQuery("INSERT INTO customers (id, email, tokenKey, password, name, country, currency, status, verified, emailVisibility, created, updated) " +
			"VALUES ({:id}, {:email}, {:id}, 'x', 'Load Test', 'DE', 'EUR', 'active', 1, 0, '', '')").Prepare()
		defer cust.Close()
		svc := tx.DB().NewQuery("INSERT INTO services (id, customer, product, status, cycle, currency, recurring_amount, anchor_date, next_due_date, next_invoice_date, created, updated) " +
			"VALUES ({:id}, {:c}, {:p}, 'active', 'monthly', 'EUR', {:amount}, '2026-01-31 00:00:00.000Z', '2026-03-31 00:00:00.000Z', '2026-03-24 00:00:00.000Z', '', '')").Prepare()
		defer svc.Close()
		for i := 0; i < n; i++ {
			c := fmt.Sprintf("cus%012d", i/10)
			if i%10 == 0 {
				if _, err := cust.Bind(dbx.Params{"id": c, "email": c + "@example.com"}).Execute(); err != nil {
					return err
				}
			}
			if _, err := svc.Bind(dbx.Params{"id": fmt.Sprintf("svc%012d", i), "c": c, "p": product, "amount": 1000 + i}).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, app core.App, table string) int {
	t.Helper()
	var n int
	if err := app.DB().Select("count(*)").From(table).Row(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A billing run killed mid-way, then run again: every service period is
// invoiced exactly once, the numbers are gapless, and no invoice is half
// written (each one's lines add up to it).
func TestBinaryBillingRunSurvivesAKill(t *testing.T) {
	bin := hostbaseBinary(t)
	dir := filepath.Join(t.TempDir(), "pb_data")
	seedDemo(t, bin, dir)
	db := openData(t, dir)
	const n = 3000
	seedDueServices(t, db, n)

	run := exec.Command(bin, "billing", "run", "--dir", dir, "--as-of", "2026-03-25", "--batch", "10", "--lease-ttl", "2s")
	run.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := run.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	killedAt := 0
	for time.Now().Before(deadline) {
		if c := count(t, db, "invoice_items"); c > 0 {
			killedAt = c
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	_ = run.Process.Kill()
	_ = run.Wait()
	if killedAt == 0 {
		t.Fatal("the run never wrote a line before the deadline")
	}
	partial := count(t, db, "invoice_items")
	if partial >= n {
		t.Skipf("the run finished (%d lines) before it could be killed; nothing to prove", partial)
	}

	out, err := exec.Command(bin, "billing", "run", "--dir", dir, "--as-of", "2026-03-25", "--wait", "--lease-ttl", "2s").CombinedOutput()
	if err != nil {
		t.Fatalf("the run after the kill: %v\n%s", err, out)
	}
	t.Logf("killed after %d of %d lines; the rerun said: %s", partial, n, strings.TrimSpace(string(out)))

	var perService []struct {
		Service string `db:"service"`
		N       int    `db:"n"`
	}
	if err := db.DB().NewQuery("SELECT service, count(*) AS n FROM invoice_items GROUP BY service, period_start").All(&perService); err != nil {
		t.Fatal(err)
	}
	if len(perService) != n {
		t.Fatalf("%d service periods invoiced, want %d", len(perService), n)
	}
	for _, s := range perService {
		if s.N != 1 {
			t.Fatalf("service %s has %d lines for one period", s.Service, s.N)
		}
	}

	var numbers []string
	if err := db.DB().Select("number").From("invoices").Column(&numbers); err != nil {
		t.Fatal(err)
	}
	sort.Strings(numbers)
	for i, num := range numbers {
		if !strings.HasSuffix(num, fmt.Sprintf("-%06d", i+1)) {
			t.Fatalf("numbers are not gapless: %s at position %d", num, i+1)
		}
	}
	var unbalanced int
	if err := db.DB().NewQuery("SELECT count(*) FROM invoices i WHERE i.total != (SELECT coalesce(sum(amount + tax_amount), 0) FROM invoice_items WHERE invoice = i.id)").Row(&unbalanced); err != nil {
		t.Fatal(err)
	}
	if unbalanced != 0 {
		t.Fatalf("%d invoice(s) half written", unbalanced)
	}
}
