package pteropanel

import (
	"context"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ezscale/hostbase/plugins/sdk"
)

const mib = 1 << 20

// resources is the client API's live view of a server
// (GET /api/client/servers/{identifier}/resources).
type resources struct {
	CurrentState string `json:"current_state"`
	Resources    struct {
		MemoryBytes int64   `json:"memory_bytes"`
		CPUAbsolute float64 `json:"cpu_absolute"`
		DiskBytes   int64   `json:"disk_bytes"`
	} `json:"resources"`
}

// Usage reports the server's memory and disk limits from the application
// API and, with a client API key, what it uses now. Bandwidth is not
// reported: Wings counts bytes only since the container started.
func (p *Provisioner) Usage(ctx context.Context, r sdk.ServiceRequest) (u sdk.Usage, err error) {
	defer p.trace(hclog.Debug, "usage", time.Now(), &err, "key", r.Service.IdempotencyKey)
	pn, err := p.open(r.Server)
	if err != nil {
		return sdk.Usage{}, err
	}
	s, err := p.find(ctx, pn, r.Service)
	if err != nil {
		return sdk.Usage{}, err
	}
	u = sdk.NoUsage()
	// 0 is unlimited on the panel: no limit to report.
	if s.Limits.Memory > 0 {
		u.MemoryLimitBytes = s.Limits.Memory * mib
	}
	if s.Limits.Disk > 0 {
		u.DiskLimitBytes = s.Limits.Disk * mib
	}
	if pn.cli == nil {
		return u, nil
	}
	var out item[resources]
	if err := pn.cli.do(ctx, "GET", "/servers/"+s.Identifier+"/resources", nil, nil, &out); err != nil {
		return sdk.Usage{}, err
	}
	res := out.Attributes.Resources
	u.MemoryUsedBytes, u.DiskUsedBytes = res.MemoryBytes, res.DiskBytes
	// cpu_absolute is percent of one core; the SDK counts 1000 per core.
	u.CPUPermille = int64(res.CPUAbsolute * 10)
	u.CollectedAt = time.Now()
	return u, nil
}
