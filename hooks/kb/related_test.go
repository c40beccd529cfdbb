package kb_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func (w *world) related(t *testing.T, token, id string) (int, string) {
	t.Helper()
	status, body := w.app.Do(t, "GET", "/api/hb/kb/articles/"+id+"/related", token, nil)
	if status != http.StatusOK {
		return status, string(body)
	}
	var a struct{ Items []struct{ Title string } }
	if err := json.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, it := range a.Items {
		s = append(s, it.Title)
	}
	return status, strings.Join(s, " | ")
}

func TestRelatedArticlesChosenByStaffComeFirst(t *testing.T) {
	w := newWorld(t)
	b := w.article(t, map[string]any{"title": "B"})
	draft := w.article(t, map[string]any{"title": "Draft", "status": "draft"})
	secret := w.article(t, map[string]any{"title": "Secret", "category": w.hidden})
	c := w.article(t, map[string]any{"title": "C"})
	a := w.article(t, map[string]any{"title": "A", "related": []string{c.Id, draft.Id, secret.Id, b.Id}})

	if _, got := w.related(t, "", a.Id); got != "C | B" {
		t.Errorf("anonymous: %q, want staff's order without the draft and the hidden one", got)
	}
	if _, got := w.related(t, w.support, a.Id); got != "C | Secret | B" {
		t.Errorf("staff: %q", got)
	}
}

func TestRelatedArticlesComputedFromCategoryTagsAndText(t *testing.T) {
	w := newWorld(t)
	other := mk(t, w.app, "kb_categories", map[string]any{"name": "Billing", "slug": "billing"}).Id
	ssh := w.article(t, map[string]any{"title": "Connect to your VPS with SSH", "tags": []string{"ssh", "vps"}})
	w.article(t, map[string]any{"title": "SSH keys for your VPS", "tags": []string{"ssh"}, "body": "Create an ssh key."})
	w.article(t, map[string]any{"title": "VPS firewall", "tags": []string{"vps"}})
	w.article(t, map[string]any{"title": "Pay your VPS invoice", "category": other})
	w.article(t, map[string]any{"title": "SSH keys draft", "status": "draft", "tags": []string{"ssh", "vps"}})
	w.article(t, map[string]any{"title": "Unrelated", "body": "Nothing in common."})

	_, got := w.related(t, "", ssh.Id)
	if got != "SSH keys for your VPS | VPS firewall | Pay your VPS invoice" {
		t.Errorf("related: %q", got)
	}
	// The article itself, the draft and the unrelated one never appear.
	if strings.Contains(got, "Connect") || strings.Contains(got, "draft") || strings.Contains(got, "Unrelated") {
		t.Errorf("related: %q", got)
	}
}

func TestRelatedOfHiddenArticlesIsNotFound(t *testing.T) {
	w := newWorld(t)
	draft := w.article(t, map[string]any{"title": "Draft", "status": "draft"})
	nested := w.article(t, map[string]any{"title": "Nested", "category": w.underHidden})
	for _, id := range []string{draft.Id, nested.Id, "nosucharticle00"} {
		if status, _ := w.related(t, w.customer, id); status != http.StatusNotFound {
			t.Errorf("related of %s: %d", id, status)
		}
	}
	a := w.article(t, map[string]any{"title": "Fine"})
	status, body := w.app.Do(t, "GET", "/api/hb/kb/articles/"+a.Id+"/related?limit=0", "", nil)
	wantField(t, status, body, "limit")
}

func TestRelatedFallsBackToTheCategory(t *testing.T) {
	w := newWorld(t)
	other := mk(t, w.app, "kb_categories", map[string]any{"name": "Other", "slug": "other"}).Id
	lonely := w.article(t, map[string]any{"title": "How to"})
	w.article(t, map[string]any{"title": "Zebra"})
	w.article(t, map[string]any{"title": "Aardvark"})
	w.article(t, map[string]any{"title": "Elsewhere", "category": other})
	w.article(t, map[string]any{"title": "Unfinished", "status": "draft"})
	if _, got := w.related(t, "", lonely.Id); got != "Aardvark | Zebra" {
		t.Errorf("related of an article with only stop words: %q", got)
	}
}
