package sdk

import (
	"context"
	"time"

	pb "github.com/ezscale/hostbase/plugins/proto"
)

// grpcClient is the host's side: a Provisioner whose every method is a call
// to the plugin process. Failures come back as *Error.
type grpcClient struct {
	c pb.ProvisionerClient
}

// NewClient returns a Provisioner that calls the plugin behind c. Hostbase's
// plugin host uses it; plugin authors do not need it.
func NewClient(c pb.ProvisionerClient) Provisioner { return &grpcClient{c: c} }

func (g *grpcClient) Metadata(ctx context.Context) (Metadata, error) {
	r, err := g.c.Metadata(ctx, &pb.MetadataRequest{})
	if err != nil {
		return Metadata{}, fromStatus(err)
	}
	return metadataFromPB(r), nil
}

func (g *grpcClient) TestConnection(ctx context.Context, r ServerRequest) (string, error) {
	resp, err := g.c.TestConnection(ctx, &pb.ServerRequest{Server: serverToPB(r.Server), CallKey: r.CallKey})
	if err != nil {
		return "", fromStatus(err)
	}
	return resp.GetMessage(), nil
}

func (g *grpcClient) CheckAvailability(ctx context.Context, r AvailabilityRequest) (Availability, error) {
	resp, err := g.c.CheckAvailability(ctx, &pb.AvailabilityRequest{Server: serverToPB(r.Server), ProductConfig: r.ProductConfig, CallKey: r.CallKey})
	if err != nil {
		return Availability{}, fromStatus(err)
	}
	return Availability{Available: resp.GetAvailable(), Reason: resp.GetReason(), Remaining: resp.GetRemaining()}, nil
}

func (g *grpcClient) Create(ctx context.Context, r ServiceRequest) (CreateResult, error) {
	resp, err := g.c.Create(ctx, serviceRequestToPB(r))
	if err != nil {
		return CreateResult{}, fromStatus(err)
	}
	return CreateResult{RemoteID: resp.GetRemoteId(), Hostname: resp.GetHostname(), IP: resp.GetIp(), ExtraIPs: resp.GetExtraIps(),
		Username: resp.GetUsername(), Credentials: orEmpty(resp.GetCredentials()), Pending: resp.GetPending(), Message: resp.GetMessage()}, nil
}

func (g *grpcClient) Suspend(ctx context.Context, r ServiceRequest) (ActionResult, error) {
	resp, err := g.c.Suspend(ctx, serviceRequestToPB(r))
	return actionFromPB(resp), fromStatus(err)
}

func (g *grpcClient) Unsuspend(ctx context.Context, r ServiceRequest) (ActionResult, error) {
	resp, err := g.c.Unsuspend(ctx, serviceRequestToPB(r))
	return actionFromPB(resp), fromStatus(err)
}

func (g *grpcClient) Terminate(ctx context.Context, r ServiceRequest) (ActionResult, error) {
	resp, err := g.c.Terminate(ctx, serviceRequestToPB(r))
	return actionFromPB(resp), fromStatus(err)
}

func (g *grpcClient) ChangePackage(ctx context.Context, r ServiceRequest) (ActionResult, error) {
	resp, err := g.c.ChangePackage(ctx, serviceRequestToPB(r))
	return actionFromPB(resp), fromStatus(err)
}

func (g *grpcClient) ChangePassword(ctx context.Context, r ChangePasswordRequest) (ActionResult, error) {
	resp, err := g.c.ChangePassword(ctx, &pb.ChangePasswordRequest{Server: serverToPB(r.Server), Service: serviceToPB(r.Service),
		CallKey: r.CallKey, Password: r.Password, Reason: r.Reason})
	return actionFromPB(resp), fromStatus(err)
}

func (g *grpcClient) Status(ctx context.Context, r ServiceRequest) (Status, error) {
	resp, err := g.c.Status(ctx, serviceRequestToPB(r))
	if err != nil {
		return Status{}, fromStatus(err)
	}
	return Status{State: stateFromPB(resp.GetState()), Detail: resp.GetDetail(), Hostname: resp.GetHostname(), IP: resp.GetIp()}, nil
}

func (g *grpcClient) Usage(ctx context.Context, r ServiceRequest) (Usage, error) {
	resp, err := g.c.Usage(ctx, serviceRequestToPB(r))
	if err != nil {
		return Usage{}, fromStatus(err)
	}
	return usageFromPB(resp), nil
}

func (g *grpcClient) ClientActions(ctx context.Context, r ServiceRequest) ([]ClientAction, error) {
	resp, err := g.c.ClientActions(ctx, serviceRequestToPB(r))
	if err != nil {
		return nil, fromStatus(err)
	}
	out := make([]ClientAction, 0, len(resp.GetActions()))
	for _, a := range resp.GetActions() {
		out = append(out, clientActionFromPB(a))
	}
	return out, nil
}

func (g *grpcClient) RunClientAction(ctx context.Context, r ClientActionRequest) (ActionResult, error) {
	resp, err := g.c.RunClientAction(ctx, &pb.ClientActionRequest{Server: serverToPB(r.Server), Service: serviceToPB(r.Service),
		CallKey: r.CallKey, Action: r.Action, Params: r.Params, Reason: r.Reason})
	return actionFromPB(resp), fromStatus(err)
}

func (g *grpcClient) SingleSignOn(ctx context.Context, r ServiceRequest) (SingleSignOn, error) {
	resp, err := g.c.SingleSignOn(ctx, serviceRequestToPB(r))
	if err != nil {
		return SingleSignOn{}, fromStatus(err)
	}
	sso := SingleSignOn{URL: resp.GetUrl()}
	if resp.GetExpiresAt() != 0 {
		sso.ExpiresAt = time.Unix(resp.GetExpiresAt(), 0).UTC()
	}
	return sso, nil
}

func (g *grpcClient) ListRemote(ctx context.Context, r ServerRequest) ([]RemoteResource, error) {
	resp, err := g.c.ListRemote(ctx, &pb.ServerRequest{Server: serverToPB(r.Server), CallKey: r.CallKey})
	if err != nil {
		return nil, fromStatus(err)
	}
	out := make([]RemoteResource, 0, len(resp.GetResources()))
	for _, res := range resp.GetResources() {
		out = append(out, remoteFromPB(res))
	}
	return out, nil
}
