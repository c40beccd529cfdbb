package sdk

import (
	"context"

	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	pb "github.com/ezscale/hostbase/plugins/proto"
)

// GRPCPlugin binds a Provisioner to go-plugin: the plugin serves Impl, the
// host dispenses a client. Plugin authors call Serve instead.
type GRPCPlugin struct {
	plugin.NetRPCUnsupportedPlugin
	Impl Provisioner
}

func (p *GRPCPlugin) GRPCServer(_ *plugin.GRPCBroker, s *grpc.Server) error {
	pb.RegisterProvisionerServer(s, &grpcServer{impl: p.Impl})
	return nil
}

func (p *GRPCPlugin) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return NewClient(pb.NewProvisionerClient(c)), nil
}

// VersionedPlugins is the plugin set per protocol version, for host and
// plugin alike.
func VersionedPlugins(impl Provisioner) map[int]plugin.PluginSet {
	return map[int]plugin.PluginSet{ProtocolVersion: {PluginName: &GRPCPlugin{Impl: impl}}}
}
