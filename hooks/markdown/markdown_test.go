package markdown

import (
	"strings"
	"testing"
)

func TestRenderKeepsMarkdownAndTables(t *testing.T) {
	got := Render("# Title\n\nSome **bold** and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\nSee https://example.com/docs.")
	for _, want := range []string{`<h1 id="title">Title</h1>`, "<strong>bold</strong>", "<code>code</code>", "<table>", "<td>1</td>", `type="checkbox"`,
		`<a href="https://example.com/docs" rel="nofollow ugc noopener">`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestRenderDropsRawHTMLAndScriptLinks(t *testing.T) {
	cases := map[string][]string{
		"<script>alert(1)</script>":                     {"<script", "alert(1)</script"},
		`<img src=x onerror="alert(1)">`:                {"<img", "onerror"},
		"[click](javascript:alert(1))":                  {"javascript:", "href"},
		"[click](JaVaScRiPt:alert(1))":                  {"javascript:", "href"},
		"[click](java\tscript:alert(1))":                {"href"},
		"![x](data:image/svg+xml;base64,PHN2Zz4=)":      {"data:", "<img"},
		"[x](vbscript:msgbox)":                          {"vbscript", "href"},
		"<a href=\"https://ok.example\">raw anchor</a>": {"<a href"},
		"<div style=\"position:fixed\">overlay</div>":   {"<div", "position:fixed"},
		"[file](file:///etc/passwd)":                    {"file:", "href"},
	}
	for src, forbidden := range cases {
		got := Render(src)
		for _, f := range forbidden {
			if strings.Contains(strings.ToLower(got), strings.ToLower(f)) {
				t.Errorf("%q rendered %q, which contains %q", src, got, f)
			}
		}
	}
	if got := Render("[click](javascript:alert(1))"); !strings.Contains(got, "click") {
		t.Errorf("the text of a refused link is lost: %q", got)
	}
}

func TestRenderKeepsSafeLinksAndImages(t *testing.T) {
	got := Render("[docs](/kb/setup) [mail](mailto:help@example.com) ![logo](https://cdn.example.com/l.png) [top](#top)")
	for _, want := range []string{`href="/kb/setup"`, `href="mailto:help@example.com"`, `src="https://cdn.example.com/l.png"`, `href="#top"`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in %s", want, got)
		}
	}
}

func TestCheckRefusesScriptPayloads(t *testing.T) {
	refused := []string{
		"hello <script>alert(1)</script>",
		"<SCRIPT src=//evil.example/x.js></SCRIPT>",
		`<img src=x onerror=alert(1)>`,
		`<a href="#" onclick="steal()">x</a>`,
		"[x](javascript:alert(document.cookie))",
		"<iframe src=https://evil.example></iframe>",
		"<svg onload=alert(1)>",
		"[x](data:text/html;base64,PHNjcmlwdD4=)",
	}
	for _, src := range refused {
		if err := Check(src); err == nil {
			t.Errorf("Check(%q) passed", src)
		}
	}
	accepted := []string{
		"My server **vps1** does not boot since 10:00.",
		"Log:\n\n```\nkernel: onerror = 1\n```",
		"See https://example.com and [the docs](https://example.com/docs).",
		"a < b and c > d",
		"I tried <b>twice</b>.",
		"The console says javascript: undefined is not a function.",
	}
	for _, src := range accepted {
		if err := Check(src); err != nil {
			t.Errorf("Check(%q): %v", src, err)
		}
	}
}
