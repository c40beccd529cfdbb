package tickets

import (
	"testing"
	"time"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/money"
)

func TestStatusAfterMessage(t *testing.T) {
	const (
		open     = collections.TicketStatusOpen
		answered = collections.TicketStatusAnswered
		reply    = collections.TicketStatusCustomerReply
		hold     = collections.TicketStatusOnHold
		closed   = collections.TicketStatusClosed
	)
	for _, c := range []struct {
		from     collections.TicketStatus
		by       Author
		internal bool
		want     collections.TicketStatus
	}{
		{open, ByCustomer, false, open},
		{open, ByStaff, false, answered},
		{answered, ByCustomer, false, reply},
		{reply, ByStaff, false, answered},
		{reply, ByCustomer, false, reply},
		{hold, ByCustomer, false, reply},
		{hold, ByStaff, false, answered},
		{closed, ByCustomer, false, reply},
		{closed, ByStaff, false, answered},
		{reply, ByStaff, true, reply},
		{hold, ByStaff, true, hold},
		{closed, ByStaff, true, closed},
	} {
		if got := StatusAfterMessage(c.from, c.by, c.internal); got != c.want {
			t.Errorf("%s + message by %d (internal %v) = %s, want %s", c.from, c.by, c.internal, got, c.want)
		}
	}
}

func TestWithinReopenWindow(t *testing.T) {
	closed := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		now  time.Time
		days int
		want bool
	}{
		{closed.Add(time.Hour), 7, true},
		{closed.Add(7 * 24 * time.Hour), 7, true},
		{closed.Add(7*24*time.Hour + time.Second), 7, false},
		{closed.Add(time.Minute), 0, false},
	} {
		if got := WithinReopenWindow(closed, c.now, c.days); got != c.want {
			t.Errorf("closed %s, now %s, %d days: %v", closed, c.now, c.days, got)
		}
	}
	if WithinReopenWindow(time.Time{}, closed, 7) {
		t.Error("a close without a time is outside every window")
	}
}

func TestAutoCloseDue(t *testing.T) {
	last := time.Date(2026, 2, 26, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		status collections.TicketStatus
		now    time.Time
		days   int
		want   bool
	}{
		{collections.TicketStatusAnswered, last.Add(5 * 24 * time.Hour), 5, true},
		{collections.TicketStatusAnswered, last.Add(5*24*time.Hour - time.Second), 5, false},
		{collections.TicketStatusAnswered, last.Add(500 * 24 * time.Hour), 0, false},
		{collections.TicketStatusOnHold, last.Add(50 * 24 * time.Hour), 5, false},
		{collections.TicketStatusCustomerReply, last.Add(50 * 24 * time.Hour), 5, false},
	} {
		if got := AutoCloseDue(c.status, last, c.now, c.days); got != c.want {
			t.Errorf("%s, %s, %d days: %v, want %v", c.status, c.now, c.days, got, c.want)
		}
	}
}

func TestRunMomentIsTheEndOfThePastDayOrNow(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 29, 10, 0, 0, 0, berlin) // the DST change day
	today := money.DateOf(now, berlin)
	if got := runMoment(today, now, berlin); !got.Equal(now) {
		t.Errorf("today's run closes as of now, got %s", got)
	}
	past := today.AddDays(-3)
	want := time.Date(2026, 3, 26, 23, 59, 59, 0, berlin)
	if got := runMoment(past, now, berlin); !got.Equal(want) {
		t.Errorf("a past day closes as of its end, got %s want %s", got, want)
	}
}

func TestReplyAddressAndTokens(t *testing.T) {
	tok := NewReplyToken()
	if !tokenPattern.MatchString(tok) || tok == NewReplyToken() {
		t.Fatalf("token %q", tok)
	}
	addr := ReplyAddress("support@hosting.test", tok)
	if addr != "support+"+tok+"@hosting.test" {
		t.Fatalf("address %q", addr)
	}
	if got := ReplyAddress("help+old@hosting.test", tok); got != "help+"+tok+"@hosting.test" {
		t.Errorf("an existing subaddress is replaced: %q", got)
	}
	if ReplyAddress("not an address", tok) != "" {
		t.Error("no address from a non-address")
	}
	got := candidateTokens([]string{"Support <" + addr + ">", "other@x.test", "SUPPORT+" + tok + "@HOSTING.TEST"}, "Re: hi")
	if len(got) != 1 || got[0] != tok {
		t.Errorf("tokens %v", got)
	}
	other := NewReplyToken()
	got = candidateTokens(nil, "Re: [#ABCD1234] Server down ("+other+")")
	if len(got) != 1 || got[0] != other {
		t.Errorf("subject tokens %v", got)
	}
	if got := candidateTokens([]string{"support+short@x.test", "plain@x.test"}, "Re: nothing"); len(got) != 0 {
		t.Errorf("no token: %v", got)
	}
}
