package sdk

import (
	"context"
	"errors"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "github.com/ezscale/hostbase/plugins/proto"
)

var kindCodes = map[ErrorKind]codes.Code{
	KindRetryable: codes.Unavailable, KindPermanent: codes.FailedPrecondition,
	KindInvalidConfig: codes.InvalidArgument, KindNotFound: codes.NotFound, KindUnsupported: codes.Unimplemented,
}

var kindDetails = map[ErrorKind]pb.ErrorDetail_Kind{
	KindRetryable: pb.ErrorDetail_KIND_RETRYABLE, KindPermanent: pb.ErrorDetail_KIND_PERMANENT,
	KindInvalidConfig: pb.ErrorDetail_KIND_INVALID_CONFIG, KindNotFound: pb.ErrorDetail_KIND_NOT_FOUND,
	KindUnsupported: pb.ErrorDetail_KIND_UNSUPPORTED,
}

// toStatus turns a plugin's error into the gRPC status that carries it.
func toStatus(err error) error {
	if err == nil {
		return nil
	}
	var typed *Error
	if !errors.As(err, &typed) && errors.Is(err, context.DeadlineExceeded) {
		return status.Error(codes.DeadlineExceeded, err.Error())
	}
	e := AsError(err)
	msg := e.Message
	if msg == "" {
		msg = e.Error()
	}
	st := status.New(kindCodes[e.Kind], msg)
	withDetail, detailErr := st.WithDetails(&pb.ErrorDetail{Kind: kindDetails[e.Kind], Field: e.Field, Reason: e.Reason,
		RetryAfterSeconds: int64(e.RetryAfter / time.Second)})
	if detailErr != nil {
		return st.Err()
	}
	return withDetail.Err()
}

// fromStatus turns a failed call's error back into an *Error. A status
// without our detail is typed by its code; a broken connection or a dead
// plugin is retryable.
func fromStatus(err error) error {
	if err == nil {
		return nil
	}
	st, ok := status.FromError(err)
	if !ok {
		return &Error{Kind: KindRetryable, Message: err.Error(), Err: err}
	}
	for _, d := range st.Details() {
		if detail, ok := d.(*pb.ErrorDetail); ok {
			e := &Error{Kind: KindRetryable, Message: st.Message(), Field: detail.Field, Reason: detail.Reason,
				RetryAfter: time.Duration(detail.RetryAfterSeconds) * time.Second}
			for k, v := range kindDetails {
				if v == detail.Kind {
					e.Kind = k
				}
			}
			return e
		}
	}
	e := &Error{Kind: KindRetryable, Message: st.Message(), Err: err}
	switch st.Code() {
	case codes.FailedPrecondition, codes.PermissionDenied, codes.AlreadyExists, codes.OutOfRange:
		e.Kind = KindPermanent
	case codes.InvalidArgument, codes.Unauthenticated:
		e.Kind = KindInvalidConfig
	case codes.NotFound:
		e.Kind = KindNotFound
	case codes.Unimplemented:
		e.Kind = KindUnsupported
	case codes.DeadlineExceeded:
		e.Message = "the plugin did not answer in time: " + st.Message()
	case codes.Canceled:
		e.Message = "the call was cancelled: " + st.Message()
	}
	return e
}
