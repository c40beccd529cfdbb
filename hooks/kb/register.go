// Package kb is the knowledge base and the announcements: markdown
// rendered when saved, full-text search, helpful votes and view counts.
package kb

import "github.com/pocketbase/pocketbase/core"

// Register binds the knowledge base's hooks and routes to app.
func Register(app core.App) {}
