package sdk

import (
	"time"

	pb "github.com/ezscale/hostbase/plugins/proto"
)

// The conversions between the SDK's types and the wire's, both ways.

var fieldTypes = map[FieldType]pb.ConfigField_Type{
	FieldText: pb.ConfigField_TYPE_TEXT, FieldNumber: pb.ConfigField_TYPE_NUMBER, FieldBool: pb.ConfigField_TYPE_BOOL,
	FieldSelect: pb.ConfigField_TYPE_SELECT, FieldURL: pb.ConfigField_TYPE_URL, FieldTextarea: pb.ConfigField_TYPE_TEXTAREA,
}

var states = map[State]pb.StatusResponse_State{
	StatePending: pb.StatusResponse_STATE_PENDING, StateRunning: pb.StatusResponse_STATE_RUNNING,
	StateStopped: pb.StatusResponse_STATE_STOPPED, StateSuspended: pb.StatusResponse_STATE_SUSPENDED,
	StateMissing: pb.StatusResponse_STATE_MISSING, StateUnknown: pb.StatusResponse_STATE_UNKNOWN,
}

func stateToPB(s State) pb.StatusResponse_State {
	if v, ok := states[s]; ok {
		return v
	}
	return pb.StatusResponse_STATE_UNKNOWN
}

func stateFromPB(s pb.StatusResponse_State) State {
	for k, v := range states {
		if v == s {
			return k
		}
	}
	return StateUnknown
}

func fieldsToPB(fs []ConfigField) []*pb.ConfigField {
	out := make([]*pb.ConfigField, len(fs))
	for i, f := range fs {
		typ, ok := fieldTypes[f.Type]
		if !ok {
			typ = pb.ConfigField_TYPE_TEXT
		}
		p := &pb.ConfigField{Key: f.Key, Label: f.Label, Help: f.Help, Type: typ, Required: f.Required,
			Secret: f.Secret, Default: f.Default, Pattern: f.Pattern}
		for _, o := range f.Options {
			p.Options = append(p.Options, &pb.ConfigOption{Value: o.Value, Label: o.Label})
		}
		if f.Min != nil {
			p.HasMin, p.Min = true, *f.Min
		}
		if f.Max != nil {
			p.HasMax, p.Max = true, *f.Max
		}
		out[i] = p
	}
	return out
}

func fieldsFromPB(ps []*pb.ConfigField) []ConfigField {
	out := make([]ConfigField, len(ps))
	for i, p := range ps {
		f := ConfigField{Key: p.Key, Label: p.Label, Help: p.Help, Type: FieldText, Required: p.Required,
			Secret: p.Secret, Default: p.Default, Pattern: p.Pattern}
		for k, v := range fieldTypes {
			if v == p.Type {
				f.Type = k
			}
		}
		for _, o := range p.Options {
			f.Options = append(f.Options, Option{Value: o.Value, Label: o.Label})
		}
		if p.HasMin {
			f.Min = Int64(p.Min)
		}
		if p.HasMax {
			f.Max = Int64(p.Max)
		}
		out[i] = f
	}
	return out
}

func metadataToPB(m Metadata) *pb.MetadataResponse {
	c := m.Capabilities
	return &pb.MetadataResponse{
		Name: m.Name, Version: m.Version, DisplayName: m.DisplayName, Description: m.Description,
		ServerConfig: fieldsToPB(m.ServerConfig), ProductConfig: fieldsToPB(m.ProductConfig),
		Capabilities: &pb.Capabilities{CheckAvailability: c.CheckAvailability, Suspend: c.Suspend,
			ChangePackage: c.ChangePackage, ChangePassword: c.ChangePassword, Usage: c.Usage,
			ClientActions: c.ClientActions, SingleSignOn: c.SingleSignOn, ListRemote: c.ListRemote},
	}
}

func metadataFromPB(p *pb.MetadataResponse) Metadata {
	c := p.GetCapabilities()
	return Metadata{
		Name: p.Name, Version: p.Version, DisplayName: p.DisplayName, Description: p.Description,
		ServerConfig: fieldsFromPB(p.ServerConfig), ProductConfig: fieldsFromPB(p.ProductConfig),
		Capabilities: Capabilities{CheckAvailability: c.GetCheckAvailability(), Suspend: c.GetSuspend(),
			ChangePackage: c.GetChangePackage(), ChangePassword: c.GetChangePassword(), Usage: c.GetUsage(),
			ClientActions: c.GetClientActions(), SingleSignOn: c.GetSingleSignOn(), ListRemote: c.GetListRemote()},
	}
}

func serverToPB(s Server) *pb.Server {
	return &pb.Server{Id: s.ID, Name: s.Name, Endpoint: s.Endpoint, Config: s.Config, Credentials: s.Credentials}
}

func serverFromPB(p *pb.Server) Server {
	return Server{ID: p.GetId(), Name: p.GetName(), Endpoint: p.GetEndpoint(), Config: orEmpty(p.GetConfig()), Credentials: orEmpty(p.GetCredentials())}
}

