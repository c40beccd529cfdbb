package sdk

import (
	"context"

	pb "github.com/ezscale/hostbase/plugins/proto"
)

// grpcServer serves a Provisioner over the wire contract.
type grpcServer struct {
	pb.UnimplementedProvisionerServer
	impl Provisioner
}

func (s *grpcServer) Metadata(ctx context.Context, _ *pb.MetadataRequest) (*pb.MetadataResponse, error) {
	m, err := s.impl.Metadata(ctx)
	if err != nil {
		return nil, toStatus(err)
	}
	return metadataToPB(m), nil
}

func (s *grpcServer) TestConnection(ctx context.Context, r *pb.ServerRequest) (*pb.TestConnectionResponse, error) {
	msg, err := s.impl.TestConnection(ctx, ServerRequest{Server: serverFromPB(r.GetServer()), CallKey: r.GetCallKey()})
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.TestConnectionResponse{Message: msg}, nil
}

func (s *grpcServer) CheckAvailability(ctx context.Context, r *pb.AvailabilityRequest) (*pb.AvailabilityResponse, error) {
	a, err := s.impl.CheckAvailability(ctx, AvailabilityRequest{Server: serverFromPB(r.GetServer()), ProductConfig: orEmpty(r.GetProductConfig()), CallKey: r.GetCallKey()})
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.AvailabilityResponse{Available: a.Available, Reason: a.Reason, Remaining: a.Remaining}, nil
}

func (s *grpcServer) Create(ctx context.Context, r *pb.ServiceRequest) (*pb.CreateResponse, error) {
	c, err := s.impl.Create(ctx, serviceRequestFromPB(r))
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.CreateResponse{RemoteId: c.RemoteID, Hostname: c.Hostname, Ip: c.IP, ExtraIps: c.ExtraIPs,
		Username: c.Username, Credentials: c.Credentials, Pending: c.Pending, Message: c.Message}, nil
}

func (s *grpcServer) action(ctx context.Context, r *pb.ServiceRequest, fn func(context.Context, ServiceRequest) (ActionResult, error)) (*pb.ActionResponse, error) {
	a, err := fn(ctx, serviceRequestFromPB(r))
	if err != nil {
		return nil, toStatus(err)
	}
	return actionToPB(a), nil
}

func (s *grpcServer) Suspend(ctx context.Context, r *pb.ServiceRequest) (*pb.ActionResponse, error) {
	return s.action(ctx, r, s.impl.Suspend)
}

func (s *grpcServer) Unsuspend(ctx context.Context, r *pb.ServiceRequest) (*pb.ActionResponse, error) {
	return s.action(ctx, r, s.impl.Unsuspend)
}

func (s *grpcServer) Terminate(ctx context.Context, r *pb.ServiceRequest) (*pb.ActionResponse, error) {
	return s.action(ctx, r, s.impl.Terminate)
}

func (s *grpcServer) ChangePackage(ctx context.Context, r *pb.ServiceRequest) (*pb.ActionResponse, error) {
	return s.action(ctx, r, s.impl.ChangePackage)
}

func (s *grpcServer) ChangePassword(ctx context.Context, r *pb.ChangePasswordRequest) (*pb.ActionResponse, error) {
	sr := ServiceRequest{Server: serverFromPB(r.GetServer()), Service: serviceFromPB(r.GetService()), CallKey: r.GetCallKey(), Reason: r.GetReason()}
	a, err := s.impl.ChangePassword(ctx, ChangePasswordRequest{ServiceRequest: sr, Password: r.GetPassword()})
	if err != nil {
		return nil, toStatus(err)
	}
	return actionToPB(a), nil
}

func (s *grpcServer) Status(ctx context.Context, r *pb.ServiceRequest) (*pb.StatusResponse, error) {
	st, err := s.impl.Status(ctx, serviceRequestFromPB(r))
	if err != nil {
		return nil, toStatus(err)
	}
	return &pb.StatusResponse{State: stateToPB(st.State), Detail: st.Detail, Hostname: st.Hostname, Ip: st.IP}, nil
}

func (s *grpcServer) Usage(ctx context.Context, r *pb.ServiceRequest) (*pb.UsageResponse, error) {
	u, err := s.impl.Usage(ctx, serviceRequestFromPB(r))
	if err != nil {
		return nil, toStatus(err)
	}
	return usageToPB(u), nil
}

func (s *grpcServer) ClientActions(ctx context.Context, r *pb.ServiceRequest) (*pb.ClientActionsResponse, error) {
	actions, err := s.impl.ClientActions(ctx, serviceRequestFromPB(r))
	if err != nil {
		return nil, toStatus(err)
	}
	out := &pb.ClientActionsResponse{}
	for _, a := range actions {
		out.Actions = append(out.Actions, clientActionToPB(a))
	}
	return out, nil
}

func (s *grpcServer) RunClientAction(ctx context.Context, r *pb.ClientActionRequest) (*pb.ActionResponse, error) {
	sr := ServiceRequest{Server: serverFromPB(r.GetServer()), Service: serviceFromPB(r.GetService()), CallKey: r.GetCallKey(), Reason: r.GetReason()}
	a, err := s.impl.RunClientAction(ctx, ClientActionRequest{ServiceRequest: sr, Action: r.GetAction(), Params: orEmpty(r.GetParams())})
	if err != nil {
		return nil, toStatus(err)
	}
	return actionToPB(a), nil
}

func (s *grpcServer) SingleSignOn(ctx context.Context, r *pb.ServiceRequest) (*pb.SingleSignOnResponse, error) {
	sso, err := s.impl.SingleSignOn(ctx, serviceRequestFromPB(r))
	if err != nil {
		return nil, toStatus(err)
	}
	var exp int64
	if !sso.ExpiresAt.IsZero() {
		exp = sso.ExpiresAt.Unix()
	}
	return &pb.SingleSignOnResponse{Url: sso.URL, ExpiresAt: exp}, nil
}

func (s *grpcServer) ListRemote(ctx context.Context, r *pb.ServerRequest) (*pb.ListRemoteResponse, error) {
	list, err := s.impl.ListRemote(ctx, ServerRequest{Server: serverFromPB(r.GetServer()), CallKey: r.GetCallKey()})
	if err != nil {
		return nil, toStatus(err)
	}
	out := &pb.ListRemoteResponse{}
	for _, res := range list {
		out.Resources = append(out.Resources, remoteToPB(res))
	}
	return out, nil
}
