package virtfusionpanel

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// The VirtFusion API's shapes, as far as the plugin reads them. Objects
// come wrapped as {"data": …}.

type envelope[T any] struct {
	Data T `json:"data"`
}

type vfUser struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type vfIPv4 struct {
	Address string `json:"address"`
}

type vfInterface struct {
	MAC  string   `json:"mac"`
	IPv4 []vfIPv4 `json:"ipv4"`
}

type vfResources struct {
	Memory   int64 `json:"memory"`  // MB
	Storage  int64 `json:"storage"` // GB
	Traffic  int64 `json:"traffic"` // GB a month, 0 unlimited
	CPUCores int64 `json:"cpuCores"`
}

type vfServer struct {
	ID        int64  `json:"id"`
	UUID      string `json:"uuid"`
	Name      string `json:"name"`
	Hostname  string `json:"hostname"`
	State     string `json:"state"`
	Suspended bool   `json:"suspended"`
	Owner     struct {
		ID    int64  `json:"id"`
		Email string `json:"email"`
	} `json:"owner"`
	Settings struct {
		Resources vfResources `json:"resources"`
	} `json:"settings"`
	Network struct {
		Interfaces []vfInterface `json:"interfaces"`
	} `json:"network"`
	Usage struct {
		Traffic struct {
			Used int64 `json:"used"` // bytes this period
		} `json:"traffic"`
	} `json:"usage"`
	// RemoteState is the hypervisor's view, sent with ?remoteState=true.
	RemoteState *struct {
		State  string `json:"state"`
		Memory struct {
			Actual int64 `json:"actual"` // KB
			Unused int64 `json:"unused"` // KB
		} `json:"memory"`
	} `json:"remoteState"`
}

// ips returns the server's IPv4 addresses, primary first.
func (s vfServer) ips() []string {
	var out []string
	for _, nic := range s.Network.Interfaces {
		for _, ip := range nic.IPv4 {
			if ip.Address != "" {
				out = append(out, ip.Address)
			}
		}
	}
	return out
}

type vfPage struct {
	CurrentPage int        `json:"current_page"`
	LastPage    int        `json:"last_page"`
	Data        []vfServer `json:"data"`
}

type vfTemplateGroup struct {
	Name      string `json:"name"`
	Templates []struct {
		ID      int64  `json:"id"`
		Name    string `json:"name"`
		Version string `json:"version"`
		Variant string `json:"variant"`
	} `json:"templates"`
}

type vfAuthTokens struct {
	Authentication struct {
		EndpointComplete string `json:"endpoint_complete"`
	} `json:"authentication"`
}

type createUserBody struct {
	Name          string `json:"name"`
	Email         string `json:"email"`
	ExtRelationID int64  `json:"extRelationId"`
	SendMail      bool   `json:"sendMail"`
}

type createServerBody struct {
	PackageID    int64  `json:"packageId"`
	UserID       int64  `json:"userId"`
	HypervisorID int64  `json:"hypervisorId"` // a hypervisor *group* id
	IPv4         int64  `json:"ipv4"`
	Storage      *int64 `json:"storage,omitempty"`
	Memory       *int64 `json:"memory,omitempty"`
	CPUCores     *int64 `json:"cpuCores,omitempty"`
	Traffic      *int64 `json:"traffic,omitempty"`
}

type buildBody struct {
	OperatingSystemID int64  `json:"operatingSystemId"`
	Name              string `json:"name,omitempty"`
	Hostname          string `json:"hostname,omitempty"`
	Email             bool   `json:"email"`
}

func (c *client) connect(ctx context.Context) error {
	return c.do(ctx, http.MethodGet, "/connect", nil, nil)
}

func (c *client) hypervisorGroup(ctx context.Context, id int64) error {
	return c.do(ctx, http.MethodGet, fmt.Sprintf("/compute/hypervisors/groups/%d", id), nil, nil)
}

func (c *client) userByExtRelation(ctx context.Context, ext int64) (vfUser, error) {
	var out envelope[vfUser]
	err := c.do(ctx, http.MethodGet, fmt.Sprintf("/users/%d/byExtRelation", ext), nil, &out)
	return out.Data, err
}

func (c *client) createUser(ctx context.Context, b createUserBody) (vfUser, error) {
	var out envelope[vfUser]
	err := c.do(ctx, http.MethodPost, "/users", b, &out)
	return out.Data, err
}

func (c *client) serversOfUser(ctx context.Context, userID int64) ([]vfServer, error) {
	var out envelope[[]vfServer]
	err := c.do(ctx, http.MethodGet, fmt.Sprintf("/servers/user/%d", userID), nil, &out)
	return out.Data, err
}

func (c *client) server(ctx context.Context, id int64, remoteState bool) (vfServer, error) {
	path := fmt.Sprintf("/servers/%d", id)
	if remoteState {
		path += "?remoteState=true"
	}
	var out envelope[vfServer]
	err := c.do(ctx, http.MethodGet, path, nil, &out)
	return out.Data, err
}

func (c *client) serversPage(ctx context.Context, page int) (vfPage, error) {
	var out vfPage
	q := url.Values{"page": {fmt.Sprint(page)}, "results": {"100"}}
	err := c.do(ctx, http.MethodGet, "/servers?"+q.Encode(), nil, &out)
	return out, err
}

func (c *client) createServer(ctx context.Context, b createServerBody, dryRun bool) (vfServer, error) {
	path := "/servers"
	if dryRun {
		path += "?dryRun=true"
	}
	var out envelope[vfServer]
	err := c.do(ctx, http.MethodPost, path, b, &out)
	return out.Data, err
}

func (c *client) build(ctx context.Context, id int64, b buildBody) error {
	return c.do(ctx, http.MethodPost, fmt.Sprintf("/servers/%d/build", id), b, nil)
}

func (c *client) serverAction(ctx context.Context, id int64, action string) error {
	return c.do(ctx, http.MethodPost, fmt.Sprintf("/servers/%d/%s", id, action), nil, nil)
}

func (c *client) deleteServer(ctx context.Context, id int64) error {
	return c.do(ctx, http.MethodDelete, fmt.Sprintf("/servers/%d?delay=0", id), nil, nil)
}

func (c *client) changePackage(ctx context.Context, id, packageID int64) error {
	return c.do(ctx, http.MethodPut, fmt.Sprintf("/servers/%d/package/%d", id, packageID), nil, nil)
}

func (c *client) resetPassword(ctx context.Context, id int64) (string, error) {
	var out envelope[struct {
		ExpectedPassword string `json:"expectedPassword"`
	}]
	err := c.do(ctx, http.MethodPost, fmt.Sprintf("/servers/%d/resetPassword", id),
		map[string]any{"user": "root", "sendMail": false}, &out)
	return out.Data.ExpectedPassword, err
}

func (c *client) templates(ctx context.Context, packageID int64) ([]vfTemplateGroup, error) {
	var out envelope[[]vfTemplateGroup]
	err := c.do(ctx, http.MethodGet, fmt.Sprintf("/media/templates/fromServerPackageSpec/%d", packageID), nil, &out)
	return out.Data, err
}

func (c *client) serverAuthTokens(ctx context.Context, ext, serverID int64) (vfAuthTokens, error) {
	var out envelope[vfAuthTokens]
	err := c.do(ctx, http.MethodPost, fmt.Sprintf("/users/%d/serverAuthenticationTokens/%d", ext, serverID), nil, &out)
	return out.Data, err
}
