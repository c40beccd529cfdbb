package examplepanel

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
)

func TestWrongTokenIsInvalidConfigAndMakesNothing(t *testing.T) {
	srv, dir := newPanel(t, nil)
	srv.Credentials[keyAPIToken] = "wrong-" + testToken
	p := quiet()

	_, err := p.TestConnection(ctxFor(t, time.Second), sdk.ServerRequest{Server: srv})
	if e := wantKind(t, err, sdk.KindInvalidConfig, "TestConnection with a wrong token"); e.Field != keyAPIToken {
		t.Errorf("the failure names field %q, want %q", e.Field, keyAPIToken)
	}
	_, err = p.Create(ctxFor(t, time.Second), request(srv, "k1"))
	wantKind(t, err, sdk.KindInvalidConfig, "Create with a wrong token")
	if files := serverFiles(t, dir); len(files) != 0 {
		t.Errorf("Create with a wrong token wrote %v", files)
	}
}

func TestWithoutATokenFileAnyTokenWorks(t *testing.T) {
	srv, dir := newPanel(t, nil)
	if err := os.Remove(filepath.Join(dir, ".token")); err != nil {
		t.Fatal(err)
	}
	srv.Credentials[keyAPIToken] = "anything"
	if _, err := quiet().TestConnection(ctxFor(t, time.Second), sdk.ServerRequest{Server: srv}); err != nil {
		t.Fatalf("TestConnection without a .token file: %v", err)
	}
	srv.Credentials[keyAPIToken] = ""
	_, err := quiet().TestConnection(ctxFor(t, time.Second), sdk.ServerRequest{Server: srv})
	if e := wantKind(t, err, sdk.KindInvalidConfig, "TestConnection with an empty token"); e.Field != keyAPIToken {
		t.Errorf("the failure names field %q, want %q", e.Field, keyAPIToken)
	}
}

func TestBadServerSettingsNameTheirField(t *testing.T) {
	cases := []struct {
		name  string
		key   string
		value string
	}{
		{"relative directory", keyDirectory, "servers"},
		{"missing directory", keyDirectory, "/nonexistent/hostbase-example"},
		{"negative limit", keyMaxServers, "-1"},
		{"build time not a number", keyBuildMS, "fast"},
		{"panel URL not a URL", keySSOBaseURL, "panel.example.test"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, _ := newPanel(t, nil)
			if c.key == keyDirectory {
				// No token file where the directory points.
				srv.Credentials[keyAPIToken] = "anything"
			}
			srv.Config[c.key] = c.value
			_, err := quiet().TestConnection(ctxFor(t, time.Second), sdk.ServerRequest{Server: srv})
			if e := wantKind(t, err, sdk.KindInvalidConfig, "TestConnection with "+c.name); e.Field != c.key {
				t.Errorf("the failure names field %q, want %q", e.Field, c.key)
			}
		})
	}
}

func TestBadProductSettingsNameTheirField(t *testing.T) {
	srv, dir := newPanel(t, nil)
	for key, value := range map[string]string{keyPlan: "huge", keyMemoryMB: "128", keyOS: "windows"} {
		r := request(srv, "k-"+key)
		r.Service.ProductConfig[key] = value
		_, err := quiet().Create(ctxFor(t, time.Second), r)
		if e := wantKind(t, err, sdk.KindInvalidConfig, "Create with "+key+"="+value); e.Field != key {
			t.Errorf("the failure names field %q, want %q", e.Field, key)
		}
	}
	if files := serverFiles(t, dir); len(files) != 0 {
		t.Errorf("Creates with bad product settings wrote %v", files)
	}
}

func TestProductDefaultsAndUnknownKeys(t *testing.T) {
	srv, _ := newPanel(t, nil)
	r := request(srv, "k1")
	// Hostbase may send settings this plugin has no field for; they are
	// ignored, and the missing ones take their defaults.
	r.Service.ProductConfig = map[string]string{"datacenter": "ams1"}
	res := mustCreate(t, quiet(), r)
	st, err := quiet().Status(ctxFor(t, time.Second), sdk.ServiceRequest{Server: srv, Service: sdk.Service{RemoteID: res.RemoteID}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "plan small (1 vCPU, 1024 MB), debian-12"; st.Detail != want {
		t.Errorf("Status detail %q, want %q", st.Detail, want)
	}
}
