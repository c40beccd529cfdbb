package provisioning

import (
	"net/http"
	"strconv"
	"time"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// ownService reads the service of the route for its owner or staff. A
// stranger gets the same 404 as a missing service, so that ids cannot be
// probed.
func ownService(e *core.RequestEvent) (*collections.Service, error) {
	id := e.Request.PathValue("id")
	svc, err := collections.FindService(e.App, id)
	if err != nil {
		return nil, e.NotFoundError("No such service.", nil)
	}
	if request.IsStaff(e) {
		return svc, nil
	}
	if customer := request.CustomerID(e); customer == "" || customer != svc.CustomerID() {
		return nil, e.NotFoundError("No such service.", nil)
	}
	return svc, nil
}

// requireActive refuses a service that is not active, naming its status.
func requireActive(e *core.RequestEvent, svc *collections.Service) error {
	if svc.Status() != collections.ServiceStatusActive {
		return e.Error(http.StatusConflict, "The service is "+string(svc.Status())+"; this is only possible while it is active.", nil)
	}
	return nil
}

// limit answers 429 with Retry-After when who has asked too often.
func limit(e *core.RequestEvent, l *limiter, svc *collections.Service) error {
	who := "anon"
	if e.Auth != nil {
		who = e.Auth.Id
	}
	ok, wait := l.allow(who+"|"+svc.Id, time.Now())
	if ok {
		return nil
	}
	secs := int(wait/time.Second) + 1
	e.Response.Header().Set("Retry-After", strconv.Itoa(secs))
	return e.TooManyRequestsError("Too many requests for this service; try again in "+strconv.Itoa(secs)+" s.", nil)
}

// activeService is what every customer action on a running service starts
// with: the owner's (or staff's) service, active, within the rate limit l.
func activeService(e *core.RequestEvent, l *limiter) (*collections.Service, error) {
	svc, err := ownService(e)
	if err != nil {
		return nil, err
	}
	if err := requireActive(e, svc); err != nil {
		return nil, err
	}
	if err := limit(e, l, svc); err != nil {
		return nil, err
	}
	return svc, nil
}
