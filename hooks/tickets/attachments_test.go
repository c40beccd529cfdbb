package tickets_test

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/hbtest"
)

// A 1×1 PNG.
var pngBytes, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

// A Windows program's first bytes: the MZ header and PE signature.
var exeBytes = append(append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), bytes.Repeat([]byte{0}, 44)...), []byte("\x80\x00\x00\x00PE\x00\x00L\x01")...)

// A customer opens a ticket with a screenshot and a log; only the ticket's
// customer and staff who see it download them, with a file token.
func TestAttachmentsAreProtected(t *testing.T) {
	w := newWorld(t)
	status, body := w.multipartRequest(t, "/api/hb/tickets", hbtest.Token(t, w.custA),
		map[string]string{"department": w.support.Id, "subject": "Broken", "body": "See the screenshot and the log."},
		map[string][]byte{"screen.png": pngBytes, "boot.log": []byte("kernel: panic at 00:00\n")})
	if status != http.StatusOK {
		t.Fatalf("open with attachments: %d %s", status, body)
	}
	msg, err := collections.FindTicketMessage(w.app, hbtest.Decode(t, body)["message"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Attachments()) != 2 {
		t.Fatalf("attachments %v", msg.Attachments())
	}
	fileURL := "/api/files/" + collections.TicketMessages + "/" + msg.Id + "/" + msg.Attachments()[0]

	fileToken := func(tok string) string {
		status, body := w.app.Do(t, "POST", "/api/files/token", tok, nil)
		if status != http.StatusOK {
			t.Fatalf("file token: %d %s", status, body)
		}
		return hbtest.Decode(t, body)["token"].(string)
	}
	for _, c := range []struct {
		name  string
		query string
		want  int
	}{
		{"customer A", "?token=" + fileToken(hbtest.Token(t, w.custA)), http.StatusOK},
		{"Sam of Support", "?token=" + fileToken(hbtest.Token(t, w.sam)), http.StatusOK},
		{"admin", "?token=" + fileToken(hbtest.Token(t, w.admin)), http.StatusOK},
		{"customer B", "?token=" + fileToken(hbtest.Token(t, w.custB)), http.StatusNotFound},
		{"billing clerk of another department", "?token=" + fileToken(hbtest.Token(t, w.billingClerk)), http.StatusNotFound},
		{"anonymous", "", http.StatusNotFound},
		{"a forged token", "?token=not.a.token", http.StatusNotFound},
	} {
		status, body := w.app.Do(t, "GET", fileURL+c.query, "", nil)
		if status != c.want {
			t.Errorf("%s downloads: %d, want %d", c.name, status, c.want)
		}
		if c.want == http.StatusOK && !bytes.Equal(body, pngBytes) && !strings.Contains(string(body), "panic") {
			t.Errorf("%s got other bytes", c.name)
		}
	}
}

// Attachments that are too large, too many, a program by name, or a
// program renamed screen.png are refused with a 400 on "attachments" that
// names the file; nothing is written.
func TestForbiddenAttachmentsAreRefused(t *testing.T) {
	w := newWorld(t)
	tk := w.open(t, w.custA, w.support, "Help")
	big := append(append([]byte{}, pngBytes...), bytes.Repeat([]byte{0}, 10<<20)...)
	six := map[string][]byte{}
	for _, n := range []string{"a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"} {
		six[n] = []byte("text")
	}
	for name, c := range map[string]struct {
		files map[string][]byte
		say   string
	}{
		"oversized":            {map[string][]byte{"huge.png": big}, "huge.png"},
		"too many":             {six, "At most 5"},
		"exe by name":          {map[string][]byte{"setup.exe": pngBytes}, "setup.exe"},
		"exe renamed as image": {map[string][]byte{"screen.png": exeBytes}, "screen.png"},
		"shell script as .txt": {map[string][]byte{"notes.txt": []byte("#!/bin/sh\nrm -rf /\n")}, "notes.txt"},
		"html page":            {map[string][]byte{"page.html": []byte("<html><script>x</script></html>")}, "page.html"},
		"zip archive renamed":  {map[string][]byte{"logs.log": []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00")}, "logs.log"},
	} {
		before := w.rows(t)
		status, body := w.multipartRequest(t, "/api/hb/tickets/"+tk.Id+"/messages", hbtest.Token(t, w.custA), map[string]string{"body": "files"}, c.files)
		hbtest.WantField(t, status, body, "attachments")
		if !strings.Contains(string(body), c.say) {
			t.Errorf("%s: the refusal must say %q: %s", name, c.say, body)
		}
		if after := w.rows(t); after != before {
			t.Errorf("%s: refused attachment wrote: %s -> %s", name, before, after)
		}
	}
	// Through the collections API the same rules hold.
	before := w.rows(t)
	status, body := w.multipartRequest(t, "/api/collections/ticket_messages/records", hbtest.Token(t, w.custA),
		map[string]string{"ticket": tk.Id, "author_customer": w.custA.Id, "body": "x"}, map[string][]byte{"cat.jpg": exeBytes})
	hbtest.WantField(t, status, body, "attachments")
	if after := w.rows(t); after != before {
		t.Errorf("collections API wrote: %s -> %s", before, after)
	}
}
