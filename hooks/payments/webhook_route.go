package payments

import (
	"errors"
	"io"
	"net/http"

	"github.com/pocketbase/pocketbase/core"
)

// maxWebhookBody bounds a webhook's body (Stripe's and PayPal's are a few KB).
const maxWebhookBody = 1 << 20

// webhookRoute: POST /api/hb/webhooks/{gateway} — a gateway's event. The
// signature is checked on the raw body before anything is stored: a forged,
// malformed or stale one is a 400 and writes nothing. A verified event goes
// to the inbox (Ingest); a failure that may mend itself is a 503, so that
// the gateway delivers the event again.
func webhookRoute(e *core.RequestEvent) error {
	gw := GatewayFor(e.App, e.Request.PathValue("gateway"))
	if gw == nil {
		return e.NotFoundError("This gateway is not configured.", nil)
	}
	body, err := io.ReadAll(io.LimitReader(e.Request.Body, maxWebhookBody+1))
	if err != nil {
		return e.BadRequestError("Cannot read the body.", nil)
	}
	if len(body) > maxWebhookBody {
		return e.Error(http.StatusRequestEntityTooLarge, "The body is too large for a webhook.", nil)
	}
	ev, err := gw.ParseWebhook(e.Request.Context(), e.Request.Header, body)
	if errors.Is(err, ErrBadWebhook) {
		e.App.Logger().Warn("payments: webhook refused", "gateway", gw.Name(), "error", err)
		return e.BadRequestError(err.Error(), nil)
	}
	if err != nil {
		e.App.Logger().Error("payments: webhook not verified", "gateway", gw.Name(), "error", err)
		return e.Error(http.StatusServiceUnavailable, "The webhook could not be verified now; deliver it again.", nil)
	}
	res, err := Ingest(e.Request.Context(), e.App, ev)
	if errors.Is(err, ErrBadWebhook) {
		return e.BadRequestError(err.Error(), nil)
	}
	if err != nil {
		return err
	}
	if res.Retry {
		return e.JSON(http.StatusServiceUnavailable, map[string]any{"status": res.Status, "message": res.Note})
	}
	return e.JSON(http.StatusOK, map[string]any{"status": res.Status, "duplicate": res.Duplicate})
}
