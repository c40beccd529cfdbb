package tickets

import (
	"strings"
	"testing"
)

func TestStripQuoted(t *testing.T) {
	for name, c := range map[string]struct{ in, want string }{
		"gmail":                {"Thanks, that fixed it.\n\nOn Mon, 2 Mar 2026 at 10:00, Example Hosting <support@hosting.test> wrote:\n> We restarted it.\n> Try again.\n", "Thanks, that fixed it."},
		"wrapped on-wrote":     {"Works now.\r\n\r\nOn Mon, 2 Mar 2026 at 10:00, Example Hosting\r\n<support@hosting.test> wrote:\r\n> old\r\n", "Works now."},
		"outlook":              {"Still broken.\n\n-----Original Message-----\nFrom: Support\nSent: Monday\nTo: me\nSubject: x\n\nold text", "Still broken."},
		"outlook rule":         {"See attached.\n\n________________________________\nFrom: Example Hosting <support@hosting.test>\nSent: Monday\nold", "See attached."},
		"outlook header block": {"Yes please.\n\nFrom: Example Hosting <support@hosting.test>\nSent: Monday, 2 March 2026 10:00\nTo: Alice\nSubject: Re: x\n\nold", "Yes please."},
		"signature":            {"Reboot it please.\n\n-- \nAlice\nCEO, A Corp", "Reboot it please."},
		"interleaved quote":    {"> Did you try rebooting?\nYes, twice.\n> Which kernel?\n6.8", "Yes, twice.\n6.8"},
		"german":               {"Danke!\n\nAm 02.03.2026 um 10:00 schrieb Support <support@hosting.test>:\n> alt", "Danke!"},
		"nothing quoted":       {"Line one\nLine two\n", "Line one\nLine two"},
	} {
		if got := StripQuoted(c.in); got != c.want {
			t.Errorf("%s: %q, want %q", name, got, c.want)
		}
	}
}

func TestPlainText(t *testing.T) {
	got := PlainText(`<html><head><style>p{}</style><title>t</title></head><body><p>Hello <b>Sam</b>,</p>` +
		`<p>see <a href="https://status.hosting.test">the status page</a><br>and <a href="https://x.test">https://x.test</a></p>` +
		`<ul><li>one</li><li>two</li></ul><script>alert(1)</script>` +
		`<div class="gmail_quote">On Mon … wrote:<blockquote>old</blockquote></div></body></html>`)
	want := "Hello Sam,\n\nsee the status page (https://status.hosting.test)\nand https://x.test\n\n- one\n- two"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if strings.Contains(got, "alert") || strings.Contains(got, "old") {
		t.Error("scripts and quoted mail must go")
	}
}

func TestParseInboundDecodesHeadersAndCharsets(t *testing.T) {
	raw := "From: =?UTF-8?B?SsO2cmcgTcO8bGxlcg==?= <Joerg@Example.TEST>\r\n" +
		"To: =?ISO-8859-1?Q?Support?= <support+abc@hosting.test>, other@x.test\r\n" +
		"Delivered-To: support+tok@hosting.test\r\n" +
		"Subject: =?UTF-8?Q?Re:_Gr=C3=BC=C3=9Fe?=\r\n" +
		"Message-ID: <m1@example.test>\r\n" +
		"Content-Type: text/plain; charset=windows-1252\r\n" +
		"Content-Transfer-Encoding: base64\r\n\r\n" +
		"U2No9m5lbiBHcnXfIJYgYWxsZXMgZ3V0Lg0KDQotLSANCkr2cmc=\r\n"
	m, err := parseInbound([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.From != "joerg@example.test" || m.Subject != "Re: Grüße" || m.MessageID != "<m1@example.test>" || m.AutoReply {
		t.Errorf("headers: %+v", m)
	}
	if strings.Join(m.Recipients, ",") != "support+abc@hosting.test,other@x.test,support+tok@hosting.test" {
		t.Errorf("recipients %v", m.Recipients)
	}
	if m.Text != "Schönen Gruß – alles gut." {
		t.Errorf("text %q", m.Text)
	}

	ooo := "From: a@b.test\r\nTo: c@d.test\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\n\r\nAway\r\n"
	if m, err := parseInbound([]byte(ooo)); err != nil || !m.AutoReply {
		t.Errorf("an out-of-office answer: %+v %v", m, err)
	}
	if _, err := parseInbound([]byte("no headers at all")); err == nil {
		t.Error("garbage parsed")
	}
}
