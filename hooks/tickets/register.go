// Package tickets is the support desk: departments, tickets and their
// messages, staff replies and internal notes, attachments, email
// notifications and replies by email, auto-close and satisfaction ratings.
package tickets

import "github.com/pocketbase/pocketbase/core"

// Register binds the support desk's hooks, routes and jobs to app.
func Register(app core.App) {}
