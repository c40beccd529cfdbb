package stripe

import (
	"context"
	"errors"

	stripego "github.com/stripe/stripe-go/v79"
)

// RemoveMethod detaches a saved PaymentMethod from its customer; Stripe
// cannot charge it again afterwards. A method Stripe no longer knows is
// already removed.
func (g *Gateway) RemoveMethod(ctx context.Context, methodRef string) error {
	if methodRef == "" {
		return errors.New("stripe: remove method: no method")
	}
	params := &stripego.PaymentMethodDetachParams{}
	params.Context = ctx
	_, err := g.api.PaymentMethods.Detach(methodRef, params)
	var se *stripego.Error
	if errors.As(err, &se) && se.Code == stripego.ErrorCodeResourceMissing {
		return nil
	}
	if err != nil {
		return callError("detach payment method "+methodRef, err)
	}
	return nil
}
