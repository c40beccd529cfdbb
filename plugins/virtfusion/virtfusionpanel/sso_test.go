package virtfusionpanel_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ezscale/hostbase/plugins/sdk"
	"github.com/ezscale/hostbase/plugins/virtfusion/internal/fakevirtfusion"
)

// Single sign-on is the panel's address with the token path VirtFusion
// gives, short-lived.
func TestSingleSignOn(t *testing.T) {
	panel := fakevirtfusion.New(t, token, 0)
	p, srv, svc := newPlugin(), serverFor(panel), newService("sso")
	svc.RemoteID = create(t, p, srv, svc).RemoteID
	sso, err := p.SingleSignOn(ctx(t), sdk.ServiceRequest{Server: srv, Service: svc})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sso.URL, panel.URL+"/token/?token=") || !strings.HasSuffix(sso.URL, "server="+svc.RemoteID) {
		t.Errorf("SSO URL %q, want the panel's /token/ path for server %s", sso.URL, svc.RemoteID)
	}
	if left := time.Until(sso.ExpiresAt); left <= 0 || left > 10*time.Minute {
		t.Errorf("SSO link expires in %s", left)
	}
}
