package tickets

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
	"github.com/ezscale/hostbase/hooks/request"
)

// ratingInput is the body of the close and rating routes.
type ratingInput struct {
	Rating  *int   `json:"rating"`
	Comment string `json:"comment"`
}

// closeTicket is POST /api/hb/tickets/{id}/close: the ticket's customer or
// staff who see it close it; the customer may rate it at the same time
// ({"rating":1..5,"comment":"…"}, both optional). Closing a closed ticket
// changes nothing (but may carry the customer's rating). It answers the
// ticket's {"id","status","rating"}.
func closeTicket(e *core.RequestEvent) error {
	var in ratingInput
	if err := request.ReadJSON(e, &in); err != nil {
		return err
	}
	t, err := findVisibleTicket(e)
	if err != nil {
		return err
	}
	if (in.Rating != nil || in.Comment != "") && request.CustomerID(e) == "" {
		return request.FieldError(e, collections.TicketFields.Rating, "validation_customer_only", "Only the ticket's customer rates it.")
	}
	return saveClose(e, t, in, true)
}

// rateTicket is POST /api/hb/tickets/{id}/rating: the ticket's customer
// rates a closed ticket, once ({"rating":1..5,"comment":"…"}).
func rateTicket(e *core.RequestEvent) error {
	var in ratingInput
	if err := request.ReadJSON(e, &in); err != nil {
		return err
	}
	t, err := findVisibleTicket(e)
	if err != nil {
		return err
	}
	if request.CustomerID(e) == "" {
		return request.FieldError(e, collections.TicketFields.Rating, "validation_customer_only", "Only the ticket's customer rates it.")
	}
	if in.Rating == nil {
		return request.FieldError(e, collections.TicketFields.Rating, "validation_required", "Give a rating from 1 to 5.")
	}
	return saveClose(e, t, in, false)
}

func saveClose(e *core.RequestEvent, t *collections.Ticket, in ratingInput, close bool) error {
	f := collections.TicketFields
	if in.Rating != nil && !ValidRating(*in.Rating) {
		return request.FieldError(e, f.Rating, "validation_rating_range", "A rating is a whole number from 1 to 5.")
	}
	if len([]rune(in.Comment)) > 2000 {
		return request.FieldError(e, f.RatingComment, "validation_length_out_of_range", "The comment may be up to 2000 characters.")
	}
	if close {
		t.SetStatus(collections.TicketStatusClosed)
	}
	if in.Rating != nil {
		t.SetRating(int64(*in.Rating))
		t.SetRatingComment(in.Comment)
	} else if in.Comment != "" {
		return request.FieldError(e, f.Rating, "validation_required", "A comment goes with a rating from 1 to 5.")
	}
	if err := e.App.Save(t); err != nil {
		return writeError(e, err)
	}
	return e.JSON(http.StatusOK, map[string]any{"id": t.Id, "status": t.Status(), "rating": t.Rating()})
}
