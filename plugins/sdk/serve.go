package sdk

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
)

// Serve runs impl as a plugin until Hostbase stops it. Call it from main and
// nothing after it. Run by hand (without Hostbase's handshake in the
// environment) it prints that it is a plugin and exits.
func Serve(impl Provisioner) {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  Handshake,
		VersionedPlugins: VersionedPlugins(impl),
		GRPCServer:       grpcServerWithRecovery,
		Logger:           Logger(),
	})
}

// Logger returns the logger a plugin writes to: JSON lines on stderr, which
// Hostbase reads into its own log under the plugin's name.
func Logger() hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{Output: os.Stderr, JSONFormat: true, Level: hclog.Debug})
}

// grpcServerWithRecovery is go-plugin's gRPC server with a panic in a
// method answered as a retryable error (and logged with its stack) instead
// of ending the process and every call in flight with it.
func grpcServerWithRecovery(opts []grpc.ServerOption) *grpc.Server {
	return plugin.DefaultGRPCServer(append(opts, grpc.ChainUnaryInterceptor(recoverPanics)))
}

func recoverPanics(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (resp any, err error) {
	defer func() {
		if r := recover(); r != nil {
			Logger().Error("panic in "+info.FullMethod, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = toStatus(&Error{Kind: KindRetryable, Message: fmt.Sprintf("the plugin failed in %s: %v", info.FullMethod, r)})
		}
	}()
	return handler(ctx, req)
}

// LogCall writes the one line a plugin logs per call as it ends: the
// method, the caller's key-values (never a secret among them), how long it
// took, and the error if it failed (at Warn), otherwise at level. Use it
// deferred, with the call's named error:
//
//	defer func() { sdk.LogCall(log, hclog.Info, "create", start, err, "service", id) }()
func LogCall(log hclog.Logger, level hclog.Level, method string, start time.Time, err error, kv ...any) {
	kv = append(kv, "took", time.Since(start).Round(time.Microsecond).String())
	if err != nil {
		log.Warn(method+" failed", append(kv, "error", err.Error())...)
		return
	}
	log.Log(level, method, kv...)
}
