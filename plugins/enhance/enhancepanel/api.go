package enhancepanel

import (
	"context"
	"net/url"
	"strconv"
	"strings"
)

// The orchd resources the plugin reads, as the API writes them (camelCase;
// https://apidocs.enhance.com, models Org, Subscription, Website, Member).
// Fields the plugin has no use for are left out.

type org struct {
	ID          string `json:"id"`
	ParentID    string `json:"parentId,omitempty"`
	Name        string `json:"name"`
	Status      string `json:"status"`
	SuspendedBy string `json:"suspendedBy,omitempty"`
	CreatedAt   string `json:"createdAt"`
}

// subscription statuses; a deleted subscription stays readable.
const statusDeleted = "deleted"

type subscription struct {
	ID           int64          `json:"id"`
	PlanID       int64          `json:"planId"`
	PlanName     string         `json:"planName"`
	SubscriberID string         `json:"subscriberId"`
	VendorID     string         `json:"vendorId"`
	Status       string         `json:"status"`
	SuspendedBy  string         `json:"suspendedBy,omitempty"`
	Resources    []usedResource `json:"resources"`
}

// usedResource is one of a subscription's metered resources: its usage and,
// when the plan caps it, its total.
type usedResource struct {
	Name  string `json:"name"`
	Usage *int64 `json:"usage,omitempty"`
	Total *int64 `json:"total,omitempty"`
}

type website struct {
	ID     string `json:"id"`
	Domain struct {
		Domain string `json:"domain"`
	} `json:"domain"`
	SubscriptionID float64 `json:"subscriptionId,omitempty"`
	Status         string  `json:"status"`
	OrgID          string  `json:"orgId"`
}

type member struct {
	ID      string   `json:"id"`
	LoginID string   `json:"loginId"`
	Email   string   `json:"email"`
	Name    string   `json:"name"`
	Roles   []string `json:"roles"`
}

// roleOwner is the member role of the customer's own login.
const roleOwner = "Owner"

func (m member) isOwner() bool {
	for _, r := range m.Roles {
		if r == roleOwner {
			return true
		}
	}
	return false
}

type login struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

type plan struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type serverGroup struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// listing is orchd's page of a list.
type listing[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// newUUID and newID are orchd's answers to a create.
type newUUID struct {
	ID string `json:"id"`
}

type newID struct {
	ID int64 `json:"id"`
}

// pageSize is how many items the plugin asks for per page.
const pageSize = 100

// all reads every page of a list.
func all[T any](ctx context.Context, c *client, path string, q url.Values) ([]T, error) {
	var out []T
	for offset := 0; ; {
		pq := url.Values{}
		for k, v := range q {
			pq[k] = v
		}
		pq.Set("offset", strconv.Itoa(offset))
		pq.Set("limit", strconv.Itoa(pageSize))
		var page listing[T]
		if err := c.get(ctx, path, pq, &page); err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		offset += len(page.Items)
		if len(page.Items) == 0 || offset >= page.Total {
			return out, nil
		}
	}
}

func (p *panel) customers(ctx context.Context) ([]org, error) {
	return all[org](ctx, p.client, "/orgs/"+p.orgID+"/customers", nil)
}

func (p *panel) subscriptionsOf(ctx context.Context, customer string) ([]subscription, error) {
	return all[subscription](ctx, p.client, "/orgs/"+p.orgID+"/customers/"+customer+"/subscriptions", nil)
}

func (p *panel) subscription(ctx context.Context, customer string, id int64) (subscription, error) {
	var s subscription
	err := p.get(ctx, "/orgs/"+customer+"/subscriptions/"+strconv.FormatInt(id, 10), nil, &s)
	return s, err
}

// websitesOf lists the customer's websites of one subscription.
func (p *panel) websitesOf(ctx context.Context, customer string, sub int64) ([]website, error) {
	sites, err := all[website](ctx, p.client, "/orgs/"+customer+"/websites",
		url.Values{"subscriptionId": {strconv.FormatInt(sub, 10)}})
	if err != nil {
		return nil, err
	}
	// The filter is applied here too, in case a panel version ignores it.
	out := sites[:0]
	for _, w := range sites {
		if int64(w.SubscriptionID) == sub {
			out = append(out, w)
		}
	}
	return out, nil
}

func (p *panel) members(ctx context.Context, customer string) ([]member, error) {
	return all[member](ctx, p.client, "/orgs/"+customer+"/members", nil)
}

// owner returns the customer organisation's owner member, if it has one.
func (p *panel) owner(ctx context.Context, customer string) (member, bool, error) {
	ms, err := p.members(ctx, customer)
	if err != nil {
		return member{}, false, err
	}
	for _, m := range ms {
		if m.isOwner() {
			return m, true, nil
		}
	}
	return member{}, false, nil
}

// loginByEmail finds a login of the organisation's realm by its email.
func (p *panel) loginByEmail(ctx context.Context, email string) (login, bool, error) {
	ls, err := all[login](ctx, p.client, "/orgs/"+p.orgID+"/logins", nil)
	if err != nil {
		return login{}, false, err
	}
	for _, l := range ls {
		if strings.EqualFold(l.Email, email) {
			return l, true, nil
		}
	}
	return login{}, false, nil
}
