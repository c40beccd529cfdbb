package lifecycle

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// audit writes the transition's audit_log row in its transaction: a
// transition is never recorded without happening, nor the reverse.
func audit(txApp core.App, svc *collections.Service, action string, r Reason, before, after map[string]any) error {
	entry, err := collections.NewAuditEntry(txApp)
	if err != nil {
		return err
	}
	entry.SetActorCollection(r.ActorCollection)
	entry.SetActorID(r.ActorID)
	entry.SetActorName(r.ActorName)
	entry.SetAction(action)
	entry.SetTargetCollection(collections.Services)
	entry.SetTargetID(svc.Id)
	entry.SetBefore(before)
	entry.SetAfter(after)
	// Every field is set here from values already checked: validating
	// them again would only cost the transition its speed.
	if err := txApp.SaveNoValidate(entry); err != nil {
		return fmt.Errorf("lifecycle: audit %s %s: %w", action, svc.Id, err)
	}
	return nil
}
