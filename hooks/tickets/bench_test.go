package tickets_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest"
)

// BenchmarkReply is a customer's reply through POST /api/hb/tickets/{id}/messages:
// checks, markdown, the message and its ticket in one transaction.
func BenchmarkReply(b *testing.B) {
	w := newWorld(b)
	tk := w.open(b, w.custA, w.support, "bench")
	tok := hbtest.Token(b, w.custA)
	b.ResetTimer()
	for b.Loop() {
		status, body := w.app.Do(b, "POST", "/api/hb/tickets/"+tk.Id+"/messages", tok, map[string]any{"body": "Still **down**, see https://status.example"})
		if status != http.StatusOK {
			b.Fatalf("%d %s", status, body)
		}
	}
}

// BenchmarkInboundEmail is an emailed reply through POST /api/hb/inbound/email:
// MIME parsing, quoted text, an attachment, the message.
func BenchmarkInboundEmail(b *testing.B) {
	w := newWorld(b)
	tk := w.open(b, w.custA, w.support, "bench")
	to := "support+" + w.ticket(b, tk.Id).ReplyToken() + "@hosting.test"
	i := 0
	b.ResetTimer()
	for b.Loop() {
		i++
		status, body := w.postMail(b, inboundSecret, replyMail("alice@a.test", to, fmt.Sprintf("bench%d@a.test", i), "Re: bench"))
		if status != http.StatusOK {
			b.Fatalf("%d %s", status, body)
		}
	}
}