func serviceToPB(s Service) *pb.Service {
	c := s.Customer
	return &pb.Service{Id: s.ID, IdempotencyKey: s.IdempotencyKey, RemoteId: s.RemoteID, Hostname: s.Hostname,
		Username: s.Username, Domain: s.Domain, ProductId: s.ProductID, ProductName: s.ProductName,
		ProductConfig: s.ProductConfig, Credentials: s.Credentials,
		Customer: &pb.Customer{Id: c.ID, Email: c.Email, FirstName: c.FirstName, LastName: c.LastName, Company: c.Company, Country: c.Country}}
}

func serviceFromPB(p *pb.Service) Service {
	c := p.GetCustomer()
	return Service{ID: p.GetId(), IdempotencyKey: p.GetIdempotencyKey(), RemoteID: p.GetRemoteId(), Hostname: p.GetHostname(),
		Username: p.GetUsername(), Domain: p.GetDomain(), ProductID: p.GetProductId(), ProductName: p.GetProductName(),
		ProductConfig: orEmpty(p.GetProductConfig()), Credentials: orEmpty(p.GetCredentials()),
		Customer: Customer{ID: c.GetId(), Email: c.GetEmail(), FirstName: c.GetFirstName(), LastName: c.GetLastName(), Company: c.GetCompany(), Country: c.GetCountry()}}
}

func serviceRequestToPB(r ServiceRequest) *pb.ServiceRequest {
	return &pb.ServiceRequest{Server: serverToPB(r.Server), Service: serviceToPB(r.Service), CallKey: r.CallKey, Reason: r.Reason}
}

func serviceRequestFromPB(p *pb.ServiceRequest) ServiceRequest {
	return ServiceRequest{Server: serverFromPB(p.GetServer()), Service: serviceFromPB(p.GetService()), CallKey: p.GetCallKey(), Reason: p.GetReason()}
}

func actionToPB(a ActionResult) *pb.ActionResponse {
	return &pb.ActionResponse{Message: a.Message, Pending: a.Pending, Credentials: a.Credentials}
}

func actionFromPB(p *pb.ActionResponse) ActionResult {
	a := ActionResult{Message: p.GetMessage(), Pending: p.GetPending()}
	if len(p.GetCredentials()) > 0 {
		a.Credentials = p.GetCredentials()
	}
	return a
}

func usageToPB(u Usage) *pb.UsageResponse {
	var at int64
	if !u.CollectedAt.IsZero() {
		at = u.CollectedAt.Unix()
	}
	return &pb.UsageResponse{DiskUsedBytes: u.DiskUsedBytes, DiskLimitBytes: u.DiskLimitBytes,
		MemoryUsedBytes: u.MemoryUsedBytes, MemoryLimitBytes: u.MemoryLimitBytes,
		BandwidthUsedBytes: u.BandwidthUsedBytes, BandwidthLimitBytes: u.BandwidthLimitBytes,
		CpuPermille: u.CPUPermille, CollectedAt: at}
}

func usageFromPB(p *pb.UsageResponse) Usage {
	u := Usage{DiskUsedBytes: p.GetDiskUsedBytes(), DiskLimitBytes: p.GetDiskLimitBytes(),
		MemoryUsedBytes: p.GetMemoryUsedBytes(), MemoryLimitBytes: p.GetMemoryLimitBytes(),
		BandwidthUsedBytes: p.GetBandwidthUsedBytes(), BandwidthLimitBytes: p.GetBandwidthLimitBytes(),
		CPUPermille: p.GetCpuPermille()}
	if p.GetCollectedAt() != 0 {
		u.CollectedAt = time.Unix(p.GetCollectedAt(), 0).UTC()
	}
	return u
}

func remoteToPB(r RemoteResource) *pb.RemoteResource {
	return &pb.RemoteResource{RemoteId: r.RemoteID, Name: r.Name, IdempotencyKey: r.IdempotencyKey,
		State: stateToPB(r.State), Hostname: r.Hostname, Ip: r.IP}
}

func remoteFromPB(p *pb.RemoteResource) RemoteResource {
	return RemoteResource{RemoteID: p.GetRemoteId(), Name: p.GetName(), IdempotencyKey: p.GetIdempotencyKey(),
		State: stateFromPB(p.GetState()), Hostname: p.GetHostname(), IP: p.GetIp()}
}

func clientActionToPB(a ClientAction) *pb.ClientAction {
	return &pb.ClientAction{Key: a.Key, Label: a.Label, Confirm: a.Confirm, Params: fieldsToPB(a.Params), Dangerous: a.Dangerous}
}

func clientActionFromPB(p *pb.ClientAction) ClientAction {
	return ClientAction{Key: p.GetKey(), Label: p.GetLabel(), Confirm: p.GetConfirm(), Params: fieldsFromPB(p.GetParams()), Dangerous: p.GetDangerous()}
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
