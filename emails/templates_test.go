package emails

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestKeysListEveryEmbeddedTemplate(t *testing.T) {
	want := []string{"affiliate_commissions_approved", "affiliate_payout_paid", "affiliate_payout_rejected", "credit_added", "credit_note_issued", "invoice_created", "invoice_overdue", "invoice_paid", "invoice_reminder", "payment_failed", "service_suspended", "service_terminated", "service_welcome", "staff_affiliate_payout_requested", "staff_dispute_opened", "staff_provisioning_failed", "staff_refund_unmatched", "staff_ticket_opened", "staff_ticket_reply", "ticket_auto_closed", "ticket_opened", "ticket_reply"}
	if got := Keys(); !slices.Equal(got, want) {
		t.Fatalf("Keys() = %v, want %v", got, want)
	}
	for _, k := range want {
		tmpl, ok := Default(k)
		if !ok || tmpl.Key != k || tmpl.Subject == "" || tmpl.Description == "" || strings.TrimSpace(tmpl.Body) == "" {
			t.Errorf("Default(%q) = %+v, %v", k, tmpl, ok)
		}
		if strings.HasPrefix(tmpl.Body, "---") || strings.Contains(tmpl.Body, "subject:") {
			t.Errorf("%s: front matter leaked into the body", k)
		}
	}
	if _, ok := Default("nope"); ok {
		t.Error("Default of an unknown key must report false")
	}
}

func TestParseFileRefusesMalformedFrontMatter(t *testing.T) {
	for name, raw := range map[string]string{
		"no front matter":   "Hello",
		"not closed":        "---\nsubject: x\nHello",
		"no subject":        "---\ndescription: x\n---\nHello",
		"unknown field":     "---\nsubjcet: x\n---\nHello",
		"not name: value":   "---\nsubject x\n---\nHello",
		"empty body":        "---\nsubject: x\n---\n\n",
		"empty subject too": "---\nsubject:\n---\nHello",
	} {
		if _, err := parseFile("k", raw); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}

	got, err := parseFile("k", "---\r\nsubject: Re: {{.X}}\r\ndescription: d\r\n---\r\n\r\nHello\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "Re: {{.X}}" || got.Description != "d" || got.Body != "Hello\n" {
		t.Fatalf("got %+v", got)
	}
}

func TestMalformedEmbeddedFilePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("a malformed default must stop the program at start")
		}
	}()
	mustLoadDefaults(fstest.MapFS{"templates/bad.md": {Data: []byte("no front matter")}})
}
