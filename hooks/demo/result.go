package demo

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Result is what Seed wrote: the accounts it created, with their plaintext
// passwords, and the number of records written per collection.
type Result struct {
	// Company is the demo shop's name.
	Company string

	// Accounts lists the demo customer first, then staff by role. Their
	// passwords exist nowhere else: print them once and drop the Result.
	Accounts []Account

	// Counts maps a collection name to the number of records Seed created or
	// updated in it.
	Counts map[string]int
}

// Account is a login Seed created.
type Account struct {
	// Collection is the auth collection: "customers" or "staff".
	Collection string
	// Email is the login.
	Email string
	// Name is the person's display name.
	Name string
	// Role is the staff role (admin, billing, support), or "customer".
	Role string
	// Password is the plaintext password; PocketBase stores only its hash.
	Password string
}

// Account returns the account with the given email, and whether there is one.
func (r *Result) Account(email string) (Account, bool) {
	for _, a := range r.Accounts {
		if strings.EqualFold(a.Email, email) {
			return a, true
		}
	}
	return Account{}, false
}

// Print writes the accounts with their passwords, a warning that they are
// shown only once, and a one-line summary of the counts.
func (r *Result) Print(w io.Writer) error {
	if _, err := fmt.Fprintf(w, "Demo shop %q seeded.\n\n", r.Company); err != nil {
		return err
	}
	if _, err := fmt.Fprintln(w, "Accounts (the passwords are shown only this once; store them now):"); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, a := range r.Accounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.Collection, a.Role, a.Email, a.Password)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s\n", r.Summary())
	return err
}

// String returns what Print writes.
func (r *Result) String() string {
	var b strings.Builder
	_ = r.Print(&b)
	return b.String()
}

// Summary returns the counts on one line, collections sorted by name, e.g.
// "Seeded 3 currencies, 14 products, …; 67 records in all."
func (r *Result) Summary() string {
	names := make([]string, 0, len(r.Counts))
	total := 0
	for name, n := range r.Counts {
		names = append(names, name)
		total += n
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = fmt.Sprintf("%d %s", r.Counts[name], name)
	}
	return fmt.Sprintf("Seeded %s; %d records in all.", strings.Join(parts, ", "), total)
}
