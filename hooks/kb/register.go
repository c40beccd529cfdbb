// Package kb is the knowledge base and the announcements: markdown
// rendered when saved, full-text search, helpful votes, view counts and
// related articles.
//
// Routes (under /api/hb/kb):
//
//	GET  /search?q=&limit=&category=   ranked full-text search of published articles
//	POST /articles/{id}/vote           {"helpful": true|false}, one vote per visitor
//	POST /articles/{id}/view           counts at most one view per visitor and day
//	GET  /articles/{id}/related        the articles staff linked, or similar ones
package kb

import (
	"github.com/pocketbase/pocketbase/core"
)

// Register binds the knowledge base's hooks and routes to app.
func Register(app core.App) {
	registerContent(app)
	v := newVisitors(app)
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		if err := ensureSearchIndex(se.App); err != nil {
			return err
		}
		g := se.Router.Group("/api/hb/kb")
		g.GET("/search", searchRoute)
		g.POST("/articles/{id}/vote", v.voteRoute)
		g.POST("/articles/{id}/view", v.viewRoute)
		g.GET("/articles/{id}/related", relatedRoute)
		return se.Next()
	})
}
