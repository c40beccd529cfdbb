package billing_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/hooks/billing"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// benchServices is how many due services the renewal benchmark seeds
// (HOSTBASE_BENCH_SERVICES overrides the 100,000).
func benchServices() int {
	if n, err := strconv.Atoi(os.Getenv("HOSTBASE_BENCH_SERVICES")); err == nil && n > 0 {
		return n
	}
	return 100_000
}

// seedDueLoad adds n monthly services due on 2026-03-31, ten per customer,
// half of the customers German (taxed at 19%), with plain SQL.
func seedDueLoad(app *hbtest.App, n int) error {
	if err := seedShop(app); err != nil {
		return err
	}
	return app.RunInTransaction(func(tx core.App) error {
		if _, err := tx.DB().NewQuery("INSERT INTO tax_rules (id, country, name, rate_bp, active, created, updated) VALUES ('taxde0000000001', 'DE', 'VAT', 1900, 1, '', '')").Execute(); err != nil {
			return err
		}
		if _, err := tx.DB().NewQuery("INSERT INTO product_groups (id, name, slug, created, updated) VALUES ('grp000000000001', 'VPS', 'vps', '', '')").Execute(); err != nil {
			return err
		}
		if _, err := tx.DB().NewQuery(`INSERT INTO products (id, name, slug, kind, "group", pricing, created, updated) VALUES ('prd000000000001', 'VPS S', 'vps-s', 'vps', 'grp000000000001', '{"USD":{"monthly":{"price":1299}}}', '', '')`).Execute(); err != nil {
			return err
		}
		cust := tx.DB().NewQuery("INSERT INTO customers (id, email, tokenKey, password, name, country, currency, status, verified, emailVisibility, created, updated) " +
			"VALUES ({:id}, {:email}, {:id}, 'x', 'Load', {:country}, 'USD', 'active', 1, 0, '', '')").Prepare()
		defer cust.Close()
		svc := tx.DB().NewQuery("INSERT INTO services (id, customer, product, status, cycle, currency, recurring_amount, anchor_date, next_due_date, next_invoice_date, created, updated) " +
			"VALUES ({:id}, {:c}, 'prd000000000001', 'active', 'monthly', 'USD', {:amount}, '2026-01-31 00:00:00.000Z', '2026-03-31 00:00:00.000Z', '2026-03-24 00:00:00.000Z', '', '')").Prepare()
		defer svc.Close()
		for i := 0; i < n; i++ {
			c := fmt.Sprintf("cus%012d", i/10)
			if i%10 == 0 {
				country := "DE"
				if (i/10)%2 == 1 {
					country = "US"
				}
				if _, err := cust.Bind(dbx.Params{"id": c, "email": c + "@example.com", "country": country}).Execute(); err != nil {
					return err
				}
			}
			if _, err := svc.Bind(dbx.Params{"id": fmt.Sprintf("svc%012d", i), "c": c, "amount": 500 + i%2000}).Execute(); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkRenewalRun measures the renewal run over benchServices() due
// services against a baseline that inserts the very rows the run wrote
// (invoices and lines) with plain prepared SQL in one transaction, on a clone
// of the same database. Run it with:
//
//	go test -run '^$' -bench RenewalRun -benchtime 1x ./hooks/billing/
func BenchmarkRenewalRun(b *testing.B) {
	n := benchServices()
	dir := hbtest.SeedDir(b, fmt.Sprintf("due-%d", n), func(app *hbtest.App) error { return seedDueLoad(app, n) })
	var runTotal, baseTotal time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		app := hbtest.NewApp(b, dir)
		b.StartTimer()
		start := time.Now()
		report, err := billing.Run(context.Background(), app, billing.RunOptions{AsOf: day(b, "2026-03-25")})
		elapsed := time.Since(start)
		b.StopTimer()
		if err != nil || len(report.Problems) > 0 || report.ServicePeriods != n {
			b.Fatalf("run: %v %v", err, report)
		}
		runTotal += elapsed

		base := hbtest.NewApp(b, dir)
		baseTotal += insertSameRows(b, app, base)
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(runTotal.Milliseconds())/float64(b.N), "run-ms")
	b.ReportMetric(float64(baseTotal.Milliseconds())/float64(b.N), "baseline-ms")
	b.ReportMetric(float64(runTotal)/float64(baseTotal), "x-baseline")
	b.ReportMetric(float64(n)*float64(b.N)/runTotal.Seconds(), "services/s")
}

// insertSameRows copies every invoice and line row of from into to with
// prepared INSERTs in one transaction, and returns how long that took.
func insertSameRows(b *testing.B, from, to core.App) time.Duration {
	b.Helper()
	type table struct {
		name string
		rows []dbx.NullStringMap
	}
	var tables []table
	for _, name := range []string{"invoices", "invoice_items"} {
		var rows []dbx.NullStringMap
		if err := from.DB().NewQuery("SELECT * FROM " + name).All(&rows); err != nil {
			b.Fatal(err)
		}
		tables = append(tables, table{name, rows})
	}
	start := time.Now()
	err := to.RunInTransaction(func(tx core.App) error {
		for _, t := range tables {
			if len(t.rows) == 0 {
				continue
			}
			var cols []string
			for c := range t.rows[0] {
				cols = append(cols, c)
			}
			q := tx.DB().NewQuery("INSERT INTO " + t.name + " ([[" + strings.Join(cols, "]], [[") + "]]) VALUES ({:" + strings.Join(cols, "}, {:") + "})").Prepare()
			for _, row := range t.rows {
				params := dbx.Params{}
				for _, c := range cols {
					params[c] = row[c].String
				}
				if _, err := q.Bind(params).Execute(); err != nil {
					q.Close()
					return err
				}
			}
			q.Close()
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}
