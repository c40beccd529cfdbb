package tickets

import (
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// DefaultReopenDays is the reopen window when settings.tickets has none.
const DefaultReopenDays = 7

// Policy is the support desk's part of the settings record
// (settings.tickets).
type Policy struct {
	// ReopenDays is how long after a close a customer's reply reopens the
	// ticket; later, they open a new one.
	ReopenDays int
	// AutoCloseDays is how long a ticket answered by staff waits for its
	// customer before it is closed, unless its department says otherwise;
	// 0 means never.
	AutoCloseDays int
	// ReplyAddress is the address replies by email go to, e.g.
	// support@hosting.example; each ticket's mail carries it with the
	// ticket's token as support+TOKEN@hosting.example.
	ReplyAddress string
}

// LoadPolicy reads settings.tickets: reopen_days (default 7),
// auto_close_days (default 0, never) and reply_address (default support@
// the domain of the company's email, else of the mail sender).
func LoadPolicy(app core.App) (Policy, error) {
	rec, err := app.FindFirstRecordByFilter(collections.Settings, "id != ''")
	if err != nil {
		return Policy{}, fmt.Errorf("tickets: read settings: %w", err)
	}
	s := collections.WrapCompanySettings(rec)
	var raw struct {
		ReopenDays    *int   `json:"reopen_days"`
		AutoCloseDays *int   `json:"auto_close_days"`
		ReplyAddress  string `json:"reply_address"`
	}
	if len(s.TicketsJSON()) > 0 {
		if err := s.UnmarshalTickets(&raw); err != nil {
			return Policy{}, fmt.Errorf("tickets: settings.tickets: %w", err)
		}
	}
	p := Policy{ReopenDays: DefaultReopenDays, ReplyAddress: strings.TrimSpace(raw.ReplyAddress)}
	if raw.ReopenDays != nil && *raw.ReopenDays >= 0 {
		p.ReopenDays = *raw.ReopenDays
	}
	if raw.AutoCloseDays != nil && *raw.AutoCloseDays > 0 {
		p.AutoCloseDays = *raw.AutoCloseDays
	}
	if p.ReplyAddress == "" {
		from := s.CompanyEmail()
		if from == "" {
			from = app.Settings().Meta.SenderAddress
		}
		if _, domain, ok := strings.Cut(from, "@"); ok && domain != "" {
			p.ReplyAddress = "support@" + domain
		}
	}
	return p, nil
}
