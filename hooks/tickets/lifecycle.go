package tickets

import (
	"time"

	"github.com/ezscale/hostbase/collections"
)

// Author is who writes a message: the ticket's customer or staff.
type Author int

// Authors of a message.
const (
	ByCustomer Author = iota
	ByStaff
)

// StatusAfterMessage is the ticket's status once a message is added:
// a staff reply answers the ticket, a customer reply asks for staff again,
// an internal note changes nothing. The customer's first message leaves a
// new ticket open.
func StatusAfterMessage(current collections.TicketStatus, by Author, internal bool) collections.TicketStatus {
	if internal {
		return current
	}
	if by == ByStaff {
		return collections.TicketStatusAnswered
	}
	if current == collections.TicketStatusOpen {
		return collections.TicketStatusOpen
	}
	return collections.TicketStatusCustomerReply
}

// WithinReopenWindow reports whether a customer's reply at now still
// reopens a ticket closed at closedAt: within reopenDays days of the close.
// A ticket closed without a recorded time is treated as closed long ago.
func WithinReopenWindow(closedAt, now time.Time, reopenDays int) bool {
	if closedAt.IsZero() || reopenDays <= 0 {
		return false
	}
	return !now.After(closedAt.Add(time.Duration(reopenDays) * 24 * time.Hour))
}

// AutoCloseDue reports whether a ticket answered by staff at lastReply has
// waited days days for its customer by now; days 0 means never.
func AutoCloseDue(status collections.TicketStatus, lastReply, now time.Time, days int) bool {
	if status != collections.TicketStatusAnswered || days <= 0 || lastReply.IsZero() {
		return false
	}
	return !now.Before(lastReply.Add(time.Duration(days) * 24 * time.Hour))
}

// ValidRating reports whether r is a satisfaction rating: 1 to 5.
func ValidRating(r int) bool { return r >= 1 && r <= 5 }
