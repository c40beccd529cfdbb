package pteropanel_test

import (
	"testing"

	"github.com/ezscale/hostbase/plugins/pterodactyl/internal/fakeptero"
	"github.com/ezscale/hostbase/plugins/pterodactyl/pteropanel"
	"github.com/ezscale/hostbase/plugins/sdk"
)

// ListRemote walks every page and reports each server's key.
func TestListRemoteReadsEveryPage(t *testing.T) {
	defer pteropanel.SetListPageSize(2)()
	pn := fakeptero.New(t)
	p := pteropanel.New(nil)
	want := map[string]string{}
	for _, k := range []string{"a", "b", "c", "d", "e"} {
		want[create(t, p, request(pn, k)).RemoteID] = k
	}
	list, err := p.ListRemote(ctx(t), sdk.ServerRequest{Server: server(pn)})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 5 {
		t.Fatalf("listed %d servers, want 5", len(list))
	}
	for _, r := range list {
		if want[r.RemoteID] != r.IdempotencyKey || r.State != sdk.StateRunning {
			t.Errorf("listed %+v, want key %q running", r, want[r.RemoteID])
		}
	}
	if n := count(pn.Requests(), "GET /api/application/servers"); n != 3 {
		t.Errorf("asked for %d pages, want 3", n)
	}
}
