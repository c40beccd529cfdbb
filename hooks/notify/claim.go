package notify

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"github.com/ezscale/hostbase/collections"
)

// staleAfter is how long a "queued" claim is honoured: longer than any SMTP
// exchange, so only a sender that died mid-send loses its claim.
const staleAfter = 10 * time.Minute

// claim writes the "queued" log row under which m is sent, and returns it;
// nil means there is nothing to send: m's dedupe key was already sent or is
// being sent by someone else.
func claim(app core.App, m Message) (*collections.EmailLogEntry, error) {
	if m.DedupeKey == "" {
		entry, err := newEntry(app, m)
		if err != nil {
			return nil, err
		}
		if err := app.Save(entry); err != nil {
			return nil, fmt.Errorf("notify: log %s to %s: %w", m.Template, m.To, err)
		}
		return entry, nil
	}

	key := collections.EmailLogEntryFields.DedupeKey
	// Each turn either decides or sees another sender move; three turns
	// cover insert-lost, then take-over-lost.
	for range 3 {
		rec, err := app.FindFirstRecordByData(collections.EmailLog, key, m.DedupeKey)
		if errors.Is(err, sql.ErrNoRows) {
			entry, err := newEntry(app, m)
			if err != nil {
				return nil, err
			}
			saveErr := app.Save(entry)
			if saveErr == nil {
				return entry, nil
			}
			// The unique index refused it if another sender inserted first;
			// any other failure is ours to report.
			if _, err := app.FindFirstRecordByData(collections.EmailLog, key, m.DedupeKey); err != nil {
				return nil, fmt.Errorf("notify: log %s: %w", m.DedupeKey, saveErr)
			}
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("notify: read log %s: %w", m.DedupeKey, err)
		}

		entry := collections.WrapEmailLogEntry(rec)
		switch entry.Status() {
		case collections.EmailLogEntryStatusSent:
			return nil, nil
		case collections.EmailLogEntryStatusQueued:
			if time.Since(entry.Updated().Time()) < staleAfter {
				return nil, nil
			}
		}
		// failed, or abandoned: retry it, unless another sender just did
		won, err := takeOver(app, entry)
		if err != nil {
			return nil, err
		}
		if won {
			rec, err := app.FindRecordById(collections.EmailLog, entry.Id)
			if err != nil {
				return nil, fmt.Errorf("notify: reread log %s: %w", m.DedupeKey, err)
			}
			return collections.WrapEmailLogEntry(rec), nil
		}
	}
	return nil, nil
}

// takeOver moves a failed or abandoned row back to "queued" if it is still
// as entry saw it: a compare-and-set in one UPDATE, so that of two senders
// retrying the same key only one wins. It writes through the DB directly
// because a record save cannot express the condition.
func takeOver(app core.App, entry *collections.EmailLogEntry) (bool, error) {
	f := collections.EmailLogEntryFields
	res, err := app.DB().Update(collections.EmailLog,
		dbx.Params{
			f.Status:  string(collections.EmailLogEntryStatusQueued),
			f.Error:   "",
			f.Updated: types.NowDateTime().String(),
		},
		dbx.HashExp{
			f.ID:      entry.Id,
			f.Status:  string(entry.Status()),
			f.Updated: entry.GetString(f.Updated),
		},
	).Execute()
	if err != nil {
		return false, fmt.Errorf("notify: retry log %s: %w", entry.Id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// newEntry returns an unsaved "queued" log row for m.
func newEntry(app core.App, m Message) (*collections.EmailLogEntry, error) {
	entry, err := collections.NewEmailLogEntry(app)
	if err != nil {
		return nil, err
	}
	fill(entry, m)
	entry.SetStatus(collections.EmailLogEntryStatusQueued)
	return entry, nil
}
