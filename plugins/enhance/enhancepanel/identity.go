package enhancepanel

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/ezscale/hostbase/plugins/sdk"
)

// Enhance keeps no external id or label on an organisation, subscription
// or website that an API client may set (tags exist only for websites, and
// are free text staff edit). The one field Hostbase controls is the
// customer organisation's name, so the idempotency key rides in it:
// "Jane Doe [hb:svc-…]". Each Hostbase service gets its own customer
// organisation, found again by listing the master organisation's
// customers.

var (
	tagRE  = regexp.MustCompile(`\[hb:([^\]\s]+)\]\s*$`)
	uuidRE = regexp.MustCompile(`^` + uuidPattern + `$`)
)

// orgName is the name of the customer organisation of a service.
func orgName(svc sdk.Service) string {
	who := strings.TrimSpace(svc.Customer.FirstName + " " + svc.Customer.LastName)
	if svc.Customer.Company != "" {
		who = svc.Customer.Company
	}
	if who == "" {
		who = svc.Customer.Email
	}
	if who == "" {
		who = "Customer"
	}
	return fmt.Sprintf("%s [hb:%s]", who, svc.IdempotencyKey)
}

// keyOf returns the idempotency key in an organisation's name, "" if none.
func keyOf(name string) string {
	if m := tagRE.FindStringSubmatch(name); m != nil {
		return m[1]
	}
	return ""
}

// tagged returns the customer organisations carrying key, the earliest
// made first (then by id), so that every process picks the same one.
func (p *panel) tagged(ctx context.Context, key string) ([]org, error) {
	orgs, err := p.customers(ctx)
	if err != nil {
		return nil, err
	}
	var out []org
	for _, o := range orgs {
		if keyOf(o.Name) == key && o.Status != statusDeleted {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].CreatedAt != out[j].CreatedAt {
			return out[i].CreatedAt < out[j].CreatedAt
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// A RemoteID is "<customer org id>:<subscription id>": every call about a
// subscription needs the organisation that owns it.
func remoteID(customer string, sub int64) string {
	return customer + ":" + strconv.FormatInt(sub, 10)
}

func parseRemoteID(id string) (customer string, sub int64, ok bool) {
	customer, s, found := strings.Cut(id, ":")
	if !found || !uuidRE.MatchString(customer) {
		return "", 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return "", 0, false
	}
	return customer, n, true
}

// target is the subscription a call is about.
type target struct {
	customer string
	sub      int64
}

// find names the service's subscription: by its RemoteID, or, for a
// Create whose answer was lost, by the key in its organisation's name.
// found is false when the panel holds nothing for the service.
func (p *panel) find(ctx context.Context, svc sdk.Service) (t target, found bool, err error) {
	if c, s, ok := parseRemoteID(svc.RemoteID); ok {
		return target{c, s}, true, nil
	}
	orgs, err := p.tagged(ctx, svc.IdempotencyKey)
	if err != nil || len(orgs) == 0 {
		return target{}, false, err
	}
	sub, ok, err := p.activeSubscription(ctx, orgs[0].ID)
	if err != nil || !ok {
		return target{}, false, err
	}
	return target{orgs[0].ID, sub.ID}, true, nil
}

// activeSubscription returns the customer's first subscription not deleted.
func (p *panel) activeSubscription(ctx context.Context, customer string) (subscription, bool, error) {
	subs, err := p.subscriptionsOf(ctx, customer)
	if err != nil {
		if sdk.IsNotFound(err) {
			return subscription{}, false, nil
		}
		return subscription{}, false, err
	}
	sort.Slice(subs, func(i, j int) bool { return subs[i].ID < subs[j].ID })
	for _, s := range subs {
		if s.Status != statusDeleted {
			return s, true, nil
		}
	}
	return subscription{}, false, nil
}
