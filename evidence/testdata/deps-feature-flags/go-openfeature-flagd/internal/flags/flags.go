package flags

import (
	"context"

	flagd "github.com/open-feature/go-sdk-contrib/providers/flagd/pkg"
	"github.com/open-feature/go-sdk/openfeature"
)

// NewCheckout reports whether the new checkout is on for this user.
func NewCheckout(ctx context.Context, user string) bool {
	_ = openfeature.SetProvider(flagd.NewProvider())
	c := openfeature.NewClient("checkout")
	on, _ := c.BooleanValue(ctx, "new-checkout", false, openfeature.NewEvaluationContext(user, nil))
	return on
}
